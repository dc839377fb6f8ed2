/** The control API on 127.0.0.1 (documented in devnet/README.md). JSON in, JSON out. */
import { createServer, type Server } from 'node:http';
import { z } from 'zod';
import { FaultsPatch } from './node/faults';
import { readBody, writeReply, type Reply } from './node/http';
import { listenLoopback } from './node/listen';
import type { Network } from './network';
import { OnsRegisterBody } from './ons';
import type { Json } from './types';

const MoveBody = z
  .object({ swarm: z.union([z.literal('new'), z.string().regex(/^(0x)?[0-9a-fA-F]{1,16}$/)]) })
  .strict();
const ClockBody = z.object({ offsetMs: z.number().int() }).strict();

function json(status: number, body: Json): Reply {
  return { status, body: JSON.stringify(body), contentType: 'application/json' };
}

function parseBody(b: Buffer): unknown {
  if (b.length === 0) return {};
  try {
    return JSON.parse(b.toString('utf8'));
  } catch {
    return undefined;
  }
}

export interface ControlExtras {
  overview(): Json;
  /** The community server's `/sogs…` requests (devnet/sogs/control-routes.ts); undefined: not ours. */
  sogs?(method: string, path: string, body: unknown): Promise<{ status: number; body: Json } | undefined>;
  /** Also run by `POST /faults/clear`. */
  clearFaults?(): Promise<void>;
}

async function handle(
  net: Network,
  extras: ControlExtras,
  method: string,
  path: string,
  body: unknown,
): Promise<Reply> {
  if (method === 'GET' && path === '/') return json(200, extras.overview());
  if (method === 'GET' && path === '/stats') return json(200, net.stats());
  const sogs = await extras.sogs?.(method, path, body);
  if (sogs) return json(sogs.status, sogs.body);
  if (method !== 'POST') return json(404, { error: 'not found' });
  if (path === '/sweep') return json(200, { removed: net.sweep() });
  if (path === '/faults/clear') {
    net.clearFaults();
    await extras.clearFaults?.();
    return json(200, { ok: true });
  }
  if (path === '/clock') {
    const p = ClockBody.safeParse(body);
    if (!p.success) return json(400, { error: p.error.message });
    net.clockOffsetMs = p.data.offsetMs;
    return json(200, { offsetMs: net.clockOffsetMs });
  }
  if (path === '/ons') {
    const p = OnsRegisterBody.safeParse(body);
    if (!p.success) return json(400, { error: p.error.issues.map((i) => i.message).join('; ') });
    return json(200, net.ons.register(p.data.name, p.data.sessionId));
  }
  const m = /^\/nodes\/([0-9a-fA-F]+)\/(kill|restart|faults|move)$/.exec(path);
  if (!m) return json(404, { error: 'not found' });
  const node = net.node(m[1] ?? '');
  if (!node) return json(404, { error: 'no such node' });
  switch (m[2]) {
    case 'kill':
      await net.kill(node);
      return json(200, { index: node.index, alive: node.alive });
    case 'restart':
      await net.restart(node);
      return json(200, { index: node.index, alive: node.alive, port: node.port });
    case 'faults': {
      const p = FaultsPatch.safeParse(body);
      if (!p.success) return json(400, { error: p.error.message });
      net.setFaults(node, p.data);
      return json(200, { index: node.index, faults: { ...node.faults } });
    }
    default: {
      const p = MoveBody.safeParse(body);
      if (!p.success) return json(400, { error: p.error.message });
      const id = p.data.swarm === 'new' ? net.newSwarmId() : BigInt(`0x${p.data.swarm.replace(/^0x/, '')}`);
      const pushed = await net.move(node, id);
      return json(200, { index: node.index, swarm: id.toString(16), pushed });
    }
  }
}

export async function startControl(
  net: Network,
  extras: ControlExtras,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    void (async () => {
      // Room images (`POST /sogs/rooms/<t>/image`, base64 up to 6 MB) are the largest bodies.
      const b = await readBody(req, 9 * 1024 * 1024);
      if (!b.ok) {
        writeReply(res, json(413, { error: 'body too large' }));
        return;
      }
      const body = parseBody(b.body);
      if (body === undefined) {
        writeReply(res, json(400, { error: 'invalid json' }));
        return;
      }
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      writeReply(res, await handle(net, extras, req.method ?? 'GET', path, body));
    })().catch((e: unknown) =>
      writeReply(res, json(500, { error: e instanceof Error ? e.message : 'error' })),
    );
  });
  return { server, port: await listenLoopback(server) };
}
