import { join } from 'node:path';
import { APP_NAME, APP_VERSION } from '../version';
import { DATABASE_FILE, rekeyDatabaseFile } from '../db/rekey-file';
import { sodiumReady } from '../../crypto/sodium';
import { AccountService } from '../account/account-service';
import { accountHandlers } from './account-handlers';
import { attachmentHandlers } from './attachment-handlers';
import { avatarHandlers, createAvatars } from './avatar-handlers';
import { fileServerSourceOf, type FileServerSource } from '../files/file-server-source';
import type { AvatarService } from '../files/avatar-service';
import { DomainBus } from '../domain/bus';
import { projectToIpc } from '../ipc/event-projection';
import { muteHandlers, type MuteSession } from '../notifications/mute-handlers';
import { startNotifier } from '../notifications/notifier';
import type { CoreOptions } from './core-options';
import { lockHandlers } from './lock-handlers';
import { messagingHandlers } from './messaging-handlers';
import { onsHandlers } from './ons-handlers';
import { communityHandlers } from './community-handlers';
import { groupHandlers, groupSummaries } from './group-handlers';
import { initialStateHandler } from './initial-state';
import { FirstScreenGate } from './first-screen';
import { configSyncHandlers } from '../config-sync';
import type { NetworkStatus } from '../../shared/ipc/network';
import { createDispatcher, type Dispatcher, type Handlers } from '../ipc/dispatcher';
import { NetworkClient } from '../network';
import { HttpTransport } from '../network/https-transport';
import { ProxySettings } from './proxy-settings';
import { EventHub } from './events';
import { PortabilityService } from '../portability/service';
import { portabilityHandlers } from '../portability/handlers';
import { ensureProfileDir } from './profile';
import { PageConversion } from './page-conversion';
import { ProfileSession } from './session';
import { SettingsStore } from './settings-store';
import type { CoreHandle, CoreListener } from './core-handle';
import type { IpcResult } from '../../shared/ipc/result';

export type { CoreOptions, NetworkConfig } from './core-options';

/**
 * How long a window's first question may hold the first polls' handling (first-screen.ts): a
 * window asks within a few hundred ms of the core's open; one that never does (a page that
 * failed to load) delays the first messages by this much at most.
 */
