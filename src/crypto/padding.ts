/**
 * Padding of serialized `Content` before 1-to-1 encryption (identity-and-messages.md §4.2).
 *
 * Sources: libsession-util `src/session_protocol.cpp` (`pad_message`, `unpad_message`) — what
 * Desktop sends today — and the legacy Desktop `ts/session/crypto/BufferPadding.ts`
 * (`addMessagePadding`/`removeMessagePadding`, Signal-derived, still sent by older clients).
 */

/** libsession `COMMUNITY_OR_1O1_MSG_PADDING`. */
export const PADDING_BLOCK = 160;
const TERMINATOR = 0x80;

/**
 * libsession style (what we send): content ‖ 0x80 ‖ zeros, total a multiple of 160. When
 * content + 0x80 already fills a block exactly, a further whole block of zeros is added
 * (0→160, 158→160, 159→320, 160→320).
 */
export function padMessage(content: Uint8Array): Uint8Array {
  const withTerminator = content.length + 1;
  const total = withTerminator + (PADDING_BLOCK - (withTerminator % PADDING_BLOCK));
  const out = new Uint8Array(total);
  out.set(content, 0);
  out[content.length] = TERMINATOR;
  return out;
}

/**
 * Legacy Desktop / Signal style: content ‖ 0x80 ‖ zeros, total one less than a multiple of 160
 * (`ceil((L + 2) / 160) · 160 − 1`). Never sent by us; kept so tests prove we read it.
 */
export function padMessageLegacy(content: Uint8Array): Uint8Array {
  const total = Math.ceil((content.length + 2) / PADDING_BLOCK) * PADDING_BLOCK - 1;
  const out = new Uint8Array(total);
  out.set(content, 0);
  out[content.length] = TERMINATOR;
  return out;
}

/**
 * Accepts both styles: scanning back from the end over 0x00 bytes, the first 0x80 met ends the
 * content. If another byte is met first, or the input is all zeros, the message is taken as
 * unpadded and returned whole (no client enforces padding).
 *
 * Note: libsession's `unpad_message` differs only for such unpadded input — it drops the trailing
 * zeros it skipped. Legacy Desktop keeps the bytes whole, which is what §4.2 documents and what
 * preserves a protobuf that happens to end in 0x00; every real sender pads, so both agree on
 * every padded message.
 */
export function unpadMessage(padded: Uint8Array): Uint8Array {
  for (let i = padded.length - 1; i >= 0; i--) {
    const b = padded[i];
    if (b === TERMINATOR) return padded.slice(0, i);
    if (b !== 0x00) break;
  }
  return padded.slice();
}
