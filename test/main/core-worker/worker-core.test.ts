/**
 * The core in its own worker thread (issue #15 item 1): calls and events cross the thread
 * boundary, Electron's safeStorage is lent from the host's thread, and a worker that dies is
 * replaced without losing what the core had accepted.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerCore } from '../../../src/main/core-worker/worker-core';
import type { EventName } from '../../../src/shared/ipc/contract';
import { fakeSafeStorage, tempProfile } from '../keys/helpers';

const cores: WorkerCore[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(profileDir: string, safeStorage = fakeSafeStorage()): Promise<WorkerCore> {
  const core = await WorkerCore.start({ profileDir, host: 'electron', network: 'devnet', safeStorage });
  cores.push(core);
  return core;
}

function recorder(core: WorkerCore): { name: EventName; payload: unknown }[] {
  const seen: { name: EventName; payload: unknown }[] = [];
  core.subscribe((name, payload) => seen.push({ name, payload }));
  return seen;
}

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('WorkerCore', () => {
  it('runs the core in another thread: calls answer, events arrive, untrusted calls are refused', async () => {
    const dir = tempProfile('veil-worker-');
    dirs.push(dir);
    const core = await start(dir);
    expect(core.threadId).toBeDefined();
    expect(core.threadId).not.toBe(threadId);
    const events = recorder(core);

    const info = await core.dispatch('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { host: 'electron', network: 'devnet' } });
    expect(await core.dispatch('no.such.call', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-call' },
    });
    expect(await core.dispatch('account.create', { displayName: 7 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-arguments' },
    });

    const created = await core.dispatch('account.create', { displayName: 'Alice' });
    expect(created.ok).toBe(true);
    await until(() => events.some((e) => e.name === 'account.changed'));
  }, 60_000);

  it("a send's event and its answer cross in one post, the event first", async () => {
    const dir = tempProfile('veil-worker-');
    dirs.push(dir);
    const core = await start(dir);
    const created = await core.dispatch('account.create', { displayName: 'Alice' });
    const me = (created as { value: { sessionId: string } }).value.sessionId;
    await core.dispatch('conversations.open', { sessionId: me });
    // Quiet first: the account's and the list's events of the calls above have crossed.
    await new Promise((r) => setTimeout(r, 200));
    const order: string[] = [];
    core.subscribe((name, payload) => {
      if (name === 'messages.changed')
        order.push(`event ${(payload as { messages: { status: string }[] }).messages[0]?.status ?? ''}`);
    });
    const posts = core.received.posts;
    let postsToAnswer = 0;
    const sent = core.dispatch('messages.send', { conversationId: me, body: 'one post' });
    void sent.then(() => {
      order.push('answer');
      // Read as the answer is handled: a later post (the attempt's outcome) does not count.
      postsToAnswer = core.received.posts - posts;
    });
    expect(await sent).toMatchObject({ ok: true, value: { body: 'one post', status: 'sending' } });
    expect(order[0]).toBe('event sending');
    expect(order).toContain('answer');
    // The event and the answer in the same post (before: one each).
    expect(postsToAnswer).toBe(1);
  }, 60_000);

  it('launch returns before the core is open: calls made meanwhile wait and answer', async () => {
    const dir = tempProfile('veil-worker-');
    dirs.push(dir);
    const core = WorkerCore.launch({ profileDir: dir, host: 'browser', network: 'devnet' });
    cores.push(core);
    let opened = false;
    void core.opened.then(() => (opened = true));
    // Asked at once, as a window loaded beside the opening core does.
    const early = core.dispatch('app.initialState', {});
    expect(opened).toBe(false);
    const answer = await early;
    expect(opened).toBe(true);
    expect(answer).toMatchObject({
      ok: true,
      value: { info: { host: 'browser' }, account: { state: 'none' } },
    });
  });

  it('a core that cannot open: `opened` says why and every call answers unavailable', async () => {
    const dir = tempProfile('veil-worker-');
    dirs.push(dir);
    // The profile folder is a file: the core cannot open it.
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const core = WorkerCore.launch({ profileDir: file, host: 'browser', network: 'devnet' });
    cores.push(core);
    const early = core.dispatch('app.info', {});
    await expect(core.opened).rejects.toThrow();
    expect(await early).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await core.dispatch('app.info', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it("uses the host thread's safeStorage: the key is wrapped there and unwrapped again at the next start", async () => {
    const dir = tempProfile('veil-worker-');
    dirs.push(dir);
    const safeStorage = fakeSafeStorage();
    const first = await start(dir, safeStorage);
    expect((await first.dispatch('account.create', { displayName: 'Alice' })).ok).toBe(true);
    const status = await first.dispatch('account.status', {});
    expect(status).toMatchObject({ ok: true, value: { state: 'ready', protection: 'os-keychain' } });
    expect(safeStorage.calls).toBeGreaterThan(0);
    await first.close();

    const again = await start(dir, safeStorage);
    expect(await again.dispatch('account.status', {})).toMatchObject({ ok: true, value: { state: 'ready' } });
  }, 60_000);

  it('a worker that dies is replaced: the window is told, and what was accepted is still there', async () => {
    const dir = tempProfile('veil-worker-');
    dirs.push(dir);
    const core = await start(dir);
    const created = await core.dispatch('account.create', { displayName: 'Alice' });
    expect(created.ok).toBe(true);
    const me = (created as { value: { sessionId: string } }).value.sessionId;
    await core.dispatch('conversations.open', { sessionId: me });
    const sent = await core.dispatch('messages.send', { conversationId: me, body: 'kept through a crash' });
    expect(sent.ok).toBe(true);

    const events = recorder(core);
    const before = core.threadId;
    await core.kill();
    await until(() => events.some((e) => e.name === 'core.restarted'));
    expect(events.find((e) => e.name === 'core.restarted')?.payload).toEqual({ restarted: true });
    expect(core.threadId).not.toBe(before);
    await until(() => events.some((e) => e.name === 'account.changed'));

    const page = await core.dispatch('messages.page', { conversationId: me, before: null, limit: 50 });
    expect(page.ok).toBe(true);
    const bodies = (page as { value: { body: string }[] }).value.map((m) => m.body);
    expect(bodies).toContain('kept through a crash');
  }, 60_000);
});
