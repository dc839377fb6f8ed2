/** Small HTTP(S) helpers shared by the devnet servers (loopback only). */
import {
  request as httpRequest,
  Agent as HttpAgent,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';

/** oxenss `MAX_REQUEST_BODY_SIZE` (server/https.h): 10 MiB. */
export const MAX_REQUEST_BODY = 10 * 1024 * 1024;

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too-large' | 'aborted' };

/** Reads a request body, refusing more than `limit` bytes (by Content-Length or as it streams). */
export function readBody(req: IncomingMessage, limit = MAX_REQUEST_BODY): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolve({ ok: false, reason: 'too-large' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        done = true;
        resolve({ ok: false, reason: 'too-large' });
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!done) resolve({ ok: true, body: Buffer.concat(chunks) });
      done = true;
    });
    req.on('error', () => {
      if (!done) resolve({ ok: false, reason: 'aborted' });
      done = true;
    });
  });
}

export interface Reply {
  readonly status: number;
  readonly body: Uint8Array | string;
  readonly contentType: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export function text(status: number, body: string): Reply {
  return { status, body, contentType: 'text/plain' };
}

export function writeReply(res: ServerResponse, r: Reply): void {
  const body = typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : Buffer.from(r.body);
  const headers: Record<string, string | number> = { ...(r.headers ?? {}) };
  headers['Content-Type'] = r.contentType;
  headers['Content-Length'] = body.length;
  res.writeHead(r.status, headers);
  res.end(body);
}

export type PostResult =
  | { ok: true; status: number; headers: Record<string, string>; body: Buffer }
  | { ok: false; timeout: boolean; message: string };

const httpsAgent = new HttpsAgent({ keepAlive: true, rejectUnauthorized: false, maxSockets: 64 });
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 64 });

/** POSTs to a loopback server; never throws. TLS certificates are not checked (like clients). */
export function post(
  protocol: 'http' | 'https',
  port: number,
  path: string,
  body: Uint8Array,
  timeoutMs: number,
  headers: Record<string, string> = {},
  host = '127.0.0.1',
): Promise<PostResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: PostResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const opts = {
      host,
      port,
      path,
      method: 'POST',
      headers: { ...headers, 'Content-Length': String(body.length) },
      agent: protocol === 'https' ? httpsAgent : httpAgent,
      rejectUnauthorized: false,
    };
    const req = (protocol === 'https' ? httpsRequest : httpRequest)(opts, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h[k] = v;
        finish({ ok: true, status: res.statusCode ?? 500, headers: h, body: Buffer.concat(chunks) });
      });
      res.on('error', (e) => finish({ ok: false, timeout: false, message: e.message }));
    });
    const timer = setTimeout(() => {
      finish({ ok: false, timeout: true, message: 'Request time out' });
      req.destroy();
    }, timeoutMs);
    req.on('error', (e) => finish({ ok: false, timeout: false, message: e.message }));
    req.end(Buffer.from(body));
  });
}

/** Destroys pooled keep-alive sockets (on devnet shutdown). */
export function closeAgents(): void {
  httpsAgent.destroy();
  httpAgent.destroy();
}
