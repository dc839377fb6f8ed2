import { join } from 'node:path';
import { APP_NAME, APP_VERSION } from '../version';
import { DATABASE_FILE, rekeyDatabaseFile } from '../db/rekey-file';
import { sodiumReady } from '../../crypto/sodium';
import { AccountService } from '../account/account-service';
import type { SafeStorageLike } from '../keys/protection';
import { accountHandlers } from './account-handlers';
import { attachmentHandlers } from './attachment-handlers';
import { avatarHandlers } from './avatar-handlers';
import { fileServerSourceOf, type FileServerSource } from '../files/file-server-source';
import { lockHandlers } from './lock-handlers';
import { messagingHandlers } from './messaging-handlers';
import { configSyncHandlers } from '../config-sync';
import type { NetworkStatus } from '../../shared/ipc/network';
import { createDispatcher, type Dispatcher, type Handlers } from '../ipc/dispatcher';
import { NetworkClient } from '../network';
import { EventHub } from './events';
import { ensureProfileDir } from './profile';
import { ProfileSession } from './session';
import { SettingsStore } from './settings-store';
import type { CoreHandle, CoreListener } from './core-handle';
import type { IpcResult } from '../../shared/ipc/result';

/** Where the core finds the Session network (none: offline, as in unit tests). */
export interface NetworkConfig {
  readonly seedUrls: readonly string[];
  /** Local devnet rules (no /24 rule, smaller consensus). */
  readonly localDevnet?: boolean;
  /** Use the bundled snode snapshot when no seed answers (mainnet). */
  readonly mainnetFallback?: boolean;
  /** Polling cadence of our swarm (Session: 5 s; tests and benchmarks: ~100 ms). */
  readonly pollIntervalMs?: number;
  /** The file server behind the onion (avatars): mainnet's, or a devnet's `{url, x25519, ed25519}`. */
  readonly fileServer?: { readonly url: string; readonly x25519: string; readonly ed25519: string };
  /** Without `fileServer`: ask the seeds for it (a shared devnet's seed names its own). */
  readonly fileServerFromSeed?: boolean;
  /** This computer's clock (tests skew it; network time corrects it from the nodes' `t`). */
  readonly clock?: () => number;
}

export interface CoreOptions {
  readonly profileDir: string;
  readonly host: 'electron' | 'browser';
  /** `devnet`, `mainnet` or a seed URL; shown in the app. */
  readonly network: string;
  /** How to reach that network; without it the core stays offline. */
  readonly networkConfig?: NetworkConfig;
  /** Opens an http(s) link in the system browser. */
  readonly openExternal?: (url: string) => Promise<void> | void;
  readonly log?: (line: string) => void;
  /** Electron's safeStorage (the OS keychain); absent in the browser host and the CLI. */
  readonly safeStorage?: SafeStorageLike;
  /** A tried message not accepted this long after is "failed" (default 60 s; tests shorten it). */
  readonly sendFailAfterMs?: number;
  /** `X-FS-TTL` of attachment uploads (tests make files expire); the server's default otherwise. */
  readonly attachmentTtlSeconds?: number;
}

const OFFLINE: Omit<NetworkStatus, 'network'> = {
  state: 'offline',
  poolSize: 0,
  paths: [],
  progress: null,
  clockOffsetMs: 0,
  clockProblem: false,
  reason: 'not-started',
};

/**
 * The application core shared by the Electron main process, the browser host and the
 * command line. It owns the profile and answers the IPC contract; hosts only carry bytes.
 * While the account is unlocked, a ProfileSession holds the database and messaging.
 */
export class VeilCore implements CoreHandle {
  readonly events = new EventHub();
  readonly dispatcher: Dispatcher;
  readonly profileDir: string;
  readonly account: AccountService;
  readonly network: NetworkClient | undefined;
  private readonly settings: SettingsStore;
  /** The network's file server (avatars and attachments share the one source). */
  private readonly fileServer: FileServerSource;
  private session: ProfileSession | undefined;
  private closed = false;

  /** Loads libsodium, opens the profile, starts the network and, if unlocked, the session. */
  static async open(options: CoreOptions): Promise<VeilCore> {
    await sodiumReady();
    const core = new VeilCore(options);
    if (core.network) void core.network.start();
    core.ensureSession();
    return core;
  }

