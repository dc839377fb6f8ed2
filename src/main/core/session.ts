import { join } from 'node:path';
import type { AccountService } from '../account/account-service';
import { wipe } from '../keys/master-key';
import { openDatabase, type VeilDatabase } from '../db';
import { DATABASE_FILE } from '../db/rekey-file';
import type { DomainBus } from '../domain/bus';
import type { ProfilePicture } from '../domain/events';
import { MessagingService } from '../messaging/messaging-service';
import { DEFAULT_RETRY } from '../messaging/backoff';
import type { MessageTransport, MessagingSettings } from '../messaging/deps';
import {
  deleteMessages,
  expireMessages,
  ownSwarm,
  Poller,
  storeToInbox,
  type AccountKeys,
  type LastHashStore,
  type NetworkClient,
} from '../network';
import { NetworkError } from '../network/errors';
import { ConfigSync } from '../config-sync';
import { Namespace } from '../../swarm/namespaces';
import { AttachmentService } from '../attachments/attachment-service';
import type { FileServerSource } from '../files/file-server-source';
import { isMessageId } from '../db';
import { CommunityService } from '../communities/community-service';
import { GroupService } from '../groups/group-service';
import { nameInviter } from '../groups/invitations';
import { rememberingOwnStores } from './own-copies';

export interface SessionOptions {
  readonly profileDir: string;
  readonly account: AccountService;
  readonly bus: DomainBus;
  readonly network: NetworkClient | undefined;
  /** Our profile picture for outgoing messages (the core's avatar service). */
  readonly ownPicture?: () => ProfilePicture | undefined;
  readonly settings: () => MessagingSettings;
  /** Sets "message requests from communities" (another device's choice, UserProfile `M`). */
  readonly setCommunityMessageRequests?: (value: boolean) => void;
  readonly pollIntervalMs?: number;
  /** How long a tried message may wait for a swarm's acceptance before "failed" (tests shorten it). */
  readonly sendFailAfterMs?: number;
  readonly log: (line: string) => void;
  /** Where attachments are uploaded and downloaded (none: files cannot be sent or fetched). */
  readonly fileServer?: FileServerSource;
  readonly attachmentTtlSeconds?: number;
  /** What our swarm's, the groups' and the rooms' polls await before handling what they fetched (core/first-screen.ts). */
  readonly beforeHandling?: () => Promise<void> | undefined;
}

/** The swarm-facing transport of the messaging service, or an honest "offline" without a network. */
function transportOf(network: NetworkClient | undefined, account: () => AccountKeys): MessageTransport {
  if (!network) {
    return {
      now: () => Date.now(),
      localNow: () => Date.now(),
      store: () => Promise.reject(new NetworkError('offline', 'no network is configured')),
    };
  }
  return {
    now: () => network.networkNow(),
    localNow: () => Date.now(),
    store: async (recipient, data, ttlMs) => ({
      hash: (await storeToInbox(network, { recipient, data, ...(ttlMs !== undefined ? { ttlMs } : {}) }))
        .hash,
    }),
    deleteOwn: async (hashes) => {
      await deleteMessages(network, account(), hashes);
    },
    expire: async (hashes, expiryMs) => {
      await expireMessages(network, { account: account(), hashes, expiryMs, mode: 'shorten' });
    },
  };
}

/** Polling positions survive restarts: nothing is fetched (or shown) twice. */
function lastHashesIn(db: VeilDatabase): LastHashStore {
  const split = (key: string): [string, string, number] | undefined => {
    const [snode, pubkey, ns] = key.split(':');
    return snode && pubkey && ns !== undefined ? [snode, pubkey, Number(ns)] : undefined;
  };
  return {
    load: (key) => {
      const k = split(key);
      return k ? db.seen.lastHash(...k)?.hash : undefined;
    },
    save: (key, hash) => {
      const k = split(key);
      if (k) db.seen.setLastHash(...k, { hash, expiresAt: null }, Date.now());
    },
  };
}

/**
 * What exists while the account is unlocked: the encrypted database, the messaging service,
 * config sync and the one poller of our own swarm, which routes namespace 0 to messaging and
 * the config namespaces to config sync. Closing stops them and closes the database.
 */
export class ProfileSession {
  readonly db: VeilDatabase;
  readonly messaging: MessagingService;
  /** Files of messages: staged, uploaded before sending, downloaded, kept encrypted. */
  readonly attachments: AttachmentService;
  /** Profile, contacts and read state shared with the account's other devices. */
  readonly configSync: ConfigSync;
  /** Joined communities: one poller per server, posts, community DMs. */
  readonly communities: CommunityService;
  /** Private groups v2: one poller per group swarm, invitations, group messages. */
  readonly groups: GroupService;
  private readonly poller: Poller | undefined;

