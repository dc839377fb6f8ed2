/**
 * Config sync of one unlocked account (issue 8 items 2–4; sync-groups-communities.md §1):
 * handles our own swarm's config namespaces (2, 3, 5, 4) — routed to it by the swarm's one
 * poller (network/poller.ts), which asks them in the same batch as the messages — merges what
 * comes into the config objects, dumps them to the encrypted database, and applies the result to the app (display
 * name, contacts, read state). Local changes — the domain bus's `conversations.changed`,
 * `contact.changed` and `account.changed`, whoever made them, naming the conversations that
 * changed — are collected into the configs (those conversations only, within 30 ms:
 * local-changes.ts), dumped, and pushed after a short debounce, retried with back-off until the
 * swarm has them. Which events count is bus-reactions.ts: never a message written or sent. What
 * config sync applies itself it announces with `source: 'config-sync'`, and ignores when it
 * comes back.
 *
 * Before the first answered poll, a device without dumps (a fresh restore) writes nothing into
 * the configs: it would otherwise push an almost empty message that competes with the real one.
 */
import { z } from 'zod';
import type { Identity, SessionId } from '../../crypto/keys';
import { isSessionId } from '../../crypto/session-id';
import type { ConfigBase, IncomingConfig } from '../../swarm/config';
import type { VeilDatabase } from '../db';
import type { DomainBus } from '../domain/bus';
import type { NamespaceRoute, NetworkClient, Poller, RoutedBatch } from '../network';
import { backoffDelay } from '../network/backoff';
import type { AccountStatus } from '../account/account-service';
import { applyContacts, applyNoteToSelf, applyReadState, type GlueContext } from './apply';
import { collectChanged, collectConversations } from './collect';
import {
  CONFIG_NAMES,
  configByNamespace,
  hasDumps,
  loadConfigs,
  saveDumps,
  type UserConfigs,
} from './configs';
import { reconcileName, type NameAccount } from './profile-name';
import { applyCommunities, collectCommunities, configRoomKeys } from '../communities/config-glue';
import { applyGroups, collectGroups, configGroupIds } from '../groups/groups-glue';
import { pushRound, swarmTransport } from './push';
import { LocalChanges } from './local-changes';
import { subscribeConfigReactions } from './bus-reactions';
import { ExpiryBump } from './expiry-bump';
import { applyGroupReadState, collectGroupReadState, groupIdsIn } from './group-read-state';
import { applyCommunityDmReadState, collectCommunityDmReadState } from './community-dm-read-state';
import { applyCommunityReadState, collectCommunityReadState } from './community-read-state';
import { applyGroupMutes, collectGroupMutes, groupMuteSnapshot } from './group-mute';

const OBSOLETE_KEY = 'config-sync.obsolete';
/** Desktop's order for our own config namespaces (UserProfile, Contacts, UserGroups, ConvoInfoVolatile). */
export const CONFIG_NAMESPACES: readonly number[] = [2, 3, 5, 4];

/** One poll's config messages by namespace. */
export type ConfigBatch = Map<number, IncomingConfig[]>;

export interface ConfigSyncOptions {
  readonly db: VeilDatabase;
  readonly identity: Identity;
  readonly account: NameAccount & { status(): AccountStatus };
  readonly bus: DomainBus;
  readonly network: NetworkClient | undefined;
  /** Our swarm's poller (with a network): config sync registers its namespaces on it. */
  readonly poller: Poller | undefined;
  readonly pushDebounceMs?: number;
  /**
   * "Message requests from communities", synced through UserProfile `M` as Session does
   * (absent = the client default, on).
   */
  readonly communityRequests?: { get(): boolean; set(value: boolean): void };
  readonly log: (line: string) => void;
}

