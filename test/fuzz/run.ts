/**
 * `npm run fuzz [-- --runs N] [--workers W] [--seed S] [--target NAME] [--limit-ms MS]`
 *
 * Runs N inputs in total (default 1,000,000), split evenly over the targets, on W worker threads,
 * prints a table of counts per target and a final line; exits 1 on any crash or hang, printing
 * the input and how to replay it: `npm run fuzz -- --target NAME --seed S --index I`.
 *
 * A hang is an input that takes more than `--limit-ms` (default 1000). A worker measures each
 * input; one that never returns is caught by the watchdog here, which stops the worker.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import {
  describeError,
  describeInput,
  inputAt,
  PROGRESS_SLOTS,
  runOne,
  TargetResultSchema,
  type Failure,
  type Job,
  type TargetResult,
} from './engine';
import { loadTargets, type FuzzTarget } from './targets';

/** A worker whose current input runs this long is stuck: stop it (the input is a hang). */
const STUCK_MS = 10_000;

interface Options {
  readonly runs: number;
  readonly workers: number;
  readonly seed: number;
  readonly target: string | undefined;
  readonly index: number | undefined;
  readonly limitMs: number;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      workers: { type: 'string' },
      seed: { type: 'string' },
      target: { type: 'string' },
      index: { type: 'string' },
      'limit-ms': { type: 'string' },
    },
  });
  const int = (v: string | undefined, fallback: number, min: number): number => {
    if (v === undefined) return fallback;
    const n = Number(v.replace(/[_,]/g, ''));
    if (!Number.isSafeInteger(n) || n < min) throw new Error(`bad number ${v}`);
    return n;
  };
  return {
    runs: int(values.runs, 1_000_000, 1),
    workers: int(values.workers, Math.min(2, availableParallelism()), 1),
    seed: int(values.seed, Date.now() % 2 ** 31, -(2 ** 31)) | 0,
    target: values.target,
    index: values.index === undefined ? undefined : int(values.index, 0, 0),
    limitMs: int(values['limit-ms'], 1000, 1),
  };
}

/** Starts a worker running worker.ts (TypeScript, through tsx's loader). */
function startWorker(shared: SharedArrayBuffer): Worker {
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: shared });
}

/** One worker and its shared progress slots; resolves each job with the worker's result. */
class Runner {
  /** False once the worker has been stopped or has died: start another one. */
  alive = true;
  private readonly worker: Worker;
  private readonly slots: Float64Array;
  private readonly ready: Promise<void>;
  private pending: { readonly job: Job; readonly settle: (r: TargetResult) => void } | undefined;

  constructor() {
    const shared = new SharedArrayBuffer(PROGRESS_SLOTS * 8);
    this.slots = new Float64Array(shared);
    this.worker = startWorker(shared);
    this.ready = new Promise((resolve) => {
      this.worker.once('message', () => resolve());
    });
    // A worker that dies (it should not: the loop catches everything) fails its job.
    this.worker.on('error', (e) => {
      this.finish((job) => this.failed(job, 'crash', `worker died: ${describeError(e)}`, ''));
    });
  }

  async run(job: Job): Promise<TargetResult> {
    await this.ready;
    return new Promise((resolve) => {
      this.pending = { job, settle: resolve };
      this.worker.once('message', (m: unknown) => {
        this.pending = undefined;
        resolve(TargetResultSchema.parse(m));
      });
      this.worker.postMessage(job);
    });
  }

  /** The index of the current input, if it has been running longer than `ms`. */
  stuckFor(ms: number): number | undefined {
    const started = this.slots[1] ?? 0;
    return started > 0 && Date.now() - started > ms ? (this.slots[0] ?? 0) : undefined;
  }

  /** Stops the worker, failing its job with `result(job)`. */
  finish(result: (job: Job) => TargetResult): void {
    const p = this.pending;
    this.pending = undefined;
    this.alive = false;
    this.worker.removeAllListeners('message');
    void this.worker.terminate();
    if (p) p.settle(result(p.job));
  }

  failed(job: Job, kind: Failure['kind'], error: string, input: string): TargetResult {
    const index = this.slots[0] ?? 0;
    return {
      target: job.target,
      inputs: index + 1,
      accepted: 0,
      rejected: 0,
      ms: 0,
      slowestMs: 0,
      failure: { target: job.target, kind, seed: job.seed, index, input, error },
    };
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('error');
    await this.worker.terminate();
  }
}

