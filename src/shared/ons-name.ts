/**
 * What a Session ONS name may look like (oxen-core `validate_ons_name`, Session type): after
 * lower-casing (ASCII), 1 to 64 characters from a–z, 0–9, `_` and `-`, not starting or ending
 * with `-`. Desktop's check is the same regex, case-insensitive (`onsResolve.ts`).
 * Shared so the renderer can tell a name from an ID while the user types; main checks again.
 */
export const ONS_NAME_MAX = 64;
const ONS_NAME_RE = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$/;

/** The canonical (lower-case, trimmed) name, or undefined when it cannot be an ONS name. */
export function normalizeOnsName(text: string): string | undefined {
  const lower = text.trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
  if (lower.length === 0 || lower.length > ONS_NAME_MAX) return undefined;
  return ONS_NAME_RE.test(lower) ? lower : undefined;
}

/**
 * True when the text is better read as an Account ID being typed than as a name: 16 or more
 * hexadecimal characters at the start (an ID cut or with a typo must keep its precise ID error;
 * no one picks a name like that).
 */
export function looksLikeAccountId(text: string): boolean {
  return /^[0-9a-fA-F]{16,}/.test(text.trim());
}
