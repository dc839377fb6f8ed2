/**
 * The host's side of the core's worker thread (issue #15: the core off the UI thread). It
 * starts the worker, forwards calls and events, and when the worker dies it says so to the
 * window (`core.restarted`), answers the calls that were in flight with `unavailable`, and
 * starts a new one: the database (WAL) and the outbox keep what was accepted.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import { fail, type IpcResult } from '../../shared/ipc/result';
import { isEventName } from '../../shared/ipc/event-names';
import type { CoreHandle, CoreListener } from '../core/core-handle';
import type { NetworkConfig } from '../core/core-options';
import type { SafeStorageLike } from '../keys/protection';
import { reduceIdleCollections } from './idle-gc';
import { newAnswerBuffer } from './keychain-channel';
import { keychainHandover, postHandover, serveKeychain } from './keychain-host';
import { workerBatchSchema, workerToHostSchema, type HostToWorker, type WorkerInit } from './thread-messages';

export interface WorkerCoreOptions {
  readonly profileDir: string;
  readonly host: 'electron' | 'browser';
  readonly network: string;
  /** As the core's, without `clock` (a function cannot cross threads). */
  readonly networkConfig?: Omit<NetworkConfig, 'clock'>;
  readonly sendFailAfterMs?: number;
  readonly safeStorage?: SafeStorageLike;
  readonly openExternal?: (url: string) => Promise<void> | void;
  readonly log?: (line: string) => void;
  /** More restarts than this within a minute: the core stays down (a crash loop helps nobody). */
  readonly maxRestartsPerMinute?: number;
}

/** The built worker sits beside the built main (vite.electron.config.ts); sources need tsx. */
function workerEntry(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('./tsx-entry.mjs', import.meta.url)
    : new URL('./core-worker.mjs', import.meta.url);
}

/**
 * The core thread's young generation, capped: V8 sizes it for a whole machine's memory, and
 * reading a long conversation through (every page a burst of short-lived rows and views) grew
 * it to its largest and kept those pages. Measured with the bench's app process and a profile
 * of 10 000 messages read through `messages.page` (no network): its RSS after reading was
 * 160–165 MB uncapped, 137–149 MB at 8 MB, for the same CPU (830–900 ms) either way.
 */
const CORE_YOUNG_GENERATION_MB = 8;

interface Pending {
  readonly resolve: (r: IpcResult<unknown>) => void;
}

export class WorkerCore implements CoreHandle {
  readonly profileDir: string;
  private worker: Worker | undefined;
  private readonly listeners = new Set<CoreListener>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closing = false;
  private restarts: number[] = [];
  /** Set once the first core has opened: calls go straight to the worker from then on. */
  private open = false;
  /**
   * Settles when the first core has opened (or could not). Calls made before wait for it, so a
   * host can serve its window while the core opens (issue #15: cold start).
   */
  readonly opened: Promise<void>;

  private constructor(private readonly options: WorkerCoreOptions) {
    this.profileDir = options.profileDir;
    this.opened = this.spawn().then(() => {
      this.open = true;
    });
    // Whoever needs the outcome awaits `opened`; an unobserved failure must not end the process.
    this.opened.catch(() => undefined);
  }

  /**
   * Starts the worker and returns at once: the core opens in the background (its modules, the
   * database) while the host starts its window; calls wait for the open. A core that cannot open
   * answers every call `unavailable`, and `opened` rejects with why.
   */
  static launch(options: WorkerCoreOptions): WorkerCore {
    return new WorkerCore(options);
  }

  /** Starts the worker and resolves once its core is open (rejects if it cannot open). */
  static async start(options: WorkerCoreOptions): Promise<WorkerCore> {
    const core = WorkerCore.launch(options);
    await core.opened;
    return core;
  }

  /**
   * Posts received from the core's threads and the messages they carried (one post per turn of
   * the core's event loop, turn-batch.ts), for diagnostics and tests.
   */
  readonly received = { posts: 0, items: 0 };

