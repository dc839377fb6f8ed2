/**
 * One poll's config messages: merged into the config objects, the merged state applied to this
 * device (each config kind: contacts, note to self, communities, groups and their mutes, read
 * state, profile settings), and everything here collected back into the configs.
 */
import type { IncomingConfig } from '../../swarm/config';
import { applyCommunities, collectCommunities, configRoomKeys } from '../communities/config-glue';
import type { DomainBus } from '../domain/bus';
import { applyGroups, collectGroups, configGroupIds } from '../groups/groups-glue';
import { applyContacts, applyNoteToSelf, applyReadState, type GlueContext } from './apply';
import { collectConversations } from './collect';
import { applyCommunityReadState, collectCommunityReadState } from './community-read-state';
import { configByNamespace, type UserConfigs } from './configs';
import { applyGroupMutes, collectGroupMutes, groupMuteSnapshot } from './group-mute';
import { applyCommunityDmReadState, collectCommunityDmReadState } from './community-dm-read-state';
import { applyGroupReadState, collectGroupReadState } from './group-read-state';
import {
  applyProfileSettings,
  collectProfileSettings,
  type CommunityRequestsSetting,
} from './profile-settings';

/** Desktop's order for our own config namespaces (UserProfile, Contacts, UserGroups, ConvoInfoVolatile). */
export const CONFIG_NAMESPACES: readonly number[] = [2, 3, 5, 4];

/** One poll's config messages by namespace. */
export type ConfigBatch = Map<number, IncomingConfig[]>;

/** What the apply compares with after the merge: entries gone are deleted here. */
export interface BeforeMerge {
  readonly contacts: ReadonlySet<string>;
  readonly rooms: Set<string>;
  readonly groups: Set<string>;
  readonly mutes: Map<string, string>;
}

export function beforeMerge(configs: UserConfigs): BeforeMerge {
  return {
    contacts: new Set(configs.contacts.all().map((c) => c.sessionId)),
    rooms: configRoomKeys(configs.groups),
    groups: configGroupIds(configs.groups),
    mutes: groupMuteSnapshot(configs.groups),
  };
}

/** Merges the batch into the configs; returns how many messages were merged. */
export function mergeBatch(configs: UserConfigs, batch: ConfigBatch): number {
  let merged = 0;
  for (const ns of CONFIG_NAMESPACES) {
    const items = batch.get(ns) ?? [];
    if (items.length > 0) merged += configByNamespace(configs, ns)?.merge(items).length ?? 0;
  }
  return merged;
}

/**
 * The merged configs → this device. Rooms and groups it changed are announced here; the
 * conversations it wrote to are in `ctx.touched`. Returns the rooms whose read mark moved.
 */
export function applyMerged(
  ctx: GlueContext,
  configs: UserConfigs,
  before: BeforeMerge,
  bus: DomainBus,
  communityRequests: CommunityRequestsSetting | undefined,
): number[] {
  const { db } = ctx;
  const after = new Set(configs.contacts.all().map((c) => c.sessionId));
  const removed = [...before.contacts].filter((id) => !after.has(id));
  applyContacts(ctx, configs.contacts, removed);
  applyNoteToSelf(ctx, configs.profile.noteToSelfPriority);
  const rooms = applyCommunities(db, configs.groups, before.rooms, ctx.now);
  if (rooms.length > 0) bus.emit({ type: 'communities.changed', roomIds: rooms, source: 'config-sync' });
  const groups = applyGroups(db, configs.groups, before.groups, Date.now());
  if (groups.length > 0) bus.emit({ type: 'groups.changed', groupIds: groups, source: 'config-sync' });
  for (const id of applyGroupMutes(db, configs.groups, before.mutes, ctx.now)) ctx.touched?.add(id);
  applyReadState(ctx, configs.volatile);
  applyGroupReadState(ctx, configs.volatile);
  applyCommunityDmReadState(ctx, configs.volatile);
  const readRooms = applyCommunityReadState(db, configs.volatile, undefined);
  applyProfileSettings(configs.profile, communityRequests);
  return readRooms;
}

/** This device → every config kind, in full (after a merge). */
export function collectAll(
  ctx: GlueContext,
  configs: UserConfigs,
  communityRequests: CommunityRequestsSetting | undefined,
  log: (line: string) => void,
): void {
  const { db } = ctx;
  collectConversations(ctx, configs, log);
  collectGroupReadState(ctx, configs.volatile);
  collectCommunityDmReadState(ctx, configs.volatile);
  collectCommunities(db, configs.groups);
  collectCommunityReadState(db, configs.volatile, undefined, true);
  collectGroups(db, configs.groups);
  collectGroupMutes(db, configs.groups, undefined, ctx.now);
  collectProfileSettings(configs.profile, communityRequests);
}