export class ConfigSync {
  readonly configs: UserConfigs;
  private readonly known = new Set<SessionId>();
  private readonly obsolete: Set<string>;
  private initialDone: boolean;
  /** Changes made here, not yet collected into the configs. */
  private readonly changes = new LocalChanges(() => {
    this.flushLocalChanges();
  });
  private readonly expiryBump: ExpiryBump;
  private savedObsolete: string | undefined;
  private closed = false;
  private pushTimer: ReturnType<typeof setTimeout> | undefined;
  private pushing: Promise<void> | undefined;
  private failures = 0;
  private readonly route: NamespaceRoute | undefined;
  private readonly unregister: (() => void) | undefined;
  private readonly unsubscribe: () => void;
  /** Diagnostics and tests. */
  readonly counters = { polls: 0, pollErrors: 0, merged: 0, pushes: 0, pushErrors: 0 };

  constructor(private readonly o: ConfigSyncOptions) {
    const { db } = o;
    this.configs = loadConfigs(db.kv, o.identity.ed25519SecretKey, () => this.now(), o.log);
    this.obsolete = new Set(db.kv.get(OBSOLETE_KEY, z.array(z.string())) ?? []);
    this.savedObsolete = JSON.stringify([...this.obsolete]);
    this.initialDone = o.network === undefined || hasDumps(db.kv);
    for (const c of db.conversations.listConversations('all'))
      // Contacts only: a community DM (blinded ID) is no config entry.
      if (c.id !== o.identity.sessionId && isSessionId(c.id)) this.known.add(c.id);
    if (o.network && o.poller) {
      const route: NamespaceRoute = {
        name: 'config sync',
        namespaces: CONFIG_NAMESPACES,
        handle: (batch) => {
          this.polled(batch);
        },
      };
      this.route = route;
      this.unregister = o.poller.register(route);
    }
    this.expiryBump = new ExpiryBump(o.identity, o.log);
    this.unsubscribe = subscribeConfigReactions(o.bus, {
      changed: (ids, flag) => {
        if (!this.closed) this.changes.add(ids, flag);
      },
      rooms: (roomIds) => {
        if (!this.closed) this.changes.addRooms(roomIds);
      },
      communityRequestsDiffer: () =>
        o.communityRequests !== undefined &&
        this.configs.profile.blindedMessageRequests !== o.communityRequests.get(),
    });
  }

  private now(): number {
    return this.o.network?.networkNow() ?? Date.now();
  }

  private ctx(): GlueContext {
    return {
      db: this.o.db,
      ownId: this.o.identity.sessionId,
      now: this.now(),
      known: this.known,
      touched: new Set(),
    };
  }

  private persist(): void {
    if (this.closed) return;
    saveDumps(this.o.db.kv, this.configs);
    // Written only when it changed: persist runs after every collect.
    const obsolete = JSON.stringify([...this.obsolete]);
    if (obsolete === this.savedObsolete) return;
    this.o.db.kv.set(OBSOLETE_KEY, [...this.obsolete]);
    this.savedObsolete = obsolete;
  }

  private all(): ConfigBase[] {
    return CONFIG_NAMES.map((n) => this.configs[n]);
  }

  /**
   * Writes the local changes announced so far into the configs (those conversations only),
   * dumped now, pushed soon. Runs before a merge too, so that the merge weighs local edits
   * instead of the apply overwriting them with older remote state.
   */
  flushLocalChanges(): void {
    if (this.closed) {
      this.changes.cancel();
      return;
    }
    const taken = this.changes.take();
    if (!taken) return;
    const { ids } = taken;
    const ctx = this.ctx();
    applyReadState(ctx, this.configs.volatile, ids);
    applyGroupReadState(ctx, this.configs.volatile, ids);
    applyCommunityDmReadState(ctx, this.configs.volatile, ids);
    const readRooms = applyCommunityReadState(this.o.db, this.configs.volatile, taken.rooms);
    if (this.initialDone) {
      collectGroupReadState(ctx, this.configs.volatile, ids);
      collectCommunityDmReadState(ctx, this.configs.volatile, ids);
      collectCommunityReadState(
        this.o.db,
        this.configs.volatile,
        taken.rooms,
        taken.communities || taken.rooms === undefined,
      );
      if (ids === undefined) collectConversations(ctx, this.configs, this.o.log);
      else collectChanged(ctx, this.configs, ids, this.o.log);
      if (taken.communities || ids === undefined) collectCommunities(this.o.db, this.configs.groups);
      if (taken.groups || ids === undefined) collectGroups(this.o.db, this.configs.groups);
      // A group's mute (UserGroups `@`/`!`): only when a group's conversation is named.
      const groupIds = ids === undefined || taken.groups ? undefined : groupIdsIn(ids);
      if (groupIds === undefined || groupIds.length > 0)
        collectGroupMutes(this.o.db, this.configs.groups, groupIds, ctx.now);
      if (taken.profileSettings || ids === undefined) this.collectProfileSettings();
      this.syncName();
    }
    this.persist();
    this.announce(ctx);
    this.announceRooms(readRooms);
    this.schedulePush();
  }

