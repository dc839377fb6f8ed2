/**
 * `veil inspect message`: one stored swarm message, decoded for people and scripts. The output is
 * JSON-friendly (no bytes, no bigint): bytes become lowercase hex, 64-bit ids decimal strings.
 * A message that the receive pipeline would drop for its timestamps is still shown, with
 * `accepted: false` — inspection is for finding out why.
 */
import { toHex } from '../../crypto/bytes';
import type { Identity } from '../../crypto/keys';
import { openIncoming1o1Unchecked, timestampsAgree } from './one-to-one';
import type { PaddingStyle } from './one-to-one';

export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Bytes → hex, bigint → decimal string, undefined properties dropped; everything else as is. */
export function toJsonFriendly(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return toHex(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  if (Array.isArray(value)) {
    const items: unknown[] = value;
    return items.map(toJsonFriendly);
  }
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJsonFriendly(v);
    return out;
  }
  return null; // functions and symbols never occur in decoded messages
}

export interface InspectedMessage {
  readonly ok: true;
  /** Sender Session ID, authenticated by the signature in the sealed box. */
  readonly sender: string;
  readonly senderEd25519: string;
  /** The sender is us: a sync copy from another of our devices. */
  readonly sync: boolean;
  readonly envelopeTimestamp: number;
  /** Content.sigTimestamp, null when absent (older senders). */
  readonly contentTimestamp: number | null;
  /** False when §4.4 step 7 would drop it (both timestamps set and different). */
  readonly accepted: boolean;
  readonly padding: PaddingStyle;
  readonly webSocket: { readonly [key: string]: JsonValue };
  readonly envelope: { readonly [key: string]: JsonValue };
  readonly content: JsonValue;
}

export type InspectResult =
  InspectedMessage | { readonly ok: false; readonly error: { readonly [key: string]: JsonValue } };

export interface InspectInput {
  readonly ourIdentity: Pick<Identity, 'ed25519SecretKey' | 'sessionId'>;
  /** base64 `data` of the stored message (surrounding whitespace ignored). */
  readonly data: string;
}

type JsonObject = { readonly [key: string]: JsonValue };

function toJsonObject(value: object): JsonObject {
  const json = toJsonFriendly(value);
  return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as JsonObject) : {};
}

export function inspectStoredMessage(input: InspectInput): InspectResult {
  const opened = openIncoming1o1Unchecked(input);
  if (!opened.ok) return { ok: false, error: toJsonObject(opened.error) };

  const { envelope, webSocketMessage } = opened;
  const { content: sealed, proSig, ...envelopeRest } = envelope;
  const { body, ...requestRest } = webSocketMessage.request ?? {};
  return {
    ok: true,
    sender: opened.senderSessionId,
    senderEd25519: opened.senderEd25519Hex,
    sync: opened.isSync,
    envelopeTimestamp: opened.envelopeTimestamp,
    contentTimestamp: opened.sigTimestamp ?? null,
    accepted: timestampsAgree(opened.envelopeTimestamp, opened.sigTimestamp),
    padding: opened.paddingStyle,
    webSocket: {
      type: webSocketMessage.type ?? null,
      request: toJsonObject({ ...requestRest, bodyLength: body?.length ?? 0 }),
    },
    envelope: {
      ...toJsonObject(envelopeRest),
      contentLength: sealed?.length ?? 0,
      proSig: proSig === undefined ? null : toHex(proSig),
    },
    content: toJsonFriendly(opened.content),
  };
}
