/**
 * The devnet community server (SOGS): its own keys and SQLite file under `<data>/sogs/`, the
 * routes of ./router.ts over plain HTTP on 127.0.0.1 and behind the onion
 * (`POST /oxen/v4/lsrpc`, session-pysogs `sogs/routes/onion_request.py`: the framing the exit
 * node forwards, decrypted with our X25519 key, a v4 request inside, the v4 reply encrypted back
 * as raw bytes). A default room `lobby` exists from the first start.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { join } from 'node:path';
import { utf8 } from '../../src/crypto/bytes';
import { parseOnionFrame } from '../../src/onion/framing';
import { decryptAtNode, parseEncType } from '../../src/onion/hop-crypto';
import { encodeV4Reply } from '../../src/onion/reply';
import { parseV4Request } from '../../src/onion/v4';
import { fromHex } from '../../src/crypto/bytes';
import { loadOrCreateKeys, type NodeKeys } from '../keys';
import { readBody, text, writeReply, type Reply } from '../node/http';
import { listenLoopback } from '../node/listen';
import type { Clock } from '../types';
import type { AuthPolicy } from './auth';
import type { SogsContext } from './context';
import { Files, MAX_UPLOAD } from './files';
import { error, type SogsRequest, type SogsResponse } from './http';
import { Messages } from './messages';
import { handle, route, splitPath } from './router';
import { SogsStore } from './store';

const random = (n: number): Uint8Array => new Uint8Array(randomBytes(n));

export const DEFAULT_ROOM = 'lobby';

/** Test faults (control API `POST /sogs/faults`). */
export interface SogsFaults {
  /** The port is closed: connections are refused (onion exits answer 502). */
  unreachable: boolean;
  /** Requests are held unanswered until the fault clears. */
  blackhole: boolean;
  /** Added before every answer. */
  latencyMs: number;
}

export const NO_SOGS_FAULTS: SogsFaults = { unreachable: false, blackhole: false, latencyMs: 0 };

export interface SogsServer {
  readonly url: string;
  readonly port: number;
  readonly keys: NodeKeys;
  readonly joinUrl: string;
  readonly ctx: SogsContext;
  readonly faults: SogsFaults;
  setFaults(patch: Partial<SogsFaults>): Promise<void>;
  stop(): Promise<void>;
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') out[k.toLowerCase()] = v;
  return out;
}

function toReply(r: SogsResponse): Reply {
  const headers = { ...r.headers };
  const contentType = headers['content-type'] ?? 'application/octet-stream';
  delete headers['content-type'];
  return { status: r.code, body: r.body, contentType, headers };
}

/** pysogs `handle_v4_onion_request`: decrypt, run the inner request, encrypt the v4 reply. */
function onionV4(ctx: SogsContext, keys: NodeKeys, payload: Uint8Array): Reply {
  const frame = parseOnionFrame(payload);
  if (!frame.ok) return text(400, 'Bad Request');
  const { blob, json } = frame.value;
  const eph =
    typeof json.ephemeral_key === 'string' && /^[0-9a-fA-F]{64}$/.test(json.ephemeral_key)
      ? fromHex(json.ephemeral_key)
      : undefined;
  const encType = parseEncType(json.enc_type);
  if (!eph || !encType) return text(400, 'Bad Request');
  const dec = decryptAtNode(encType, keys.xSec, eph, blob);
  if (!dec.ok) return text(400, 'Bad Request');
  let res: SogsResponse;
  const inner = parseV4Request(dec.value.plaintext);
  if (!inner.ok) res = { ...error(400, 'Invalid v4 onion request') };
  else {
    try {
      const [path, query] = splitPath(inner.value.endpoint);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(inner.value.headers)) headers[k.toLowerCase()] = v;
      res = handle(ctx, {
        method: inner.value.method,
        path,
        query,
        headers,
        body: inner.value.body ?? new Uint8Array(0),
      });
    } catch {
      res = error(400, 'Invalid v4 onion request');
    }
  }
  return {
    status: 200,
    body: encodeV4Reply(res, dec.value.key, encType, random),
    contentType: 'application/octet-stream',
  };
}

function readSavedPort(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const p = z
      .object({ port: z.number().int().min(1).max(65535) })
      .safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return p.success ? p.data.port : undefined;
  } catch {
    return undefined;
  }
}

export async function startSogs(
  dataDir: string,
  clock: Clock,
  policy?: Partial<AuthPolicy>,
): Promise<SogsServer> {
  const dir = join(dataDir, 'sogs');
  mkdirSync(dir, { recursive: true });
  const keys = loadOrCreateKeys(dir);
  const store = new SogsStore(join(dir, 'sogs.sqlite'), () => clock() / 1000);
  if (!store.room(DEFAULT_ROOM)) store.createRoom(DEFAULT_ROOM, 'Lobby', 'The devnet community');
  const ctx: SogsContext = {
    store,
    messages: new Messages(store),
    files: new Files(store),
    serverPk: keys.xPub,
    policy: { requireBlindKeys: true, accept25: true, ...policy },
    dispatch: (req, caller) => route(ctx, req, caller),
  };
  const faults: SogsFaults = { ...NO_SOGS_FAULTS };
  const held = new Set<() => void>();

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req, MAX_UPLOAD + 64 * 1024);
      if (faults.blackhole) await new Promise<void>((r) => held.add(r));
      if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
      if (!body.ok) {
        writeReply(res, text(413, 'Payload Too Large'));
        return;
      }
      const url = req.url ?? '/';
      if (req.method === 'POST' && url === '/oxen/v4/lsrpc') {
        writeReply(res, onionV4(ctx, keys, new Uint8Array(body.body)));
        return;
      }
      let r: SogsResponse;
      try {
        const [path, query] = splitPath(url);
        const sreq: SogsRequest = {
          method: req.method ?? 'GET',
          path,
          query,
          headers: headersOf(req),
          body: new Uint8Array(body.body),
        };
        r = handle(ctx, sreq);
      } catch {
        r = error(400);
      }
      writeReply(res, toReply(r));
    })().catch(() =>
      writeReply(res, { status: 500, body: utf8('Internal Server Error'), contentType: 'text/plain' }),
    );
  });
  // The port is kept in the data folder: a restarted devnet keeps its join URLs working.
  const portFile = join(dir, 'port.json');
  const saved = readSavedPort(portFile);
  let port = 0;
  if (saved !== undefined) port = await listenLoopback(server, saved).catch(() => 0);
  if (port === 0) port = await listenLoopback(server);
  writeFileSync(portFile, `${JSON.stringify({ port })}\n`);
  const sweep = setInterval(() => ctx.files.sweep(), 60_000);
  sweep.unref();

  const closeServer = (): Promise<void> =>
    new Promise((r) => {
      if (!server.listening) {
        r();
        return;
      }
      server.close(() => r());
      server.closeAllConnections();
    });
  const release = (): void => {
    for (const r of held) r();
    held.clear();
  };

  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    keys,
    joinUrl: `${url}/${DEFAULT_ROOM}?public_key=${keys.xHex}`,
    ctx,
    faults,
    setFaults: async (patch) => {
      Object.assign(faults, patch);
      if (!faults.blackhole) release();
      if (faults.unreachable && server.listening) await closeServer();
      if (!faults.unreachable && !server.listening) await listenLoopback(server, port, { waitMs: 10_000 });
    },
    stop: async () => {
      clearInterval(sweep);
      faults.blackhole = false;
      release();
      await closeServer();
      store.close();
    },
  };
}
