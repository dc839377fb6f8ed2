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
}
