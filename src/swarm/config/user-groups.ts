/**
 * UserGroups config (namespace 5, domain "UserGroups", wrapper kind USER_GROUPS), §1.5.
 *
 * Upstream facts (libsession-util `include/session/config/user_groups.hpp`,
 * `src/config/user_groups.cpp` @ 8762e9d):
 * - common per entry: `@` notify (1 all, 2 off, 3 mentions only), `!` mute until (s), `+`
 *   priority, `i` invite pending, `j` joined at (s), `n` name;
 * - `g` → {33-byte 03 ID → {`K` admin seed (32 bytes, or "" when not admin), `s` member auth data
 *   (100 bytes), `r` removed status, …common}};
 * - `o` → {canonical base URL → {`#` server pubkey, `R` → {lower-case room → {`n` room name with
 *   its original case, …common}}}};
 *   erasing a server's last room erases the server's entry (`#` included);
 * - `C` → {33-byte 05 ID → {`k`/`K` encryption key pair, `m`/`a` member/admin ID sets, `E`
 *   disappear timer, …common}} (legacy groups: read-only for us, §3.1).
 * This layer parses the entries into typed views and preserves everything (the generic data
 * model keeps unknown keys); writes are limited to the few fields the app changes.
 */
import type { Ed25519SecretKey } from '../../crypto/keys';
import { utf8 } from '../../crypto/bytes';
import { ConfigBase } from './base';
import type { ConfigSnapshot, ConfigTypeInfo } from './base';
import { isDict } from './data';
import type { ConfigDict } from './data';
import type { DumpError } from './dump';
import { asBytes, asInt, asText, idFromKey, idKey, intValue, nonzero, sortedEntries } from './fields';
import { canonicalCommunityUrl } from './community-url';

export const USER_GROUPS: ConfigTypeInfo = { domain: 'UserGroups', namespace: 5, protobufKind: 4 };

/** UserGroups `g` `r` (libsession `NOT_REMOVED`, `KICKED_FROM_GROUP`, `GROUP_DESTROYED`). */
export const REMOVED_STATUS = { none: 0, kicked: 1, destroyed: 2 } as const;

export interface GroupCommon {
  readonly name: string;
  readonly priority: number;
  readonly notifications: number;
  readonly muteUntil: number;
  readonly invitePending: boolean;
  readonly joinedAt: number;
}

export interface GroupV2Entry extends GroupCommon {
  /** 66-hex `03…` group ID. */
  readonly id: string;
  /** The group's Ed25519 seed when we are an admin. */
  readonly adminSeed: Uint8Array | undefined;
  readonly authData: Uint8Array | undefined;
  /** `REMOVED_STATUS`: 0 a member, 1 kicked from the group, 2 the group was destroyed. */
  readonly removedStatus: number;
}

export interface CommunityEntry extends GroupCommon {
  readonly baseUrl: string;
  readonly room: string;
  readonly serverPubkey: Uint8Array | undefined;
}

export interface LegacyGroupEntry extends GroupCommon {
  readonly id: string;
  readonly members: readonly string[];
  readonly admins: readonly string[];
}

function common(d: ConfigDict): GroupCommon {
  return {
    name: asText(d.get('n')) ?? '',
    priority: asInt(d.get('+')) ?? 0,
    notifications: asInt(d.get('@')) ?? 0,
    muteUntil: asInt(d.get('!')) ?? 0,
    invitePending: (asInt(d.get('i')) ?? 0) !== 0,
    joinedAt: asInt(d.get('j')) ?? 0,
  };
}

function ids(v: ConfigDict | undefined, key: string): string[] {
  const s = v?.get(key);
  if (!Array.isArray(s)) return [];
  return s.flatMap((x) =>
    x instanceof Uint8Array && x.length === 33
      ? [Array.from(x, (b) => b.toString(16).padStart(2, '0')).join('')]
      : [],
  );
}

function entries(v: unknown): [string, ConfigDict][] {
  if (!(v instanceof Map)) return [];
  return sortedEntries(v as ConfigDict).flatMap(([k, x]) =>
    isDict(x) ? [[k, x] as [string, ConfigDict]] : [],
  );
}

export class UserGroups extends ConfigBase {
  private constructor(sk: Ed25519SecretKey, restored?: ConfigSnapshot) {
    super(USER_GROUPS, sk, restored);
  }

  static create(sk: Ed25519SecretKey): UserGroups {
    return new UserGroups(sk);
  }

  static load(
    sk: Ed25519SecretKey,
    dump: Uint8Array,
  ): { ok: true; value: UserGroups } | { ok: false; error: DumpError } {
    const r = ConfigBase.restoreDump(dump);
    return r.ok ? { ok: true, value: new UserGroups(sk, r.value) } : r;
  }

  groups(): GroupV2Entry[] {
    return entries(this.getValue(['g'])).flatMap(([k, d]) => {
      const id = idFromKey(k);
      if (id === undefined) return [];
      const seed = asBytes(d.get('K'));
      return [
        {
          id,
          ...common(d),
          adminSeed: seed?.length === 32 ? seed : undefined,
          authData: asBytes(d.get('s')),
          removedStatus: asInt(d.get('r')) ?? 0,
        },
      ];
    });
  }

  communities(): CommunityEntry[] {
    return entries(this.getValue(['o'])).flatMap(([baseUrl, server]) => {
      const pk = asBytes(server.get('#'));
      const rooms = entries(server.get('R'));
      return rooms.map(([room, d]) => ({ baseUrl, room, serverPubkey: pk, ...common(d) }));
    });
  }

