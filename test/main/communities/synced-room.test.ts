/**
 * A room another device of ours joined (UserGroups `o` carries its URL, token and server key,
 * no name): config sync adds it with its token as name and no posts. Its first poll must bring
 * the room's name — the devnet's "Lobby" was never edited, so its `info_updates` is 0 and
 * `pollInfo/0` gives no details — and the posts made before it was joined count as read, as for
 * a room joined here; a post made afterwards counts as unread.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../../devnet/index';
import { identityFromSeed, type Identity } from '../../../src/crypto/keys';
import { sodiumReady } from '../../../src/crypto/sodium';
import { CommunityService } from '../../../src/main/communities/community-service';
import { parseJoinUrl } from '../../../src/main/communities/join-url';
import { openDatabase, type VeilDatabase } from '../../../src/main/db';
import { DomainBus } from '../../../src/main/domain/bus';
import { NetworkClient } from '../../../src/main/network';

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a room joined through config sync (devnet)', () => {
  let devnet: Devnet;
  let dir = '';
  let client: NetworkClient;
  const dbs: VeilDatabase[] = [];
  const services: CommunityService[] = [];

  const profile = (name: string, identity: Identity): { db: VeilDatabase; service: CommunityService } => {
    const db = openDatabase(join(dir, `${name}.db`), new Uint8Array(randomBytes(32)));
    // No timer polls: the test polls when it wants (pollNow).
    const service = new CommunityService({
      db,
      bus: new DomainBus(),
      network: client,
      identity: () => identity,
      displayName: () => name,
      dmsEnabled: () => false,
      log: () => undefined,
    });
    dbs.push(db);
    services.push(service);
    return { db, service };
  };

  beforeAll(async () => {
    await sodiumReady();
    devnet = await startDevnet({ nodes: 12 });
    dir = mkdtempSync(join(tmpdir(), 'veil-synced-room-'));
    client = new NetworkClient({ network: 'devnet', seedUrls: [devnet.seedUrl], localDevnet: true });
    await client.start();
    await until('the network', () => client.status().state === 'connected');
  }, 120_000);

  afterAll(async () => {
    for (const s of services) await s.stop();
    await client.stop();
    for (const db of dbs) db.close();
    await devnet.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gets the room name on its first poll; earlier posts read, later ones unread', async () => {
    const identity = identityFromSeed(new Uint8Array(randomBytes(16)));
    const first = profile('first', identity);
    const room = await first.service.join(devnet.community.joinUrl);
    expect(room.name).toBe('Lobby');
    // Someone else's posts (our own ones never count as unread).
    const other = profile('other', identityFromSeed(new Uint8Array(randomBytes(16))));
    const otherRoom = await other.service.join(devnet.community.joinUrl);
    await other.service.send(otherRoom.id, 'before the restore');

    // The restored computer: what applyCommunities (config-glue.ts) writes for a UserGroups entry.
    const a = parseJoinUrl(devnet.community.joinUrl);
    const second = profile('second', identity);
    await new Promise((r) => setTimeout(r, 20)); // joined strictly after that post
    const row = second.db.communities.addRoom(a.baseUrl, a.serverPkHex, a.room, a.room, Date.now());
    expect(row.name).toBe('lobby');
    await second.service.pollNow();
    const restored = second.service.room(row.id);
    expect(restored?.name).toBe('Lobby');
    expect(second.db.communities.room(row.id)?.unread).toBe(0);
    expect(second.service.postsAfter(row.id, 0, 10).map((p) => p.body)).toContain('before the restore');

    await other.service.send(otherRoom.id, 'after the restore');
    await until('the new post', async () => {
      await second.service.pollNow();
      return second.db.communities.room(row.id)?.unread === 1;
    });
  }, 120_000);
});
