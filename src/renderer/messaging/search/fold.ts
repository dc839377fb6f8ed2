/**
 * Accent- and case-insensitive matching for names, the way the message search's FTS5
 * tokenizer (unicode61 remove_diacritics 2) treats bodies: "e" finds "é", "ECOLE" finds "école".
 */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Every word of `query` occurs in `text`, folded. */
export function matchesAll(text: string, query: string): boolean {
  const hay = fold(text);
  return fold(query)
    .split(/\s+/u)
    .filter((w) => w !== '')
    .every((w) => hay.includes(w));
}

/** The snippet's marked parts (between U+E000 and U+E001) as [text, marked] pieces. */
export function snippetParts(snippet: string): { readonly text: string; readonly marked: boolean }[] {
  const parts: { text: string; marked: boolean }[] = [];
  let marked = false;
  let current = '';
  for (const c of snippet) {
    if (c === '\uE000' || c === '\uE001') {
      if (current !== '') parts.push({ text: current, marked });
      current = '';
      marked = c === '\uE000';
    } else current += c;
  }
  if (current !== '') parts.push({ text: current, marked });
  return parts;
}
