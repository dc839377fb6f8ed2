/**
 * The embedded devnet of `npm start`, the browser host and the CLI's `--network devnet`, run as a
 * process of its own: its twelve nodes' TLS, SQLite and onion work never competes with the
 * app's core for one event loop, and the app imports none of its code (lint holds src/main to
 * that outside src/main/cli). The child prints one ready line (ready-line.ts) and stops on
 * SIGTERM, or by itself when our end of its stdin closes — also when we die without stopping it,
 * so that no orphan keeps the profile's devnet data and ports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { devnetCommand, type DevnetCommand } from './entry-point';
import { parseReadyLine, type DevnetReady } from './ready-line';

export interface EmbeddedDevnet extends DevnetReady {
  /** Stops the devnet process (its data stays in `dataDir`); safe to call twice. */
  stop(): Promise<void>;
}

export interface SpawnDevnetOptions {
  /** The devnet's persistent folder (the profile's `devnet/`). */
  readonly dataDir: string;
  readonly nodes?: number;
  /** The devnet's stderr, line by line (otherwise only the last lines, in errors). */
  readonly log?: (line: string) => void;
  /** How long a first start may take (it makes keys and certificates for every node). */
  readonly readyTimeoutMs?: number;
  /** How long `stop` waits for a clean exit before SIGKILL. */
  readonly stopTimeoutMs?: number;
  /** Replaces the tsx command line (tests). */
  readonly command?: DevnetCommand;
}

const STDERR_TAIL = 20;

export async function spawnDevnet(opts: SpawnDevnetOptions): Promise<EmbeddedDevnet> {
  const cliArgs = ['--data', opts.dataDir, '--exit-with-stdin'];
  if (opts.nodes !== undefined) cliArgs.push('--nodes', String(opts.nodes));
  const command = opts.command ?? devnetCommand(cliArgs);
  const child = spawn(command.executable, [...command.args], {
    cwd: command.cwd,
    // Electron runs the child as plain Node; plain Node ignores the variable.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    tail.push(line);
    if (tail.length > STDERR_TAIL) tail.shift();
    opts.log?.(`devnet: ${line}`);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  let ready: DevnetReady;
  try {
    ready = await waitForReady(child, opts.readyTimeoutMs ?? 120_000, tail);
  } catch (e) {
    await stopChild(child, exited, opts.stopTimeoutMs ?? 10_000);
    throw e;
  }
  let stopping: Promise<void> | undefined;
  child.once('exit', (code, signal) => {
    // A devnet that dies under a running app shows up only as network errors: say why here.
    // (Ctrl+C reaches it too, and it then exits cleanly with 0: nothing to report.)
    if (!stopping && (code !== 0 || signal !== null))
      opts.log?.(`devnet: the devnet process ended (${signal ?? `code ${code ?? '?'}`})`);
  });
  return {
    ...ready,
    stop: () => (stopping ??= stopChild(child, exited, opts.stopTimeoutMs ?? 10_000)),
  };
}

function waitForReady(
  child: ChildProcess,
  timeoutMs: number,
  stderrTail: readonly string[],
): Promise<DevnetReady> {
  const stdout = child.stdout;
  if (!stdout) return Promise.reject(new Error('the devnet process has no stdout'));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: stdout });
    const finish = (error: Error | undefined, value?: DevnetReady): void => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('error', onError);
      lines.close();
      if (error) reject(error);
      else if (value) resolve(value);
    };
    const why = (): string => (stderrTail.length > 0 ? `: ${stderrTail.join(' | ')}` : '');
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      finish(new Error(`the devnet exited before it was ready (${signal ?? `code ${code ?? '?'}`})${why()}`));
    };
    const onError = (e: Error): void => {
      finish(new Error(`the devnet could not be started: ${e.message}`));
    };
    const timer = setTimeout(() => {
      finish(new Error(`the devnet was not ready within ${Math.round(timeoutMs / 1000)} s${why()}`));
    }, timeoutMs);
    child.once('exit', onExit);
    child.once('error', onError);
    lines.on('line', (line) => {
      const ready = parseReadyLine(line);
      if (ready) finish(undefined, ready);
    });
  });
}

async function stopChild(child: ChildProcess, exited: Promise<void>, timeoutMs: number): Promise<void> {
  // No pid: spawning failed ('error'), there is nothing to stop and no 'exit' will come.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => {
      resolve(true);
    }, timeoutMs);
  });
  const late = await Promise.race([exited.then(() => false), timedOut]);
  clearTimeout(timer);
  if (late) {
    // A devnet stuck in its shutdown must not keep the app from quitting.
    child.kill('SIGKILL');
    await exited;
  }
}
