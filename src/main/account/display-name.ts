/** Display names: what the user types, trimmed; 1–100 characters (Unicode code points). */
import { AccountError } from './errors';

export const DISPLAY_NAME_MAX = 100;

export function normalizeDisplayName(raw: string): string {
  // NFC so that a name typed on macOS (decomposed accents) and on Windows compares and counts alike.
  const name = raw.normalize('NFC').trim();
  const length = Array.from(name).length;
  if (length === 0) throw new AccountError('name.empty', 'the display name is empty');
  if (length > DISPLAY_NAME_MAX) {
    throw new AccountError(
      'name.too-long',
      `the display name has ${length} characters; at most ${DISPLAY_NAME_MAX} are allowed`,
      { length, max: DISPLAY_NAME_MAX },
    );
  }
  return name;
}
