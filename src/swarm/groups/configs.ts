/**
 * The group's Info (namespace 13) and Members (namespace 14) configs (sync-groups-communities.md
 * §3.3; libsession-util `include/session/config/groups/{info,members}.hpp`,
 * `src/config/groups/{info,members}.cpp` @ 8762e9d). Ordinary configs (§1.3–§1.4) except that:
 * the key base is the group's current encryption key (from Keys; every known key is tried on
 * receive), there is no protobuf wrapper, and every message is signed by the group key (`~`);
 * members verify and never merge (read-only).
 *
 * Info: `!` destroyed (1), `c` created (s), `d` delete messages before (s), `D` delete
 * attachments before (s), `E` disappear-after-send timer (s), `n` name, `o` description,
 * `p`/`q` picture URL/key.
 * Members: `m` → {33-byte 05 ID → {`n` name (always written, so the entry survives pruning),
 * `p`/`q` picture, `A` admin (1), `P` promotion status, `I` invite status (1 sent, 2 failed,
 * 3 not sent; absent = accepted; never written for admins), `s` invited with history (1),
 * `R` removed (1, or 2 = and their messages)}}.
 */
import { utf8 } from '../../crypto/bytes';
import { sodium } from '../../crypto/sodium';
import { ConfigBase } from '../config/base';
import type { ConfigSnapshot, ConfigTypeInfo } from '../config/base';
import { isDict } from '../config/data';
import type { ConfigDict } from '../config/data';
import {
  asBytes,
  asInt,
  asText,
  checkName,
  flag,
  idFromKey,
  idKey,
  nonempty,
  positive,
  readPic,
  sortedEntries,
} from '../config/fields';
import type { ProfilePic } from '../config/fields';
import type { ConfigSigning } from '../config/message';

export const GROUP_INFO: ConfigTypeInfo = { domain: 'groups::Info', namespace: 13, protobufKind: undefined };
export const GROUP_MEMBERS: ConfigTypeInfo = {
  domain: 'groups::Members',
  namespace: 14,
  protobufKind: undefined,
};
export const MAX_DESCRIPTION_BYTES = 2000;

/** The group key as a config needs it: the public key always, the secret key for admins. */
export interface GroupConfigKey {
  readonly publicKey: Uint8Array;
  readonly secretKey?: Uint8Array | undefined;
}

export function groupSigning(key: GroupConfigKey): ConfigSigning {
  const s = sodium();
  const verify = (body: Uint8Array, sig: Uint8Array): boolean => {
    try {
      return s.crypto_sign_verify_detached(sig, body, key.publicKey);
    } catch {
      return false;
    }
  };
  const sk = key.secretKey;
  return { verify, sign: sk === undefined ? undefined : (body) => s.crypto_sign_detached(body, sk) };
}

export class GroupInfo extends ConfigBase {
  constructor(key: GroupConfigKey, encryptionKeys: readonly Uint8Array[], restored?: ConfigSnapshot) {
    super(GROUP_INFO, undefined, restored, { keys: encryptionKeys, signing: groupSigning(key) });
  }

  /** From a `dump()` (an admin keeps its configs between runs); undefined for a bad dump. */
  static load(
    key: GroupConfigKey,
    encryptionKeys: readonly Uint8Array[],
    dump: Uint8Array,
  ): GroupInfo | undefined {
    const r = ConfigBase.restoreDump(dump);
    return r.ok ? new GroupInfo(key, encryptionKeys, r.value) : undefined;
  }

  get name(): string | undefined {
    const n = asText(this.getValue(['n']));
    return n === '' ? undefined : n;
  }
  setName(name: string): void {
    checkName(name, 'group name');
    this.setValue(['n'], nonempty(name));
  }
  get description(): string | undefined {
    const d = asText(this.getValue(['o']));
    return d === '' ? undefined : d;
  }
  setDescription(text: string): void {
    if (utf8(text).length > MAX_DESCRIPTION_BYTES) throw new RangeError('description exceeds 2000 bytes');
    this.setValue(['o'], nonempty(text));
  }
  get picture(): ProfilePic | undefined {
    return readPic(this.getValue(['p']), this.getValue(['q']));
  }
  setPicture(pic: ProfilePic | undefined): void {
    const ok = pic !== undefined && pic.url !== '' && pic.key.length === 32;
    this.setValue(['p'], ok ? utf8(pic.url) : undefined);
    this.setValue(['q'], ok ? pic.key : undefined);
  }
  /** Disappear-after-send timer in seconds (0 = off). */
  get expirySeconds(): number {
    return asInt(this.getValue(['E'])) ?? 0;
  }
  setExpirySeconds(s: number): void {
    this.setValue(['E'], positive(s));
  }
  get createdSeconds(): number | undefined {
    return asInt(this.getValue(['c']));
  }
  setCreatedSeconds(s: number): void {
    this.setValue(['c'], positive(s));
  }
  get deleteBeforeSeconds(): number | undefined {
    return asInt(this.getValue(['d']));
  }
  setDeleteBeforeSeconds(s: number): void {
    this.setValue(['d'], positive(s));
  }
  get deleteAttachmentsBeforeSeconds(): number | undefined {
    return asInt(this.getValue(['D']));
  }
  setDeleteAttachmentsBeforeSeconds(s: number): void {
    this.setValue(['D'], positive(s));
  }
  get destroyed(): boolean {
    return (asInt(this.getValue(['!'])) ?? 0) > 0;
  }
  /** `destroy_group`: permanent, for everyone. */
  destroy(): void {
    this.setValue(['!'], 1n);
  }
}

