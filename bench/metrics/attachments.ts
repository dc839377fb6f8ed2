/**
 * Issue 16's attachment figures: encrypt + upload of a 10 MB file, and download + decrypt, each
 * divided by the bare AES-256-CBC + HMAC-SHA256 of the same bytes measured in the same run. Both
 * sides are CPU time of this process (process.cpuUsage, every thread): the devnet runs in its own
 * process, so what is counted is the client's work — the legacy scheme, the onion layers, the
 * HTTP transport — not the servers'. Wall-clock times go to the details.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { uploadAttachment, downloadAttachment } from '../../src/main/attachments/transfer';
import { fileServerFromSeeds } from '../../src/main/files/file-server-source';
import { NetworkClient } from '../../src/main/network';
import { sodiumReady } from '../../src/crypto/sodium';
import type { BenchContext } from '../lib/context';
import { metric, type Goal, type MetricResult } from '../report';

export const ATTACHMENT_ROWS: readonly (readonly [string, string, Goal])[] = [
  ['encrypt + upload 10 MB ÷ bare AES-CBC + HMAC', '×', { op: '<=', value: 1.3 }],
  ['download + decrypt 10 MB ÷ bare AES-CBC + HMAC', '×', { op: '<=', value: 1.3 }],
];

const SIZE = 10_000_000;

function cpuMs(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

async function cpuMsAsync(work: () => Promise<unknown>): Promise<{ cpu: number; wall: number }> {
  const start = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const d = process.cpuUsage(start);
  return { cpu: (d.user + d.system) / 1000, wall: performance.now() - t0 };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

export async function attachmentMetrics(ctx: BenchContext): Promise<MetricResult[]> {
  await sodiumReady();
  const client = new NetworkClient({ network: 'devnet', seedUrls: [ctx.seedUrl], localDevnet: true });
  try {
    await client.start();
    const deadline = Date.now() + 30_000;
    while (client.status().state !== 'connected' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const server = await fileServerFromSeeds([ctx.seedUrl])();
    if (!server) throw new Error('the devnet named no file server');
    const data = new Uint8Array(randomBytes(SIZE));
    const key = randomBytes(64);
    const iv = randomBytes(16);
    const runs = ctx.mode.name === 'quick' ? 1 : 3;
    const bareUp: number[] = [];
    const bareDown: number[] = [];
    const up: { cpu: number; wall: number }[] = [];
    const down: { cpu: number; wall: number }[] = [];
    for (let i = 0; i < runs; i++) {
      let ct = Buffer.alloc(0);
      bareUp.push(
        cpuMs(() => {
          const c = createCipheriv('aes-256-cbc', key.subarray(0, 32), iv);
          ct = Buffer.concat([c.update(data), c.final()]);
          createHmac('sha256', key.subarray(32)).update(iv).update(ct).digest();
        }),
      );
      bareDown.push(
        cpuMs(() => {
          createHmac('sha256', key.subarray(32)).update(iv).update(ct).digest();
          const d = createDecipheriv('aes-256-cbc', key.subarray(0, 32), iv);
          Buffer.concat([d.update(ct), d.final()]);
        }),
      );
      let uploaded: Awaited<ReturnType<typeof uploadAttachment>> | undefined;
      up.push(
        await cpuMsAsync(async () => {
          uploaded = await uploadAttachment(client, server, data);
        }),
      );
      const file = uploaded;
      if (!file) throw new Error('no upload');
      down.push(
        await cpuMsAsync(async () => {
          const r = await downloadAttachment(client, server, { ...file, size: SIZE });
          if (!r.ok) throw new Error(`download failed: ${r.detail}`);
        }),
      );
    }
    const rows = [
      { row: ATTACHMENT_ROWS[0], bare: median(bareUp), t: up },
      { row: ATTACHMENT_ROWS[1], bare: median(bareDown), t: down },
    ];
    return rows.map(({ row, bare, t }) => {
      const [name, unit, goal] = row ?? ['?', '×', { op: '<=', value: 1.3 }];
      const cpu = median(t.map((x) => x.cpu));
      return metric(ctx.mode.name, {
        metric: name,
        value: cpu / bare,
        unit,
        goal,
        method: `median CPU ms of this process over ${runs} run(s) through the devnet's onion paths, ÷ bare AES-256-CBC + HMAC-SHA256 of the same 10,000,000 bytes`,
        details: { cpuMs: cpu, bareCpuMs: bare, wallMs: median(t.map((x) => x.wall)) },
      });
    });
  } finally {
    await client.stop();
  }
}
