/**
 * What an admin still has to write into a group's Members config: members who joined (their
 * `I` becomes accepted, desktop `memberSetInviteAccepted`) and the newest profile each member's
 * messages carried (`n`, `p`/`q`). It is written in the same transaction as the poll that saw
 * it (its messages are then past our last hash, never polled again), and cleared in the one that
 * saves the pushed Members; whatever a crash or a failed push left is written at the next start
 * or the next poll (member-profiles.ts). One kv entry per group, at most one profile per member.
 */
import { z } from 'zod';
import { fromBase64, toBase64 } from '../../../crypto/bytes';
import type { SessionId } from '../../../crypto/keys';
import type { VeilDatabase } from '../../db';
import type { MemberProfile } from '../member-profile';

const pendingKey = (groupId: string): string => `groups.members-pending.${groupId}`;

/** Groups are at most 100 members; a little room for members removed meanwhile. */
const MAX_ENTRIES = 200;

const zSessionId = z.string().regex(/^05[0-9a-f]{64}$/);
const zStoredProfile = z
  .object({
    member: zSessionId,
    sentAt: z.number().int().nonnegative(),
    name: z.string().max(1_000).optional(),
    /** null: no picture; absent: the message said nothing of it. */
    picture: z
      .object({ url: z.string().max(512), key: z.string().max(64) })
      .nullable()
      .optional(),
  })
  .strict();
const zPending = z
  .object({
    accepted: z.array(zSessionId).max(MAX_ENTRIES),
    profiles: z.array(zStoredProfile).max(MAX_ENTRIES),
  })
  .strict();
type StoredProfile = z.infer<typeof zStoredProfile>;

export interface PendingMemberWrites {
  readonly accepted: readonly SessionId[];
  readonly profiles: readonly MemberProfile[];
}

const EMPTY: PendingMemberWrites = { accepted: [], profiles: [] };

function toStored(p: MemberProfile): StoredProfile {
  return {
    member: p.member,
    sentAt: p.sentAt,
    ...(p.name !== undefined ? { name: p.name } : {}),
    ...(p.picture !== undefined
      ? { picture: p.picture === null ? null : { url: p.picture.url, key: toBase64(p.picture.key) } }
      : {}),
  };
}

function fromStored(p: StoredProfile): MemberProfile {
  return {
    member: p.member as SessionId,
    sentAt: p.sentAt,
    name: p.name,
    picture:
      p.picture === undefined
        ? undefined
        : p.picture === null
          ? null
          : { url: p.picture.url, key: fromBase64(p.picture.key) },
  };
}

/** The newest profile of each member. */
export function newestByMember(profiles: readonly MemberProfile[]): MemberProfile[] {
  const newest = new Map<SessionId, MemberProfile>();
  for (const p of profiles) {
    const seen = newest.get(p.member);
    if (!seen || seen.sentAt < p.sentAt) newest.set(p.member, p);
  }
  return [...newest.values()];
}

export function readPending(db: VeilDatabase, groupId: string): PendingMemberWrites {
  try {
    const stored = db.kv.get(pendingKey(groupId), zPending);
    if (!stored) return EMPTY;
    return { accepted: stored.accepted as SessionId[], profiles: stored.profiles.map(fromStored) };
  } catch {
    // Unreadable (never written by this code): dropped; members' next messages bring it back.
    db.kv.delete(pendingKey(groupId));
    return EMPTY;
  }
}

function write(db: VeilDatabase, groupId: string, pending: PendingMemberWrites): void {
  if (pending.accepted.length === 0 && pending.profiles.length === 0) {
    db.kv.delete(pendingKey(groupId));
    return;
  }
  db.kv.set(pendingKey(groupId), {
    accepted: pending.accepted.slice(-MAX_ENTRIES),
    profiles: pending.profiles.slice(-MAX_ENTRIES).map(toStored),
  });
}

/** Adds what a poll saw (call it in the poll's transaction). Returns whether anything is pending. */
export function addPending(
  db: VeilDatabase,
  groupId: string,
  accepted: readonly SessionId[],
  profiles: readonly MemberProfile[],
): boolean {
  const before = readPending(db, groupId);
  if (accepted.length === 0 && profiles.length === 0)
    return before.accepted.length > 0 || before.profiles.length > 0;
  write(db, groupId, {
    accepted: [...new Set([...before.accepted, ...accepted])],
    profiles: newestByMember([...before.profiles, ...profiles]),
  });
  return true;
}

/**
 * Removes what was written (call it in the transaction that saves the Members dump): a profile
 * newer than the one written, or a member added meanwhile by another poll, stays pending.
 */
export function settlePending(db: VeilDatabase, groupId: string, done: PendingMemberWrites): void {
  const now = readPending(db, groupId);
  const doneAccepted = new Set(done.accepted);
  const doneAt = new Map(done.profiles.map((p) => [p.member, p.sentAt]));
  write(db, groupId, {
    accepted: now.accepted.filter((m) => !doneAccepted.has(m)),
    profiles: now.profiles.filter((p) => p.sentAt > (doneAt.get(p.member) ?? -1)),
  });
}

export function forgetPending(db: VeilDatabase, groupId: string): void {
  db.kv.delete(pendingKey(groupId));
}

/** Whether something is left to write for this group (at start, after a crash or an offline end). */
export function hasPending(db: VeilDatabase, groupId: string): boolean {
  const p = readPending(db, groupId);
  return p.accepted.length > 0 || p.profiles.length > 0;
}
