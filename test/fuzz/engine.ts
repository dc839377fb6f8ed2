/**
 * The fuzzing loop shared by `run.ts` (main thread) and `worker.ts`: inputs are generated in
 * batches from a per-batch seed, so input `index` of a target is reproducible from (seed, index)
 * alone; every input is timed; the first crash or slow input stops the target and is shrunk.
 */
import fc from 'fast-check';
import { z } from 'zod';
import { toHex } from '../../src/crypto/bytes';
import type { FuzzTarget, Outcome } from './targets';

/** What `run.ts` sends a worker. */
export const JobSchema = z.object({
  target: z.string(),
  runs: z.int().nonnegative(),
  seed: z.int(),
  limitMs: z.number().positive(),
});
export type Job = z.infer<typeof JobSchema>;

/** Shared memory of a worker: [0] index of the current input, [1] its start (epoch ms, 0 = idle). */
export const PROGRESS_SLOTS = 2;

export const BATCH = 500;

/** FNV-1a: a target's name mixed into the seed, so that targets do not share input streams. */
function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function batchSeed(seed: number, target: string, batch: number): number {
  return (seed ^ nameHash(target) ^ Math.imul(batch + 1, 0x9e3779b1)) | 0;
}

export function batchInputs(t: FuzzTarget, seed: number, batch: number): unknown[] {
  return fc.sample(t.arbitrary, { seed: batchSeed(seed, t.name, batch), numRuns: BATCH });
}

/** Input `index` of target `t` for `seed`. */
export function inputAt(t: FuzzTarget, seed: number, index: number): unknown {
  return batchInputs(t, seed, Math.floor(index / BATCH))[index % BATCH];
}

const MAX_SHOWN = 1200;

export function describeInput(x: unknown): string {
  const s =
    x instanceof Uint8Array
      ? `bytes(${x.length}) ${toHex(x)}`
      : typeof x === 'string'
        ? JSON.stringify(x)
        : fc.stringify(x);
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}… (${s.length} chars)` : s;
}

export function describeError(e: unknown): string {
  if (e instanceof Error) return (e.stack ?? `${e.name}: ${e.message}`).split('\n').slice(0, 8).join('\n');
  return String(e);
}

export async function runOne(t: FuzzTarget, input: unknown): Promise<Outcome> {
  const r = t.run(input);
  return typeof r === 'string' ? r : await r;
}

export const FailureSchema = z.object({
  target: z.string(),
  kind: z.enum(['crash', 'hang']),
  seed: z.int(),
  index: z.int(),
  input: z.string(),
  error: z.string(),
  /** The smallest failing input fast-check found from there, when it could shrink it. */
  shrunk: z.string().optional(),
});
export type Failure = z.infer<typeof FailureSchema>;

/** What a worker sends back for a job. */
export const TargetResultSchema = z.object({
  target: z.string(),
  inputs: z.int(),
  accepted: z.int(),
  rejected: z.int(),
  ms: z.number(),
  slowestMs: z.number(),
  failure: FailureSchema.optional(),
});
export type TargetResult = z.infer<typeof TargetResultSchema>;

export interface Progress {
  /** Called before each input, with its index (for a watchdog in another thread). */
  start(index: number): void;
}

/** Shrinks a crash by replaying the failing batch with fast-check (which generates the same values). */
async function shrink(
  t: FuzzTarget,
  seed: number,
  batch: number,
  limitMs: number,
): Promise<string | undefined> {
  const out = await fc.check(
    fc.asyncProperty(t.arbitrary, async (x) => {
      const started = performance.now();
      await runOne(t, x);
      if (performance.now() - started > limitMs) throw new Error('slow');
    }),
    {
      seed: batchSeed(seed, t.name, batch),
      numRuns: BATCH,
      interruptAfterTimeLimit: 30_000,
      markInterruptAsFailure: false,
    },
  );
  return out.failed && out.counterexample ? describeInput(out.counterexample[0]) : undefined;
}

export async function fuzzTarget(
  t: FuzzTarget,
  runs: number,
  seed: number,
  limitMs: number,
  progress?: Progress,
  from = 0,
): Promise<TargetResult> {
  let accepted = 0;
  let rejected = 0;
  let slowestMs = 0;
  const began = performance.now();
  const result = (failure?: Failure): TargetResult => ({
    target: t.name,
    inputs: accepted + rejected + (failure ? 1 : 0),
    accepted,
    rejected,
    ms: performance.now() - began,
    slowestMs,
    ...(failure ? { failure } : {}),
  });
  for (let batch = Math.floor(from / BATCH); batch * BATCH < from + runs; batch++) {
    const inputs = batchInputs(t, seed, batch);
    for (let i = 0; i < BATCH; i++) {
      const index = batch * BATCH + i;
      if (index < from) continue;
      if (index >= from + runs) break;
      const input = inputs[i];
      progress?.start(index);
      const started = performance.now();
      let outcome: Outcome;
      try {
        outcome = await runOne(t, input);
      } catch (e) {
        return result({
          target: t.name,
          kind: 'crash',
          seed,
          index,
          input: describeInput(input),
          error: describeError(e),
          ...withShrunk(await shrink(t, seed, batch, limitMs)),
        });
      }
      const ms = performance.now() - started;
      slowestMs = Math.max(slowestMs, ms);
      if (ms > limitMs)
        return result({
          target: t.name,
          kind: 'hang',
          seed,
          index,
          input: describeInput(input),
          error: `one input took ${Math.round(ms)} ms (limit ${limitMs} ms)`,
        });
      if (outcome === 'accepted') accepted++;
      else rejected++;
    }
  }
  return result();
}

function withShrunk(s: string | undefined): { shrunk?: string } {
  return s === undefined ? {} : { shrunk: s };
}
