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
 *
 * This class is the orchestration; the parts are: a poll's merge, apply and full collect
 * (remote-merge.ts), one collect of local changes (local-flush.ts), when to push
 * (push-schedule.ts), one push round (push.ts), UserProfile `M` (profile-settings.ts).
 */
import { z } from 'zod';
import type { Identity, SessionId } from '../../crypto/keys';
import { isSessionId } from '../../crypto/session-id';
import type { VeilDatabase } from '../db';
import type { DomainBus } from '../domain/bus';
import type { NamespaceRoute, NetworkClient, Poller, RoutedBatch } from '../network';
import type { AccountStatus } from '../account/account-service';
import type { GlueContext } from './apply';
import { CONFIG_NAMES, hasDumps, loadConfigs, saveDumps, type UserConfigs } from './configs';
import { reconcileName, type NameAccount } from './profile-name';
import { LocalChanges } from './local-changes';
import { subscribeConfigReactions } from './bus-reactions';
import { ExpiryBump } from './expiry-bump';
import { flushChanges } from './local-flush';
import type { CommunityRequestsSetting } from './profile-settings';
import { PushSchedule } from './push-schedule';
import {
  applyMerged,
  beforeMerge,
  collectAll,
  CONFIG_NAMESPACES,
  mergeBatch,
  type ConfigBatch,
} from './remote-merge';
import type { ConfigBase } from '../../swarm/config';

export { CONFIG_NAMESPACES, type ConfigBatch } from './remote-merge';

const OBSOLETE_KEY = 'config-sync.obsolete';

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
  readonly communityRequests?: CommunityRequestsSetting;
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
  private readonly push: PushSchedule;
  private savedObsolete: string | undefined;
  private closed = false;
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
    for (const id of db.conversations.conversationIds())
      // Contacts only: a community DM (blinded ID) is no config entry.
      if (id !== o.identity.sessionId && isSessionId(id)) this.known.add(id);
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
    this.push = new PushSchedule({
      network: o.network,
      identity: o.identity,
      configs: this.configs,
      obsolete: this.obsolete,
      debounceMs: o.pushDebounceMs,
      counters: this.counters,
      closed: () => this.closed,
      initialDone: () => this.initialDone,
      flushLocalChanges: () => {
        this.flushLocalChanges();
      },
      persist: () => {
        this.persist();
      },
      log: o.log,
    });
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
    const ctx = this.ctx();
    const { initialDone } = this;
    const readRooms = flushChanges(ctx, this.configs, taken, {
      initialDone,
      communityRequests: this.o.communityRequests,
      log: this.o.log,
    });
    if (initialDone) this.syncName();
    this.persist();
    this.announce(ctx);
    this.announceRooms(readRooms);
    this.push.schedule();
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
      this.push.schedule();
      return;
    }
    const before = beforeMerge(this.configs);
    this.counters.merged += mergeBatch(this.configs, batch);
    this.persist();
    const ctx = this.ctx();
    const readRooms = applyMerged(ctx, this.configs, before, this.o.bus, this.o.communityRequests);
    this.initialDone = true;
    this.syncName();
    this.o.bus.emit({ type: 'config.merged', ownPicture: this.configs.profile.profilePic ?? null });
    collectAll(ctx, this.configs, this.o.communityRequests, this.o.log);
    this.persist();
    this.announce(ctx);
    this.announceRooms(readRooms);
    this.push.schedule();
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

  /** Pushes now (one round at a time); resolves when this round is over. */
  pushNow(): Promise<void> {
    return this.push.pushNow();
  }

  /** Nothing waits to be pushed or deleted (tests, CLI). */
  idle(): boolean {
    this.flushLocalChanges();
    return this.initialDone && !this.push.busy() && !this.push.pending();
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
    this.push.cancel();
    this.persist();
    this.closed = true;
    this.unsubscribe();
    return Promise.resolve();
  }
}
