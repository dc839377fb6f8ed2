/** Parent side of a bench child process: typed commands, pushes, and a guaranteed stop. */
import { fork, type ChildProcess } from 'node:child_process';
import { epochNow, isPush, isReply, type CommandMap, type HostReady } from './protocol';

const live = new Set<Child<CommandMap>>();

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

export class Child<C extends CommandMap> {
  readonly spawnedAt: number;
  /** Resolves with the child's `ready` push (if it sends one), rejects if it dies first. */
  readonly ready: Promise<unknown>;
  /** Resolves with the child's `host` push (its browser host serves), rejects if it dies first. */
  readonly host: Promise<HostReady>;
  private readonly proc: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private readonly seenListeners = new Set<(body: string, at: number) => void>();
  private nextId = 1;
  private exited = false;
  private readonly exit: Promise<void>;

  constructor(
    readonly name: string,
    script: string,
    env: Readonly<Record<string, string>> = {},
  ) {
    this.spawnedAt = epochNow();
    // VEIL_BENCH_CPU_PROF=<dir>: every child writes a V8 CPU profile there (to find hot spots).
    const profDir = process.env.VEIL_BENCH_CPU_PROF;
    this.proc = fork(script, [], {
      env: { ...process.env, ...env },
      execArgv: profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    live.add(this);
    let readyResolve: (v: unknown) => void = () => undefined;
    let readyReject: (e: Error) => void = () => undefined;
    this.ready = new Promise((resolve, reject) => {
      readyResolve = resolve;
      readyReject = reject;
    });
    this.ready.catch(() => undefined);
    let hostResolve: (v: HostReady) => void = () => undefined;
    this.host = new Promise<HostReady>((resolve, reject) => {
      hostResolve = resolve;
      // Dies or fails before its host serves: the same error as `ready`.
      this.ready.catch(reject);
    });
    this.host.catch(() => undefined);
    this.exit = new Promise((resolve) => {
      this.proc.once('exit', (code, signal) => {
        this.exited = true;
        live.delete(this);
        const error = new Error(`${name} exited (${signal ?? code ?? '?'})`);
        readyReject(error);
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
        resolve();
      });
    });
    this.proc.on('message', (m: unknown) => {
      if (isReply(m)) {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.ok) p?.resolve(m.value);
        else p?.reject(new Error(`${name}: ${m.error}`));
      } else if (isPush(m)) {
        if (m.push === 'ready') readyResolve(m.value);
        else if (m.push === 'host') hostResolve(m.value);
        else if (m.push === 'fatal') readyReject(new Error(`${name}: ${m.error}`));
        else for (const l of this.seenListeners) l(m.body, m.at);
      }
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  onSeen(listener: (body: string, at: number) => void): () => void {
    this.seenListeners.add(listener);
    return () => this.seenListeners.delete(listener);
  }

  call<K extends keyof C & string>(cmd: K, args: C[K]['args'], timeoutMs = 120_000): Promise<C[K]['result']> {
    if (this.exited) return Promise.reject(new Error(`${this.name} has exited`));
    const id = this.nextId++;
    return new Promise<C[K]['result']>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: ${cmd} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.proc.send({ id, cmd, args });
    });
  }

  /** Disconnects (the child closes its core and exits), then kills it if it lingers. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.exited) return;
    if (this.proc.connected) this.proc.disconnect();
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await this.exit;
    clearTimeout(timer);
  }
}

/** Stops every child still running (on the way out, whatever happened). */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...live].map((c) => c.stop(5_000)));
}

/** Last resort on a hard exit: no child may outlive the bench. */
export function killAllChildrenNow(): void {
  for (const c of live) {
    const pid = c.pid;
    if (pid !== undefined) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
}
