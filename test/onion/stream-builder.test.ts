import { beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../src/crypto/bytes';
import { sodiumReady } from '../../src/crypto/sodium';
import { buildOnionRequest, type BuildOnionInput } from '../../src/onion/builder';
import { x25519PublicFromSecret } from '../../src/onion/hop-crypto';
import type { X25519Hex } from '../../src/onion/keys';
import { buildOnionRequestStream, joinStreamedBody } from '../../src/onion/stream-builder';
import { encodeV4RequestParts, encodeV4RequestSource } from '../../src/onion/v4';
import { partsSource, type PartsSource } from '../../src/crypto/parts';
import { seededRandom } from './helpers';
import { handleOnion, makeNodes } from './sim-network';

beforeAll(async () => {
  await sodiumReady();
});

/** A file of `n` bytes in uneven parts (as the legacy encryption hands them over). */
function fileParts(n: number, seed: number): Uint8Array[] {
  const bytes = seededRandom(seed)(n);
  const parts: Uint8Array[] = [];
  for (let off = 0, step = 1; off < n; off += step, step = step * 7 + 13)
    parts.push(bytes.subarray(off, off + step));
  return parts;
}

describe('the streamed onion body (uploads)', () => {
  // Sizes around the 256 KB slice, a body with none, and one of several slices.
  for (const size of [0, 1, 262_143, 262_144, 262_145, 600_001]) {
    for (const hops of [1, 3]) {
      it(`has the very bytes, keys and length of the whole-body builder (${size} B, ${hops} hops)`, () => {
        const nodes = makeNodes(4, seededRandom(42));
        const serverX = toHex(x25519PublicFromSecret(seededRandom(99)(32))) as X25519Hex;
        const payload = encodeV4RequestParts({
          method: 'POST',
          endpoint: '/file',
          headers: { 'X-FS-TTL': '60' },
          body: size === 0 ? null : fileParts(size, size + 5),
        });
        const input = (seed: number): BuildOnionInput => ({
          path: nodes.slice(0, hops).map((n) => n.snode),
          target: {
            kind: 'server',
            host: 'files.local',
            pubkeyX25519: serverX,
            protocol: 'http',
            port: 8080,
          },
          payload,
          random: seededRandom(seed),
        });
        const whole = buildOnionRequest(input(7));
        const streamed = buildOnionRequestStream(input(7));
        expect(streamed.body.length).toBe(whole.guardBody.length);
        const chunks = [...streamed.body.chunks()];
        // Bounded pieces: nothing of the size of the file is made at once.
        expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(2 * 262_144 + 1024);
        const joined = new Uint8Array(chunks.reduce((t, c) => t + c.length, 0));
        let off = 0;
        for (const c of chunks) {
          joined.set(c, off);
          off += c.length;
        }
        expect(toHex(joined)).toBe(toHex(whole.guardBody));
        expect(toHex(streamed.destinationKey)).toBe(toHex(whole.destinationKey));
        expect(streamed.hopKeys.map(toHex)).toEqual(whole.hopKeys.map(toHex));
        // A different draw is a different request (the test compares real encryptions).
        expect(toHex(joinStreamedBody(buildOnionRequestStream(input(8)).body))).not.toBe(toHex(joined));
      });
    }
  }

  it('is delivered through simulated relays to the server', () => {
    const nodes = makeNodes(4, seededRandom(42));
    const secret = seededRandom(99)(32);
    const seen: Uint8Array[] = [];
    const file = seededRandom(3)(200_000);
    const built = buildOnionRequestStream({
      path: nodes.slice(0, 3).map((n) => n.snode),
      target: {
        kind: 'server',
        host: 'files.local',
        pubkeyX25519: toHex(x25519PublicFromSecret(secret)) as X25519Hex,
        protocol: 'http',
      },
      payload: encodeV4RequestParts({ method: 'POST', endpoint: '/file', body: [file] }),
      random: seededRandom(11),
    });
    const res = handleOnion(
      {
        nodes,
        random: seededRandom(12),
        rpc: () => ({ status: 500, body: 'unused' }),
        servers: {
          'files.local': {
            secret,
            handle: (req) => {
              if (req.body) seen.push(req.body);
              return { code: 200, headers: {}, body: new Uint8Array(0) };
            },
          },
        },
      },
      nodes[0]!,
      joinStreamedBody(built.body),
    );
    expect(res.status).toBe(200);
    expect(seen.length).toBe(1);
    expect(toHex(seen[0]!)).toBe(toHex(file));
  });

  it('can be sent only once (its ciphers are consumed)', () => {
    const nodes = makeNodes(3, seededRandom(42));
    const built = buildOnionRequestStream({
      path: nodes.slice(0, 3).map((n) => n.snode),
      target: { kind: 'server', host: 'f', pubkeyX25519: nodes[2]!.snode.pubkeyX25519 },
      payload: [new Uint8Array(10)],
      random: seededRandom(1),
    });
    joinStreamedBody(built.body);
    expect(() => joinStreamedBody(built.body)).toThrow(/once/);
  });

  it('takes a payload made on demand: the same bytes, pulled as the body is', () => {
    const nodes = makeNodes(4, seededRandom(42));
    const file = fileParts(600_001, 3);
    let pulled = 0;
    const source: PartsSource = {
      length: 600_001,
      *chunks() {
        for (const p of file) {
          pulled += p.length;
          yield p;
        }
      },
    };
    const head = { method: 'POST', endpoint: '/file', headers: { 'X-FS-TTL': '60' } };
    const fromSource = encodeV4RequestSource(head, source);
    const fromParts = encodeV4RequestParts({ ...head, body: file });
    expect(fromSource.length).toBe(partsSource(fromParts).length);
    const input = (payload: PartsSource | readonly Uint8Array[]) => ({
      path: nodes.slice(0, 3).map((n) => n.snode),
      target: { kind: 'server' as const, host: 'f', pubkeyX25519: nodes[3]!.snode.pubkeyX25519 },
      payload,
      random: seededRandom(5),
    });
    const streamed = buildOnionRequestStream(input(fromSource));
    const chunks = streamed.body.chunks()[Symbol.iterator]();
    chunks.next();
    // The first piece out needs only the first slice of the file, not all of it.
    expect(pulled).toBeLessThan(600_001);
    const rest: Uint8Array[] = [];
    for (let r = chunks.next(); r.done !== true; r = chunks.next()) rest.push(r.value);
    expect(pulled).toBe(600_001);
    const again = joinStreamedBody(buildOnionRequestStream(input(fromParts)).body);
    expect(streamed.body.length).toBe(again.length);
    const first = joinStreamedBody(buildOnionRequestStream(input(fromSource)).body);
    expect(toHex(first)).toBe(toHex(again));
  });

  it('frees what it made once read: inner layers at once, the payload by its source, the chunks by the transport', () => {
    const nodes = makeNodes(4, seededRandom(42));
    const size = 3 * 262_144 + 7;
    const file = fileParts(size, 11);
    const released: Uint8Array[] = [];
    // A payload made on demand, in slices of its own memory (as the legacy encryption's).
    const source: PartsSource = {
      length: size,
      *chunks() {
        for (const p of file) yield new Uint8Array(p);
      },
      release: (c) => released.push(c),
    };
    const input = (payload: PartsSource | readonly Uint8Array[]) => ({
      path: nodes.slice(0, 3).map((n) => n.snode),
      target: { kind: 'server' as const, host: 'f', pubkeyX25519: nodes[3]!.snode.pubkeyX25519 },
      payload,
      random: seededRandom(5),
    });
    const expected = joinStreamedBody(buildOnionRequestStream(input(file)).body);
    const built = buildOnionRequestStream(input(source));
    const before = process.memoryUsage().arrayBuffers;
    const sent: Uint8Array[] = [];
    const chunks: Uint8Array[] = [];
    let big = 0;
    for (const c of built.body.chunks()) {
      sent.push(Buffer.from(c)); // what the socket would have taken
      chunks.push(c);
      if (c.length > 4096) big++;
      built.body.release?.(c);
    }
    const grown = process.memoryUsage().arrayBuffers - before;
    expect(toHex(Buffer.concat(sent))).toBe(toHex(expected));
    // Every part of the payload was handed back to its source once read.
    expect(released.length).toBe(file.length);
    // The transport's release frees the chunks themselves.
    expect(big).toBeGreaterThan(2);
    expect(chunks.every((c) => c.length === 0)).toBe(true);
    // The three inner layers' outputs (3 × 0.8 MB) were freed as soon as the next layer read
    // them (5 × the size were kept before): what is left is the copies this test keeps and the
    // payload's slices (2 × the size).
    expect(grown).toBeLessThan(3 * size);
  });

  it('refuses a source that makes other bytes than it announced (the framing would lie)', () => {
    const nodes = makeNodes(3, seededRandom(42));
    const built = buildOnionRequestStream({
      path: nodes.slice(0, 3).map((n) => n.snode),
      target: { kind: 'server', host: 'f', pubkeyX25519: nodes[2]!.snode.pubkeyX25519 },
      payload: { length: 11, chunks: () => [new Uint8Array(10)] },
      random: seededRandom(1),
    });
    expect(() => joinStreamedBody(built.body)).toThrow(/announced 11/);
  });
});
