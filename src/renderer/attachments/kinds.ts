/** What kind of attachment a file is, for how it is shown; and sizes in words. */

/** Shown inline in the grid (what Chromium decodes and Session shows inline). */
const INLINE_IMAGES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
/** Played inline. */
const INLINE_VIDEOS = new Set(['video/mp4', 'video/webm']);

/**
 * Extensions that run code when opened: a warning comes first before saving one of them (a file
 * named "invoice.pdf.exe" is exactly what an attacker sends).
 */
const EXECUTABLE_EXTENSIONS = new Set([
  'exe',
  'bat',
  'cmd',
  'com',
  'msi',
  'msp',
  'msc',
  'scr',
  'pif',
  'cpl',
  'hta',
  'reg',
  'lnk',
  'inf',
  'ps1',
  'psm1',
  'vbs',
  'vbe',
  'js',
  'jse',
  'mjs',
  'wsf',
  'wsh',
  'jar',
  'sh',
  'bash',
  'zsh',
  'csh',
  'command',
  'app',
  'dmg',
  'pkg',
  'apk',
  'deb',
  'rpm',
  'appimage',
  'run',
  'bin',
  'elf',
  'py',
  'pl',
  'rb',
  'desktop',
  'workflow',
  'action',
  'xpi',
  'crx',
  'gadget',
  'application',
  'msix',
  'appx',
]);

export type AttachmentKind = 'image' | 'video' | 'voice' | 'audio' | 'file';

export function kindOf(a: { readonly contentType: string; readonly voice: boolean }): AttachmentKind {
  const type = a.contentType.toLowerCase();
  if (a.voice) return 'voice';
  if (INLINE_IMAGES.has(type)) return 'image';
  if (INLINE_VIDEOS.has(type)) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  return 'file';
}

export function isExecutableName(name: string | null): boolean {
  if (name === null) return false;
  const dot = name.lastIndexOf('.');
  if (dot < 0) return false;
  return EXECUTABLE_EXTENSIONS.has(
    name
      .slice(dot + 1)
      .toLowerCase()
      .trim(),
  );
}

/** 1 234 567 bytes → "1.2 MB" / "1,2 Mo" (decimal units, as file managers show them). */
export function formatBytes(bytes: number, language: string, units: readonly string[]): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value);
  return `${number}\u00a0${units[unit] ?? ''}`;
}

/** A content type for a file the browser could not type (empty `File.type`). */
export function contentTypeOf(file: { readonly type: string; readonly name: string }): string {
  if (/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i.test(file.type)) return file.type;
  return 'application/octet-stream';
}

/** "m:ss" for voice messages and videos. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
