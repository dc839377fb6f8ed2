import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../../../src/main/db/migrations';
import { MUTED_FOREVER } from '../../../../src/shared/notifications';
import { ALICE, BOB, atVersion, freshDb, insertRawMessage, removeTempDirs } from '../helpers';

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
});
