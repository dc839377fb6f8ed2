import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../../../src/main/db/migrations';
import { ALICE, BOB, ME, atVersion, freshDb, removeTempDirs } from '../helpers';

afterEach(removeTempDirs);

const GROUP = `03${'d'.repeat(64)}`;

describe('migration 0010 (private groups v2)', () => {
  it('adds the group tables to a version-9 database and checks what goes in them', () => {
    const raw = atVersion(9);
    migrate(raw, MIGRATIONS, 10);
    expect(schemaVersion(raw)).toBe(10);
    const insert = raw.prepare(
      'INSERT INTO groups (group_id, name, status, admin_seed, created_at) VALUES (?, ?, ?, ?, 1)',
    );
    // A 05 ID is not a group; a seed is 32 bytes; the status is one of three.
    expect(() => insert.run(ME, 'x', 'joined', null)).toThrow(/CHECK/);
    expect(() => insert.run(GROUP, 'x', 'joined', Buffer.alloc(31))).toThrow(/CHECK/);
    expect(() => insert.run(GROUP, 'x', 'maybe', null)).toThrow(/CHECK/);
    insert.run(GROUP, 'x', 'joined', Buffer.alloc(32));
    raw.close();
  });

  it('keeps groups, members and keys; leaving cascades (messages: migration 0012)', () => {
    const { db } = freshDb();
    expect(
      db.groups.insert(
        {
          groupId: GROUP,
          name: 'Walks',
          status: 'invited',
          authData: new Uint8Array(100),
          invitedBy: ALICE,
          invitedAt: 7,
        },
        1,
      ),
    ).toBe(true);
    expect(db.groups.insert({ groupId: GROUP, name: 'Again', status: 'invited' }, 2)).toBe(false);
    expect(db.groups.get(GROUP)).toMatchObject({
      name: 'Walks',
      status: 'invited',
      invitedBy: ALICE,
      invitedAt: 7,
      adminSeed: null,
    });
    db.groups.setMembers(GROUP, [
      { sessionId: ALICE, name: 'Alice', admin: true, status: 'accepted' },
      { sessionId: BOB, name: '', admin: false, status: 'sent' },
    ]);
    expect(db.groups.setMemberStatus(GROUP, BOB, 'accepted')).toBe(true);
    expect(db.groups.members(GROUP).map((m) => m.status)).toEqual(['accepted', 'accepted']);
    db.groups.addKey(GROUP, { generation: 0, key: new Uint8Array(32).fill(1), timestamp: 5 });
    db.groups.addKey(GROUP, { generation: 1, key: new Uint8Array(32).fill(2), timestamp: 6 });
    expect(db.groups.keys(GROUP).map((k) => k.generation)).toEqual([1, 0]);
    expect(db.groups.remove(GROUP)).toBe(true);
    expect(db.groups.members(GROUP)).toEqual([]);
    expect(db.groups.keys(GROUP)).toEqual([]);
    db.close();
  });
});
