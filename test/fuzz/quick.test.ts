/**
 * A short run of every fuzz target (issue 9 item 3) inside `npm test`; `npm run fuzz` runs the
 * million. Each input must be accepted or refused with a typed error, within the time limit.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devnetHarness } from './devnet-harness';
import { loadTargets, type Targets } from './targets';

const RUNS = Number(process.env.FUZZ_QUICK_RUNS ?? 400);
/** An input taking longer than this is a hang. */
const INPUT_LIMIT_MS = 1000;

let loaded: Targets | undefined;
beforeAll(async () => {
  loaded = await loadTargets();
}, 30_000);
afterAll(() => {
  loaded?.close();
});

// The names are known before loading, so each target gets its own test.
const NAMES = [
  'protobuf.Content',
  'protobuf.Envelope',
  'protobuf.WebSocketMessage',
  'wire.unwrapStoredMessage',
  'wire.openIncoming1o1',
  'crypto.decryptIncoming',
  'onion.decodeSnodeOnionReply',
  'onion.decodeV4OnionReply',
  'onion.v4',
  'onion.framing',
  'onion.classifyOnionLayer',
  'onion.relay',
  'onion.pathErrors',
  'bencode.bdecode',
  'network.seedAnswer',
  'network.swarmAnswer',
  'storage.responses',
  'recovery-phrase.decode',
  'phrase.checkPhrase',
  'sessionId.parse',
  'ipc.dispatch',
  'devnet.storageRpc',
  'devnet.seed',
  'config.parseConfigMessage',
  'config.decrypt',
  'config.merge',
  'config.loadDump',
];

describe('fuzz (quick)', () => {
  it('covers every target', () => {
    expect(loaded?.targets.map((t) => t.name).sort()).toEqual([...NAMES].sort());
  });

  it.each(NAMES)('%s: no crash, no hang', async (name) => {
    const t = loaded?.targets.find((x) => x.name === name);
    if (!t) throw new Error(`no target ${name}`);
    const counts = { accepted: 0, rejected: 0 };
    await fc.assert(
      fc.asyncProperty(t.arbitrary, async (input) => {
        const started = performance.now();
        counts[await t.run(input)]++;
        const ms = performance.now() - started;
        if (ms > INPUT_LIMIT_MS) throw new Error(`hang: one input took ${Math.round(ms)} ms`);
      }),
      { numRuns: RUNS },
    );
    expect(counts.accepted + counts.rejected).toBe(RUNS);
  });
});

describe('fuzz findings (regressions)', () => {
  it('devnet: a deeply nested params value is a 400, not a 500 (replication re-serialises params)', async () => {
    const h = devnetHarness();
    try {
      const nested = '{"a":'.repeat(6000) + 'null' + '}'.repeat(6000);
      const r = await h.rpc(`{"method":"info","params":{"extra":${nested}}}`);
      expect([r.status, r.body]).toEqual([400, 'invalid json: nesting too deep']);
    } finally {
      h.close();
    }
  });
});
