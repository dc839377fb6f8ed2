import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
// zod's mini build, as everything the host's thread loads at its start (thread-messages.ts).
import * as z from 'zod/mini';
import type { CoreHandle } from '../core/core-handle';
import { SECURITY_HEADERS } from '../security/csp';
import { staticFiles } from './static-files';

export interface BrowserHostOptions {
  /** The core in this thread (tests) or in its worker (`veil host`, `npm start`). */
  readonly core: CoreHandle;
  /** Folder of the built renderer (index.html + assets). */
  readonly staticDir: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Tests may fix the token; normally 256 random bits. */
  readonly token?: string;
  /** Called on every call that carried the right token (the opener's page can go then). */
  readonly onAuthorised?: () => void;
}

export interface BrowserHost {
  readonly port: number;
  readonly token: string;
  /** The address to open, with the token in the fragment (never sent to a server, never logged by proxies). */
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const invokeBodySchema = z.strictObject({ name: z.string().check(z.maxLength(128)), args: z.unknown() });

/**
 * Serves the same app as the Electron window to a local browser: 127.0.0.1 only, the token on
 * every API call and on the event stream, the window's CSP, and foreign Host/Origin refused so
 * that a web page cannot reach it through DNS rebinding or cross-site requests.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  // The page it serves will ask for its first state: the core answers that before its first
  // polls' handling (core/first-screen.ts).
  options.core.expectWindow?.();
  const token = options.token ?? randomBytes(32).toString('hex');
  const tokenBytes = Buffer.from(token);
  let port = 0;
  const streams = new Set<ServerResponse>();
  // Read while the core opens and Chromium starts, so that the page's first requests are
  // answered from memory.
  const files = staticFiles(options.staticDir);
  void files.preload();

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  function send(
    res: ServerResponse,
    status: number,
    body: string,
    contentType = 'text/plain; charset=utf-8',
  ): void {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': contentType, 'Cache-Control': 'no-store' });
    res.end(body);
  }

  function authorised(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([0-9a-f]{1,128})$/.exec(header);
    if (!match?.[1]) return false;
    const given = Buffer.from(match[1]);
    return given.length === tokenBytes.length && timingSafeEqual(given, tokenBytes);
  }

  function sameOrigin(req: IncomingMessage): boolean {
    if (!allowedHosts().has(req.headers.host ?? '')) return false;
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return false;
    const site = req.headers['sec-fetch-site'];
    return site === undefined || site === 'same-origin' || site === 'none';
  }

  async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > MAX_BODY_BYTES) return undefined;
      chunks.push(buf);
    }
    return Buffer.concat(chunks);
  }

  async function handleInvoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      send(res, 415, 'application/json required');
      return;
    }
    const body = await readBody(req);
    if (!body) {
      send(res, 413, 'request too large');
      return;
    }
    let parsed: z.infer<typeof invokeBodySchema>;
    try {
      parsed = invokeBodySchema.parse(JSON.parse(body.toString('utf8')));
    } catch {
      send(res, 400, 'malformed request');
      return;
    }
    const result = await options.core.dispatch(parsed.name, parsed.args);
    send(res, 200, JSON.stringify(result), 'application/json');
  }

  function handleEvents(res: ServerResponse): void {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
  }

  const unsubscribe = options.core.subscribe((name, payload) => {
    const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const s of streams) s.write(frame);
  });
  const heartbeat = setInterval(() => {
    for (const s of streams) s.write(': ping\n\n');
  }, 15_000);
  heartbeat.unref();

  const server = createServer((req, res) => {
    void (async () => {
      if (!sameOrigin(req)) {
        send(res, 403, 'forbidden');
        return;
      }
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      if (url.pathname.startsWith('/api/')) {
        if (!authorised(req)) {
          send(res, 401, 'missing or wrong token');
          return;
        }
        options.onAuthorised?.();
        if (url.pathname === '/api/invoke' && req.method === 'POST') return handleInvoke(req, res);
        if (url.pathname === '/api/events' && req.method === 'GET') {
          handleEvents(res);
          return;
        }
        send(res, 404, 'not found');
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, 405, 'method not allowed');
        return;
      }
      const file = await files.get(url.pathname);
      if (!file) {
        send(res, 404, 'not found');
        return;
      }
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': file.contentType,
        'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    })().catch(() => {
      if (!res.headersSent) send(res, 500, 'internal error');
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        unsubscribe();
        for (const s of streams) s.end();
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
