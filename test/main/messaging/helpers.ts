import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevnet, type Devnet } from '../../../devnet/index';
import { VeilCore } from '../../../src/main/core/core';
import type { Message } from '../../../src/shared/ipc/messaging';

export async function startTestDevnet(): Promise<Devnet> {
  return startDevnet({ nodes: 12 });
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
  profileDir = mkdtempSync(join(tmpdir(), 'veil-msg-')),
): Promise<TestClient> {
  const core = await VeilCore.open({
    profileDir,
    host: 'browser',
    network: 'devnet',
    networkConfig: { seedUrls: [devnet.seedUrl], localDevnet: true, pollIntervalMs: 100 },
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
