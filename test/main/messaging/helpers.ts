import { afterAll, beforeAll } from 'vitest';
import { rmSync } from 'node:fs';
import { startDevnet, type Devnet } from '../../../devnet/index';
import { fromHex } from '../../../src/crypto/bytes';
import { identityFromSeed, type Identity } from '../../../src/crypto/keys';
import { sodiumReady } from '../../../src/crypto/sodium';
import { VeilCore } from '../../../src/main/core/core';
import type { Message } from '../../../src/shared/ipc/messaging';
import { DomainBus } from '../../../src/main/domain/bus';
import type { VeilDatabase } from '../../../src/main/db';
import type { MessagingDeps } from '../../../src/main/messaging/deps';
import { tempDir } from '../../helpers/temp-dir';

export async function startTestDevnet(nodes = 12): Promise<Devnet> {
  return startDevnet({ nodes });
}

/** Two fixed identities (the same seeds in every unit test), once libsodium is ready. */
export async function twoIdentities(): Promise<[Identity, Identity]> {
  await sodiumReady();
  return [
    identityFromSeed(fromHex('0123456789abcdef0123456789abcdef')),
    identityFromSeed(fromHex('00112233445566778899aabbccddeeff')),
  ];
}

export interface TestClient {
  readonly core: VeilCore;
  readonly sessionId: string;
  readonly profileDir: string;
  close(): Promise<void>;
}

/** A real core with an account, on the devnet, polling every 100 ms. */
export async function startClient(
  devnet: Devnet,
  name: string,
  profileDir = tempDir('veil-msg-'),
  opts: ClientOptions = {},
): Promise<TestClient> {
  const core = await VeilCore.open({
    profileDir,
    host: 'browser',
    network: 'devnet',
    networkConfig: { seedUrls: [devnet.seedUrl], localDevnet: true, pollIntervalMs: 100, ...opts },
    ...(process.env.VEIL_TEST_LOG ? { log: (l: string) => console.log(name, l) } : {}),
  });
  let sessionId: string;
  const status = core.account.status();
  if (status.state === 'ready') sessionId = status.sessionId;
  else {
    const created = await core.dispatcher.dispatch('account.create', { displayName: name });
    if (!created.ok) throw new Error(created.error.message);
    sessionId = (created.value as { sessionId: string }).sessionId;
  }
  return {
    core,
    sessionId,
    profileDir,
    async close() {
      await core.close();
    },
  };
}

export function removeProfile(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function call<T>(client: TestClient, name: string, args: unknown): Promise<T> {
  const r = await client.core.dispatcher.dispatch(name, args);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** Waits until `predicate` holds, polling every 50 ms, or fails after `ms`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function messagesOf(client: TestClient, conversationId: string): Promise<Message[]> {
  return call<Message[]>(client, 'messages.page', { conversationId, before: null, limit: 500 });
}

export interface DeliveryReport {
  readonly sent: number;
  readonly received: number;
  readonly lost: number;
  readonly duplicated: number;
}

/** Counts what a fault scenario sent against what arrived, and prints it for the CI log. */
export function deliveryReport(
  scenario: string,
  sent: readonly string[],
  received: readonly string[],
): DeliveryReport {
  const seen = new Map<string, number>();
  for (const b of received) seen.set(b, (seen.get(b) ?? 0) + 1);
  const report = {
    sent: sent.length,
    received: received.length,
    lost: sent.filter((b) => !seen.has(b)).length,
    duplicated: [...seen.values()].reduce((acc, n) => acc + n - 1, 0),
  };
  console.log(`fault suite · ${scenario}: ${JSON.stringify(report)}`);
  return report;
}

/** Polls `read` until it holds `expected` items or `ms` pass; returns the last read either way. */
export async function readUntilCount(
  read: () => Promise<string[]>,
  expected: number,
  ms: number,
): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const got = await read();
    if (got.length >= expected || Date.now() > deadline) return got;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type ClientOptions = { clock?: () => number };

/** A devnet with Alice and Bob, shared by the tests of one describe block. */
export interface AliceAndBob {
  devnet: Devnet;
  /** A test may replace a client (a restart): the one here at the end is closed. */
  alice: TestClient;
  bob: TestClient;
}

/**
 * Starts a devnet, Alice and Bob before the block's tests (then `setup`), and stops them after.
 * The fields are filled in by then: read them inside tests and hooks, not at collection time.
 */
export function useAliceAndBob(
  opts: {
    alice?: ClientOptions;
    bob?: ClientOptions;
    /** Service nodes in the devnet (default 12: two swarms of 6). */
    nodes?: number;
    setup?: (p: AliceAndBob) => Promise<void>;
  } = {},
): AliceAndBob {
  const pair = {} as AliceAndBob;
  beforeAll(async () => {
    pair.devnet = await startTestDevnet(opts.nodes);
    pair.alice = await startClient(pair.devnet, 'Alice', undefined, opts.alice);
    pair.bob = await startClient(pair.devnet, 'Bob', undefined, opts.bob);
    await opts.setup?.(pair);
  }, 60_000);
  afterAll(async () => {
    await pair.alice.close();
    await pair.bob.close();
    await pair.devnet.stop();
    removeProfile(pair.alice.profileDir);
    removeProfile(pair.bob.profileDir);
  });
  return pair;
}

/**
 * Messaging dependencies for feeding `processIncoming` directly: `me` receives, the clock stands
 * at `now`, sending is refused, and log lines go to `logs`.
 */
export function receiveOnlyDeps(
  db: VeilDatabase,
  me: Identity,
  now: number,
  logs: string[] = [],
): MessagingDeps {
  return {
    db,
    identity: () => me,
    displayName: () => null,
    transport: {
      now: () => now,
      localNow: () => now,
      store: () => Promise.reject(new Error('receive-only test')),
    },
    bus: new DomainBus(),
    settings: () => ({ readReceipts: false, typingIndicators: false }),
    log: (line) => logs.push(line),
  };
}
