import type { CliIo } from '../../src/main/cli/context';
import { registerAccountCommands } from '../../src/main/cli/account-commands';
import { registerIdCommands, type CliGlobals } from '../../src/main/cli/id-commands';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index';
import type { SessionId } from '../../src/crypto/keys';
import { buildProgram, reportFailure, runCli } from '../../src/main/cli/main';
import { en } from '../../src/shared/i18n/en';
import type { Catalog } from '../../src/shared/i18n';
import { tempDir } from '../helpers/temp-dir';

export interface CliRun {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

/** An io that records what a command printed, saying `words` (English unless a test asks otherwise). */
export function fakeIo(
  stdin = '',
  words: Catalog = en,
): CliIo & { out: (l: string) => void; lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    lines,
    errors,
    out: (line) => lines.push(line),
    err: (line) => errors.push(line),
    readStdin: () => Promise.resolve(stdin),
    words,
  };
}

/** An io for `runCli` and the lines it printed to stdout and stderr. */
export function capture(stdin = '', words: Catalog = en): { io: CliIo; out: string[]; err: string[] } {
  const io = fakeIo(stdin, words);
  return { io, out: io.lines, err: io.errors };
}

/** `veil account create --name <name> --json` in `profileDir`, which must exit 0; its Session ID. */
export async function createAccount(profileDir: string, name: string): Promise<SessionId> {
  const c = capture();
  expect(await runCli(['--profile', profileDir, 'account', 'create', '--name', name, '--json'], c.io)).toBe(
    0,
  );
  return (JSON.parse(c.out[0]!) as { sessionId: SessionId }).sessionId;
}

/**
 * Temporary profile folders, each made on demand, all removed together (and, where a suite does
 * not call removeAll, after the test file's tests).
 */
export function tempProfiles(prefix: string): { make(): string; removeAll(): void } {
  const dirs: string[] = [];
  return {
    make() {
      const d = tempDir(prefix);
      dirs.push(d);
      return d;
    },
    removeAll() {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

export interface CliPair {
  readonly devnet: Devnet;
  readonly ann: string;
  readonly ben: string;
  readonly annId: SessionId;
  readonly benId: SessionId;
}

/** A 12-node devnet, and Ann and Ben created by the CLI, each in a profile from `profiles`. */
export async function startCliPair(profiles: { make(): string }): Promise<CliPair> {
  const devnet = await startDevnet({ nodes: 12 });
  const ann = profiles.make();
  const ben = profiles.make();
  const annId = await createAccount(ann, 'Ann');
  const benId = await createAccount(ben, 'Ben');
  return { devnet, ann, ben, annId, benId };
}

/**
 * Ann and Ben on their devnet for one describe block (started before its tests, stopped and their
 * profiles removed after). `pair()` is read inside tests; `as(profile, …args)` runs `veil` there.
 */
export function useCliPair(prefix: string): {
  readonly profiles: { make(): string };
  pair(): CliPair;
  readonly as: (profile: string, ...args: string[]) => Promise<CliRun>;
} {
  const profiles = tempProfiles(prefix);
  let started: CliPair | undefined;
  const pair = (): CliPair => {
    if (!started) throw new Error('the CLI pair is read before beforeAll started it');
    return started;
  };
  beforeAll(async () => {
    started = await startCliPair(profiles);
  }, 120_000);
  afterAll(async () => {
    await started?.devnet.stop();
    profiles.removeAll();
  });
  return { profiles, pair, as: veilOn(() => pair().devnet) };
}

/**
 * Runs the real `veil` program with our commands added (unless main.ts already wires them),
 * mapping errors to exit statuses the way runCli does.
 */
export async function runVeil(argv: readonly string[], stdin = ''): Promise<CliRun> {
  const io = fakeIo(stdin);
  const program = buildProgram(io);
  const has = (name: string) => program.commands.some((c) => c.name() === name);
  const globals = (): CliGlobals => ({ ...program.opts<Omit<CliGlobals, 'words'>>(), words: io.words });
  if (!has('id')) registerIdCommands(program, io, globals);
  if (!has('account')) registerAccountCommands(program, io, globals);
  program.exitOverride();
  let code = 0;
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    code = reportFailure(error, io);
  }
  return { code, out: io.lines, err: io.errors };
}

/** A run that must exit 0 (its output printed when it did not, or with VEIL_TEST_LOG): its stdout. */
export function ok(run: CliRun): string[] {
  if (run.code !== 0 || process.env.VEIL_TEST_LOG) console.log(run.code, run.out, run.err);
  expect(run.code).toBe(0);
  return run.out;
}

/** A run refused as the CLI refuses a mistake: exit 2, nothing on stdout, one line on stderr. */
export function failsWith(run: CliRun, pattern: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.out).toEqual([]);
  expect(run.err).toHaveLength(1);
  expect(run.err[0]).toMatch(pattern);
}

/**
 * `veil --profile <profile> --network <devnet> …args`. The devnet is read at each call: suites
 * start it in `beforeAll`, after they define their helpers.
 */
export function veilOn(devnet: () => Devnet): (profile: string, ...args: string[]) => Promise<CliRun> {
  return (profile, ...args) => runVeil(['--profile', profile, '--network', devnet().seedUrl, ...args]);
}

/** Named profiles on one devnet, for the suites where several people use the CLI. */
export interface CliCast<Who extends string> {
  /** `veil` in `who`'s profile on the devnet. */
  readonly as: (who: Who, ...args: string[]) => Promise<CliRun>;
  /** One `receive --json --wait <wait>`, which must exit 0: the lines it printed, parsed. */
  readonly receive: (who: Who, wait?: string) => Promise<unknown[]>;
  /**
   * `receive --json` until a line matches (the swarm may take a poll or two), at most `tries`
   * times: every line seen. Throws with the lines seen when none matched.
   */
  readonly receiveUntil: (
    who: Who,
    match: (line: unknown) => boolean,
    options?: { readonly tries?: number; readonly wait?: string },
  ) => Promise<unknown[]>;
  /** `account create --name WHO --json` in a new profile from `profiles`, set in `dirs`. */
  readonly create: (
    who: Who,
    profiles: { make(): string },
  ) => Promise<{ sessionId: SessionId; mnemonic: string }>;
}

export function cliCast<Who extends string>(dirs: Record<Who, string>, devnet: () => Devnet): CliCast<Who> {
  const run = veilOn(devnet);
  const as = (who: Who, ...args: string[]): Promise<CliRun> => run(dirs[who], ...args);
  const receive = async (who: Who, wait = '3'): Promise<unknown[]> => {
    const r = await as(who, 'receive', '--json', '--wait', wait);
    expect(r.code, r.err.join('\n')).toBe(0);
    return r.out.map((l) => JSON.parse(l) as unknown);
  };
  return {
    as,
    receive,
    receiveUntil: async (who, match, { tries = 6, wait = '3' } = {}) => {
      const seen: unknown[] = [];
      for (let i = 0; i < tries; i++) {
        seen.push(...(await receive(who, wait)));
        if (seen.some(match)) return seen;
      }
      throw new Error(`no matching line for ${who}: ${JSON.stringify(seen)}`);
    },
    create: async (who, profiles) => {
      dirs[who] = profiles.make();
      const r = await as(who, 'account', 'create', '--name', who.toUpperCase(), '--json');
      expect(r.code, r.err.join('\n')).toBe(0);
      return JSON.parse(r.out[0] ?? '') as { sessionId: SessionId; mnemonic: string };
    },
  };
}
