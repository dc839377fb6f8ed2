/**
 * A group's mute in UserGroups `g` (libsession `user_groups.hpp` `base_group_info`, written by
 * `set_base`): `@` the notification mode — 1 all, 2 disabled (Veil's "always"), 3 mentions only,
 * 0 or absent the default — and `!` the end of a timed mute in unix seconds. Unlike a contact's
 * (mute.ts), a group's "mentions only" is stored as such.
 * - collect: the group conversation's mute and "mentions only" here → `@`/`!` (an explicit "all"
 *   written by another client stays while nothing is muted here);
 * - apply: only the entries whose `@`/`!` a merge changed (another device muted or unmuted the
 *   group), so that a group muted here before this sync existed is never unmuted by an entry that
 *   simply never had the fields. `@` = 2 leaves "mentions only" as it is here.
 */
import type { SessionId } from '../../crypto/keys';
import type { UserGroups } from '../../swarm/config';
import { isGroupId } from '../../swarm/groups/identity';
import { MUTED_FOREVER } from '../../shared/notifications';
import type { VeilDatabase } from '../db';
import type { MuteRecord } from '../db/mute';
import { sameMute } from './mute';

const ALL = 1;
const DISABLED = 2;
const MENTIONS_ONLY = 3;

/** `@` and `!` of every group entry, by group ID (the state before a merge). */
export function groupMuteSnapshot(groups: UserGroups): Map<string, string> {
  return new Map(groups.groups().map((g) => [g.id, `${g.notifications}/${g.muteUntil}`]));
}

/** Veil's mute of a group conversation as `@`, `!` at `nowMs`. */
export function groupMuteToConfig(
  m: MuteRecord,
  existing: number,
  nowMs: number,
): { readonly notifications: number; readonly muteUntil: number } {
  const forever = m.mutedUntil === MUTED_FOREVER;
  const notifications = forever ? DISABLED : m.mentionsOnly ? MENTIONS_ONLY : existing === ALL ? ALL : 0;
  const until = m.mutedUntil;
  const timed = until !== null && !forever && until > nowMs;
  return { notifications, muteUntil: timed ? Math.ceil(until / 1000) : 0 };
}

/** Veil's mute for a group entry's `@`, `!` at `nowMs` (a past `!` is no mute). */
export function groupMuteFromConfig(
  e: { readonly notifications: number; readonly muteUntil: number },
  current: MuteRecord,
  nowMs: number,
): MuteRecord {
  if (e.notifications === DISABLED) return { mutedUntil: MUTED_FOREVER, mentionsOnly: current.mentionsOnly };
  return {
    mutedUntil: e.muteUntil * 1000 > nowMs ? e.muteUntil * 1000 : null,
    mentionsOnly: e.notifications === MENTIONS_ONLY,
  };
}

/** Database → config for the groups named in `only` (or every group with a conversation). */
export function collectGroupMutes(
  db: VeilDatabase,
  groups: UserGroups,
  only: Iterable<string> | undefined,
  nowMs: number,
): void {
  const wanted = only === undefined ? undefined : new Set<string>(only);
  for (const e of groups.groups()) {
    if (wanted !== undefined && !wanted.has(e.id)) continue;
    const id = e.id as SessionId;
    if (db.conversations.getConversation(id) === undefined) continue;
    const { notifications, muteUntil } = groupMuteToConfig(db.mute.get(id), e.notifications, nowMs);
    groups.setGroupNotifications(e.id, notifications, muteUntil);
  }
}

/** Config → database for the entries a merge changed; returns the conversations changed. */
export function applyGroupMutes(
  db: VeilDatabase,
  groups: UserGroups,
  before: ReadonlyMap<string, string>,
  nowMs: number,
): SessionId[] {
  const changed: SessionId[] = [];
  for (const e of groups.groups()) {
    if (!isGroupId(e.id) || before.get(e.id) === `${e.notifications}/${e.muteUntil}`) continue;
    const id = e.id as string as SessionId;
    if (db.conversations.getConversation(id) === undefined) continue;
    const current = db.mute.get(id);
    const next = groupMuteFromConfig(e, current, nowMs);
    let moved = false;
    if (!sameMute(current.mutedUntil, next.mutedUntil, nowMs))
      moved = db.mute.setMutedUntil(id, next.mutedUntil);
    if (current.mentionsOnly !== next.mentionsOnly)
      moved = db.mute.setMentionsOnly(id, next.mentionsOnly) || moved;
    if (moved) changed.push(id);
  }
  return changed;
}
