import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../../../src/main/db/migrations';
import { MUTED_FOREVER } from '../../../../src/shared/notifications';
import {
  ALICE,
  BOB,
  atVersion,
  freshDb,
  incoming,
  insertRawMessage,
  removeTempDirs,
  sessionId,
} from '../helpers';

afterEach(removeTempDirs);

describe('migration 0008 (per-conversation mute and mentions only)', () => {
  it('leaves every existing conversation notifying', () => {
    const raw = atVersion(7);
    insertRawMessage(raw, { direction: 'in', sender: ALICE, body: 'salut', at: 5, status: 'unread' });
    migrate(raw, MIGRATIONS, 8);
    expect(schemaVersion(raw)).toBe(8);
    expect(raw.prepare('SELECT muted_until, mentions_only FROM conversations').all()).toEqual([
      { muted_until: null, mentions_only: 0 },
    ]);
    // Only 0 and 1 are a flag.
    expect(() => raw.prepare('UPDATE conversations SET mentions_only = 2').run()).toThrow(/CHECK/);
    raw.close();
  });

  it('stores a mute’s end and the flag per conversation; an unknown one is not muted', () => {
    const { db } = freshDb();
    db.conversations.ensureConversation({ id: ALICE, type: 'private' }, 1);
    expect(db.mute.get(ALICE)).toEqual({ mutedUntil: null, mentionsOnly: false });
    expect(db.mute.setMutedUntil(ALICE, MUTED_FOREVER)).toBe(true);
    expect(db.mute.setMentionsOnly(ALICE, true)).toBe(true);
    expect(db.mute.get(ALICE)).toEqual({ mutedUntil: MUTED_FOREVER, mentionsOnly: true });
    expect(db.mute.setMutedUntil(ALICE, null)).toBe(true);
    expect(db.mute.get(ALICE).mutedUntil).toBeNull();
    expect(db.mute.setMutedUntil(BOB, 5)).toBe(false);
    expect(db.mute.get(BOB)).toEqual({ mutedUntil: null, mentionsOnly: false });
    db.close();
  });

  it('sums the unread messages a notification counts: blocked and muted conversations left out', () => {
    const { db } = freshDb();
    const CAROL = sessionId('d');
    for (const [who, n] of [
      [ALICE, 2],
      [BOB, 3],
      [CAROL, 4],
    ] as const)
      for (let i = 0; i < n; i += 1)
        db.messages.insertIncoming(incoming({ conversationId: who, sender: who, sentAt: 100 + i }));
    expect(db.mute.unreadNotMuted(50)).toBe(9);
    db.mute.setMutedUntil(BOB, 60);
    expect(db.mute.unreadNotMuted(50)).toBe(6); // muted until after now
    expect(db.mute.unreadNotMuted(60)).toBe(9); // a mute ending now no longer mutes (isMuted)
    db.mute.setMutedUntil(ALICE, MUTED_FOREVER);
    db.conversations.updateConversation(CAROL, { blocked: true }, 1);
    expect(db.mute.unreadNotMuted(50)).toBe(0);
    db.close();
  });
});
