import { dirname, isAbsolute, relative, resolve } from 'node:path';

/**
 * File names of received attachments come from a stranger. Before one touches the disk it is
 * reduced to a single, harmless path component that means the same thing on Windows, macOS and
 * Linux: no folder part, no device name, no invisible or direction-changing characters.
 */

/** Bytes left for a name, under the 255 of common file systems, with room for " (99)". */
export const MAX_NAME_BYTES = 200;
export const FALLBACK_NAME = 'attachment';

// C0/C1 controls (NUL included: it truncates names in C APIs), bidi embeddings, overrides and
// isolates (U+202E turns "gpj.exe" into "exe.jpg" on screen), zero-width characters and BOM.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu;
// Characters Windows refuses in names, plus slashes that only look like slashes (a later
// normalisation or a human reading the name must not see a path).
const FORBIDDEN = /[<>:"|?*\u2044\u2215\u29f8\uff0f\uff3c]/gu;
// CON, PRN, AUX, NUL, COM0-9, LPT0-9 (with Windows' superscript digits) and the console
// names open a device on Windows whatever the extension: "con.txt" is the console.
const DEVICE = /^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]|conin\$|conout\$)$/iu;

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Cuts to at most `max` UTF-8 bytes without splitting a character. */
function truncateBytes(s: string, max: number): string {
  let out = '';
  for (const ch of s) {
    if (utf8Length(out + ch) > max) break;
    out += ch;
  }
  return out;
}

/** Splits "name.ext" keeping a short, plain extension (a long "extension" is part of the name). */
function splitExtension(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return [name, ''];
  const ext = name.slice(dot);
  return /^\.[\p{L}\p{N}_-]{1,16}$/u.test(ext) ? [name.slice(0, dot), ext] : [name, ''];
}

function stripEnds(s: string): string {
  // Windows drops trailing dots and spaces ("evil.exe." is "evil.exe"); leading ones hide files.
  return s.replace(/^[\s.]+/u, '').replace(/[\s.]+$/u, '');
}

/** The one safe file-name component for a name received from the network. */
export function safeAttachmentName(received: string): string {
  let name = received.normalize('NFC').replace(INVISIBLE, '');
  // Keep only the last component of any path, whichever separator the sender's OS uses.
  name = name.split(/[/\\]/u).pop() ?? '';
  name = stripEnds(name.replace(FORBIDDEN, '_').replace(/\s+/gu, ' '));
  if (name === '' || /^\.+$/u.test(name)) return FALLBACK_NAME;

  const [base, ext] = splitExtension(name);
  const stem = base.split('.')[0] ?? base;
  let safeBase = DEVICE.test(stem.trim()) ? `_${base}` : base;
  if (utf8Length(safeBase + ext) > MAX_NAME_BYTES) {
    safeBase = stripEnds(truncateBytes(safeBase, MAX_NAME_BYTES - utf8Length(ext)));
  }
  const result = stripEnds(safeBase + ext);
  return result === '' ? FALLBACK_NAME : result;
}

export class AttachmentPathError extends Error {
  constructor(readonly received: string) {
    super('an attachment name resolved outside the attachments folder');
    this.name = 'AttachmentPathError';
  }
}

/**
 * Where a received file goes: always directly inside `dir`. The containment check is kept even
 * though the name is already safe, so a future change to the sanitiser cannot open a hole.
 */
export function attachmentPath(dir: string, received: string): string {
  const root = resolve(dir);
  const path = resolve(root, safeAttachmentName(received));
  const rel = relative(root, path);
  if (dirname(path) !== root || rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new AttachmentPathError(received);
  }
  return path;
}

/** A free name in `dir`: "photo.jpg", then "photo (2).jpg", … — never overwrites a file. */
export function uniqueAttachmentPath(
  dir: string,
  received: string,
  exists: (path: string) => boolean,
): string {
  const first = attachmentPath(dir, received);
  if (!exists(first)) return first;
  const [base, ext] = splitExtension(safeAttachmentName(received));
  for (let n = 2; n < 10_000; n++) {
    const suffix = ` (${String(n)})`;
    // Shorten the name, not the suffix, when it is already at the length limit.
    const room = MAX_NAME_BYTES - utf8Length(suffix) - utf8Length(ext);
    const candidate = attachmentPath(dir, `${stripEnds(truncateBytes(base, room))}${suffix}${ext}`);
    if (!exists(candidate)) return candidate;
  }
  throw new AttachmentPathError(received);
}
