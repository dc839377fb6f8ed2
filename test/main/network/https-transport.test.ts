/**
 * The one HTTPS transport (https-transport.ts): unverified for snodes, verified, or pinned to one
 * certificate; the same limits (size, timeout, abort) in every mode. Local servers only.
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import nodeTls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pinOf, selfSigned, type Pem } from './local-cert';
import { httpPost, PinError, TransportError } from '../../../src/main/network/https-transport';
import type { StreamedBody } from '../../../src/onion/transport';
import { releaseBytes } from '../../../src/crypto/owned-bytes';

/** Echoes the body back; `/big` answers 64 KiB, `/slow` never answers. */
function listen(server: Server | ReturnType<typeof createHttpServer>, scheme: string): Promise<string> {
  server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/slow') return;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(req.url === '/big' ? Buffer.alloc(64 * 1024) : Buffer.concat(chunks));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve(`${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
}

let right: Pem;
let wrong: Pem;
let tls: Server;
let plain: ReturnType<typeof createHttpServer>;
let httpsUrl: string;
let httpUrl: string;

beforeAll(async () => {
  [right, wrong] = await Promise.all([selfSigned(), selfSigned()]);
  tls = createServer({ cert: right.cert, key: right.key });
  plain = createHttpServer();
  httpsUrl = await listen(tls, 'https');
  httpUrl = await listen(plain, 'http');
}, 60_000);

afterAll(() => {
  for (const s of [tls, plain]) {
    s.closeAllConnections();
    s.close();
  }
});

const base = { timeoutMs: 5_000 } as const;

describe('httpPost: one transport, three trust modes', () => {
  it('snode mode accepts a self-signed certificate; plain HTTP works too', async () => {
    const a = await httpPost(`${httpsUrl}/x`, 'hello', { ...base, verifyTls: false });
    expect(a.status).toBe(200);
    expect(Buffer.from(a.body).toString()).toBe('hello');
    expect(a.contentType).toBe('application/json');
    const b = await httpPost(`${httpUrl}/x`, new Uint8Array([1, 2, 3]), { ...base, verifyTls: false });
    expect([...b.body]).toEqual([1, 2, 3]);
  });

  it('verified mode refuses a certificate no CA vouches for', async () => {
    await expect(httpPost(`${httpsUrl}/x`, '{}', { ...base, verifyTls: true })).rejects.toBeInstanceOf(
      TransportError,
    );
  });

  it('pinned mode accepts the pinned certificate, even with verifyTls false', async () => {
    const res = await httpPost(`${httpsUrl}/x`, 'pinned', {
      ...base,
      verifyTls: false,
      pin: pinOf(right.cert),
    });
    expect(Buffer.from(res.body).toString()).toBe('pinned');
  });

  it('pinned mode rejects a wrong certificate', async () => {
    await expect(
      httpPost(`${httpsUrl}/x`, '{}', { ...base, verifyTls: false, pin: pinOf(wrong.cert) }),
    ).rejects.toThrow();
  });

  it('pinned mode rejects the right CA when the public-key or fingerprint pin differs', async () => {
    const key = { ...pinOf(right.cert), publicKeySha256: pinOf(wrong.cert).publicKeySha256 };
    const keyFailure = httpPost(`${httpsUrl}/x`, '{}', { ...base, verifyTls: false, pin: key });
    await expect(keyFailure).rejects.toBeInstanceOf(PinError);
    await expect(keyFailure).rejects.toThrow(/public key .* does not match/);
    const print = { ...pinOf(right.cert), certSha256: pinOf(wrong.cert).certSha256 };
    await expect(httpPost(`${httpsUrl}/x`, '{}', { ...base, verifyTls: false, pin: print })).rejects.toThrow(
      /certificate .* does not match/,
    );
  });

  it('a pin never goes to another host or over plain HTTP', async () => {
    const pin = pinOf(right.cert, 'seed1.getsession.org');
    await expect(httpPost(`${httpsUrl}/x`, '{}', { ...base, verifyTls: true, pin })).rejects.toBeInstanceOf(
      PinError,
    );
    await expect(
      httpPost(`${httpUrl}/x`, '{}', { ...base, verifyTls: true, pin: pinOf(right.cert) }),
    ).rejects.toThrow(/not the pinned host/);
  });

  it('applies the size limit, the timeout and the abort signal in every mode', async () => {
    const pin = pinOf(right.cert);
    await expect(
      httpPost(`${httpsUrl}/big`, '{}', { ...base, verifyTls: false, pin, maxResponseBytes: 1024 }),
    ).rejects.toMatchObject({ code: 'too-large' });
    await expect(
      httpPost(`${httpsUrl}/slow`, '{}', { timeoutMs: 200, verifyTls: false }),
    ).rejects.toMatchObject({ code: 'timeout' });
    const abort = new AbortController();
    const pending = httpPost(`${httpUrl}/slow`, '{}', { ...base, verifyTls: false, signal: abort.signal });
    abort.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
  });

  it('hands the body to a receiver as it is read, keeping none of it, when the receiver takes it', async () => {
    const taken: Buffer[] = [];
    const statuses: number[] = [];
    const r = await httpPost(`${httpsUrl}/big`, '{}', {
      ...base,
      verifyTls: false,
      receive: (status) => {
        statuses.push(status);
        return (piece) => taken.push(Buffer.from(piece));
      },
    });
    expect(statuses).toEqual([200]);
    expect(Buffer.concat(taken).equals(Buffer.alloc(64 * 1024))).toBe(true);
    expect(r.parts).toEqual([]);
    // A receiver that declines (another status, say) leaves the body to the response.
    const kept = await httpPost(`${httpsUrl}/x`, 'hi', {
      ...base,
      verifyTls: false,
      receive: () => undefined,
    });
    expect(Buffer.from(kept.body).toString()).toBe('hi');
  });
});

