/**
 * Content types by file extension, for files sent from the command line (the app's file picker
 * gives the browser's own type). A short list of what people send; anything else is a generic
 * file, as Session desktop labels unknown files.
 */
const BY_EXTENSION: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  svg: 'image/svg+xml',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/ogg',
  wav: 'audio/wav',
  pdf: 'application/pdf',
  txt: 'text/plain',
  zip: 'application/zip',
  json: 'application/json',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

export const GENERIC_CONTENT_TYPE = 'application/octet-stream';

export function contentTypeOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return GENERIC_CONTENT_TYPE;
  return BY_EXTENSION[fileName.slice(dot + 1).toLowerCase()] ?? GENERIC_CONTENT_TYPE;
}

/** Images whose size we read from the header (and show inline). */
export function isImageType(contentType: string): boolean {
  return /^image\/(jpeg|png|gif|webp)$/i.test(contentType);
}