  legacyGroups(): LegacyGroupEntry[] {
    return entries(this.getValue(['C'])).flatMap(([k, d]) => {
      const id = idFromKey(k);
      return id === undefined ? [] : [{ id, ...common(d), members: ids(d, 'm'), admins: ids(d, 'a') }];
    });
  }

  /**
   * A group v2's notification fields, as upstream's `set_base`: `@` (1 all, 2 disabled, 3 mentions
   * only; 0, the default, erased) and `!` mute until (unix seconds; 0 erased). Only on an entry
   * that exists: a mute alone never creates a group.
   */
  setGroupNotifications(id: string, notifications: number, muteUntil: number): void {
    const base = ['g', idKey(id, '03')];
    if (this.getValue(base) === undefined) return;
    this.setValue([...base, '@'], notifications > 0 ? intValue(notifications) : undefined);
    this.setValue([...base, '!'], muteUntil > 0 ? intValue(muteUntil) : undefined);
  }

  /** Pin (> 0), hide (−1) or reset (0) a group v2. */
  setGroupPriority(id: string, priority: number): void {
    this.setValue(['g', idKey(id, '03'), '+'], nonzero(priority));
  }

  /** Adds or updates a community entry (the room name keeps its case; the key is lower-case). */
  setCommunity(baseUrl: string, room: string, serverPubkey: Uint8Array, priority = 0): void {
    const base = canonicalCommunityUrl(baseUrl);
    this.setValue(['o', base, '#'], serverPubkey);
    this.setValue(['o', base, 'R', room.toLowerCase(), 'n'], utf8(room));
    this.setValue(['o', base, 'R', room.toLowerCase(), '+'], nonzero(priority));
  }

  /**
   * `UserGroups::set(group_info)` for a group v2: the admin seed `K` when `adminSecretKey` (64
   * bytes) belongs to this group, otherwise `K` = "" and the member auth data `s` (100 bytes).
   * Common keys as upstream's `set_base`; the name is cut to 100 bytes, as upstream does.
   */
  setGroup(entry: {
    id: string;
    name: string;
    adminSecretKey?: Uint8Array | undefined;
    authData?: Uint8Array | undefined;
    invitePending: boolean;
    joinedAt: number;
    priority?: number;
    removedStatus?: number;
  }): void {
    const key = idKey(entry.id, '03');
    const base = ['g', key];
    const pk = entry.id.slice(2);
    const sk = entry.adminSecretKey;
    // Only a secret key whose public half is this group's is stored (as its seed).
    const seed =
      sk?.length === 64 && Array.from(sk.subarray(32), (b) => b.toString(16).padStart(2, '0')).join('') === pk
        ? sk.slice(0, 32)
        : undefined;
    this.setValue([...base, '+'], nonzero(entry.priority ?? 0));
    this.setValue([...base, 'j'], entry.joinedAt > 0 ? intValue(entry.joinedAt) : undefined);
    this.setValue([...base, 'i'], entry.invitePending ? 1n : undefined);
    const name = utf8(entry.name);
    this.setValue([...base, 'n'], name.length === 0 ? undefined : name.subarray(0, 100));
    this.setValue(
      [...base, 'r'],
      (entry.removedStatus ?? 0) > 0 ? intValue(entry.removedStatus ?? 0) : undefined,
    );
    if (seed !== undefined) {
      this.setValue([...base, 'K'], seed);
    } else {
      this.setValue([...base, 'K'], new Uint8Array());
      this.setValue([...base, 's'], entry.authData?.length === 100 ? entry.authData : undefined);
    }
  }

  /**
   * libsession `group_info::mark_kicked` (`KICKED_FROM_GROUP`) or `mark_destroyed`
   * (`GROUP_DESTROYED`), then `set`: the entry stays, with its name, `j` and priority, but without
   * the admin seed or the member auth data (`K` = "", no `s`) and with `r` = 1 or 2. Destroyed is
   * final: a later kick leaves it destroyed, as upstream's `mark_kicked` does.
   */
  markGroupEnded(id: string, why: 'kicked' | 'destroyed', name: string, joinedAt: number): void {
    const existing = this.groups().find((g) => g.id === id);
    const status =
      why === 'destroyed' || existing?.removedStatus === REMOVED_STATUS.destroyed
        ? REMOVED_STATUS.destroyed
        : REMOVED_STATUS.kicked;
    this.setGroup({
      id,
      name,
      invitePending: false,
      joinedAt,
      priority: existing?.priority ?? 0,
      removedStatus: status,
    });
  }

  eraseGroup(id: string): void {
    this.setValue(['g', idKey(id, '03')], undefined);
  }

  /**
   * Erases a room; when it was there and was its server's last room, the server's entry goes too
   * (`#` would otherwise keep an empty server: libsession `UserGroups::erase(community_info)`).
   * Returns whether the room was there.
   */
  eraseCommunity(baseUrl: string, room: string): boolean {
    const base = canonicalCommunityUrl(baseUrl);
    const path = ['o', base, 'R', room.toLowerCase()];
    if (this.getValue(path) === undefined) return false;
    this.setValue(path, undefined);
    const rooms = this.getValue(['o', base, 'R']);
    if (rooms === undefined || !isDict(rooms) || rooms.size === 0) this.setValue(['o', base], undefined);
    return true;
  }
}