const FIRST_SCREEN_BOUND_MS = 1_500;

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
  /** The core's domain bus: what happened, by ids (src/main/domain/events.ts). */
  readonly domain: DomainBus;
  /** The windows' events: only the IPC projection of the domain bus emits here. */
  readonly events = new EventHub();
  readonly avatars: AvatarService;
  readonly dispatcher: Dispatcher;
  readonly profileDir: string;
  readonly account: AccountService;
  readonly network: NetworkClient | undefined;
  /**
   * The one HTTP(S) transport of this core: every connection it makes goes through it (and so
   * through the proxy when one is set). Features that talk to servers (community servers…) take
   * `http.post`, never node:http(s) directly.
   */
  readonly http: HttpTransport;
  private readonly proxy: ProxySettings;
  private readonly settings: SettingsStore;
  /** Encrypted export and import of the whole profile (src/main/portability). */
  private readonly portability: PortabilityService;
  /** The network's file server (avatars and attachments share the one source). */
  private readonly fileServer: FileServerSource;
  private session: ProfileSession | undefined;
  private readonly conversion: PageConversion;
  /** Holds the first polls' handling until a window's first state is answered (first-screen.ts). */
  private readonly firstScreen = new FirstScreenGate();
  private closed = false;

  /** Loads libsodium, opens the profile, starts the network and, if unlocked, the session. */
  /**
   * `beforeStart` runs on the new core before the network and the session start: a listener it
   * subscribes hears everything, the first poll's events included.
   */
  static async open(options: CoreOptions, beforeStart?: (core: VeilCore) => void): Promise<VeilCore> {
    await sodiumReady();
    const core = new VeilCore(options);
    beforeStart?.(core);
    if (core.network) void core.network.start();
    try {
      // An older profile's one-time conversion, before the session opens it (page-conversion.ts).
      if (core.account.status().state === 'ready') await core.conversion.run(() => core.ensureSession());
      core.ensureSession();
    } catch (error) {
      // A session that cannot start (the database held by another process past the busy
      // timeout) leaves nothing running: its network and pollers kept a CLI process alive for
      // good after it had printed the error.
      await core.close().catch(() => undefined);
      throw error;
    }
    return core;
  }

  private constructor(private readonly options: CoreOptions) {
    this.domain = new DomainBus((error, event) => {
      this.log(`${event.type} subscriber failed: ${error instanceof Error ? error.message : String(error)}`);
    });
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
    this.portability = new PortabilityService({
      profileDir: this.profileDir,
      account: this.account,
      bus: this.domain,
      ...(options.safeStorage ? { safeStorage: options.safeStorage } : {}),
      // The imported settings and account replace the empty profile's: announce both.
      imported: () => {
        this.domain.emit({ type: 'settings.changed', settings: this.settings.reload() });
        this.domain.emit({ type: 'account.changed', status: this.account.status(), source: 'local' });
      },
      log: (line) => {
        this.log(line);
      },
    });
    const config = options.networkConfig;
    this.http = new HttpTransport();
    // Before any connection: a chosen proxy is in force from the first one.
    this.proxy = new ProxySettings({
      profileDir: this.profileDir,
      http: this.http,
      override: config?.proxy,
      db: () => (this.session ? this.session.db : undefined),
    });
    this.fileServer = fileServerSourceOf(
      config,
      (line) => {
        this.log(line);
      },
      this.http.post,
    );
    if (config) {
      this.network = new NetworkClient({
        http: this.http,
        network: options.network,
        seedUrls: config.seedUrls,
        ...(config.localDevnet !== undefined ? { localDevnet: config.localDevnet } : {}),
        ...(config.mainnetFallback !== undefined ? { mainnetFallback: config.mainnetFallback } : {}),
        ...(config.clock !== undefined ? { now: config.clock } : {}),
      });
      this.network.onStatus((status) => {
        this.domain.emit({ type: 'network.changed', status });
      });
    }
    this.conversion = new PageConversion({
      profileDir: this.profileDir,
      key: () => this.account.databaseKey(),
      progress: (percent) => {
        this.domain.emit({ type: 'database.optimising', percent });
      },
      log: (line) => {
        this.log(line);
      },
    });
    // Creating, restoring or unlocking the account opens the session (after an older profile's
    // conversion, which opens it when done).
    this.domain.on('account.changed', (e) => {
      if (e.status.state !== 'ready') return;
      if (!this.conversion.start(() => this.ensureSession())) this.ensureSession();
    });
    this.avatars = createAvatars({
      profileDir: this.profileDir,
      bus: this.domain,
      network: this.network,
      // Never opens a session for a locked account (ensureSession checks), reuses the open one.
      session: () => this.ensureSession(),
      ownId: () => this.account.identity().sessionId,
      databaseKey: () => this.account.databaseKey(),
      isClosed: () => this.closed,
      config: options.networkConfig,
      fileServer: this.fileServer,
      ...(options.log ? { log: options.log } : {}),
    });
    this.dispatcher = createDispatcher(this.handlers(), {
      onInternalError: (name, error) => {
        this.log(`ipc ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    });
    // Whether new messages notify, and with what: decided here, shown by the host.
    startNotifier({
      bus: this.domain,
      views: () => this.openMessaging(),
      level: () => this.settings.get().notifications,
      unlocked: () => this.account.status().state === 'ready',
      ownId: () => {
        const s = this.account.status();
        return s.state === 'ready' ? s.sessionId : undefined;
      },
    });
    // Last: the core's own reactions (a session opened on unlock, the idle
    // lock's countdown) come before the windows hear.
    projectToIpc(
      this.domain,
      this.events,
      () => {
        // A stopped service may have a closed database behind it: nothing is read from it.
        const messaging = this.session?.messaging;
        return messaging && !messaging.isStopped() ? messaging : undefined;
      },
      () => {
        const messaging = this.session?.messaging;
        return messaging && !messaging.isStopped() ? this.session?.communities : undefined;
      },
      () => {
        const groups = this.openMessaging() ? this.session?.groups : undefined;
        return groups ? { groups: () => groupSummaries(groups) } : undefined;
      },
    );
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

  /** A window will ask for its first state; `boundMs`: how long it may hold the first polls' handling. */
  expectWindow(boundMs = FIRST_SCREEN_BOUND_MS): void {
    this.firstScreen.expect(boundMs);
  }

  /** The messaging service while it runs (a stopped one may have a closed database behind it). */
  private openMessaging() {
    const messaging = this.session?.messaging;
    return messaging && !messaging.isStopped() ? messaging : undefined;
  }

  private muteSession(): MuteSession | undefined {
    const session = this.session;
    const messaging = this.openMessaging();
    if (!session || !messaging) return undefined;
    return {
      db: session.db,
      conversation: (id) => messaging.listConversations().find((c) => c.id === id),
    };
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
    // The conversion has the file to itself; it opens the session when it is over.
    if (this.conversion.running) return undefined;
    const session = new ProfileSession({
      profileDir: this.profileDir,
      account: this.account,
      bus: this.domain,
      network: this.network,
      settings: () => this.settings.get(),
      // UserProfile `M` from another device of ours (config sync) sets the toggle here.
      setCommunityMessageRequests: (value) => {
        const next = this.settings.update({ communityMessageRequests: value });
        this.domain.emit({ type: 'settings.changed', settings: next });
      },
      fileServer: this.fileServer,
      ...(this.options.attachmentTtlSeconds !== undefined
        ? { attachmentTtlSeconds: this.options.attachmentTtlSeconds }
        : {}),
      ownPicture: () => this.avatars.ownPicture(),
      ...(this.options.networkConfig?.pollIntervalMs !== undefined
        ? { pollIntervalMs: this.options.networkConfig.pollIntervalMs }
        : {}),
      ...(this.options.sendFailAfterMs !== undefined
        ? { sendFailAfterMs: this.options.sendFailAfterMs }
        : {}),
      beforeHandling: () => this.firstScreen.wait(),
      log: (line) => {
        this.log(line);
      },
    });
    this.session = session;
    // The proxy's password (in the database) is known now.
    this.proxy.apply();
    session.start();
    return session;
  }

  private handlers(): Handlers {
    const handlers: Omit<Handlers, 'app.initialState'> = {
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
        this.domain.emit({ type: 'settings.changed', settings: next });
        return next;
      },
      'shell.openExternal': async ({ url }) => {
        await this.options.openExternal?.(url);
        return null;
      },
      'network.status': () => this.network?.status() ?? { ...OFFLINE, network: this.options.network },
      'proxy.get': () => this.proxy.view(),
      'proxy.set': (args) => this.proxy.set(args),
      ...accountHandlers(this.account, this.domain, () => this.conversion.settled()),
      ...messagingHandlers(
        () => this.session?.messaging,
        () => this.session?.communities.threads,
      ),
      ...onsHandlers(() => this.network),
      ...configSyncHandlers(this.network),
      ...lockHandlers(this, this.options.log, this.options.idleLockMinuteMs),
      ...muteHandlers(() => this.muteSession(), this.domain),
      ...avatarHandlers(this.avatars, () => this.ensureSession()),
      ...attachmentHandlers(() => this.session?.attachments),
      ...portabilityHandlers(this.portability),
      ...communityHandlers(() => this.session?.communities),
      ...groupHandlers(() => (this.openMessaging() ? this.session?.groups : undefined)),
    };
    const initialState = initialStateHandler(handlers);
    return {
      ...handlers,
      'app.initialState': async () => {
        try {
          return await initialState();
        } finally {
          this.firstScreen.markServed();
        }
      },
    };
  }

  /**
   * Stops messaging and the network, closes the database and wipes keys held in memory; unlocking
   * opens them again.
   */
  async lock(): Promise<void> {
    // A poll held for a window's first state would hold the poller's stop.
    this.firstScreen.open();
    await this.session?.close();
    this.session = undefined;
    await this.network?.stop();
    this.account.lock();
    // A proxy password left with the database: connections wait for the next unlock.
    this.proxy.apply();
    if (this.closed) this.http.close();
  }

  /** As lock(), for good (quit): nothing opens the profile again in this process. */
  async close(): Promise<void> {
    this.closed = true;
    this.portability.close();
    await this.lock();
  }

  isClosed(): boolean {
    return this.closed;
  }
}
