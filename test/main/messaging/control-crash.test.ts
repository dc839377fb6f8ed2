import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { SessionId } from '../../../src/crypto/keys';
import { call, messagesOf, startClient, useAliceAndBob, waitFor } from './helpers';

/** Runs crash-child.ts, waits for its line on stdout, then SIGKILLs it. */
async function runAndKill(args: readonly string[]): Promise<unknown> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/main/messaging/crash-child.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const line = await new Promise<unknown>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const first = out.split('\n')[0];
      if (out.includes('\n') && first) resolve(JSON.parse(first));
    });
    child.on('exit', (code) => {
      reject(new Error(`child exited early (${code})`));
    });
  });
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  return line;
}

/** Control messages are queued like messages: a crash right after the action loses none. */
describe('control messages survive a crash', () => {
  const pair = useAliceAndBob();

  it('a request accepted just before a SIGKILL: the requester learns it once the accepter restarts', async () => {
    await call(pair.alice, 'conversations.open', { sessionId: pair.bob.sessionId });
    await call(pair.alice, 'messages.send', { conversationId: pair.bob.sessionId, body: 'Bonjour Bob' });
    await waitFor('request at Bob', async () =>
      (await messagesOf(pair.bob, pair.alice.sessionId)).find((m) => m.body === 'Bonjour Bob'),
    );
    const bobDir = pair.bob.profileDir;
    await pair.bob.close();
    // Bob accepts on a network that delivers nothing, and dies before anything could go out.
    expect(await runAndKill([bobDir, pair.alice.sessionId, '-', 'accept'])).toEqual({
      ok: true,
      value: null,
    });
    const aliceDb = () => pair.alice.core.ensureSession()!.db;
    await new Promise((r) => setTimeout(r, 1000));
    expect(aliceDb().conversations.getConversation(pair.bob.sessionId as SessionId)?.approvedMe).toBe(false);

    pair.bob = await startClient(pair.devnet, 'Bob', bobDir);
    await waitFor('Alice learns Bob accepted', () =>
      aliceDb().conversations.getConversation(pair.bob.sessionId as SessionId)?.approvedMe === true
        ? true
        : undefined,
    );
    await waitFor('nothing left queued at Bob', () =>
      pair.bob.core.ensureSession()!.db.control.pendingKinds(pair.alice.sessionId as SessionId).length === 0
        ? true
        : undefined,
    );
    // No chat bubble came out of it on either side.
    expect((await messagesOf(pair.bob, pair.alice.sessionId)).map((m) => m.body)).toEqual(['Bonjour Bob']);
    expect((await messagesOf(pair.alice, pair.bob.sessionId)).map((m) => m.body)).toEqual(['Bonjour Bob']);
  }, 90_000);
});
