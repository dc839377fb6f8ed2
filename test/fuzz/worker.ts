/**
 * A fuzzing thread started by `run.ts`: loads the targets, then runs the jobs it is sent. Before
 * each input it writes the input's index and start time into shared memory, so that the main
 * thread can tell a stuck input (one that never returns) and which one it was.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { fuzzTarget, JobSchema } from './engine';
import { loadTargets } from './targets';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('worker.ts runs inside run.ts');
  const shared = z.instanceof(SharedArrayBuffer).parse(workerData);
  const slots = new Float64Array(shared);
  const { targets } = await loadTargets();
  port.on('message', (raw: unknown) => {
    const job = JobSchema.parse(raw);
    const t = targets.find((x) => x.name === job.target);
    if (!t) throw new Error(`unknown target ${job.target}`);
    void fuzzTarget(t, job.runs, job.seed, job.limitMs, {
      start: (index) => {
        slots[0] = index;
        slots[1] = Date.now();
      },
    }).then((result) => {
      slots[1] = 0;
      port.postMessage(result);
    });
  });
  port.postMessage('ready');
}

void main();
