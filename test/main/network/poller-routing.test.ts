/**
 * One poller per swarm (issue 15 item 3), against an in-memory swarm: every registered namespace
 * in one batch per member, each namespace to its handler, last hashes per (member, namespace),
 * and a failing handler that costs nobody else anything.
 */
import { describe, expect, it } from 'vitest';
import type { Ed25519Hex, Snode, X25519Hex } from '../../../src/onion/keys';
import type { StorageAuth } from '../../../src/swarm/storage-requests';
import type { RetrievedMessage, StoredMessageHash } from '../../../src/swarm/storage-responses';
import { silentLogger } from '../../../src/main/network/logger';
import {
  lastHashKey,
  memoryLastHashStore,
  Poller,
  type NamespaceRoute,
  type PolledMessage,
  type SwarmReader,
} from '../../../src/main/network/poller';
import type { SignedRetrieve } from '../../../src/main/network/swarm-api';

const PK = `05${'ab'.repeat(32)}`;
const OWNER_AUTH: StorageAuth = { kind: 'user', sessionId: PK, ed25519SecretKey: new Uint8Array(64) };
const node = (i: number): Snode => ({
  ip: `10.0.0.${i}`,
  port: 20000 + i,
  pubkeyEd25519: String(i).repeat(64) as Ed25519Hex,
  pubkeyX25519: String(i + 5).repeat(64) as X25519Hex,
});
const MEMBERS = [node(1), node(2)];

let counter = 0;
function msg(text: string): RetrievedMessage {
  const hash = `${String(counter++).padStart(4, '0')}${'A'.repeat(39)}` as StoredMessageHash;
  return {
    hash,
    storedAtMs: 1_700_000_000_000,
    expiresAtMs: 1_800_000_000_000,
    data: new TextEncoder().encode(text),
  };
}

/** Every member holds the same messages (replicated); a page holds `pageSize` of them. */
class FakeSwarm implements SwarmReader {
  readonly random = (n: number) => new Uint8Array(n);
  readonly logger = silentLogger;
  readonly stored = new Map<number, RetrievedMessage[]>();
  readonly calls: { node: string; reqs: readonly SignedRetrieve[] }[] = [];
  /** Namespaces a member refuses (sub-result code), by member key or '*' for all. */
  readonly refuse = new Map<string, Map<number, number>>();
  pageSize = 100;

  add(namespace: number, ...texts: string[]): RetrievedMessage[] {
    const list = this.stored.get(namespace) ?? [];
    const added = texts.map(msg);
    list.push(...added);
    this.stored.set(namespace, list);
    return added;
  }

  members(): Promise<readonly Snode[]> {
    return Promise.resolve(MEMBERS);
  }

  retrieve(_pubkey: string, n: Snode, reqs: readonly SignedRetrieve[]) {
    this.calls.push({ node: n.pubkeyEd25519, reqs });
    return Promise.resolve(
      reqs.map((q) => {
        const code = (this.refuse.get(n.pubkeyEd25519) ?? this.refuse.get('*'))?.get(q.namespace);
        if (code !== undefined) return { ok: false as const, namespace: q.namespace, code };
        const all = this.stored.get(q.namespace) ?? [];
        // An unknown last hash returns from the beginning (network.md §10).
        const from = all.findIndex((m) => m.hash === q.lastHash) + 1;
        const messages = all.slice(from, from + this.pageSize);
        return {
          ok: true as const,
          namespace: q.namespace,
          messages,
          more: from + messages.length < all.length,
        };
      }),
    );
  }
}

function setUp() {
  const swarm = new FakeSwarm();
  const lastHashes = memoryLastHashStore();
  const poller = new Poller({ reader: swarm, owner: { pubkey: PK, auth: OWNER_AUTH }, lastHashes });
  const got = { messages: [] as PolledMessage[], config: [] as PolledMessage[] };
  const messages: NamespaceRoute = {
    name: 'messages',
    namespaces: [0],
    handle: (b) => void got.messages.push(...b.messages),
  };
  poller.register(messages);
  let configFails = 0;
  const config: NamespaceRoute = {
    name: 'config',
    namespaces: [2, 3, 5, 4],
    handle: (b) => {
      if (configFails > 0) {
        configFails--;
        throw new Error('database is locked');
      }
      got.config.push(...b.messages);
    },
  };
  poller.register(config);
  return { swarm, lastHashes, poller, got, messages, config, failConfig: (n: number) => (configFails = n) };
}

const texts = (list: readonly PolledMessage[]) => list.map((m) => new TextDecoder().decode(m.data));

