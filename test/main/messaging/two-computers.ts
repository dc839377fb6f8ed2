import { afterAll, beforeAll } from 'vitest';
import type { Devnet } from '../../../devnet/index';
import { VeilCore } from '../../../src/main/core/core';
import type { ConfigSync } from '../../../src/main/config-sync';
import { removeProfile, startClient, startTestDevnet, type TestClient } from './helpers';
import { tempDir } from '../../helpers/temp-dir';

/** Alice's account on two computers, and someone else, on one devnet. */
export interface TwoComputers {
  devnet: Devnet;
  /** Alice's first computer, where the account was created. */
  one: TestClient;
  /** Someone else (a contact, a poster in the room). */
  other: TestClient;
  /** Alice's second computer, once a test restored it (`restoreClient`): closed after the block. */
  two: TestClient | undefined;
}

/**
 * Starts a devnet, Alice's first computer and `otherName` before the block's tests, and stops
 * them (and the second computer) after. Read the fields inside tests, not at collection time.
 */
export function useTwoComputers(otherName: string): TwoComputers {
  const p: Partial<TwoComputers> = {};
  beforeAll(async () => {
    p.devnet = await startTestDevnet();
    p.one = await startClient(p.devnet, 'Alice');
    p.other = await startClient(p.devnet, otherName);
  }, 60_000);
  afterAll(async () => {
    for (const c of [p.one, p.other, p.two]) {
      if (!c) continue;
      await c.close();
      removeProfile(c.profileDir);
    }
    await p.devnet?.stop();
  });
  return p as TwoComputers;
}

/**
 * Another computer restoring `phrase` on the devnet, with the name the restore screen would
 * give: `displayName`, or (without it) the name fetched from the swarm first, else "Typed".
 */
export async function restoreClient(
  devnet: Devnet,
  phrase: string,
  displayName?: string,
): Promise<TestClient & { fetched: string | null }> {
  const profileDir = tempDir('veil-sync-');
  const core = await VeilCore.open({
    profileDir,
    host: 'browser',
    network: 'devnet',
    networkConfig: { seedUrls: [devnet.seedUrl], localDevnet: true, pollIntervalMs: 100 },
  });
  let fetched: string | null = null;
  if (displayName === undefined) {
    const answer = await core.dispatcher.dispatch('account.fetchProfile', { phrase });
    if (!answer.ok) throw new Error(answer.error.message);
    fetched = (answer.value as { displayName: string | null }).displayName;
  }
  const restored = await core.dispatcher.dispatch('account.restore', {
    phrase,
    displayName: displayName ?? fetched ?? 'Typed',
  });
  if (!restored.ok) throw new Error(restored.error.message);
  const sessionId = (restored.value as { sessionId: string }).sessionId;
  return { core, sessionId, profileDir, fetched, close: () => core.close() };
}

/** The config sync of a client's open session. */
export function configSyncOf(client: TestClient): ConfigSync {
  const session = client.core.ensureSession();
  if (!session) throw new Error('no session');
  return session.configSync;
}
