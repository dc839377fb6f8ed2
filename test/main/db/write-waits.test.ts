/**
 * Group and community writes with another process on the profile (the CLI next to the app):
 * while it holds the write lock, ours wait for it (the busy timeout) instead of failing with
 * "database is locked". A deferred transaction that reads before it writes (removeRoom,
 * setReactions, deleteExpired, clearDownloaded, a community DM's markRead) failed at its first
 * write: no busy wait once a read has begun. Those that write first waited even so; they are
 * here as they now go through the same wrapper.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SessionId } from '../../../src/crypto/keys';
import type { PostInput } from '../../../src/main/db/communities';
import type { VeilDatabase } from '../../../src/main/db/database';
import { CommunityDmThreads } from '../../../src/main/communities/dm-threads';
import { DomainBus } from '../../../src/main/domain/bus';
import { ALICE, ME, freshDb, incoming, removeTempDirs, sessionId } from './helpers';

afterEach(removeTempDirs);

const BASE = 'https://open.example.org';
const SERVER_PK = 'ab'.repeat(32);
const GROUP = `03${'1'.repeat(64)}`;
/** A community DM peer (blinded ID). */
const PEER = `15${'22'.repeat(32)}` as SessionId;
const HOLD_MS = 300;
/** Generous: the probe loads TypeScript before it takes the lock, on a loaded machine. */
const PROBE_START_MS = 30_000;

/** Runs `write` while another connection holds the write lock; resolves once both committed. */
async function whileAnotherWrites(path: string, key: Uint8Array, write: () => void): Promise<void> {
  const flag = new SharedArrayBuffer(8);
  const worker = new Worker(new URL('./write-lock-probe.mjs', import.meta.url), {
    workerData: { path, key: Array.from(key), holdMs: HOLD_MS, flag },
  });
  const committed = once(worker, 'message');
  const state = new Int32Array(flag);
  try {
    expect(Atomics.wait(state, 0, 0, PROBE_START_MS)).not.toBe('timed-out');
    write();
  } finally {
    await committed;
    await worker.terminate();
  }
}

function post(id: number): PostInput {
  return {
    id,
    seqno: id,
    sender: ALICE,
    senderName: 'Alice',
    body: `post ${id}`,
    postedAt: 1_000 + id,
    editedAt: null,
    deleted: false,
    mine: false,
  };
}

function roomWithPost(db: VeilDatabase): number {
  const room = db.communities.addRoom(BASE, SERVER_PK, 'lobby', 'Lobby', 1_000);
  db.communities.upsertPosts(room.id, [post(1)]);
  return room.id;
}

describe('group and community writes beside another process', () => {
  it.each([
    [
      'removeRoom (reads, then deletes)',
      (db: VeilDatabase, roomId: number) => {
        expect(db.communities.removeRoom(roomId)).toBe(true);
        expect(db.communities.room(roomId)).toBeUndefined();
      },
    ],
    [
      'setReactions (reads, then replaces)',
      (db: VeilDatabase, roomId: number) => {
        db.communities.setReactions(roomId, 1, [{ emoji: '👍', count: 1, you: true, reactors: [] }]);
        expect(db.communities.reactionsBetween(roomId, 1, 1)).toHaveLength(1);
      },
    ],
    [
      'upsertPosts',
      (db: VeilDatabase, roomId: number) => {
        expect(db.communities.upsertPosts(roomId, [post(2)])).toEqual([2]);
      },
    ],
    [
      'addRoom',
      (db: VeilDatabase) => {
        expect(db.communities.addRoom(BASE, SERVER_PK, 'other', 'Other', 2_000).name).toBe('Other');
      },
    ],
    [
      'groups.setMembers',
      (db: VeilDatabase) => {
        db.groups.setMembers(GROUP, [
          { sessionId: sessionId('d'), name: 'Dee', admin: false, status: 'sent' },
        ]);
        expect(db.groups.members(GROUP)).toHaveLength(1);
      },
    ],
  ])('%s waits for the other write lock, then commits', async (_name, write) => {
    const { db, path, key } = freshDb();
    const roomId = roomWithPost(db);
    db.groups.insert({ groupId: GROUP, name: 'G', status: 'joined' }, 1_000);
    await whileAnotherWrites(path, key, () => write(db, roomId));
    // The other process committed too, before our write: ours waited for it.
    expect(db.kv.get('other-process', z.number())).toBe(1);
    db.close();
  });

  // Two more that read before they write, run on their own (the sweeper's timer, a button).
  it.each([
    [
      'disappearing.deleteExpired',
      (db: VeilDatabase) => {
        expect(db.disappearing.deleteExpired(200)).toHaveLength(1);
      },
    ],
    [
      'attachments.clearDownloaded',
      (db: VeilDatabase) => {
        expect(db.attachments.clearDownloaded()).toBe(0);
      },
    ],
  ])('%s waits for the other write lock, then commits', async (_name, write) => {
    const { db, path, key } = freshDb();
    db.messages.insertIncoming(incoming({ sentAt: 1, expiresAt: 100 }));
    await whileAnotherWrites(path, key, () => {
      write(db);
    });
    expect(db.kv.get('other-process', z.number())).toBe(1);
    db.close();
  });

  it('a community DM marked read waits for the other write lock, then commits', async () => {
    const { db, path, key } = freshDb();
    db.communities.addRoom(BASE, SERVER_PK, 'lobby', 'Lobby', 1_000);
    db.communities.addDm({
      baseUrl: BASE,
      direction: 'in',
      serverId: 1,
      peer: PEER,
      peerSessionId: null,
      body: 'Bonjour',
      sentAt: 1_001,
      read: false,
    });
    const threads = new CommunityDmThreads({
      db,
      bus: new DomainBus(),
      ownSessionId: () => ME,
      dmsEnabled: () => true,
      post: () => Promise.reject(new Error('nothing is sent here')),
      log: () => undefined,
    });
    threads.mirror(BASE, new Map([[PEER, 'Bruno']]));
    expect(db.conversations.getConversation(PEER)?.unreadCount).toBe(1);
    await whileAnotherWrites(path, key, () => {
      threads.markRead(PEER);
    });
    expect(db.conversations.getConversation(PEER)?.unreadCount).toBe(0);
    expect(db.kv.get('other-process', z.number())).toBe(1);
    db.close();
  });
});