  constructor(o: SessionOptions) {
    const key = o.account.databaseKey();
    try {
      this.db = openDatabase(join(o.profileDir, DATABASE_FILE), key);
    } finally {
      wipe(key);
    }
    this.attachments = new AttachmentService({
      profileDir: o.profileDir,
      db: this.db,
      bus: o.bus,
      network: o.network,
      fileServer: o.fileServer ?? (() => Promise.resolve(undefined)),
      log: o.log,
      failMessage: (id, reason) => {
        if (!isMessageId(id) || !this.db.outbox.markFailed(id, reason)) return;
        const m = this.db.messages.getMessage(id);
        if (m) o.bus.emit({ type: 'messages.changed', conversationId: m.conversationId, ids: [m.id] });
      },
      ...(o.attachmentTtlSeconds !== undefined ? { uploadTtlSeconds: o.attachmentTtlSeconds } : {}),
    });
    this.messaging = new MessagingService(
      {
        db: this.db,
        identity: () => o.account.identity(),
        displayName: () => o.account.displayName(),
        transport: rememberingOwnStores(
          transportOf(o.network, () => {
            const identity = o.account.identity();
            return { sessionId: identity.sessionId, ed25519SecretKey: identity.ed25519SecretKey };
          }),
          () => o.account.identity().sessionId,
          () => this.poller,
        ),
        bus: o.bus,
        settings: o.settings,
        ...(o.ownPicture ? { ownPicture: o.ownPicture } : {}),
        log: o.log,
        attachments: this.attachments,
        groupUpdate: (sender, sentAt, update, now, senderName) => {
          this.groups.receiveUpdate(sender, sentAt, update, now);
          if (senderName !== null) nameInviter(this.db, sender, senderName);
        },
        // A group is a conversation: its messages leave through the outbox into its swarm.
        groupStore: (groupId, content, sentAt) => this.groups.storeMessage(groupId, content, sentAt),
        groupRequests: {
          accept: (groupId) => this.groups.accept(groupId),
          decline: (groupId) => {
            this.groups.decline(groupId);
          },
        },
      },
      o.sendFailAfterMs !== undefined ? { ...DEFAULT_RETRY, failAfterMs: o.sendFailAfterMs } : DEFAULT_RETRY,
    );
    if (o.network) {
      const identity = o.account.identity();
      this.poller = new Poller({
        client: o.network,
        owner: ownSwarm({ sessionId: identity.sessionId, ed25519SecretKey: identity.ed25519SecretKey }),
        ...(o.pollIntervalMs !== undefined ? { intervalMs: o.pollIntervalMs } : {}),
        lastHashes: lastHashesIn(this.db),
        ...(o.beforeHandling ? { beforeHandling: o.beforeHandling } : {}),
        log: o.log,
      });
      // Registered first: messages are handled before the configs of the same poll.
      this.poller.register({
        name: 'messages',
        namespaces: [Namespace.Default],
        handle: async (batch) => {
          if (batch.messages.length > 0) await this.messaging.receive(batch.messages);
        },
      });
    }
    this.communities = new CommunityService({
      db: this.db,
      bus: o.bus,
      network: o.network,
      identity: () => o.account.identity(),
      displayName: () => o.account.displayName() ?? undefined,
      dmsEnabled: () => o.settings().communityMessageRequests !== false,
      // A fast swarm poll (the CLI's, tests') speeds communities up too; the app keeps desktop's 10 s.
      ...(o.pollIntervalMs !== undefined ? { pollIntervalMs: Math.max(o.pollIntervalMs, 1000) } : {}),
      ...(o.beforeHandling ? { beforeHandling: o.beforeHandling } : {}),
      log: o.log,
    });
    this.groups = new GroupService({
      db: this.db,
      bus: o.bus,
      network: o.network,
      identity: () => o.account.identity(),
      displayName: () => o.account.displayName(),
      queueControl: (recipient, kind, build) => this.messaging.queueTimedControl(recipient, kind, build),
      kickOutbox: () => {
        this.messaging.kickOutbox();
      },
      messages: {
        receive: (groupId, items) => this.messaging.receiveGroup(groupId, items),
        announce: (changes) => {
          this.messaging.announce(changes);
        },
      },
      lastHashes: lastHashesIn(this.db),
      ...(o.beforeHandling ? { beforeHandling: o.beforeHandling } : {}),
      ...(o.pollIntervalMs !== undefined
        ? { pollIntervalMs: o.pollIntervalMs, removalRetryMs: Math.max(2 * o.pollIntervalMs, 1000) }
        : {}),
      ...(o.fileServer ? { fileServer: o.fileServer } : {}),
      ...(o.ownPicture ? { ownPicture: o.ownPicture } : {}),
      log: o.log,
    });
    this.configSync = new ConfigSync({
      db: this.db,
      identity: o.account.identity(),
      account: {
        displayName: () => o.account.displayName(),
        setDisplayName: (name) => void o.account.setDisplayName(name),
        status: () => o.account.status(),
      },
      bus: o.bus,
      network: o.network,
      poller: this.poller,
      communityRequests: {
        get: () => o.settings().communityMessageRequests !== false,
        set: (value) => o.setCommunityMessageRequests?.(value),
      },
      log: o.log,
    });
  }

  start(): void {
    this.attachments.start();
    this.messaging.start();
    this.poller?.start();
    this.communities.start();
    this.groups.start();
  }

  /**
   * One poll of our own swarm, after the one running if any; handled once it resolves. For a
   * command that needs what may be waiting there (an invitation to a group it was just told of)
   * before it can answer; without a network, nothing.
   */
  async pollOwnSwarm(): Promise<void> {
    await this.poller?.poll();
  }

  async close(): Promise<void> {
    // The poller first: a cycle in progress finishes handing its messages over (a stopped
    // messaging service would skip them while the poller marked them handled).
    await this.poller?.stop();
    await this.communities.stop();
    await this.groups.stop();
    this.messaging.stop();
    await this.attachments.stop();
    await this.configSync.close();
    this.db.close();
  }
}
