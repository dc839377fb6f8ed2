/**
 * The plaintext of a namespace-11 group message (sync-groups-communities.md §3.3): an
 * `Envelope{type CLOSED_GROUP_MESSAGE, source = the sender's 05 ID, timestamp = sent time,
 * content = Content}` handed to `encrypt_message`. The sender's real identity is the one
 * `decrypt_message` proves (the `a` key); an envelope naming someone else is refused.
 */
import type { SessionId } from '../../crypto/keys';
import {
  decodeContent,
  decodeEnvelope,
  encodeContent,
  encodeEnvelope,
  type ContentMessage,
} from '../../swarm/messages/index';

export function encodeGroupPlaintext(sender: SessionId, sentAt: number, content: ContentMessage): Uint8Array {
  return encodeEnvelope({
    type: 'CLOSED_GROUP_MESSAGE',
    source: sender,
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

/** Undefined for anything malformed or whose envelope names another sender than the proven one. */
export function decodeGroupPlaintext(data: Uint8Array, provenSender: SessionId): GroupPlaintext | undefined {
  const env = decodeEnvelope(data);
  if (!env.ok || env.value.content === undefined) return undefined;
  if (env.value.source !== undefined && env.value.source !== '' && env.value.source !== provenSender)
    return undefined;
  let content = decodeContent(env.value.content);
  if (!content.ok) content = decodeContent(unpad(env.value.content));
  if (!content.ok) return undefined;
  const sentAt = env.value.timestamp;
  if (!Number.isSafeInteger(sentAt) || sentAt <= 0) return undefined;
  return { sentAt, content: content.value };
}
