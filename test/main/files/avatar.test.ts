/**
 * Profile pictures end to end on a devnet (identity-and-messages.md §6.4): A sets a picture, it
 * is encrypted and uploaded through the onion, A's next message carries URL + key, B downloads,
 * decrypts and caches it — the same bytes — and neither profile keeps a readable picture.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../../devnet/index';
import type { SessionId } from '../../../src/crypto/keys';
import { encryptStreamAttachment } from '../../../src/crypto/attachments-stream';
import { encryptProfileAvatar, asProfileKey } from '../../../src/crypto/profile-avatar';
import { VeilCore } from '../../../src/main/core/core';
import { DomainBus } from '../../../src/main/domain/bus';
import { AvatarService } from '../../../src/main/files/avatar-service';
import { AvatarStore } from '../../../src/main/files/avatar-store';
import { uploadFile } from '../../../src/main/files/file-client';
import { parseFileServer } from '../../../src/main/files/file-server';
import { fixedFileServer } from '../../../src/main/files/file-server-source';
import { call, startTestDevnet, waitFor } from '../messaging/helpers';
import { contains, testPng } from './images';

interface Client {
  readonly core: VeilCore;
  readonly id: SessionId;
  readonly dir: string;
  readonly events: string[];
}

let net: Devnet;
const clients: Client[] = [];

async function client(name: string): Promise<Client> {
  const dir = mkdtempSync(join(tmpdir(), 'veil-avatar-'));
  const core = await VeilCore.open({
    profileDir: dir,
    host: 'browser',
    network: 'devnet',
    networkConfig: {
      seedUrls: [net.seedUrl],
      localDevnet: true,
      pollIntervalMs: 100,
      fileServer: net.fileServer,
    },
  });
  const created = await core.dispatcher.dispatch('account.create', { displayName: name });
  if (!created.ok) throw new Error(created.error.message);
  const events: string[] = [];
  core.events.subscribe((n, payload) => {
    if (n === 'avatars.changed') events.push(...(payload as { sessionIds: string[] }).sessionIds);
  });
  const c = { core, id: (created.value as { sessionId: SessionId }).sessionId, dir, events };
  clients.push(c);
  return c;
}

const dataUrlBytes = (url: string | null): Buffer | undefined =>
  url === null ? undefined : Buffer.from(url.replace(/^data:image\/png;base64,/, ''), 'base64');

async function avatarOf(c: Client, id: string): Promise<string | null> {
  return (await call<{ dataUrl: string | null }>({ core: c.core } as never, 'avatar.get', { sessionId: id }))
    .dataUrl;
}

/** Every byte under the profile, to look for the picture in clear. */
function filesUnder(dir: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) out.push(new Uint8Array(readFileSync(join(e.parentPath, e.name))));
  return out;
}

let a: Client;
let b: Client;
const image = testPng(96, 2);

beforeAll(async () => {
  net = await startTestDevnet();
  [a, b] = await Promise.all([client('Alice'), client('Bob')]);
}, 60_000);

afterAll(async () => {
  for (const c of clients) {
    await c.core.close();
    rmSync(c.dir, { recursive: true, force: true });
  }
  await net.stop();
});

