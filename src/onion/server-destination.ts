/**
 * The HTTP-server end of an onion request (devnet file server), network.md §4.5;
 * session-file-server `fileserver/onion_req.py`: the exit node POSTs the *whole* decrypted
 * layer `[N][blob]{json}` to `/oxen/v4/lsrpc`; the server reads `ephemeral_key` / `enc_type`
 * from that JSON, decrypts the blob with its own X25519 secret, parses the v4 request and
 * answers with the encrypted v4 response as raw bytes.
 */
import { decryptAtNode, type EncType } from './hop-crypto';
import { parseOnionEnvelope } from './relay';
import { err, ok, type Result } from './result';
import { parseV4Request, type V4ParsedRequest } from './v4';

export interface OpenedServerRequest {
  readonly request: V4ParsedRequest;
  /** Encrypts the reply (see `encodeV4Reply`). */
  readonly key: Uint8Array;
  readonly encType: EncType;
}

export type ServerOpenError =
  /** Nothing decryptable: the server cannot answer encrypted; plain HTTP 400. */
  | { readonly kind: 'undecryptable'; readonly status: 400; readonly message: string }
  /** Decrypted but not a v4 request: answer encrypted `{code: 400}` + `Invalid v4 onion request`. */
  | {
      readonly kind: 'bad-v4';
      readonly status: 400;
      readonly message: string;
      readonly key: Uint8Array;
      readonly encType: EncType;
    };

export function openServerOnionRequest(
  serverX25519Secret: Uint8Array,
  body: Uint8Array,
): Result<OpenedServerRequest, ServerOpenError> {
  const env = parseOnionEnvelope(body);
  if (!env.ok) return err({ kind: 'undecryptable', status: 400, message: env.error.message });
  const dec = decryptAtNode(
    env.value.encType,
    serverX25519Secret,
    env.value.ephemeralKey,
    env.value.ciphertext,
  );
  if (!dec.ok) return err({ kind: 'undecryptable', status: 400, message: 'Invalid ciphertext' });
  const req = parseV4Request(dec.value.plaintext);
  if (!req.ok) {
    return err({
      kind: 'bad-v4',
      status: 400,
      message: 'Invalid v4 onion request',
      key: dec.value.key,
      encType: env.value.encType,
    });
  }
  return ok({ request: req.value, key: dec.value.key, encType: env.value.encType });
}
