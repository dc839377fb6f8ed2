/**
 * A community poll that brings nothing new writes nothing: the room's info, the server's
 * capabilities, `since` and the DM positions are the same every 10 s, and each of those writes
 * was a commit of its own (six per idle poll before; the "polling one room" bench row). The
 * database's write-ahead log is where any commit lands, so it must stay as it was.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../../devnet/index';
import { identityFromSeed } from '../../../src/crypto/keys';
import { sodiumReady } from '../../../src/crypto/sodium';
import { CommunityService } from '../../../src/main/communities/community-service';
import { openDatabase, type VeilDatabase } from '../../../src/main/db';
import { DomainBus } from '../../../src/main/domain/bus';
import { NetworkClient } from '../../../src/main/network';

describe('an idle community poll (devnet)', () => {
  let devnet: Devnet;
  let dir = '';
  let client: NetworkClient;
  let db: VeilDatabase | undefined;
  let service: CommunityService | undefined;

  beforeAll(async () => {
    await sodiumReady();
    devnet = await startDevnet({ nodes: 12 });
    dir = mkdtempSync(join(tmpdir(), 'veil-idle-poll-'));
    client = new NetworkClient({ network: 'devnet', seedUrls: [devnet.seedUrl], localDevnet: true });
    await client.start();
    const deadline = Date.now() + 30_000;
    while (client.status().state !== 'connected' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await client.stop();
    db?.close();
    await devnet.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes nothing to the database and announces nothing', async () => {
    const path = join(dir, 'veil.db');
    db = openDatabase(path, new Uint8Array(randomBytes(32)));
    const me = identityFromSeed(new Uint8Array(randomBytes(16)));
    const them = identityFromSeed(new Uint8Array(randomBytes(16)));
    const bus = new DomainBus();
    const events: string[] = [];
    bus.subscribeAll((e) => events.push(e.type));
    service = new CommunityService({
      db,
      bus,
      network: client,
      identity: () => me,
      displayName: () => 'Idle',
      // DMs on: the poll also asks the inbox and outbox, whose positions it keeps.
      dmsEnabled: () => true,
      log: () => undefined,
    });
    const posterDb = openDatabase(join(dir, 'poster.db'), new Uint8Array(randomBytes(32)));
    const poster = new CommunityService({
      db: posterDb,
      bus: new DomainBus(),
      network: client,
      identity: () => them,
      displayName: () => 'Poster',
      dmsEnabled: () => false,
      log: () => undefined,
    });
    const posterRoom = await poster.join(devnet.community.joinUrl);
    await poster.send(posterRoom.id, 'one post, so that the room has a position');
    const room = await service.join(devnet.community.joinUrl);
    // The first polls read the full room info and settle the positions.
    await service.pollNow();
    await service.pollNow();
    const wal = (): string => {
      const s = statSync(`${path}-wal`);
      return `${s.size}/${s.mtimeMs}`;
    };
    const before = wal();
    events.length = 0;
    await service.pollNow();
    await service.pollNow();
    expect(wal()).toBe(before);
    expect(events).toEqual([]);
    // Still polling for real: a new post arrives and is written.
    await poster.send(posterRoom.id, 'a new post');
    await service.pollNow();
    expect(service.postsAfter(room.id, 0, 10).map((p) => p.body)).toContain('a new post');
    expect(wal()).not.toBe(before);
    await poster.stop();
    posterDb.close();
  }, 120_000);
});
