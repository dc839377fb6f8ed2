/**
 * The community server inside devnet: announced in the JSON line, reached by onion requests (v4)
 * to its X25519 key through three devnet nodes, driven by the control API (rooms, moderators,
 * faults), and persistent across a devnet restart.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { fromUtf8, utf8 } from '../../src/crypto/bytes';
import { sodiumReady } from '../../src/crypto/sodium';
import { buildOnionRequest, type OnionHop } from '../../src/onion/builder';
import { decodeV4OnionReply } from '../../src/onion/response';
import { encodeV4Request } from '../../src/onion/v4';
import type { Ed25519Hex, X25519Hex } from '../../src/onion/keys';
import { startDevnet, type Devnet, type DevnetNode } from '../../devnet/index';
import { rawPost, useDevnet } from './helpers';
import { SogsUser, httpCall } from './sogs-helpers';

const random = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
const hop = (n: DevnetNode): OnionHop => ({
  pubkeyEd25519: n.ed25519 as Ed25519Hex,
  pubkeyX25519: n.x25519 as X25519Hex,
});

const JoinUrl = /^http:\/\/127\.0\.0\.1:(\d+)\/lobby\?public_key=([0-9a-f]{64})$/;

function serverOf(net: Devnet): { url: string; pk: Uint8Array; now: () => number } {
  return {
    url: net.community.url,
    pk: Buffer.from(net.community.x25519, 'hex'),
    now: () => Date.now() / 1000,
  };
}

/** One SOGS request through guard → middle → exit → server, as a client sends it. */
async function viaOnion(
  net: Devnet,
  user: SogsUser,
  method: string,
  endpoint: string,
  json?: unknown,
  signedPath = endpoint,
): Promise<{ status: number; code?: number; body?: unknown }> {
  const nodes = net.nodes();
  const path = [nodes[0], nodes[2], nodes[4]].map((n) => {
    if (!n) throw new Error('not enough nodes');
    return hop(n);
  });
  const body = json === undefined ? undefined : utf8(JSON.stringify(json));
  const headers = {
    ...user.headersFor(method, endpoint, body, { signedPath }),
    ...(body ? { 'Content-Type': 'application/json' } : {}),
  };
  const url = new URL(net.community.url);
  const built = buildOnionRequest({
    path,
    target: {
      kind: 'server',
      host: url.hostname,
      protocol: 'http',
      port: Number(url.port),
      pubkeyX25519: net.community.x25519 as X25519Hex,
    },
    payload: encodeV4Request({ method, endpoint, headers, body: body ?? null }),
    random,
  });
  const guard = nodes[0];
  if (!guard) throw new Error('no guard');
  const r = await rawPost(`${guard.url}/onion_req/v2`, built.guardBody, 20_000);
  if (r.status !== 200) return { status: r.status };
  const dec = decodeV4OnionReply(new Uint8Array(r.body), built.destinationKey, built.encType);
  if (!dec.ok) throw new Error('bad v4 reply');
  const text = fromUtf8(dec.value.body);
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: r.status, code: dec.value.code, body: parsed };
}

async function control(net: Devnet, path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const r = await rawPost(`${net.controlUrl}${path.replace(/^\//, '')}`, JSON.stringify(body));
  return { status: r.status, json: r.json };
}

