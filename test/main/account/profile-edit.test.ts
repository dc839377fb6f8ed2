/**
 * Issue 14 item 5 on a shared devnet, each profile configured exactly as `--network <seed URL>`
 * configures it (resolveNetwork: nothing but the seed is given). Alice has two devices (the
 * second restored from her phrase) and writes to Bob. Her new name and picture reach her other
 * device through config sync, and Bob through her next message; the file server is learnt from
 * the seed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../../devnet/index';
import { VeilCore } from '../../../src/main/core/core';
import { resolveNetwork } from '../../../src/main/core/network-config';
import type { AccountSummary } from '../../../src/shared/ipc/account';
import type { Conversation } from '../../../src/shared/ipc/messaging';
import { testPng } from '../files/images';
import { call, startTestDevnet, waitFor, type TestClient } from '../messaging/helpers';

let devnet: Devnet;
const clients: TestClient[] = [];

/** A core on the devnet known only by its seed URL, as the CLI and the app open it. */
async function openOnSeed(): Promise<TestClient> {
  const profileDir = mkdtempSync(join(tmpdir(), 'veil-profile-edit-'));
  const { config } = await resolveNetwork(devnet.seedUrl, profileDir, {});
  expect(config.fileServer).toBeUndefined(); // nothing handed over: it must come from the seed
  const core = await VeilCore.open({
    profileDir,
    host: 'browser',
    network: devnet.seedUrl,
    networkConfig: { ...config, localDevnet: true, pollIntervalMs: 100 },
  });
  const client: TestClient = { core, sessionId: '', profileDir, close: () => core.close() };
  clients.push(client);
  return client;
}

async function created(name: string): Promise<TestClient> {
  const c = await openOnSeed();
  const r = await call<{ sessionId: string }>(c, 'account.create', { displayName: name });
  return { ...c, sessionId: r.sessionId };
}

const nameAt = async (c: TestClient) => (await call<AccountSummary>(c, 'account.show', {})).displayName;
const avatarOf = async (c: TestClient, id: string) =>
  (await call<{ dataUrl: string | null }>(c, 'avatar.get', { sessionId: id })).dataUrl;

let alice: TestClient;
let bob: TestClient;
let second: TestClient;

beforeAll(async () => {
  devnet = await startTestDevnet();
  [alice, bob] = await Promise.all([created('Alice'), created('Bob')]);
  await call(alice, 'conversations.open', { sessionId: bob.sessionId });
  await call(alice, 'messages.send', { conversationId: bob.sessionId, body: 'Hello Bob' });
  await waitFor('Alice’s first message at Bob', async () =>
    (await call<Conversation[]>(bob, 'conversations.list', {})).find((c) => c.id === alice.sessionId),
  );
  // Alice's second device: her phrase, the name found in her swarm.
  const { phrase } = await call<{ phrase: string }>(alice, 'account.revealPhrase', {});
  const s = await openOnSeed();
  const fetched = await waitFor('Alice’s profile in her swarm', async () => {
    const r = await call<{ displayName: string | null }>(s, 'account.fetchProfile', { phrase });
    return r.displayName ?? undefined;
  });
  expect(fetched).toBe('Alice');
  const r = await call<{ sessionId: string }>(s, 'account.restore', { phrase, displayName: fetched });
  second = { ...s, sessionId: r.sessionId };
}, 120_000);

afterAll(async () => {
  for (const c of clients) {
    await c.close();
    rmSync(c.profileDir, { recursive: true, force: true });
  }
  await devnet.stop();
});

describe('changing the display name and picture after onboarding (shared devnet)', () => {
  it('refuses an empty or too long name in main, whatever the window sends', async () => {
    for (const [displayName, reason] of [
      ['', 'name.empty'],
      ['   \u00a0 ', 'name.empty'],
      ['x'.repeat(101), 'name.too-long'],
      ['é'.repeat(101), 'name.too-long'],
    ] as const) {
      const r = await alice.core.dispatcher.dispatch('account.setDisplayName', { displayName });
      expect(r.ok ? 'accepted' : r.error.reason).toBe(reason);
    }
    for (const bad of [
      {},
      { displayName: 5 },
      { displayName: 'x'.repeat(1001) },
      { displayName: 'A', extra: 1 },
    ]) {
      const r = await alice.core.dispatcher.dispatch('account.setDisplayName', bad);
      expect(r.ok ? 'accepted' : r.error.code).toBe('invalid-arguments');
    }
    expect(await nameAt(alice)).toBe('Alice');
  });

  it('a new name reaches Alice’s other device and, with her next message, Bob', async () => {
    const summary = await call<AccountSummary>(alice, 'account.setDisplayName', {
      displayName: '  Alice Dupont ',
    });
    expect(summary.displayName).toBe('Alice Dupont');
    await waitFor('the name on the second device', async () =>
      (await nameAt(second)) === 'Alice Dupont' ? true : undefined,
    );
    await call(alice, 'messages.send', { conversationId: bob.sessionId, body: 'I changed my name' });
    await waitFor('the name at Bob', async () =>
      (await call<Conversation[]>(bob, 'conversations.list', {})).find(
        (c) => c.id === alice.sessionId && c.name === 'Alice Dupont',
      ),
    );
  }, 60_000);

  it('a picture is sent with the file server the seed names; it reaches the other device and Bob', async () => {
    const image = testPng(80, 3);
    const set = await alice.core.dispatcher.dispatch('avatar.set', {
      image: Buffer.from(image).toString('base64'),
    });
    expect(set.ok ? 'ok' : set.error.reason).toBe('ok');
    const pic = alice.core.ensureSession()?.configSync.configs.profile.profilePic;
    expect(pic?.url.startsWith(`${devnet.fileServer.url}/file/`)).toBe(true);
    const expected = `data:image/png;base64,${Buffer.from(image).toString('base64')}`;
    await waitFor('the picture on the second device', async () =>
      (await avatarOf(second, alice.sessionId)) === expected ? true : undefined,
    );
    await call(alice, 'messages.send', { conversationId: bob.sessionId, body: 'and my face' });
    await waitFor('the picture at Bob', async () =>
      (await avatarOf(bob, alice.sessionId)) === expected ? true : undefined,
    );

    const removed = await alice.core.dispatcher.dispatch('avatar.remove', {});
    expect(removed.ok).toBe(true);
    await waitFor('no picture on the second device', async () =>
      (await avatarOf(second, alice.sessionId)) === null ? true : undefined,
    );
  }, 90_000);

  it('a config seen for the first time without a picture leaves ours alone', async () => {
    const set = await alice.core.dispatcher.dispatch('avatar.set', {
      image: Buffer.from(testPng(40, 7)).toString('base64'),
    });
    expect(set.ok).toBe(true);
    const session = alice.core.ensureSession();
    if (!session) throw new Error('no session');
    // As a profile from before config sync, or one whose config dumps were lost.
    session.db.kv.delete('avatar.own.config');
    alice.core.domain.emit({ type: 'config.merged', ownPicture: null });
    expect(await avatarOf(alice, alice.sessionId)).not.toBeNull();
  });
});