describe('profile pictures over a devnet', () => {
  it('A sets a picture, B gets the same bytes from A’s message', async () => {
    const set = await call<{ dataUrl: string }>({ core: a.core } as never, 'avatar.set', {
      image: Buffer.from(image).toString('base64'),
    });
    expect(dataUrlBytes(set.dataUrl)?.equals(Buffer.from(image))).toBe(true);
    expect(a.events).toContain(a.id);
    expect(dataUrlBytes(await avatarOf(a, a.id))?.equals(Buffer.from(image))).toBe(true);
    // Our other devices learn it from the UserProfile config.
    const pic = a.core.ensureSession()?.configSync.configs.profile.profilePic;
    expect(pic?.url).toMatch(new RegExp(`^${net.fileServer.url}/file/[A-Za-z0-9_-]{44}$`));
    expect(pic?.key.length).toBe(32);

    await call({ core: a.core } as never, 'conversations.open', { sessionId: b.id });
    await call({ core: a.core } as never, 'messages.send', {
      conversationId: b.id,
      body: 'hello with a face',
    });
    const got = await waitFor(
      'B has A’s picture',
      async () => (await avatarOf(b, a.id)) ?? undefined,
      30_000,
    );
    expect(dataUrlBytes(got)?.equals(Buffer.from(image))).toBe(true);
    expect(b.events).toContain(a.id);
    // Several in one call, answered in the order asked: B has no picture of its own.
    const many = await call<{ dataUrls: (string | null)[] }>({ core: b.core } as never, 'avatar.getMany', {
      sessionIds: [b.id, a.id],
    });
    expect(many.dataUrls).toEqual([null, got]);
  }, 60_000);

  it('keeps no plaintext picture on either disk', () => {
    for (const c of [a, b])
      for (const f of filesUnder(c.dir)) {
        expect(contains(f, image.subarray(0, 16))).toBe(false);
        expect(contains(f, image.subarray(image.length - 16))).toBe(false);
      }
  });

  it('ignores pointers to other servers, non-images and wrong keys; keeps the last good picture', async () => {
    const server = parseFileServer(net.fileServer);
    const network = b.core.network;
    if (!network) throw new Error('no network');
    const key = asProfileKey(new Uint8Array(32).fill(9));
    const notImage = encryptProfileAvatar(
      new TextEncoder().encode('<svg onload=alert(1)>'),
      key,
      new Uint8Array(12),
    );
    const up = await uploadFile(network, server, notImage);
    const before = await avatarOf(b, a.id);
    for (const pic of [
      { url: up.url, key }, // decrypts, but is not an image
      { url: up.url, key: new Uint8Array(32).fill(1) }, // wrong key
      { url: `http://evil.example/file/${up.id}`, key }, // another host: never fetched
    ]) {
      b.core.domain.emit({ type: 'profile-picture.received', sender: a.id, picture: pic });
      await b.core.avatars.idle();
      // Refused for good (no retry loop), and the last good picture is still the one shown.
      expect(await avatarOf(b, a.id)).toBe(before);
    }
    expect(before).not.toBeNull();
  }, 60_000);

  it('shows a stream-encrypted (`#d`) picture, as current mobile clients send it', async () => {
    const server = parseFileServer(net.fileServer);
    const network = b.core.network;
    if (!network) throw new Error('no network');
    const mobile = `05${'4d'.repeat(32)}` as SessionId;
    await call({ core: b.core } as never, 'conversations.open', { sessionId: mobile });
    const streamed = encryptStreamAttachment(new Uint8Array(32).fill(7), image, 'profile-pic');
    const up = await uploadFile(network, server, streamed.encrypted);
    // Without the `d` flag the same bytes are taken for AES-GCM and refused.
    b.core.domain.emit({
      type: 'profile-picture.received',
      sender: mobile,
      picture: { url: up.url, key: streamed.key },
    });
    await b.core.avatars.idle();
    expect(await avatarOf(b, mobile)).toBeNull();
    b.core.domain.emit({
      type: 'profile-picture.received',
      sender: mobile,
      picture: { url: `${up.url}#d=`, key: streamed.key },
    });
    await b.core.avatars.idle();
    expect(dataUrlBytes(await avatarOf(b, mobile))?.equals(Buffer.from(image))).toBe(true);
  }, 60_000);

  it('A removes the picture: B shows initials again after A’s next message', async () => {
    // Bring B back to A's real picture first (A's next message carries it again).
    await call({ core: a.core } as never, 'messages.send', { conversationId: b.id, body: 'again' });
    await waitFor('B has A’s picture again', async () => (await avatarOf(b, a.id)) ?? undefined, 30_000);
    await call({ core: a.core } as never, 'avatar.remove', {});
    expect(await avatarOf(a, a.id)).toBeNull();
    await call({ core: a.core } as never, 'messages.send', { conversationId: b.id, body: 'no face' });
    await waitFor(
      'B dropped the picture',
      async () => ((await avatarOf(b, a.id)) === null ? true : undefined),
      30_000,
    );
  }, 90_000);

  it('refuses a non-image and an oversized upload over IPC', async () => {
    const r1 = await a.core.dispatcher.dispatch('avatar.set', {
      image: Buffer.from('GIF89a...').toString('base64'),
    });
    expect(r1.ok ? 'ok' : r1.error.reason).toBe('avatar.not-an-image');
    const r2 = await a.core.dispatcher.dispatch('avatar.set', { image: 'A'.repeat(8_000_000) });
    expect(r2.ok ? 'ok' : r2.error.code).toBe('invalid-arguments');
  });

  it('renews our picture before the file server forgets it: extended in place, else uploaded again', async () => {
    const carol = await client('Carol');
    let now = Date.now();
    const service = new AvatarService({
      profileDir: carol.core.profileDir,
      bus: new DomainBus(),
      network: carol.core.network,
      fileServer: fixedFileServer(parseFileServer(net.fileServer)),
      session: () => carol.core.ensureSession(),
      ownId: () => carol.id,
      databaseKey: () => carol.core.account.databaseKey(),
      now: () => now,
      log: () => undefined,
    });
    const other = testPng(64, 5);
    await service.setOwn(other);
    const first = service.ownPicture();
    expect(await service.renewOwnIfStale()).toBe(false); // fresh: 3 weeks left
    now += 20 * 86_400_000; // a day before the server forgets it
    expect(await service.renewOwnIfStale()).toBe(true);
    expect(service.ownPicture()?.url).toBe(first?.url); // extended in place: same URL and key

    // A server that cannot extend it (here: it no longer has the file) gets a new upload.
    const session = carol.core.ensureSession();
    if (!session) throw new Error('no session');
    const store = new AvatarStore(session.db.kv);
    const own = store.own();
    if (!own) throw new Error('no own avatar');
    const gone = `${net.fileServer.url}/file/${'Z'.repeat(44)}`;
    store.setOwn({ ...own, url: gone, expiresAt: now });
    // The config says the same (they always change together; a config with another picture
    // would be adopted as one set on another device).
    session.configSync.configs.profile.setProfilePic({ url: gone, key: Buffer.from(own.key, 'base64') });
    expect(await service.renewOwnIfStale()).toBe(true);
    const renewed = service.ownPicture();
    expect(renewed?.url).not.toBe(gone);
    expect(Buffer.from(renewed?.key ?? []).equals(Buffer.from(first?.key ?? []))).toBe(true);
    expect(session.configSync.configs.profile.profilePic?.url).toBe(renewed?.url);
    // And what is there now is our picture, under the same key.
    await call({ core: b.core } as never, 'conversations.open', { sessionId: carol.id });
    b.core.domain.emit({ type: 'profile-picture.received', sender: carol.id, picture: renewed ?? null });
    await b.core.avatars.idle();
    expect(dataUrlBytes(await avatarOf(b, carol.id))?.equals(Buffer.from(other))).toBe(true);
  }, 60_000);
});
