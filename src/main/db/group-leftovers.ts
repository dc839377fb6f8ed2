/**
 * What a private group leaves behind once it is over for us (left, declined, removed by an admin,
 * deleted by its admin, or ended on another device of ours), and the statements that drop it.
 *
 * Kept: the group's row (its name, status and join time: config sync erases or marks its
 * UserGroups entry from it, a later invitation finds it), its conversation and messages (what
 * the user reads), why it ended (`groups.ended.*`, `groups.ended-notice.*`) and the time of a
 * declined invitation (`groups.declined.*`, so that an older copy of it is not taken again).
 *
 * Dropped, in the transaction that marks the group left (groups.ts `setStatus`), as Session
 * desktop's `deleteGroup` does (docs/protocol-notes.md, "Leaving a group"):
 * - secrets: the admin seed and the member auth data (libsession `mark_kicked`/`mark_destroyed`
 *   clear both), every encryption key (`group_keys`);
 * - the people in it: the member rows, their names and profile times, the inviter's name;
 * - its configs' dumps and our pending Members writes and invite response, an admin's removals
 *   still to finish (they need the seed);
 * - its poll state (last hashes, seen hashes), so that a new invitation reads the group's swarm
 *   from its start again — keys and configs included — as desktop's `clearFetchedHashes`;
 * - our messages still queued for its swarm: failed (Resend works once we are back in it);
 * - an admin's invitations and promotions to it still queued (a promotion carries the group's
 *   seed, an invitation a member's credential): the group is no longer ours to hand out.
 *
 * Key names of settings_kv live here so that the modules writing them and the statements
 * dropping them cannot disagree.
 */
import { bytesEqual } from '../../crypto/bytes';
import { decodeGroupUpdate } from '../../swarm/groups/control-messages';
import { decodeContent } from '../../swarm/messages/codec';
import { z } from 'zod';
import { parseRow } from './rows';
import type { Sqlite } from './sqlite';

/** settings_kv keys `<prefix><group id>` a group keeps only while it is ours. */
export const GROUP_KV = {
  /** The Info and Members dumps (groups/admin/config-dumps.ts). */
  configDump: 'groups.config-dump.',
  /** An admin's Members writes not pushed yet (groups/admin/pending-member-writes.ts). */
  membersPending: 'groups.members-pending.',
  /** Our acceptance still to send (groups/group-membership.ts). */
  responsePending: 'groups.response-pending.',
  /** The name our inviter's invitation carried (groups/invitations.ts). */
  inviterName: 'group.inviterName.',
} as const;

/** settings_kv keys `<prefix><group id>.<member>` a group keeps only while it is ours. */
export const GROUP_MEMBER_KV = {
  /** A member's newest name from their own messages (groups/member-names.ts). */
  memberName: 'groups.member-name.',
  /** When an admin last wrote a member's profile into Members (groups/admin/member-profiles.ts). */
  memberProfileAt: 'groups.member-profile-at.',
} as const;

/**
 * Set by the admin who deleted the group for everyone: config sync erases its UserGroups entry
 * (Session's `deleteGroup(doNotKeep)`) instead of marking it destroyed. The seed that used to
 * say "we were its admin" is gone with the group.
 */
export const DELETED_BY_US_PREFIX = 'groups.deleted-by-us.';

const PREFIXES = [...Object.values(GROUP_KV), ...Object.values(GROUP_MEMBER_KV)];
/** The keys starting with `prefix`: from it up to the next string ('.' + 1 is '/'). */
const rangeOf = (prefix: string): [string, string] => [prefix, prefix.slice(0, -1) + '/'];

const LEFT = "SELECT group_id FROM groups WHERE status = 'left'";
const OURS = "SELECT group_id FROM groups WHERE status != 'left'";

/** The group a queued invitation (by its ID) or promotion (by its seed) is about. */
type QueuedGroupControl = { readonly id: number; readonly groupId?: string; readonly seed?: Uint8Array };