  /** UserProfile `M` → the setting here, when another device set it (absent: ours stays). */
  private applyProfileSettings(): void {
    const c = this.o.communityRequests;
    const remote = this.configs.profile.blindedMessageRequests;
    if (c && remote !== undefined && remote !== c.get()) c.set(remote);
  }

  /** The setting here → UserProfile `M` (written always, as Session's desktop does). */
  private collectProfileSettings(): void {
    const c = this.o.communityRequests;
    if (c) this.configs.profile.setBlindedMessageRequests(c.get());
  }

  private syncName(): void {
    if (reconcileName(this.o.db.kv, this.configs.profile, this.o.account) === 'applied')
      this.o.bus.emit({ type: 'account.changed', status: this.o.account.status(), source: 'config-sync' });
  }

  /** The conversations an apply wrote to, announced as config sync's own change. */
  private announce(ctx: GlueContext): void {
    if (ctx.touched && ctx.touched.size > 0)
      this.o.bus.emit({ type: 'conversations.changed', ids: [...ctx.touched], source: 'config-sync' });
  }

  /** Rooms whose read mark an apply moved, announced as config sync's own change. */
  private announceRooms(roomIds: readonly number[]): void {
    if (roomIds.length > 0) this.o.bus.emit({ type: 'communities.changed', roomIds, source: 'config-sync' });
  }

  /** Merges one poll's messages and applies the merged state to the app. */
  handleBatch(batch: ConfigBatch): void {
    if (this.closed) return;
    this.flushLocalChanges();
    const incoming = CONFIG_NAMESPACES.reduce((n, ns) => n + (batch.get(ns)?.length ?? 0), 0);
    // A poll without config messages changes nothing here once the first one was applied: no
    // rescan per poll (local changes were collected when they were announced).
    if (incoming === 0 && this.initialDone) {
      this.schedulePush();
      return;
    }
    const before = new Set(this.configs.contacts.all().map((c) => c.sessionId));
    const roomsBefore = configRoomKeys(this.configs.groups);
    const groupsBefore = configGroupIds(this.configs.groups);
    const mutesBefore = groupMuteSnapshot(this.configs.groups);
    for (const ns of CONFIG_NAMESPACES) {
      const items = batch.get(ns) ?? [];
      if (items.length > 0)
        this.counters.merged += configByNamespace(this.configs, ns)?.merge(items).length ?? 0;
    }
    this.persist();
    const after = new Set(this.configs.contacts.all().map((c) => c.sessionId));
    const removed = [...before].filter((id) => !after.has(id));
    const ctx = this.ctx();
    applyContacts(ctx, this.configs.contacts, removed);
    applyNoteToSelf(ctx, this.configs.profile.noteToSelfPriority);
    const rooms = applyCommunities(this.o.db, this.configs.groups, roomsBefore, ctx.now);
    if (rooms.length > 0)
      this.o.bus.emit({ type: 'communities.changed', roomIds: rooms, source: 'config-sync' });
    const groups = applyGroups(this.o.db, this.configs.groups, groupsBefore, Date.now());
    if (groups.length > 0)
      this.o.bus.emit({ type: 'groups.changed', groupIds: groups, source: 'config-sync' });
    for (const id of applyGroupMutes(this.o.db, this.configs.groups, mutesBefore, ctx.now))
      ctx.touched?.add(id);
    applyReadState(ctx, this.configs.volatile);
    applyGroupReadState(ctx, this.configs.volatile);
    applyCommunityDmReadState(ctx, this.configs.volatile);
    const readRooms = applyCommunityReadState(this.o.db, this.configs.volatile, undefined);
    this.applyProfileSettings();
    this.initialDone = true;
    this.syncName();
    this.o.bus.emit({ type: 'config.merged', ownPicture: this.configs.profile.profilePic ?? null });
    collectConversations(ctx, this.configs, this.o.log);
    collectGroupReadState(ctx, this.configs.volatile);
    collectCommunityDmReadState(ctx, this.configs.volatile);
    collectCommunities(this.o.db, this.configs.groups);
    collectCommunityReadState(this.o.db, this.configs.volatile, undefined, true);
    collectGroups(this.o.db, this.configs.groups);
    collectGroupMutes(this.o.db, this.configs.groups, undefined, ctx.now);
    this.collectProfileSettings();
    this.persist();
    this.announce(ctx);
    this.announceRooms(readRooms);
    this.schedulePush();
  }

