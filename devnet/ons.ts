/**
 * The devnet's ONS names (oxend's role in the real system): names registered through the control
 * API (`POST /ons`), answered by `oxend_request` → `ons_resolve` on every node. Records are built
 * as oxen-core documents them (`ONS_RESOLVE` in `core_rpc_server_commands_defs.h`): indexed by the
 * BLAKE2b-256 of the lower-cased name, the Session ID sealed with XChaCha20-Poly1305 under the
 * name-keyed BLAKE2b and a random nonce. Kept in `ons.json` of the data folder.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { fromBase64, fromHex, toHex } from '../src/crypto/bytes';
import { encryptOnsValue, onsNameHash, ONS_NONCE_BYTES } from '../src/crypto/ons';
import type { JsonObject } from './types';

/** oxen-core `validate_ons_name` for the Session type, after lower-casing. */
const NAME_RE = /^[a-z0-9_]([a-z0-9_-]{0,62}[a-z0-9_])?$/;

export const OnsRegisterBody = z
  .object({
    name: z
      .string()
      .transform((s) => s.toLowerCase())
      .refine((s) => NAME_RE.test(s), 'an ONS name has 1–64 of a–z 0–9 _ -, not starting or ending with -'),
    sessionId: z.string().regex(/^05[0-9a-fA-F]{64}$/, 'a Session ID is 05 and 64 hex characters'),
  })
  .strict();

const ResolveParams = z.object({ type: z.int(), name_hash: z.string() }).loose();

const Record = z.object({ encrypted_value: z.string(), nonce: z.string() });
const RecordsFile = z.record(z.string(), Record);

/** `name_hash` as oxend takes it in JSON: 64 hex digits or 43/44 base64 characters. */
function nameHashBytes(s: string): Uint8Array | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(s)) return fromHex(s.toLowerCase());
  if (/^[A-Za-z0-9+/]{43}=?$/.test(s)) {
    const b = fromBase64(s.length === 43 ? `${s}=` : s);
    return b.length === 32 ? b : undefined;
  }
  return undefined;
}

export class OnsRegistry {
  private readonly records = new Map<string, z.infer<typeof Record>>();
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'ons.json');
    if (existsSync(this.file)) {
      const parsed = RecordsFile.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      if (parsed.success) for (const [k, v] of Object.entries(parsed.data)) this.records.set(k, v);
    }
  }

  /** Registers (or moves) `name` to `sessionId`; a fresh nonce each time, as a new ONS update tx. */
  register(name: string, sessionId: string): { name: string; nameHash: string } {
    const lower = name.toLowerCase();
    const nonce = randomBytes(ONS_NONCE_BYTES);
    const sealed = encryptOnsValue(lower, fromHex(sessionId.toLowerCase()), nonce);
    const key = toHex(onsNameHash(lower));
    this.records.set(key, { encrypted_value: toHex(sealed), nonce: toHex(nonce) });
    writeFileSync(this.file, JSON.stringify(Object.fromEntries(this.records)) + '\n');
    return { name: lower, nameHash: key };
  }

  /**
   * oxend `ons_resolve`: `{encrypted_value, nonce}`, or `{}` for an unregistered hash (oxend omits
   * both fields); undefined (an oxend error, 400 from the storage server) for bad parameters.
   */
  resolve(params: unknown): JsonObject | undefined {
    const p = ResolveParams.safeParse(params ?? {});
    if (!p.success || p.data.type < 0 || p.data.type > 2) return undefined;
    const hash = nameHashBytes(p.data.name_hash);
    if (!hash) return undefined;
    if (p.data.type !== 0) return {};
    const r = this.records.get(toHex(hash));
    return r ? { encrypted_value: r.encrypted_value, nonce: r.nonce } : {};
  }
}