const zQueued = z.object({ id: z.number().int().positive(), content: z.instanceof(Uint8Array) });
const zSeed = z.instanceof(Uint8Array).nullable();
const zLeft = z.object({ group_id: z.string(), admin_seed: zSeed });

function groupOfControl(row: unknown): QueuedGroupControl | undefined {
  const { id, content } = parseRow(zQueued, row, 'queued group control');
  const decoded = decodeContent(content);
  const raw = decoded.ok ? decoded.value.dataMessage?.groupUpdateMessage : undefined;
  const update = raw ? decodeGroupUpdate(raw) : undefined;
  if (!update?.ok) return undefined;
  const { inviteMessage, promoteMessage } = update.value;
  if (inviteMessage) return { id, groupId: inviteMessage.groupSessionId };
  if (promoteMessage) return { id, seed: promoteMessage.groupIdentitySeed };
  return undefined;
}

/** Whether `c` is about one of these groups (IDs, and the seeds of those we administered). */
function aboutAny(c: QueuedGroupControl, ids: ReadonlySet<string>, seeds: readonly Uint8Array[]): boolean {
  if (c.groupId !== undefined) return ids.has(c.groupId);
  const { seed } = c;
  return seed !== undefined && seeds.some((s) => bytesEqual(s, seed));
}

