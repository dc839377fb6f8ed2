/**
 * The local side of disappearing messages, without a network: what expired while the app was
 * closed is purged at start (database, search index, previews, unread counts, an event for the
 * window); reading an after-read message starts its timer once and asks the swarm to shorten its
 * copy to the same time; a change older than the applied one does not undo it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { newMessageId } from '../../../../src/main/db/ids';
import { MessagingService } from '../../../../src/main/messaging/messaging-service';
import { ALICE, freshDb, incoming, removeTempDirs } from '../../db/helpers';
import { receiveOnlyDeps, twoIdentities } from '../helpers';

afterEach(removeTempDirs);

describe('disappearing messages here', () => {
  it('purges at start what expired while closed, search index and counts included', async () => {
    const [me] = await twoIdentities();
    const { db } = freshDb();
    const now = 1_800_000_000_000;
    const gone = incoming({ body: 'éphémère passé', sentAt: now - 60_000, expiresAt: now - 1 });
    const kept = incoming({ body: 'éphémère futur', sentAt: now - 50_000, expiresAt: now + 60_000 });
    db.messages.insertIncoming(gone);
    db.messages.insertIncoming(kept);
    expect(
      db
        .search('ephemere')
        .map((h) => h.body)
        .sort(),
    ).toEqual(['éphémère futur', 'éphémère passé']);

    const deps = receiveOnlyDeps(db, me, now);
    const deleted: string[] = [];
    deps.bus.on('messages.deleted', (e) => deleted.push(...e.ids));
    const service = new MessagingService(deps);
    service.start();
    service.stop();

    expect(deleted).toEqual([gone.id]);
    expect(db.messages.getMessage(gone.id)).toBeUndefined();
    expect(db.search('ephemere').map((h) => h.body)).toEqual(['éphémère futur']);
    expect(db.conversations.getConversation(ALICE)).toMatchObject({
      unreadCount: 1,
      lastMessage: { id: kept.id },
    });
    db.close();
  });

  it('starts an after-read timer when read, once, and shortens the swarm copy to it', async () => {
    const [me] = await twoIdentities();
    const { db } = freshDb();
    const now = 1_800_000_000_000;
    const m = incoming({ sentAt: now - 5_000, expiry: { mode: 'after-read', seconds: 300 } });
    db.messages.insertIncoming(m);
    const expired: { hashes: readonly string[]; expiryMs: number }[] = [];
    const base = receiveOnlyDeps(db, me, now);
    const deps = {
      ...base,
      transport: {
        ...base.transport,
        expire: (hashes: readonly string[], expiryMs: number) => {
          expired.push({ hashes, expiryMs });
          return Promise.resolve();
        },
      },
    };
    const service = new MessagingService(deps);
    expect(db.messages.getMessage(m.id)?.expiresAt).toBeNull();
    service.markRead(ALICE);
    await service.settled();
    expect(db.messages.getMessage(m.id)?.expiresAt).toBe(now + 300_000);
    expect(expired).toEqual([{ hashes: [m.hash], expiryMs: now + 300_000 }]);
    // Read again: nothing restarts, nothing is sent again.
    service.markRead(ALICE);
    await service.settled();
    expect(expired).toHaveLength(1);
    service.stop();
    db.close();
  });

  it('keeps the newest change of setting, whatever the order they arrive in', () => {
    const { db } = freshDb();
    db.messages.insertIncoming(incoming({ id: newMessageId() }));
    expect(db.disappearing.apply(ALICE, { mode: 'after-read', seconds: 300 }, 2_000, 3_000)).toBe(true);
    expect(db.disappearing.apply(ALICE, { mode: 'off' }, 1_000, 3_001)).toBe(false);
    expect(db.disappearing.setting(ALICE)).toEqual({
      setting: { mode: 'after-read', seconds: 300 },
      changedAt: 2_000,
    });
    db.close();
  });
});
