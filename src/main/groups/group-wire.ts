/**
 * The plaintext of a namespace-11 group message: an `Envelope{type CLOSED_GROUP_MESSAGE,
 * sourceDevice 1, timestamp = sent time, content = Content (unpadded)}` handed to
 * `encrypt_message`. session-desktop (`makeGroupMessageSubRequest`: `wrapContentIntoEnvelope(
 * CLOSED_GROUP_MESSAGE, undefined, createAtNetworkTimestamp, plainTextBuffer())`) leaves
 * `source` unset, and its receiver (`decryptForGroupV2`) ignores it: the author is the key
 * `decrypt_message` proved. We do the same (the shared notes' "source = sender" is not what
 * desktop sends).
 */
import {
  decodeContent,
  decodeEnvelope,
  encodeContent,
  encodeEnvelope,
  type ContentMessage,
} from '../../swarm/messages/index';

export function encodeGroupPlaintext(sentAt: number, content: ContentMessage): Uint8Array {
  return encodeEnvelope({
    type: 'CLOSED_GROUP_MESSAGE',
    sourceDevice: 1,
    timestamp: sentAt,
    content: encodeContent({ ...content, sigTimestamp: sentAt }),
  });
}

/** Strips Session's legacy `0x80 00…` padding if the Content carries it. */
function unpad(b: Uint8Array): Uint8Array {
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  return end > 0 && b[end - 1] === 0x80 ? b.subarray(0, end - 1) : b;
}

export type GroupPlaintext = { readonly sentAt: number; readonly content: ContentMessage };

/** Undefined for anything malformed. */
export function decodeGroupPlaintext(data: Uint8Array): GroupPlaintext | undefined {
  const env = decodeEnvelope(data);
  if (!env.ok || env.value.content === undefined) return undefined;
  let content = decodeContent(env.value.content);
  if (!content.ok) content = decodeContent(unpad(env.value.content));
  if (!content.ok) return undefined;
  const sentAt = env.value.timestamp;
  if (!Number.isSafeInteger(sentAt) || sentAt <= 0) return undefined;
  return { sentAt, content: content.value };
}
