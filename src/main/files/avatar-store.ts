/**
 * Avatar pointers (file-server URL + 32-byte profile key) in the encrypted database's key-value
 * table: ours, and the last one each contact sent. `file` names the decrypted copy in the
 * avatar cache once it is there.
 */
import { z } from 'zod';
import type { SessionId } from '../../crypto/keys';
import type { KvRepository } from '../db/kv';

const pointerSchema = z.object({
  url: z.string().max(512),
  /** base64 of the 32-byte profile key. */
  key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  file: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .nullable(),
  /** The last good picture, shown until this pointer's own is downloaded (or for good if it fails). */
  previous: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .nullable()
    .default(null),
  /** Failed downloads of this pointer (we stop after a few). */
  failures: z.number().int().nonnegative().default(0),
  /** Ours only: when we uploaded it, and when the file server said it expires (ms). */
  uploadedAt: z.number().int().nonnegative().nullable().default(null),
  expiresAt: z.number().int().nonnegative().nullable().default(null),
  /** A contact's picture taken from a group's Members config (their own messages replace it). */
  fromGroup: z.boolean().default(false),
});
export type AvatarPointer = z.infer<typeof pointerSchema>;
/** What is written: fields with defaults may be left out. */
export type AvatarPointerInput = z.input<typeof pointerSchema>;

const OWN = 'avatar.own';
/** The URL of our picture the UserProfile config had when we last looked ('' for none). */
const OWN_IN_CONFIG = 'avatar.own.config';
const contactKey = (id: SessionId) => `avatar.contact.${id}`;
/** A private group's picture (its Info config's `p`/`q`), keyed by its `03…` ID. */
const groupKey = (id: string) => `avatar.group.${id}`;

export function keyToBase64(key: Uint8Array): string {
  return Buffer.from(key).toString('base64');
}

export function keyFromBase64(b64: string): Uint8Array {
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/**
 * Our pointer as last read, one per database's key-value table (every AvatarStore over it shares
 * it; a new session is a new table object, read afresh). Every outgoing message carries our
 * picture (two stores each): reading, JSON-parsing and checking the row each time was ≈ 24 µs a
 * store. Only `setOwn` and a damaged entry's removal write that row, both here, so emptying the
 * cell there, and keeping nothing read inside a transaction, keeps it from ever going stale.
 */
interface OwnPointerMemo {
  cell?: { readonly value: AvatarPointer | undefined };
}
const ownMemos = new WeakMap<KvRepository, OwnPointerMemo>();

export class AvatarStore {
  private readonly ownMemo: OwnPointerMemo;

  constructor(private readonly kv: KvRepository) {
    let memo = ownMemos.get(kv);
    if (!memo) {
      memo = {};
      ownMemos.set(kv, memo);
    }
    this.ownMemo = memo;
  }

  own(): AvatarPointer | undefined {
    const hit = this.ownMemo.cell;
    if (hit) return hit.value;
    const value = this.read(OWN);
    // Read inside a transaction, it may be an uncommitted write that is then rolled back.
    if (!this.kv.inTransaction()) this.ownMemo.cell = { value };
    return value;
  }

  setOwn(p: AvatarPointerInput | undefined): void {
    // Emptied before the write: a write that throws leaves nothing stale behind either.
    delete this.ownMemo.cell;
    if (p) this.kv.set(OWN, p);
    else this.kv.delete(OWN);
  }

  /** undefined until config sync first reported our picture. */
  ownInConfig(): string | undefined {
    return this.kv.get(OWN_IN_CONFIG, z.string().max(512)) ?? undefined;
  }

  setOwnInConfig(url: string): void {
    this.kv.set(OWN_IN_CONFIG, url);
  }

  contact(id: SessionId): AvatarPointer | undefined {
    return this.read(contactKey(id));
  }

  setContact(id: SessionId, p: AvatarPointerInput | undefined): void {
    if (p) this.kv.set(contactKey(id), p);
    else this.kv.delete(contactKey(id));
  }

  group(id: string): AvatarPointer | undefined {
    return this.read(groupKey(id));
  }

  setGroup(id: string, p: AvatarPointerInput | undefined): void {
    if (p) this.kv.set(groupKey(id), p);
    else this.kv.delete(groupKey(id));
  }

  /** A damaged entry is forgotten (the next message brings the pointer again). */
  private read(key: string): AvatarPointer | undefined {
    try {
      return this.kv.get(key, pointerSchema);
    } catch {
      this.kv.delete(key);
      return undefined;
    }
  }
}
