/**
 * The devnet file server: its own keys, `/oxen/v4/lsrpc` behind the onion (session-file-server
 * `fileserver/onion_req.py`: parse the framing, decrypt with our x25519 key, answer v4 raw
 * bytes), plus the same routes over plain HTTP for tools.
 */
import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { parseOnionFrame } from '../../src/onion/framing';
import { decryptAtNode, parseEncType } from '../../src/onion/hop-crypto';
import { encodeV4Reply } from '../../src/onion/reply';
import { parseV4Request } from '../../src/onion/v4';
import { fromHex, utf8 } from '../../src/crypto/bytes';
import { loadOrCreateKeys, type NodeKeys } from '../keys';
import { readBody, text, writeReply, type Reply } from '../node/http';
import { listenLoopback } from '../node/listen';
import type { Clock } from '../types';
import { MAX_FILE_SIZE, route } from './routes';
import { FileStore } from './store';

const random = (n: number): Uint8Array => new Uint8Array(randomBytes(n));

export interface FileServer {
  readonly url: string;
  readonly port: number;
  readonly keys: NodeKeys;
  stop(): Promise<void>;
}

function lsrpc(store: FileStore, keys: NodeKeys, clock: Clock, payload: Uint8Array): Reply {
  const frame = parseOnionFrame(payload);
  if (!frame.ok) return text(400, 'Invalid onion request');
  const { blob, json } = frame.value;
  const eph =
    typeof json.ephemeral_key === 'string' && /^[0-9a-fA-F]{64}$/.test(json.ephemeral_key)
      ? fromHex(json.ephemeral_key)
      : undefined;
  const encType = parseEncType(json.enc_type);
  if (!eph || !encType) return text(400, 'Invalid onion request');
  const dec = decryptAtNode(encType, keys.xSec, eph, blob);
  if (!dec.ok) return text(400, 'Invalid onion request');
  const req = parseV4Request(dec.value.plaintext);
  const res = req.ok
    ? route(store, clock(), req.value.method, req.value.endpoint, req.value.headers, req.value.body)
    : {
        code: 400,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: utf8('Invalid v4 onion request'),
      };
  return {
    status: 200,
    body: encodeV4Reply(res, dec.value.key, encType, random),
    contentType: 'application/octet-stream',
  };
}

export async function startFileServer(dataDir: string, clock: Clock): Promise<FileServer> {
  const dir = join(dataDir, 'fileserver');
  mkdirSync(dir, { recursive: true });
  const keys = loadOrCreateKeys(dir);
  const store = new FileStore(join(dir, 'files.sqlite'));
  const server: Server = createServer((req, res) => {
    void (async () => {
      // Room for a 10 MB file plus base64-free v4 framing and encryption overhead.
      const body = await readBody(req, MAX_FILE_SIZE + 64 * 1024);
      if (!body.ok) {
        writeReply(res, text(413, 'Request body too large'));
        return;
      }
      const path = req.url ?? '/';
      if (req.method === 'POST' && (path === '/oxen/v4/lsrpc' || path === '/loki/v4/lsrpc')) {
        writeReply(res, lsrpc(store, keys, clock, body.body));
        return;
      }
      // Test faults, on the plain loopback port only (never behind the onion): make a file
      // expire, or corrupt its stored bytes.
      const fault = /^\/devnet\/files\/([A-Za-z0-9_-]{1,64})\/(expire|tamper)$/.exec(path);
      if (req.method === 'POST' && fault) {
        const id = fault[1] ?? '';
        const done =
          fault[2] === 'expire' ? store.expireNow(id, clock() / 1000) : store.tamper(id, clock() / 1000);
        writeReply(res, {
          status: done ? 200 : 404,
          body: JSON.stringify({ ok: done }),
          contentType: 'application/json',
        });
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const r = route(store, clock(), req.method ?? 'GET', path, headers, body.body);
      writeReply(res, {
        status: r.code,
        body: r.body,
        contentType: r.headers['content-type'] ?? 'application/octet-stream',
      });
    })().catch(() => writeReply(res, text(500, 'Internal Server Error')));
  });
  const port = await listenLoopback(server);
  const sweep = setInterval(() => store.sweep(clock() / 1000), 60_000);
  sweep.unref();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    keys,
    stop: async () => {
      clearInterval(sweep);
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      store.close();
    },
  };
}