describe('community server in devnet', () => {
  const net = useDevnet({ nodes: 6, timeouts: { relayMs: 2000, proxyMs: 4000 } });

  it('is announced with its join URL and keys', () => {
    const c = net().community;
    const m = JoinUrl.exec(c.joinUrl);
    expect(m?.[2]).toBe(c.x25519);
    expect(c.url).toBe(`http://127.0.0.1:${m?.[1] ?? ''}`);
  });

  it('answers signed requests through a 3-hop onion path: room info, post, fetch', async () => {
    const n = net();
    const u = new SogsUser(serverOf(n));
    const info = await viaOnion(n, u, 'GET', '/room/lobby');
    expect(info.code).toBe(200);
    expect(z.object({ token: z.string(), read: z.boolean() }).parse(info.body)).toMatchObject({
      token: 'lobby',
      read: true,
    });
    const data = utf8('through the onion');
    const posted = await viaOnion(n, u, 'POST', '/room/lobby/message', {
      data: Buffer.from(data).toString('base64'),
      signature: Buffer.from(u.sign(data)).toString('base64'),
    });
    expect(posted.code).toBe(201);
    const id = z.object({ id: z.number(), session_id: z.string() }).parse(posted.body);
    expect(id.session_id).toBe(u.id);
    const since = await viaOnion(n, u, 'GET', '/room/lobby/messages/since/0?t=r&reactors=5');
    expect(since.code).toBe(200);
    const list = z.array(z.object({ id: z.number(), data: z.string().nullable() })).parse(since.body);
    expect(list.some((m) => m.id === id.id && m.data === Buffer.from(data).toString('base64'))).toBe(true);
    // A bad signature inside the onion is the server's 401, carried back encrypted.
    const forged = await viaOnion(n, u, 'GET', '/room/lobby', undefined, '/room/other');
    expect(forged.code).toBe(401);
  }, 30_000);

  it('the control API adds rooms and moderators; a moderator sees moderator fields', async () => {
    const n = net();
    const created = await control(n, '/sogs/rooms', { token: 'devs', name: 'Developers', description: 'x' });
    expect(created.status).toBe(200);
    expect(z.object({ joinUrl: z.string() }).parse(created.json).joinUrl).toContain('/devs?public_key=');
    expect((await control(n, '/sogs/rooms', { token: 'devs', name: 'Again' })).status).toBe(409);
    expect((await control(n, '/sogs/rooms', { token: 'bad token', name: 'x' })).status).toBe(400);
    const mod = new SogsUser(serverOf(n));
    expect((await control(n, '/sogs/rooms/devs/moderators', { sessionId: mod.id })).status).toBe(200);
    const r = await mod.call('GET', '/room/devs');
    expect(r.json).toMatchObject({
      token: 'devs',
      moderator: true,
      moderators: [mod.id],
      default_write: true,
    });
    const rooms = await new SogsUser(serverOf(n)).call('GET', '/rooms');
    expect(
      z
        .array(z.object({ token: z.string() }))
        .parse(rooms.json)
        .map((x) => x.token),
    ).toEqual(['devs', 'lobby']);
  });

  it('a Session ID made moderator by the control API gets the role on first blinded contact', async () => {
    await sodiumReady();
    const n = net();
    const u = new SogsUser(serverOf(n));
    const { sodium } = await import('../../src/crypto/sodium');
    const sessionId = `05${Buffer.from(sodium().crypto_sign_ed25519_pk_to_curve25519(u.edSec.subarray(32))).toString('hex')}`;
    const r = await control(n, '/sogs/rooms/lobby/moderators', { sessionId, admin: true });
    expect(r.status).toBe(200);
    const info = await u.call('GET', '/room/lobby');
    expect(info.json).toMatchObject({ admin: true, moderator: true });
    expect(z.object({ admins: z.array(z.string()) }).parse(info.json).admins).toContain(u.id);
  });

  it('an unreachable server makes the exit node answer 502; it comes back on clear', async () => {
    const n = net();
    const u = new SogsUser(serverOf(n));
    expect((await control(n, '/sogs/faults', { unreachable: true })).status).toBe(200);
    expect((await viaOnion(n, u, 'GET', '/room/lobby')).status).toBe(502);
    await expect(httpCall(n.community.url, 'GET', '/capabilities')).rejects.toThrow();
    expect((await control(n, '/faults/clear', {})).status).toBe(200);
    expect((await viaOnion(n, u, 'GET', '/room/lobby')).code).toBe(200);
  }, 30_000);
});

describe('persistence', () => {
  it('keys, rooms, posts and nonces survive a devnet restart', async () => {
    await sodiumReady();
    const dir = mkdtempSync(join(tmpdir(), 'veil-sogs-persist-'));
    try {
      let n = await startDevnet({ nodes: 1, dataDir: dir });
      const first = n.community;
      const u = new SogsUser(serverOf(n), '15', random(32));
      const nonce = random(16);
      const posted = await u.call('POST', '/room/lobby/message', {
        nonce,
        json: { data: 'AAEC', signature: Buffer.from(u.sign(Uint8Array.of(0, 1, 2))).toString('base64') },
      });
      expect(posted.status).toBe(201);
      await rawPost(`${n.controlUrl}sogs/rooms`, JSON.stringify({ token: 'kept', name: 'Kept' }));
      await n.stop();
      n = await startDevnet({ nodes: 1, dataDir: dir });
      try {
        // Same keys and, when the port is free, the same port: a joined URL keeps working.
        expect(n.community.x25519).toBe(first.x25519);
        expect(n.community.joinUrl).toBe(first.joinUrl);
        const list = await u.call('GET', '/room/lobby/messages/recent');
        expect(z.array(z.object({ session_id: z.string() })).parse(list.json)[0]?.session_id).toBe(u.id);
        expect((await u.call('GET', '/room/kept')).status).toBe(200);
        // The nonce used before the restart is still refused.
        expect((await u.call('GET', '/room/lobby', { nonce })).status).toBe(425);
      } finally {
        await n.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** SIGTERM to a detached child's whole process group (npx and what it started), if still there. */
function stopGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

describe('the devnet JSON line', () => {
  it('carries "community":{"joinUrl":…}', async () => {
    // Run as a user runs it (npx → tsx → node), in its own process group so that the whole
    // tree is stopped at the end: SIGTERM to npx alone left `tsx devnet/cli.ts` running after
    // every `npm test`. `--exit-with-stdin` ends it too if this runner dies before `finally`.
    const child = spawn('npx', ['tsx', 'devnet/cli.ts', '--nodes', '1', '--exit-with-stdin'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (c: Buffer) => {
          buf += c.toString('utf8');
          const i = buf.indexOf('\n');
          if (i >= 0) resolve(buf.slice(0, i));
        });
        child.once('exit', (code) => reject(new Error(`devnet exited ${String(code)}`)));
      });
      const parsed = z
        .object({
          seed: z.string(),
          control: z.string(),
          community: z.object({ joinUrl: z.string() }).strict(),
        })
        .parse(JSON.parse(line));
      expect(parsed.community.joinUrl).toMatch(JoinUrl);
      const r = await httpCall(parsed.community.joinUrl.replace(/\/lobby\?.*$/, ''), 'GET', '/capabilities');
      expect(r.status).toBe(200);
    } finally {
      child.stdin.end();
      stopGroup(child.pid);
      await exited;
    }
  }, 60_000);
});
