/** Names in configs are at most 100 bytes of UTF-8 (libsession `contact_info::MAX_NAME_LENGTH`). */
const MAX_NAME_BYTES = 100;
const encoder = new TextEncoder();

/**
 * Cuts `text` to at most 100 UTF-8 bytes on a code point boundary. libsession truncates too
 * (`set_name_truncated`); we never split a character, so the result stays valid UTF-8.
 */
export function fitName(text: string): string {
  if (encoder.encode(text).length <= MAX_NAME_BYTES) return text;
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const n = encoder.encode(ch).length;
    if (bytes + n > MAX_NAME_BYTES) break;
    out += ch;
    bytes += n;
  }
  return out;
}