  /** What the poller brought: merged and applied; throwing leaves it to come again. */
  private polled(batch: RoutedBatch): void {
    if (this.closed) throw new Error('config sync is closed');
    this.counters.polls++;
    const byNamespace: ConfigBatch = new Map(CONFIG_NAMESPACES.map((ns) => [ns, []]));
    for (const m of batch.messages) byNamespace.get(m.namespace)?.push({ hash: m.hash, data: m.data });
    this.handleBatch(byNamespace);
    if (this.o.network) this.expiryBump.run(this.o.network, this.all(), this.now());
  }

  /** One poll of our swarm (all its namespaces); false when the config part was not handled. */
  async pollOnce(): Promise<boolean> {
    const { poller } = this.o;
    if (!poller || !this.route || this.closed) return false;
    const outcome = (await poller.poll()).outcomes.get(this.route);
    if (outcome === 'handled') return true;
    this.counters.pollErrors++;
    this.o.log(`config poll failed: ${outcome === 'failed' ? 'not applied' : 'no member answered'}`);
    return false;
  }

  private schedulePush(delayMs = this.o.pushDebounceMs ?? 500): void {
    if (this.closed || !this.o.network || !this.initialDone || this.pushTimer !== undefined) return;
    if (!this.all().some((c) => c.needsPush()) && this.obsolete.size === 0) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = undefined;
      void this.pushNow();
    }, delayMs);
    this.pushTimer.unref();
  }

  /** Pushes now (one round at a time); resolves when this round is over. */
  async pushNow(): Promise<void> {
    this.flushLocalChanges();
    const client = this.o.network;
    if (!client || this.closed || !this.initialDone) return;
    while (this.pushing) await this.pushing;
    const round = (async () => {
      this.counters.pushes++;
      const ok = await pushRound(this.configs, this.obsolete, {
        transport: swarmTransport(client, this.o.identity),
        alive: () => !this.closed,
        persist: () => {
          this.persist();
        },
        log: this.o.log,
      }).catch((error: unknown) => {
        this.o.log(`config push failed: ${error instanceof Error ? error.message : 'error'}`);
        return false;
      });
      if (ok) this.failures = 0;
      else {
        this.counters.pushErrors++;
        this.failures++;
      }
      this.pushing = undefined;
      this.schedulePush(ok ? undefined : backoffDelay(this.failures - 1, 1000, 60_000));
    })();
    this.pushing = round;
    await round;
  }

  /** Nothing waits to be pushed or deleted (tests, CLI). */
  idle(): boolean {
    this.flushLocalChanges();
    return (
      this.initialDone &&
      this.pushing === undefined &&
      this.obsolete.size === 0 &&
      !this.all().some((c) => c.needsPush())
    );
  }

  /** Polls once and pushes what is pending (the CLI's one-shot sync). */
  async syncOnce(): Promise<boolean> {
    const ok = await this.pollOnce();
    if (ok) await this.pushNow();
    return ok;
  }

  /** Stops taking polls and pushes; a promise still, for the callers that await the old loop. */
  close(): Promise<void> {
    this.flushLocalChanges();
    this.unregister?.();
    clearTimeout(this.pushTimer);
    this.pushTimer = undefined;
    this.persist();
    this.closed = true;
    this.unsubscribe();
    return Promise.resolve();
  }
}
