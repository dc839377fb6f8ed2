/** Why a group we were in ended (removed by an admin, deleted for everyone): kept for the windows. */
import { z } from 'zod';
import type { VeilDatabase } from '../db';

export type GroupEnd = 'removed' | 'destroyed';

const endedKey = (id: string) => `groups.ended.${id}`;
const zEnded = z.enum(['removed', 'destroyed']);

export function endedOf(db: VeilDatabase, groupId: string): GroupEnd | null {
  return db.kv.get(endedKey(groupId), zEnded) ?? null;
}

/** Call inside the transaction that also marks the group left. */
export function markEnded(db: VeilDatabase, groupId: string, why: GroupEnd): void {
  db.kv.set(endedKey(groupId), why);
}

/** Invited again: the group is no longer one we were removed from (libsession `mark_invited`). */
export function clearEnded(db: VeilDatabase, groupId: string): void {
  db.kv.delete(endedKey(groupId));
  db.kv.delete(dueKey(groupId));
}

/*
 * The end of a group learnt from config sync (UserGroups `r` = 1/2 written by another device of
 * ours, or read by a restored computer) has its timeline notice stored by the groups service,
 * which knows who we are and whose conversation it is: config sync leaves it due, in the same
 * transaction that ends the group, and the service stores it (group-timeline.ts).
 */
const dueKey = (id: string) => `groups.ended-notice.${id}`;
const zDue = z.object({ why: zEnded, at: z.number().int().nonnegative() });
export type DueEndNotice = z.infer<typeof zDue>;

/** Call inside the transaction that marks the group ended. */
export function markEndNoticeDue(db: VeilDatabase, groupId: string, why: GroupEnd, at: number): void {
  db.kv.set(dueKey(groupId), { why, at });
}

export function dueEndNotice(db: VeilDatabase, groupId: string): DueEndNotice | null {
  return db.kv.get(dueKey(groupId), zDue) ?? null;
}

export function clearEndNoticeDue(db: VeilDatabase, groupId: string): void {
  db.kv.delete(dueKey(groupId));
}
