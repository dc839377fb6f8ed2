/**
 * Private groups v2 (migration 0010): the groups we hold, their members and keys. Their messages
 * are ordinary messages of the group's conversation (migration 0012).
 * Secrets (admin seed, member auth data, group keys) are only ever read by the main process's
 * groups service; nothing here is sent to the renderer.
 */
import { z } from 'zod';
import { parseOptionalRow, parseRow, toBit, zBool, zTime } from './rows';
import type { Sqlite } from './sqlite';
import type { Transact } from './transact';

export const GROUP_STATUSES = ['invited', 'joined', 'left'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];
export const MEMBER_STATUSES = ['not-sent', 'sent', 'failed', 'accepted', 'removed'] as const;
export type GroupMemberStatus = (typeof MEMBER_STATUSES)[number];

const zGroupId = z.string().regex(/^03[0-9a-f]{64}$/);
const zSid = z.string().regex(/^05[0-9a-f]{64}$/);
/** Plain Uint8Array copies (the driver gives Buffers). */
const zBytes = z.instanceof(Uint8Array).transform((b) => Uint8Array.from(b));

export interface GroupRow {
  readonly groupId: string;
  readonly name: string;
  readonly status: GroupStatus;
  /** The group's Ed25519 seed: we are an admin. */
  readonly adminSeed: Uint8Array | null;
  /** The 100-byte member auth data of our invitation. */
  readonly authData: Uint8Array | null;
  readonly invitedBy: string | null;
  readonly invitedAt: number | null;
  readonly joinedAt: number | null;
  readonly createdAt: number;
}

export interface GroupMemberRow {
  readonly sessionId: string;
  readonly name: string;
  readonly admin: boolean;
  readonly status: GroupMemberStatus;
}

export interface GroupKeyRow {
  readonly generation: number;
  readonly key: Uint8Array;
  readonly timestamp: number;
}

const zGroup = z
  .object({
    group_id: zGroupId,
    name: z.string(),
    status: z.enum(GROUP_STATUSES),
    admin_seed: zBytes.nullable(),
    auth_data: zBytes.nullable(),
    invited_by: z.string().nullable(),
    invited_at: zTime.nullable(),
    joined_at: zTime.nullable(),
    created_at: zTime,
  })
  .transform((r): GroupRow => ({
    groupId: r.group_id,
    name: r.name,
    status: r.status,
    adminSeed: r.admin_seed,
    authData: r.auth_data,
    invitedBy: r.invited_by,
    invitedAt: r.invited_at,
    joinedAt: r.joined_at,
    createdAt: r.created_at,
  }));

const zMember = z
  .object({ session_id: zSid, name: z.string(), admin: zBool, status: z.enum(MEMBER_STATUSES) })
  .transform((r): GroupMemberRow => ({
    sessionId: r.session_id,
    name: r.name,
    admin: r.admin,
    status: r.status,
  }));

const zKey = z
  .object({ generation: z.number().int().nonnegative(), key: zBytes, timestamp: zTime })
  .transform((r): GroupKeyRow => ({ generation: r.generation, key: r.key, timestamp: r.timestamp }));

export interface NewGroup {
  readonly groupId: string;
  readonly name: string;
  readonly status: GroupStatus;
  readonly adminSeed?: Uint8Array;
  readonly authData?: Uint8Array;
  readonly invitedBy?: string;
  readonly invitedAt?: number;
  readonly joinedAt?: number;
}

/** Same rows, same values (SQLite gives strings and numbers here: `===` compares them). */
function sameRows(a: readonly (readonly unknown[])[], b: readonly (readonly unknown[])[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as readonly unknown[];
    const y = b[i] as readonly unknown[];
    if (x.length !== y.length) return false;
    for (let j = 0; j < x.length; j++) if (x[j] !== y[j]) return false;
  }
  return true;
}

/**
 * A member's newest name as their own group message told it (src/main/groups/member-names.ts),
 * in `settings_kv` under `groups.member-name.<group id>.<member>`. Kept only while the group is
 * ours: a group left, declined, deleted or that removed us keeps no name of its members (they
 * are people we no longer share anything with), whichever path ended it — so it is dropped here,
 * by the statement that ends the group, not by each caller.
 */
const MEMBER_NAME_PREFIX = 'groups.member-name.';
export const memberNameKey = (groupId: string, member: string): string =>
  `${MEMBER_NAME_PREFIX}${groupId}.${member}`;
/** The keys of one group's members: `<prefix><group id>.` up to the next character ('.' + 1). */
const memberNameRange = (groupId: string): [string, string] => [
  `${MEMBER_NAME_PREFIX}${groupId}.`,
  `${MEMBER_NAME_PREFIX}${groupId}/`,
];

