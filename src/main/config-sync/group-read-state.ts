/**
 * Groups' read state in ConvoInfoVolatile `g` (issue #18 item 4; sync-groups-communities.md §1;
 * libsession `convo_info_volatile.hpp`: `g` → {33-byte `03…` group ID → {`r` last read, ms;
 * `u` marked unread}}), by the rules in entry-read-state.ts; a read applied from another device
 * starts the group's after-read timers here.
 */
import type { SessionId } from '../../crypto/keys';
import { isGroupId } from '../../swarm/groups/identity';
import type { ConvoInfoVolatile } from '../../swarm/config';
import type { GlueContext } from './apply';
import { applyEntryReadState, collectEntryReadState, idsOfKind, type EntryKind } from './entry-read-state';

const GROUPS: EntryKind = {
  kind: 'group',
  isId: (id) => isGroupId(id),
  isRow: (row) => isGroupId(row.id),
  afterRead: (ctx, id) => {
    ctx.db.disappearing.startAfterRead(id, ctx.now);
  },
};

/** The group conversations named in `ids` (a local change mixes people and groups). */
export function groupIdsIn(ids: Iterable<string>): SessionId[] {
  return idsOfKind(GROUPS, ids);
}

/** Database → config, for the groups named, or every group conversation. */
export function collectGroupReadState(
  ctx: GlueContext,
  volatile: ConvoInfoVolatile,
  only?: Iterable<string>,
): void {
  collectEntryReadState(GROUPS, ctx, volatile, only);
}

/** Config → database: what another device of ours read in a group is read here. */
export function applyGroupReadState(
  ctx: GlueContext,
  volatile: ConvoInfoVolatile,
  only?: Iterable<string>,
): boolean {
  return applyEntryReadState(GROUPS, ctx, volatile, only);
}
