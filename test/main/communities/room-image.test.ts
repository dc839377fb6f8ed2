/**
 * Room images (issue #19 item 3) against a real devnet: the operator sets a room's image through
 * the control API (as pysogs does, from a file uploaded by the server itself); the server gives
 * its `image_id` in the room info and the bytes at the room file endpoint; a profile that joins
 * reads and keeps it over onion requests, reads it again when it changes, and keeps no file that
 * is not a picture.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startDevnet, type Devnet } from '../../../devnet/index';
import { identityFromSeed } from '../../../src/crypto/keys';
import { sodiumReady } from '../../../src/crypto/sodium';
import { CommunityService } from '../../../src/main/communities/community-service';
import { openDatabase, type VeilDatabase } from '../../../src/main/db';
import { DomainBus } from '../../../src/main/domain/bus';
import { NetworkClient } from '../../../src/main/network';
import { testPng } from '../files/images';

const RoomJson = z.object({ token: z.string(), infoUpdates: z.number(), imageId: z.number().nullable() });

async function control(
  devnet: Devnet,
  path: string,
  body: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(new URL(path, devnet.controlUrl), { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

async function setImage(devnet: Devnet, room: string, bytes: Uint8Array): Promise<number> {
  const r = await control(devnet, `sogs/rooms/${room}/image`, {
    data: Buffer.from(bytes).toString('base64'),
    filename: 'room.png',
  });
  expect(r.status).toBe(200);
  const id = RoomJson.parse(r.json).imageId;
  if (id === null) throw new Error('no image id');
  return id;
}

/** SQLite gives Buffers: compared as plain bytes. */
const bytesOf = (b: Uint8Array | undefined) => (b ? new Uint8Array(b) : undefined);

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('room images (devnet)', () => {
  let devnet: Devnet;
  let dir = '';
  let db: VeilDatabase;
  let client: NetworkClient;
  let service: CommunityService;
  const bus = new DomainBus();

  beforeAll(async () => {
    await sodiumReady();
    devnet = await startDevnet({ nodes: 12 });
    dir = mkdtempSync(join(tmpdir(), 'veil-room-image-'));
    db = openDatabase(join(dir, 'veil.db'), new Uint8Array(randomBytes(32)));
    const identity = identityFromSeed(new Uint8Array(randomBytes(16)));
    client = new NetworkClient({ network: 'devnet', seedUrls: [devnet.seedUrl], localDevnet: true });
    // No timer polls: the test polls when it wants (pollNow).
    service = new CommunityService({
      db,
      bus,
      network: client,
      identity: () => identity,
      displayName: () => 'Ann',
      dmsEnabled: () => false,
      log: () => undefined,
    });
    await client.start();
    await until('the network', () => client.status().state === 'connected');
    expect((await control(devnet, 'sogs/rooms', { token: 'pics', name: 'Pictures' })).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await service.stop();
    await client.stop();
    db.close();
    await devnet.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the server gives the image set through the control API: room info, file endpoint', async () => {
    const png = testPng(32, 1);
    const id = await setImage(devnet, 'pics', png);
    const info = await fetch(`${devnet.community.url}/room/pics`);
    expect(((await info.json()) as { image_id?: number }).image_id).toBe(id);
    const file = await fetch(`${devnet.community.url}/room/pics/file/${id}`);
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(png);
    // The overview names it too.
    const overview = await (await fetch(new URL('sogs', devnet.controlUrl))).json();
    expect(z.object({ rooms: z.array(RoomJson) }).parse(overview).rooms).toContainEqual(
      expect.objectContaining({ token: 'pics', imageId: id }),
    );
  });

  it('refuses bad control requests: not base64, empty, unknown room, unknown fields', async () => {
    expect((await control(devnet, 'sogs/rooms/pics/image', { data: '!!!' })).status).toBe(400);
    expect((await control(devnet, 'sogs/rooms/pics/image', { data: '' })).status).toBe(400);
    expect((await control(devnet, 'sogs/rooms/nope/image', { data: 'AAAA' })).status).toBe(404);
    expect((await control(devnet, 'sogs/rooms/pics/image', { data: 'AAAA', room: 'x' })).status).toBe(400);
  });

  it('a joining profile downloads the image, keeps it, and reads it again when it changes', async () => {
    const first = testPng(32, 2);
    const firstId = await setImage(devnet, 'pics', first);
    const url = devnet.community.joinUrl.replace('/lobby?', '/pics?');
    const room = await service.join(url);
    await until('the first image', () => service.room(room.id)?.imageId === String(firstId));
    expect(service.room(room.id)?.hasImage).toBe(true);
    expect(bytesOf(service.image(room.id))).toEqual(first);

    const changed: number[][] = [];
    const off = bus.on('communities.changed', (e) => changed.push([...e.roomIds]));
    const second = testPng(40, 3);
    const secondId = await setImage(devnet, 'pics', second);
    expect(secondId).not.toBe(firstId);
    await until('the second image', async () => {
      await service.pollNow();
      return service.room(room.id)?.imageId === String(secondId);
    });
    off();
    expect(bytesOf(service.image(room.id))).toEqual(second);
    expect(changed.some((ids) => ids.includes(room.id))).toBe(true);
    // Kept on disk: a reopened profile shows it without the network.
    expect(db.communities.room(room.id)?.imageId).toBe(String(secondId));
  }, 90_000);

  it('keeps no file that is not a picture: the room shows its initials', async () => {
    const room = service.rooms().find((r) => r.token === 'pics');
    if (!room) throw new Error('not joined');
    const text = new TextEncoder().encode('<svg onload="alert(1)"></svg>');
    const id = await setImage(devnet, 'pics', text);
    await until('the refused image', async () => {
      await service.pollNow();
      return db.communities.room(room.id)?.imageId === String(id);
    });
    expect(service.room(room.id)?.hasImage).toBe(false);
    expect(service.room(room.id)?.imageId).toBeNull();
    expect(service.image(room.id)).toBeUndefined();
  }, 90_000);
});