const GROUP_COLUMNS =
  'group_id, name, status, admin_seed, auth_data, invited_by, invited_at, joined_at, created_at';

/** `transaction` is the connection's one wrapper (transact.ts): BEGIN IMMEDIATE, savepoint inside. */
export function groupsRepository(db: Sqlite, transaction: Transact) {
  const getOne = db.prepare<[string]>(`SELECT ${GROUP_COLUMNS} FROM groups WHERE group_id = ?`);
  const all = db.prepare<[]>(`SELECT ${GROUP_COLUMNS} FROM groups ORDER BY created_at, group_id`);
  const insert = db.prepare(
    `INSERT INTO groups (${GROUP_COLUMNS}) VALUES
     (@group_id, @name, @status, @admin_seed, @auth_data, @invited_by, @invited_at, @joined_at, @created_at)
     ON CONFLICT (group_id) DO NOTHING`,
  );
  const setStatus = db.prepare<[string, number | null, string]>(
    'UPDATE groups SET status = ?, joined_at = coalesce(?, joined_at) WHERE group_id = ?',
  );
  const setName = db.prepare<[string, string]>('UPDATE groups SET name = ? WHERE group_id = ?');
  const setAdminSeed = db.prepare<[Uint8Array, string]>(
    'UPDATE groups SET admin_seed = ? WHERE group_id = ?',
  );
  const renewInvite = db.prepare(
    `UPDATE groups SET name = @name, auth_data = @auth_data, invited_by = @invited_by,
     invited_at = @invited_at, status = 'invited' WHERE group_id = @group_id AND status != 'joined'`,
  );
  const revive = db.prepare(
    `UPDATE groups SET status = @status, name = CASE WHEN @name = '' THEN name ELSE @name END,
     admin_seed = coalesce(@admin_seed, admin_seed), auth_data = coalesce(@auth_data, auth_data),
     joined_at = coalesce(@joined_at, joined_at) WHERE group_id = @group_id AND status = 'left'`,
  );
  const remove = db.prepare<[string]>('DELETE FROM groups WHERE group_id = ?');
  // A key range (the primary key's index), not LIKE: only that group's keys are visited.
  const forgetMemberNames = db.prepare<[string, string]>(
    'DELETE FROM settings_kv WHERE key >= ? AND key < ?',
  );
  // Names kept by earlier versions for groups that ended (or whose row is gone).
  const forgetEndedMemberNames = db.prepare<[string, string, number]>(
    `DELETE FROM settings_kv WHERE key >= ? AND key < ?
     AND substr(key, ?, 66) NOT IN (SELECT group_id FROM groups WHERE status != 'left')`,
  );
  // Raw rows (arrays): compared with the last checked list before anything is parsed.
  const members = db
    .prepare<[string]>(
      'SELECT session_id, name, admin, status FROM group_members WHERE group_id = ? ORDER BY session_id',
    )
    .raw(true);
  /**
   * Each group's member list as last zod-checked, with the values it was checked from. A group's
   * view (every conversation list, each received message's notification) reads the whole list:
   * for a 100-member group that was 100 rows checked again for each message received, a fifth
   * of what the core allocated while receiving from one (bench row "receiving from a 100-member
   * group"). The rows are still read every time, so a write by anyone (another connection
   * included) is seen; only values equal to those checked before skip the check.
   */
  const checkedMembers = new Map<string, { raw: unknown[][]; list: readonly GroupMemberRow[] }>();
  const readMembers = (groupId: string): GroupMemberRow[] => {
    const raw = members.all(groupId) as unknown[][];
    const last = checkedMembers.get(groupId);
    if (last !== undefined && sameRows(last.raw, raw)) return [...last.list];
    const list = raw.map((r) =>
      parseRow(zMember, { session_id: r[0], name: r[1], admin: r[2], status: r[3] }, 'group member'),
    );
    if (list.length > 0) checkedMembers.set(groupId, { raw, list });
    else checkedMembers.delete(groupId);
    return [...list];
  };
  const upsertMember = db.prepare(
    `INSERT INTO group_members (group_id, session_id, name, admin, status)
     VALUES (@group_id, @session_id, @name, @admin, @status)
     ON CONFLICT (group_id, session_id) DO UPDATE SET name = excluded.name, admin = excluded.admin,
       status = excluded.status`,
  );
  const deleteMembers = db.prepare<[string]>('DELETE FROM group_members WHERE group_id = ?');
  const setMemberName = db.prepare<[string, string, string]>(
    'UPDATE group_members SET name = ? WHERE group_id = ? AND session_id = ?',
  );
  const setMemberStatus = db.prepare<[string, string, string]>(
    'UPDATE group_members SET status = ? WHERE group_id = ? AND session_id = ?',
  );
  const keys = db.prepare<[string]>(
    'SELECT generation, key, timestamp FROM group_keys WHERE group_id = ? ORDER BY generation DESC',
  );
  const addKey = db.prepare<[string, number, Uint8Array, number]>(
    'INSERT OR IGNORE INTO group_keys (group_id, generation, key, timestamp) VALUES (?, ?, ?, ?)',
  );

  return {
    get(groupId: string): GroupRow | undefined {
      return parseOptionalRow(zGroup, getOne.get(groupId), 'group');
    },
    all(): GroupRow[] {
      return all.all().map((r) => parseRow(zGroup, r, 'group'));
    },
    /** Returns false when the group is already known (nothing changed). */
    insert(g: NewGroup, now: number): boolean {
      return (
        insert.run({
          group_id: g.groupId,
          name: g.name,
          status: g.status,
          admin_seed: g.adminSeed ?? null,
          auth_data: g.authData ?? null,
          invited_by: g.invitedBy ?? null,
          invited_at: g.invitedAt ?? null,
          joined_at: g.joinedAt ?? null,
          created_at: now,
        }).changes > 0
      );
    },
    /** A newer invitation to a group we have not joined: its auth data and name replace ours. */
    renewInvitation(g: {
      groupId: string;
      name: string;
      authData: Uint8Array;
      invitedBy: string;
      invitedAt: number;
    }): boolean {
      return (
        renewInvite.run({
          group_id: g.groupId,
          name: g.name,
          auth_data: g.authData,
          invited_by: g.invitedBy,
          invited_at: g.invitedAt,
        }).changes > 0
      );
    },
    /**
     * A group we left or were removed from, back as another device of ours has it again (joined,
     * or invited): its key material and join time replace ours. Only a "left" row changes.
     */
    revive(g: {
      groupId: string;
      status: 'invited' | 'joined';
      name: string;
      adminSeed?: Uint8Array;
      authData?: Uint8Array;
      joinedAt?: number;
    }): boolean {
      return (
        revive.run({
          group_id: g.groupId,
          status: g.status,
          name: g.name,
          admin_seed: g.adminSeed ?? null,
          auth_data: g.authData ?? null,
          joined_at: g.joinedAt ?? null,
        }).changes > 0
      );
    },
    /** To "left": the group's member names go with it, in the same transaction (see above). */
    setStatus(groupId: string, status: GroupStatus, joinedAt?: number): boolean {
      if (status !== 'left') return setStatus.run(status, joinedAt ?? null, groupId).changes > 0;
      return transaction(() => {
        forgetMemberNames.run(...memberNameRange(groupId));
        return setStatus.run(status, joinedAt ?? null, groupId).changes > 0;
      });
    },
    setName(groupId: string, name: string): boolean {
      return setName.run(name, groupId).changes > 0;
    },
    /** We were promoted: the group's seed makes us an admin. */
    setAdminSeed(groupId: string, seed: Uint8Array): boolean {
      return setAdminSeed.run(seed, groupId).changes > 0;
    },
    remove(groupId: string): boolean {
      return transaction(() => {
        forgetMemberNames.run(...memberNameRange(groupId));
        return remove.run(groupId).changes > 0;
      });
    },
    /**
     * Drops the member names that versions before this rule kept for groups that had ended (a
     * profile opened or imported from then); returns how many. Cheap: one range of keys.
     */
    forgetEndedMemberNames(): number {
      const prefix = MEMBER_NAME_PREFIX;
      return forgetEndedMemberNames.run(prefix, prefix.slice(0, -1) + '/', prefix.length + 1).changes;
    },
    members(groupId: string): GroupMemberRow[] {
      return readMembers(groupId);
    },
    /** Replaces the membership (as a Members config or an admin's edit gives it). */
    setMembers(groupId: string, list: readonly GroupMemberRow[]): void {
      transaction(() => {
        deleteMembers.run(groupId);
        for (const m of list)
          upsertMember.run({
            group_id: groupId,
            session_id: m.sessionId,
            name: m.name,
            admin: toBit(m.admin),
            status: m.status,
          });
      });
    },
    setMemberName(groupId: string, sessionId: string, name: string): boolean {
      return setMemberName.run(name, groupId, sessionId).changes > 0;
    },
    setMemberStatus(groupId: string, sessionId: string, status: GroupMemberStatus): boolean {
      return setMemberStatus.run(status, groupId, sessionId).changes > 0;
    },
    /** Newest generation first. */
    keys(groupId: string): GroupKeyRow[] {
      return keys.all(groupId).map((r) => parseRow(zKey, r, 'group key'));
    },
    addKey(groupId: string, k: GroupKeyRow): boolean {
      return addKey.run(groupId, k.generation, k.key, k.timestamp).changes > 0;
    },
  };
}

export type GroupsRepository = ReturnType<typeof groupsRepository>;