describe('httpPost: a streamed body', () => {
  /** `count` chunks of `size` bytes, each made only when asked for; counts what was made. */
  function streamed(count: number, size: number): { body: StreamedBody; made: () => number; bytes: Buffer } {
    const bytes = Buffer.alloc(count * size);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 12)) & 0xff;
    let made = 0;
    return {
      bytes,
      made: () => made,
      body: {
        length: bytes.length,
        *chunks() {
          for (let i = 0; i < count; i++) {
            made++;
            yield bytes.subarray(i * size, (i + 1) * size);
          }
        },
      },
    };
  }

  it('sends its chunks as one body, with progress up to the whole length', async () => {
    for (const url of [httpsUrl, httpUrl]) {
      const s = streamed(40, 256 * 1024);
      let sent = 0;
      const res = await httpPost(`${url}/echo`, s.body, {
        timeoutMs: 20_000,
        verifyTls: false,
        onProgress: (p) => {
          expect(p.sendTotal).toBe(s.bytes.length);
          sent = Math.max(sent, p.sent);
        },
      });
      expect(res.status).toBe(200);
      expect(Buffer.from(res.body).equals(s.bytes)).toBe(true);
      expect(sent).toBe(s.bytes.length);
      expect(s.made()).toBe(40);
    }
  });

  it('frees each chunk of a body that owns them once the socket has taken it, and sends the right bytes', async () => {
    for (const url of [httpsUrl, httpUrl]) {
      const s = streamed(24, 256 * 1024);
      // Each chunk in memory of its own, freed (detached) by `release` as an upload's are.
      const given: Uint8Array[] = [];
      const released: Uint8Array[] = [];
      const body: StreamedBody = {
        length: s.body.length,
        *chunks() {
          for (const c of s.body.chunks()) {
            const own = new Uint8Array(c);
            given.push(own);
            yield own;
          }
        },
        release: (c) => {
          released.push(c);
          releaseBytes(c);
        },
      };
      const res = await httpPost(`${url}/echo`, body, { timeoutMs: 20_000, verifyTls: false });
      expect(res.status).toBe(200);
      // Freed only after being written: the server got every byte.
      expect(Buffer.from(res.body).equals(s.bytes)).toBe(true);
      expect(released.length).toBe(given.length);
      expect(released.every((c, i) => c === given[i])).toBe(true);
      expect(given.every((c) => c.length === 0)).toBe(true);
    }
  });

  it('makes its chunks as the socket takes them, and stops making them once aborted', async () => {
    // `/slow` never answers; the server reads, so the socket drains and asks for more.
    const s = streamed(400, 256 * 1024);
    const ctl = new AbortController();
    const post = httpPost(`${httpsUrl}/slow`, s.body, {
      timeoutMs: 20_000,
      verifyTls: false,
      signal: ctl.signal,
    });
    // Backpressure: the first turn does not make the whole 100 MB at once.
    await new Promise((r) => setTimeout(r, 0));
    expect(s.made()).toBeLessThan(400);
    ctl.abort();
    await expect(post).rejects.toMatchObject({ code: 'aborted' });
    const after = s.made();
    await new Promise((r) => setTimeout(r, 200));
    expect(s.made()).toBe(after);
  });
});

describe('httpPost: new connections', () => {
  it("share the route's TLS context instead of building one each (every 10 s community poll)", async () => {
    // The server closes every connection after its answer: each request is a new connection.
    const closing = createServer({ cert: right.cert, key: right.key });
    closing.on('request', (_req, res) => {
      res.writeHead(200, { Connection: 'close' });
      res.end('ok');
    });
    const url = await new Promise<string>((resolve) => {
      closing.listen(0, '127.0.0.1', () => {
        resolve(`https://127.0.0.1:${(closing.address() as AddressInfo).port}`);
      });
    });
    const built = vi.spyOn(nodeTls, 'createSecureContext');
    try {
      for (let i = 0; i < 3; i++) {
        const r = await httpPost(`${url}/x`, 'hello', { ...base, verifyTls: false });
        expect(r.status).toBe(200);
      }
      expect(built).not.toHaveBeenCalled();
    } finally {
      built.mockRestore();
      closing.closeAllConnections();
      closing.close();
    }
  });
});