async function replay(t: FuzzTarget, seed: number, index: number): Promise<number> {
  const input = inputAt(t, seed, index);
  console.log(`${t.name} seed ${seed} index ${index}:\n${describeInput(input)}`);
  const started = performance.now();
  try {
    const outcome = await runOne(t, input);
    console.log(`→ ${outcome} in ${(performance.now() - started).toFixed(1)} ms`);
    return 0;
  } catch (e) {
    console.log(`→ threw after ${(performance.now() - started).toFixed(1)} ms:\n${describeError(e)}`);
    return 1;
  }
}

function printTable(results: readonly TargetResult[]): void {
  const rows = [
    ['target', 'inputs', 'typed errors', 'accepted', 'slowest ms', 'inputs/s'],
    ...results.map((r) => [
      r.target,
      r.inputs.toLocaleString('en'),
      r.rejected.toLocaleString('en'),
      r.accepted.toLocaleString('en'),
      r.slowestMs.toFixed(1),
      Math.round(r.inputs / Math.max(r.ms / 1000, 1e-3)).toLocaleString('en'),
    ]),
  ];
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const r of rows)
    console.log(
      r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '),
    );
}

function printFailure(f: Failure): void {
  console.log(`\n${f.kind.toUpperCase()} in ${f.target} (seed ${f.seed}, input #${f.index})`);
  console.log(`  error: ${f.error.split('\n').join('\n         ')}`);
  console.log(`  input: ${f.input}`);
  if (f.shrunk !== undefined) console.log(`  shrunk: ${f.shrunk}`);
  console.log(`  replay: npm run fuzz -- --target ${f.target} --seed ${f.seed} --index ${f.index}`);
}

async function main(): Promise<number> {
  const o = options();
  const loaded = await loadTargets();
  const targets = loaded.targets.filter(
    (t) => o.target === undefined || t.name === o.target || t.name.includes(o.target),
  );
  if (targets.length === 0) {
    console.error(
      `no target matches ${o.target ?? ''}; targets: ${loaded.targets.map((t) => t.name).join(', ')}`,
    );
    return 2;
  }
  if (o.index !== undefined) {
    const t = targets[0];
    return t ? replay(t, o.seed, o.index) : 2;
  }

  const perTarget = Math.ceil(o.runs / targets.length);
  console.log(
    `fuzz: ${targets.length} targets × ${perTarget.toLocaleString('en')} inputs, ${o.workers} worker(s), seed ${o.seed}, limit ${o.limitMs} ms/input`,
  );
  const began = performance.now();
  const queue = [...targets];
  const results: TargetResult[] = [];
  const runners: Runner[] = [];
  const newRunner = (): Runner => {
    const r = new Runner();
    runners.push(r);
    return r;
  };
  const lane = async (): Promise<void> => {
    let runner = newRunner();
    for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
      const target = t;
      const current = runner;
      const watchdog = setInterval(() => {
        const index = current.stuckFor(STUCK_MS);
        if (index === undefined) return;
        const input = describeInput(inputAt(target, o.seed, index));
        current.finish((job) =>
          current.failed(job, 'hang', `input still running after ${STUCK_MS} ms: worker stopped`, input),
        );
      }, 500);
      const r = await current.run({ target: target.name, runs: perTarget, seed: o.seed, limitMs: o.limitMs });
      clearInterval(watchdog);
      results.push(r);
      const mark = r.failure ? ` ${r.failure.kind.toUpperCase()}` : '';
      console.log(
        `  ${r.target}: ${r.inputs.toLocaleString('en')} inputs in ${(r.ms / 1000).toFixed(1)} s${mark}`,
      );
      if (!current.alive) runner = newRunner();
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.workers, targets.length) }, lane));
  await Promise.all(runners.map((r) => r.close()));
  loaded.close();

  results.sort((a, b) => a.target.localeCompare(b.target));
  console.log('');
  printTable(results);
  const failures = results.flatMap((r) => (r.failure ? [r.failure] : []));
  for (const f of failures) printFailure(f);
  const total = results.reduce((n, r) => n + r.inputs, 0);
  const crashes = failures.filter((f) => f.kind === 'crash').length;
  const hangs = failures.length - crashes;
  console.log(
    `\nfuzz: ${total.toLocaleString('en')} inputs over ${results.length} targets in ${((performance.now() - began) / 1000).toFixed(0)} s (seed ${o.seed}): ${crashes} crash(es), ${hangs} hang(s)`,
  );
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(describeError(e));
    process.exitCode = 2;
  },
);
