/**
 * The backup check asks for whole words. Restoring accepts a word from its first three letters
 * (Session's rule, so typos in the rest still restore), but here the point is to prove the
 * phrase was written down correctly: "padles" for "paddles" must be refused, or a copy that
 * fails someone reading it back later would pass.
 */
export function backupWordMatches(expected: string, typed: string): boolean {
  const clean = typed.trim().normalize('NFC').toLowerCase();
  return clean !== '' && clean === expected.normalize('NFC').toLowerCase();
}