export const InviteStatus = { Accepted: 0, Sent: 1, Failed: 2, NotSent: 3 } as const;
export const RemovedStatus = { None: 0, Removed: 1, RemovedWithMessages: 2 } as const;

export interface GroupMember {
  readonly sessionId: string;
  readonly name: string;
  readonly picture: ProfilePic | undefined;
  readonly admin: boolean;
  /** 0 = accepted; 1 sent, 2 failed, 3 not sent (always 0 for admins, as upstream reads it). */
  readonly inviteStatus: number;
  readonly promotionStatus: number;
  readonly removedStatus: number;
  /** Invited with the history keys (a supplemental Keys message). */
  readonly supplement: boolean;
}

function readMember(sessionId: string, d: ConfigDict): GroupMember {
  const admin = (asInt(d.get('A')) ?? 0) !== 0;
  const inviteStatus = admin ? 0 : (asInt(d.get('I')) ?? 0);
  const promotionStatus = asInt(d.get('P')) ?? 0;
  return {
    sessionId,
    name: asText(d.get('n')) ?? '',
    picture: readPic(d.get('p'), d.get('q')),
    admin,
    inviteStatus,
    promotionStatus,
    removedStatus: asInt(d.get('R')) ?? 0,
    supplement: inviteStatus > 0 && !(admin || promotionStatus > 0) ? (asInt(d.get('s')) ?? 0) !== 0 : false,
  };
}

export class GroupMembers extends ConfigBase {
  constructor(key: GroupConfigKey, encryptionKeys: readonly Uint8Array[], restored?: ConfigSnapshot) {
    super(GROUP_MEMBERS, undefined, restored, { keys: encryptionKeys, signing: groupSigning(key) });
  }

  /** From a `dump()`; undefined for a bad dump. */
  static load(
    key: GroupConfigKey,
    encryptionKeys: readonly Uint8Array[],
    dump: Uint8Array,
  ): GroupMembers | undefined {
    const r = ConfigBase.restoreDump(dump);
    return r.ok ? new GroupMembers(key, encryptionKeys, r.value) : undefined;
  }

  /** Every member, in upstream's order (by binary ID); malformed entries skipped. */
  all(): GroupMember[] {
    const m = this.getValue(['m']);
    if (m === undefined || !isDict(m)) return [];
    return sortedEntries(m).flatMap(([k, v]) => {
      const id = idFromKey(k);
      return id === undefined || !id.startsWith('05') || !isDict(v) ? [] : [readMember(id, v)];
    });
  }

  get(sessionId: string): GroupMember | undefined {
    const v = this.getValue(['m', idKey(sessionId)]);
    return v !== undefined && isDict(v) ? readMember(sessionId, v) : undefined;
  }

  /** `Members::set`: writes the whole entry. */
  set(m: GroupMember): void {
    const base = ['m', idKey(m.sessionId)];
    checkName(m.name, 'member name');
    // Always set the name, even empty, so the entry is never pruned away.
    this.setValue([...base, 'n'], utf8(m.name));
    const pic =
      m.picture !== undefined && m.picture.url !== '' && m.picture.key.length === 32 ? m.picture : undefined;
    this.setValue([...base, 'p'], pic ? utf8(pic.url) : undefined);
    this.setValue([...base, 'q'], pic ? pic.key : undefined);
    this.setValue([...base, 'A'], flag(m.admin));
    this.setValue([...base, 'P'], positive(m.promotionStatus));
    this.setValue([...base, 'I'], positive(m.admin ? 0 : m.inviteStatus));
    this.setValue([...base, 's'], flag(m.supplement));
    this.setValue([...base, 'R'], positive(m.removedStatus));
  }

  erase(sessionId: string): void {
    this.setValue(['m', idKey(sessionId)], undefined);
  }

  /** Raw bytes of an entry field (for tests and forward compatibility). */
  rawField(sessionId: string, field: string): Uint8Array | undefined {
    return asBytes(this.getValue(['m', idKey(sessionId), field]));
  }
}

/** A fresh member entry as libsession constructs one: invite not sent yet. */
export function newMember(sessionId: string, name = ''): GroupMember {
  return {
    sessionId,
    name,
    picture: undefined,
    admin: false,
    inviteStatus: InviteStatus.NotSent,
    promotionStatus: 0,
    removedStatus: 0,
    supplement: false,
  };
}
