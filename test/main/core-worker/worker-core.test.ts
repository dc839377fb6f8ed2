/**
 * The core in its own worker thread (issue #15 item 1): calls and events cross the thread
 * boundary, the host's thread hands the keychain-protected key over once (and wraps a key the
 * core switches to), and a worker that dies is replaced without losing what the core had accepted.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerCore } from '../../../src/main/core-worker/worker-core';
import { readHeader } from '../../../src/main/keys/header';
import type { SafeStorageLike } from '../../../src/main/keys/protection';
import type { EventName } from '../../../src/shared/ipc/contract';
import { fakeSafeStorage, tempProfile } from '../keys/helpers';

const cores: WorkerCore[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(
  profileDir: string,
  safeStorage: SafeStorageLike = fakeSafeStorage(),
): Promise<WorkerCore> {
  const core = await WorkerCore.start({ profileDir, host: 'electron', network: 'devnet', safeStorage });
  cores.push(core);
  return core;
}

/**
 * The fake keychain, each kind of call counted; once armed (the handover made), every call but
 * a wrap is recorded as one the core should never have caused.
 */
function watchedSafeStorage() {
  const inner = fakeSafeStorage();
  const count = { encrypt: 0, decrypt: 0, afterHandover: [] as string[] };
  let armed = false;
  const seen = (what: string) => {
    if (armed) count.afterHandover.push(what);
  };
  const storage: SafeStorageLike = {
    isEncryptionAvailable: () => (seen('available'), inner.isEncryptionAvailable()),
    getSelectedStorageBackend: () => (seen('backend'), 'gnome_libsecret'),
    encryptString: (text) => (count.encrypt++, inner.encryptString(text)),
    decryptString: (blob) => (seen('decrypt'), count.decrypt++, inner.decryptString(blob)),
  };
  return { storage, count, arm: () => (armed = true) };
}

function keychainHeader(dir: string): string {
  const header = readHeader(dir);
  if (header?.kind !== 'os-keychain') throw new Error(`expected a keychain header, got ${header?.kind}`);
  return header.wrappedKey;
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

  it('main unwraps the key once per worker; the core then never reaches safeStorage but to wrap', async () => {
    const dir = tempProfile('veil-worker-');
    dirs.push(dir);
    const { storage, count, arm } = watchedSafeStorage();
    const first = await start(dir, storage);
    expect((await first.dispatch('account.create', { displayName: 'Alice' })).ok).toBe(true);
    expect(await first.dispatch('account.status', {})).toMatchObject({
      ok: true,
      value: { state: 'ready', protection: 'os-keychain' },
    });
    // The new key was wrapped by main; the core had no need to have anything unwrapped.
    expect(count.encrypt).toBe(1);
    expect(count.decrypt).toBe(0);
    await first.close();

    const again = await start(dir, storage);
    // Main read the header and unwrapped its key before the core opened the profile with it.
    expect(count.decrypt).toBe(1);
    arm();
    for (const call of ['account.status', 'app.initialState', 'account.show', 'account.revealPhrase'])
      expect((await again.dispatch(call, {})).ok).toBe(true);
    expect(await again.dispatch('account.status', {})).toMatchObject({ ok: true, value: { state: 'ready' } });
    expect(count.afterHandover).toEqual([]);
  }, 60_000);

  it('choosing the keychain again wraps through main; a restarted core is handed the key in force', async () => {
    const dir = tempProfile('veil-worker-');
    dirs.push(dir);
    const { storage, count } = watchedSafeStorage();
    const core = await start(dir, storage);
    const created = await core.dispatch('account.create', { displayName: 'Alice' });
    const me = (created as { value: { sessionId: string } }).value.sessionId;
    const firstWrapped = keychainHeader(dir);
    const password = 'correct horse battery';
    expect((await core.dispatch('account.setPassword', { password })).ok).toBe(true);
    expect(readHeader(dir)?.kind).toBe('password');
    // Back to the keychain: a new key, wrapped by main at the core's request.
    expect(await core.dispatch('account.removePassword', { currentPassword: password })).toMatchObject({
      ok: true,
      value: { protection: 'os-keychain' },
    });
    expect(count.encrypt).toBe(2);
    const wrapped = keychainHeader(dir);
    expect(wrapped).not.toBe(firstWrapped);
    await core.dispatch('conversations.open', { sessionId: me });
    expect((await core.dispatch('messages.send', { conversationId: me, body: 'under the new key' })).ok).toBe(
      true,
    );
    expect(count.decrypt).toBe(0);

    const events = recorder(core);
    await core.kill();
    await until(() => events.some((e) => e.name === 'core.restarted'));
    expect(events.find((e) => e.name === 'core.restarted')?.payload).toEqual({ restarted: true });
    // Unwrapped again by main, from the header as it is now (main kept no key of the old core).
    expect(count.decrypt).toBe(1);
    expect(await core.dispatch('account.status', {})).toMatchObject({
      ok: true,
      value: { state: 'ready', protection: 'os-keychain' },
    });
    const page = await core.dispatch('messages.page', { conversationId: me, before: null, limit: 50 });
    expect((page as { value: { body: string }[] }).value.map((m) => m.body)).toContain('under the new key');
  }, 120_000);

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