  /** The running worker's thread id, for diagnostics and tests. */
  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  dispatch(name: unknown, args: unknown): Promise<IpcResult<unknown>> {
    if (!this.open && !this.closing)
      return this.opened.then(
        () => this.dispatch(name, args),
        () => fail('unavailable', 'the core could not open'),
      );
    const worker = this.worker;
    if (!worker || this.closing) return Promise.resolve(fail('unavailable', 'the core is not running'));
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      this.post(worker, { kind: 'invoke', id, name, args });
    });
  }

  /**
   * Said to the first core only, even while it opens: a core started again after a crash has a
   * window that asked long ago.
   */
  expectWindow(): void {
    if (this.open || this.closing || !this.worker) return;
    this.post(this.worker, { kind: 'expect-window' });
  }

  subscribe(listener: CoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    this.post(worker, { kind: 'close' });
    // A clean close lets the core finish its writes; a stuck one is ended after a while.
    const timer = setTimeout(() => void worker.terminate(), 15_000);
    await exited;
    clearTimeout(timer);
    this.worker = undefined;
  }

  /**
   * Ends the worker at once, as a crash would (nothing is flushed but what SQLite committed);
   * a new one takes over. For the fault tests and a future "restart the engine" action.
   */
  async kill(): Promise<void> {
    await this.worker?.terminate();
  }

  private post(worker: Worker, message: HostToWorker): void {
    worker.postMessage(message);
  }

  private emit(name: string, payload: unknown): void {
    if (!isEventName(name)) return;
    for (const l of this.listeners) {
      try {
        l(name, payload);
      } catch {
        // One broken subscriber must not stop the others.
      }
    }
  }

  private spawn(): Promise<void> {
    const { safeStorage, openExternal, log, networkConfig, sendFailAfterMs } = this.options;
    const transfer: MessageChannel[] = [];
    let workerData: WorkerInit = {
      profileDir: this.options.profileDir,
      host: this.options.host,
      network: this.options.network,
      ...(networkConfig
        ? { networkConfig: { ...networkConfig, seedUrls: [...networkConfig.seedUrls] } }
        : {}),
      ...(sendFailAfterMs !== undefined ? { sendFailAfterMs } : {}),
    };
    if (safeStorage) {
      const channel = new MessageChannel();
      const buffer = newAnswerBuffer();
      serveKeychain(safeStorage, { buffer, port: channel.port1 }, log);
      channel.port1.unref();
      transfer.push(channel);
      workerData = { ...workerData, keychain: { buffer, port: channel.port2 } };
      // The key is read and unwrapped after this turn, not in it: the window the host creates
      // meanwhile does not wait for the keychain, and the worker needs the key only once its
      // modules have loaded (it waits for the handover before opening the core).
      setImmediate(() => {
        try {
          postHandover(channel.port1, keychainHandover(safeStorage, this.options.profileDir));
        } catch (error) {
          // Only a worker already gone closes the port; its exit is handled below.
          log?.(`core worker: keychain handover failed: ${error instanceof Error ? error.name : 'error'}`);
        }
      });
    }
    reduceIdleCollections();
    const worker = new Worker(workerEntry(), {
      workerData,
      resourceLimits: { maxYoungGenerationSizeMb: CORE_YOUNG_GENERATION_MB },
      transferList: transfer.map((c) => c.port2),
    });
    this.worker = worker;
    return new Promise((resolve, reject) => {
      let ready = false;
      const handle = (raw: unknown): void => {
        const msg = workerToHostSchema.safeParse(raw);
        if (!msg.success) {
          log?.('core worker: malformed message ignored');
          return;
        }
        const m = msg.data;
        switch (m.kind) {
          case 'ready':
            ready = true;
            resolve();
            return;
          case 'open-failed':
            reject(new Error(m.message));
            return;
          case 'result':
            this.pending.get(m.id)?.resolve(m.result as IpcResult<unknown>);
            this.pending.delete(m.id);
            return;
          case 'event':
            this.emit(m.name, m.payload);
            return;
          case 'log':
            log?.(m.line);
            return;
          case 'open-external':
            if (/^https?:\/\//.test(m.url)) void openExternal?.(m.url);
            return;
          case 'closed':
            return;
        }
      };
      worker.on('message', (raw: unknown) => {
        const batch = workerBatchSchema.safeParse(raw);
        if (!batch.success) {
          log?.('core worker: malformed message ignored');
          return;
        }
        this.received.posts++;
        this.received.items += batch.data.length;
        for (const item of batch.data) handle(item);
      });
      worker.on('error', (error) => {
        log?.(`core worker failed: ${error.message}`);
        if (!ready) reject(error);
      });
      worker.on('exit', (code) => {
        if (this.worker === worker) this.worker = undefined;
        for (const p of this.pending.values()) p.resolve(fail('unavailable', 'the core stopped; try again'));
        this.pending.clear();
        if (!ready) {
          reject(new Error(`the core stopped while opening (exit ${code})`));
          return;
        }
        if (!this.closing) void this.restart(code);
      });
    });
  }

  private async restart(code: number): Promise<void> {
    const now = Date.now();
    this.restarts = [...this.restarts.filter((t) => now - t < 60_000), now];
    const limit = this.options.maxRestartsPerMinute ?? 3;
    this.options.log?.(`core worker stopped (exit ${code}); restarting`);
    if (this.restarts.length > limit) {
      this.emit('core.restarted', { restarted: false });
      return;
    }
    try {
      await this.spawn();
    } catch (error) {
      this.options.log?.(
        `core worker could not restart: ${error instanceof Error ? error.message : 'error'}`,
      );
      this.emit('core.restarted', { restarted: false });
      return;
    }
    this.emit('core.restarted', { restarted: true });
    // The window's view came from the old core: tell it what the new one has (a password-
    // protected account is locked again, the network starts over).
    for (const [call, event] of [
      ['account.status', 'account.changed'],
      ['network.status', 'network.changed'],
      ['conversations.list', 'conversations.changed'],
    ] as const) {
      const r = await this.dispatch(call, {});
      if (r.ok) this.emit(event, r.value);
    }
  }
}