export function groupLeftovers(db: Sqlite) {
  const secrets = db.prepare<[string]>(
    'UPDATE groups SET admin_seed = NULL, auth_data = NULL WHERE group_id = ?',
  );
  const byGroup = ['group_members', 'group_keys', 'group_removals'].map((table) =>
    db.prepare<[string]>(`DELETE FROM ${table} WHERE group_id = ?`),
  );
  const hashes = ['last_hashes', 'seen_hashes'].map((table) =>
    db.prepare<[string]>(`DELETE FROM ${table} WHERE pubkey = ?`),
  );
  const queuedSends = db
    .prepare<[string]>(
      `SELECT m.id FROM outbox o JOIN messages m ON m.id = o.message_id
       WHERE o.recipient = ? AND m.direction = 'out' AND m.status = 'sending'`,
    )
    .pluck();
  const failQueued = db.prepare<[string]>(
    `UPDATE messages SET status = 'failed' WHERE direction = 'out' AND status = 'sending'
     AND id IN (SELECT message_id FROM outbox WHERE recipient = ?)`,
  );
  const unqueue = db.prepare<[string]>('DELETE FROM outbox WHERE recipient = ?');
  // Addressed to the invitee, the group only inside the content: few rows, read and decoded.
  const queuedGroupControls = db.prepare(
    "SELECT id, content FROM control_outbox WHERE kind IN ('group-invite', 'group-promote')",
  );
  const unqueueControl = db.prepare<[number]>('DELETE FROM control_outbox WHERE id = ?');
  const seedOf = db.prepare<[string]>('SELECT admin_seed FROM groups WHERE group_id = ?').pluck();
  const leftSeeds = db.prepare(`SELECT group_id, admin_seed FROM groups WHERE status = 'left'`);
  /** Drops the queued invitations and promotions to the groups `ended` says are over. */
  const dropQueuedControls = (ended: (c: QueuedGroupControl) => boolean): number => {
    let dropped = 0;
    for (const r of queuedGroupControls.all()) {
      const c = groupOfControl(r);
      if (c && ended(c)) dropped += unqueueControl.run(c.id).changes;
    }
    return dropped;
  };
  const kvKey = db.prepare<[string]>('DELETE FROM settings_kv WHERE key = ?');
  // A key range (the primary key's index), not LIKE: only that group's keys are visited.
  const kvRange = db.prepare<[string, string]>('DELETE FROM settings_kv WHERE key >= ? AND key < ?');

  // The sweep: what versions before this rule kept for groups that were over (or whose row is gone).
  const sweepKv = db.prepare<[string, string, number]>(
    `DELETE FROM settings_kv WHERE key >= ? AND key < ? AND substr(key, ?, 66) NOT IN (${OURS})`,
  );
  // The deleting admin's seed said "erase the entry": the flag says it before the seed goes.
  const flagDeletedByUs = db.prepare<[string]>(
    `INSERT OR IGNORE INTO settings_kv (key, value)
     SELECT ? || g.group_id, 'true' FROM groups g WHERE g.status = 'left' AND g.admin_seed IS NOT NULL
       AND EXISTS (SELECT 1 FROM settings_kv k WHERE k.key = 'groups.ended.' || g.group_id
                   AND k.value = '"destroyed"')`,
  );
  const sweepSecrets = db.prepare(
    `UPDATE groups SET admin_seed = NULL, auth_data = NULL
     WHERE status = 'left' AND (admin_seed IS NOT NULL OR auth_data IS NOT NULL)`,
  );
  const sweepByGroup = ['group_members', 'group_keys', 'group_removals'].map((table) =>
    db.prepare(`DELETE FROM ${table} WHERE group_id IN (${LEFT})`),
  );
  // 03 keys are groups' (our own and contacts' swarms are 05).
  const sweepHashes = ['last_hashes', 'seen_hashes'].map((table) =>
    db.prepare(`DELETE FROM ${table} WHERE pubkey >= '03' AND pubkey < '04' AND pubkey NOT IN (${OURS})`),
  );
  const sweepFailQueued = db.prepare(
    `UPDATE messages SET status = 'failed' WHERE direction = 'out' AND status = 'sending'
     AND id IN (SELECT message_id FROM outbox WHERE recipient IN (${LEFT}))`,
  );
  const sweepUnqueue = db.prepare(`DELETE FROM outbox WHERE recipient IN (${LEFT})`);

  return {
    /** Everything above for one group; call inside the transaction that marks it left. */
    /** Returns the messages it failed (queued for the group's swarm), for the windows to learn. */
    forget(groupId: string): string[] {
      // Before the seed goes: a queued promotion names the group by it.
      const seed = parseRow(zSeed, seedOf.get(groupId) ?? null, 'group seed');
      dropQueuedControls((c) => aboutAny(c, new Set([groupId]), seed ? [seed] : []));
      secrets.run(groupId);
      for (const st of byGroup) st.run(groupId);
      for (const st of hashes) st.run(groupId);
      const failed = queuedSends.all(groupId).map((id) => parseRow(z.string(), id, 'message id'));
      failQueued.run(groupId);
      unqueue.run(groupId);
      for (const prefix of Object.values(GROUP_KV)) kvKey.run(prefix + groupId);
      for (const prefix of Object.values(GROUP_MEMBER_KV))
        kvRange.run(`${prefix}${groupId}.`, `${prefix}${groupId}/`);
      return failed;
    },

    /**
     * The same for every group that is over, as an older version's profile (or one imported
     * from it) still holds it; returns how many rows went. Cheap when there is nothing: each
     * statement reads one key range or the few groups' rows.
     */
    sweep(): number {
      const left = leftSeeds.all().map((r) => parseRow(zLeft, r, 'left group'));
      const ids = new Set(left.map((g) => g.group_id));
      const seeds = left.flatMap((g) => (g.admin_seed ? [g.admin_seed] : []));
      let changes = dropQueuedControls((c) => aboutAny(c, ids, seeds));
      changes += flagDeletedByUs.run(DELETED_BY_US_PREFIX).changes;
      changes += sweepSecrets.run().changes;
      for (const st of [...sweepByGroup, ...sweepHashes, sweepFailQueued, sweepUnqueue])
        changes += st.run().changes;
      for (const prefix of PREFIXES) changes += sweepKv.run(...rangeOf(prefix), prefix.length + 1).changes;
      return changes;
    },
  };
}