describe('Poller routing', () => {
  it('asks while `beforeHandling` holds, and hands nothing over until it lets go', async () => {
    const swarm = new FakeSwarm();
    let release = (): void => undefined;
    const hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding: Promise<void> | undefined = hold;
    const poller = new Poller({
      reader: swarm,
      owner: { pubkey: PK, auth: OWNER_AUTH },
      beforeHandling: () => holding,
    });
    const got: string[] = [];
    poller.register({
      name: 'messages',
      namespaces: [0],
      handle: (b) => void got.push(...texts(b.messages)),
    });
    swarm.add(0, 'first');
    const polled = poller.poll();
    for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    // The swarm was asked; what it answered waits.
    expect(swarm.calls).toHaveLength(2);
    expect(got).toEqual([]);
    holding = undefined;
    release();
    const report = await polled;
    expect(got).toEqual(['first']);
    expect(report.delivered).toHaveLength(1);
    // Nothing held any more: the next cycle hands over at once.
    swarm.add(0, 'second');
    await poller.poll();
    expect(got).toEqual(['first', 'second']);
  });

  it('asks every registered namespace in one batch per member and routes each to its handler', async () => {
    const t = setUp();
    t.swarm.add(0, 'hello', 'again');
    t.swarm.add(2, 'profile');
    t.swarm.add(4, 'read state');
    const report = await t.poller.poll();
    // One batch per sampled member, holding the five namespaces in desktop's order.
    expect(t.swarm.calls).toHaveLength(2);
    for (const c of t.swarm.calls) expect(c.reqs.map((r) => r.namespace)).toEqual([0, 2, 3, 5, 4]);
    expect(new Set(t.swarm.calls.map((c) => c.node))).toEqual(new Set(MEMBERS.map((m) => m.pubkeyEd25519)));
    // Both members hold the same messages: each is handed over once, to its namespace's handler.
    expect(texts(t.got.messages)).toEqual(['hello', 'again']);
    expect(t.got.messages.every((m) => m.namespace === 0 && m.data instanceof Uint8Array)).toBe(true);
    expect(texts(t.got.config)).toEqual(['profile', 'read state']);
    expect(t.got.config.map((m) => m.namespace)).toEqual([2, 4]);
    expect(report.outcomes.get(t.messages)).toBe('handled');
    expect(report.outcomes.get(t.config)).toBe('handled');
    expect(report.delivered).toHaveLength(4);
  });

  it('keeps a last hash per member and namespace, and resumes each namespace from its own', async () => {
    const t = setUp();
    const [, last0] = t.swarm.add(0, 'one', 'two');
    const [last2] = t.swarm.add(2, 'profile v1');
    await t.poller.poll();
    for (const m of MEMBERS) {
      expect(t.lastHashes.map.get(lastHashKey(m.pubkeyEd25519, PK, 0))).toBe(last0?.hash);
      expect(t.lastHashes.map.get(lastHashKey(m.pubkeyEd25519, PK, 2))).toBe(last2?.hash);
      // Nothing came in 3, 5, 4: no position to keep.
      expect(t.lastHashes.map.has(lastHashKey(m.pubkeyEd25519, PK, 3))).toBe(false);
    }
    t.swarm.add(2, 'profile v2');
    t.swarm.calls.length = 0;
    await t.poller.poll();
    for (const c of t.swarm.calls) {
      const asked = new Map(c.reqs.map((r) => [r.namespace, r.lastHash]));
      expect(asked.get(0)).toBe(last0?.hash);
      expect(asked.get(2)).toBe(last2?.hash);
      expect(asked.get(3)).toBe('');
    }
    expect(texts(t.got.messages)).toEqual(['one', 'two']);
    expect(texts(t.got.config)).toEqual(['profile v1', 'profile v2']);
  });

  it("a failing handler does not lose the other namespaces' messages, and gets its own again", async () => {
    const t = setUp();
    const [m0] = t.swarm.add(0, 'for messaging');
    t.swarm.add(3, 'contacts');
    t.failConfig(1);
    const first = await t.poller.poll();
    expect(first.outcomes.get(t.messages)).toBe('handled');
    expect(first.outcomes.get(t.config)).toBe('failed');
    expect(texts(t.got.messages)).toEqual(['for messaging']);
    expect(t.got.config).toEqual([]);
    // Namespace 0 moved on; namespace 3 did not, so the swarm sends its message again.
    const member = MEMBERS[0]?.pubkeyEd25519 ?? '';
    expect(t.lastHashes.map.get(lastHashKey(member, PK, 0))).toBe(m0?.hash);
    expect(t.lastHashes.map.has(lastHashKey(member, PK, 3))).toBe(false);
    const second = await t.poller.poll();
    expect(second.outcomes.get(t.config)).toBe('handled');
    expect(texts(t.got.config)).toEqual(['contacts']);
    expect(texts(t.got.messages)).toEqual(['for messaging']); // not twice
  });

  it('takes a namespace one member refuses from the other; refused by all, its route waits', async () => {
    const t = setUp();
    t.swarm.add(0, 'm');
    t.swarm.add(5, 'groups');
    t.swarm.refuse.set(MEMBERS[0]?.pubkeyEd25519 ?? '', new Map([[5, 401]]));
    await t.poller.poll();
    expect(texts(t.got.config)).toEqual(['groups']);

    const u = setUp();
    u.swarm.add(0, 'm');
    u.swarm.add(2, 'profile');
    u.swarm.refuse.set('*', new Map([[3, 500]]));
    const report = await u.poller.poll();
    expect(report.outcomes.get(u.messages)).toBe('handled');
    // Config sync must not act on a partial answer (a fresh restore would push a near-empty config).
    expect(report.outcomes.get(u.config)).toBe('unanswered');
    expect(u.got.config).toEqual([]);
    u.swarm.refuse.clear();
    await u.poller.poll();
    expect(texts(u.got.config)).toEqual(['profile']);
  });

  it('asks again at once for the namespaces whose page was full, and only for them', async () => {
    const t = setUp();
    t.swarm.pageSize = 2;
    t.swarm.add(0, 'a', 'b', 'c', 'd', 'e');
    t.swarm.add(2, 'p');
    await t.poller.poll();
    expect(texts(t.got.messages)).toEqual(['a', 'b', 'c', 'd', 'e']);
    const member = MEMBERS[0]?.pubkeyEd25519;
    const pages = t.swarm.calls.filter((c) => c.node === member).map((c) => c.reqs.map((r) => r.namespace));
    expect(pages).toEqual([[0, 2, 3, 5, 4], [0], [0]]);
  });

  it('one handler per namespace; a route may sign with its own auth; a removed route gets nothing', async () => {
    const t = setUp();
    expect(() => t.poller.register({ name: 'dup', namespaces: [4], handle: () => undefined })).toThrow(
      /namespace 4/,
    );
    expect(() =>
      t.poller.register({
        name: 'many',
        namespaces: [...Array(16).keys()].map((i) => 100 + i),
        handle: () => undefined,
      }),
    ).toThrow(/at most 20/);
    const subaccount: StorageAuth = { kind: 'group-admin', ed25519SecretKey: new Uint8Array(64) };
    const got: PolledMessage[] = [];
    const remove = t.poller.register({
      name: 'group-like',
      namespaces: [11],
      auth: subaccount,
      handle: (b) => void got.push(...b.messages),
    });
    t.swarm.add(11, 'group message');
    await t.poller.poll();
    const req = t.swarm.calls[0]?.reqs.find((r) => r.namespace === 11);
    expect(req?.auth).toBe(subaccount);
    expect(t.swarm.calls[0]?.reqs.find((r) => r.namespace === 0)?.auth).toBe(OWNER_AUTH);
    expect(texts(got)).toEqual(['group message']);
    remove();
    t.swarm.add(11, 'later');
    t.swarm.calls.length = 0;
    await t.poller.poll();
    expect(t.swarm.calls[0]?.reqs.map((r) => r.namespace)).toEqual([0, 2, 3, 5, 4]);
    expect(texts(got)).toEqual(['group message']);
  });

  it('a last-hash store that fails (closed database) fails the cycle, never the caller', async () => {
    const swarm = new FakeSwarm();
    swarm.add(0, 'x');
    const poller = new Poller({
      reader: swarm,
      owner: { pubkey: PK, auth: OWNER_AUTH },
      lastHashes: {
        load: () => undefined,
        save: () => {
          throw new Error('the database connection is not open');
        },
      },
      namespaces: [0],
      onMessages: () => undefined,
    });
    await expect(poller.poll()).resolves.toMatchObject({ delivered: [] });
    expect(poller.counters.errors).toBe(1);
  });

  it('never runs two cycles at once (both would deliver what neither marked handled)', async () => {
    const t = setUp();
    t.swarm.add(0, 'x');
    const [a, b] = await Promise.all([t.poller.poll(), t.poller.poll()]);
    expect(a.delivered.length + b.delivered.length).toBe(1);
    expect(texts(t.got.messages)).toEqual(['x']);
  });
  it('skips a message this device stored itself (our sync copy), and still moves past it', async () => {
    const t = setUp();
    const [own, theirs] = t.swarm.add(0, 'our sync copy', 'from Bob');
    t.poller.storedHere(own?.hash ?? '');
    await t.poller.poll();
    expect(texts(t.got.messages)).toEqual(['from Bob']);
    for (const m of MEMBERS)
      expect(t.lastHashes.map.get(lastHashKey(m.pubkeyEd25519, PK, 0))).toBe(theirs?.hash);
  });

  it('reads each last hash from the store once, an absent one too (idle polls read nothing)', async () => {
    const swarm = new FakeSwarm();
    const store = memoryLastHashStore();
    const loads: string[] = [];
    const poller = new Poller({
      reader: swarm,
      owner: { pubkey: PK, auth: OWNER_AUTH },
      lastHashes: { load: (k) => (loads.push(k), store.load(k)), save: (k, h) => store.save(k, h) },
      onMessages: () => undefined,
    });
    swarm.add(0, 'one');
    await poller.poll();
    // Five namespaces of two members, four of them empty.
    expect(loads).toHaveLength(10);
    await poller.poll();
    await poller.poll();
    expect(loads).toHaveLength(10);
    // The empty ones are still asked from the start, the other from where it stopped.
    const asked = new Map(swarm.calls.at(-1)?.reqs.map((r) => [r.namespace, r.lastHash]));
    expect(asked.get(3)).toBe('');
    expect(asked.get(0)).not.toBe('');
  });
});
