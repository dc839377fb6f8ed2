/**
 * The local changes of one collect (local-changes.ts), both ways for the conversations and rooms
 * they name: the configs' read state applied here first (a read mark of another device is not
 * overwritten by an older one of ours), then, once the first poll was applied, this device's
 * state collected into each config kind.
 */
import { collectCommunities } from '../communities/config-glue';
import { collectGroups } from '../groups/groups-glue';
import { applyReadState, type GlueContext } from './apply';
import { collectChanged, collectConversations } from './collect';
import { applyCommunityReadState, collectCommunityReadState } from './community-read-state';
import type { UserConfigs } from './configs';
import { collectGroupMutes } from './group-mute';
import { applyCommunityDmReadState, collectCommunityDmReadState } from './community-dm-read-state';
import { applyGroupReadState, collectGroupReadState, groupIdsIn } from './group-read-state';
import type { PendingChanges } from './local-changes';
import { collectProfileSettings, type CommunityRequestsSetting } from './profile-settings';

export interface LocalFlushOptions {
  /** False before the first answered poll of a device without dumps: nothing is collected. */
  readonly initialDone: boolean;
  readonly communityRequests: CommunityRequestsSetting | undefined;
  readonly log: (line: string) => void;
}

/** Returns the rooms whose read mark the apply moved (to announce). */
export function flushChanges(
  ctx: GlueContext,
  configs: UserConfigs,
  taken: PendingChanges,
  o: LocalFlushOptions,
): number[] {
  const { ids } = taken;
  const { db } = ctx;
  applyReadState(ctx, configs.volatile, ids);
  applyGroupReadState(ctx, configs.volatile, ids);
  applyCommunityDmReadState(ctx, configs.volatile, ids);
  const readRooms = applyCommunityReadState(db, configs.volatile, taken.rooms);
  if (o.initialDone) {
    collectGroupReadState(ctx, configs.volatile, ids);
    collectCommunityDmReadState(ctx, configs.volatile, ids);
    collectCommunityReadState(
      db,
      configs.volatile,
      taken.rooms,
      taken.communities || taken.rooms === undefined,
    );
    if (ids === undefined) collectConversations(ctx, configs, o.log);
    else collectChanged(ctx, configs, ids, o.log);
    if (taken.communities || ids === undefined) collectCommunities(db, configs.groups);
    if (taken.groups || ids === undefined) collectGroups(db, configs.groups);
    // A group's mute (UserGroups `@`/`!`): only when a group's conversation is named.
    const groupIds = ids === undefined || taken.groups ? undefined : groupIdsIn(ids);
    if (groupIds === undefined || groupIds.length > 0)
      collectGroupMutes(db, configs.groups, groupIds, ctx.now);
    if (taken.profileSettings || ids === undefined)
      collectProfileSettings(configs.profile, o.communityRequests);
  }
  return readRooms;
}