  private constructor(private readonly options: CoreOptions) {
    this.profileDir = ensureProfileDir(options.profileDir);
    this.settings = new SettingsStore(this.profileDir);
    this.account = new AccountService(this.profileDir, {
      ...(options.safeStorage ? { safeStorage: options.safeStorage } : {}),
      // A change of protection re-keys the database through the session's open connection (a
      // second connection would leave the first one reading with a stale key).
      rekeyDatabase: (from, to) => {
        if (this.session) this.session.db.rekey(to);
        else rekeyDatabaseFile(join(this.profileDir, DATABASE_FILE), from, to);
      },
    });
    const config = options.networkConfig;
    this.fileServer = fileServerSourceOf(config, (line) => {
      this.log(line);
    });
    if (config) {
      this.network = new NetworkClient({
        network: options.network,
        seedUrls: config.seedUrls,
        ...(config.localDevnet !== undefined ? { localDevnet: config.localDevnet } : {}),
        ...(config.mainnetFallback !== undefined ? { mainnetFallback: config.mainnetFallback } : {}),
        ...(config.clock !== undefined ? { now: config.clock } : {}),
      });
      this.network.onStatus((status) => {
        this.events.emit('network.changed', status);
      });
    }
    // Creating, restoring or unlocking the account opens the session.
    this.events.subscribe((name, payload) => {
      if (name === 'account.changed' && (payload as { state?: string }).state === 'ready')
        this.ensureSession();
    });
    this.dispatcher = createDispatcher(this.handlers(), {
      onInternalError: (name, error) => {
        this.log(`ipc ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    });
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  dispatch(name: unknown, args: unknown): Promise<IpcResult<unknown>> {
    return this.dispatcher.dispatch(name, args);
  }

  subscribe(listener: CoreListener): () => void {
    return this.events.subscribe(listener);
  }

  /** The messaging service of the unlocked account, if any. */
  messaging() {
    return this.session?.messaging;
  }

  /** Opens the database and messaging once the account is ready; idempotent. */
  ensureSession(): ProfileSession | undefined {
    if (this.session) return this.session;
    // After close, nothing (a late timer, a last IPC call) may open the database again: a second
    // session would run an outbox on a stopped network, failing the queued messages.
    if (this.closed) return undefined;
    if (this.account.status().state !== 'ready') return undefined;
    const session = new ProfileSession({
      profileDir: this.profileDir,
      account: this.account,
      events: this.events,
      network: this.network,
      settings: () => this.settings.get(),
      fileServer: this.fileServer,
      ...(this.options.attachmentTtlSeconds !== undefined
        ? { attachmentTtlSeconds: this.options.attachmentTtlSeconds }
        : {}),
      ...(this.options.networkConfig?.pollIntervalMs !== undefined
        ? { pollIntervalMs: this.options.networkConfig.pollIntervalMs }
        : {}),
      ...(this.options.sendFailAfterMs !== undefined
        ? { sendFailAfterMs: this.options.sendFailAfterMs }
        : {}),
      log: (line) => {
        this.log(line);
      },
    });
    this.session = session;
    session.start();
    return session;
  }

  private handlers(): Handlers {
    return {
      'app.info': () => ({
        name: APP_NAME,
        version: APP_VERSION,
        host: this.options.host,
        platform: process.platform,
        network: this.options.network,
      }),
      'settings.get': () => this.settings.get(),
      'settings.update': (patch) => {
        const next = this.settings.update(patch);
        this.events.emit('settings.changed', next);
        return next;
      },
      'shell.openExternal': async ({ url }) => {
        await this.options.openExternal?.(url);
        return null;
      },
      'network.status': () => this.network?.status() ?? { ...OFFLINE, network: this.options.network },
      ...accountHandlers(this.account, this.events),
      ...messagingHandlers(() => this.session?.messaging),
      ...configSyncHandlers(this.network),
      ...lockHandlers(this, this.options.log),
      ...avatarHandlers(this, this.options.networkConfig, this.options.log, this.fileServer),
      ...attachmentHandlers(() => this.session?.attachments),
    };
  }

  /**
   * Stops messaging and the network, closes the database and wipes keys held in memory; unlocking
   * opens them again.
   */
  async lock(): Promise<void> {
    await this.session?.close();
    this.session = undefined;
    await this.network?.stop();
    this.account.lock();
  }

  /** As lock(), for good (quit): nothing opens the profile again in this process. */
  async close(): Promise<void> {
    this.closed = true;
    await this.lock();
  }

  isClosed(): boolean {
    return this.closed;
  }
}
