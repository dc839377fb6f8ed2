import { afterEach, describe, expect, it } from 'vitest';
import { openConnection } from '../../../src/main/db/connection';
import { ALICE, BOB, freshDb, removeTempDirs } from './helpers';

afterEach(removeTempDirs);

const GROUP = `03${'e'.repeat(64)}`;

describe('groups.members (checked once while unchanged)', () => {
  it('gives the rows checked before while the table holds the same values, and sees any write', () => {
    const { db, path, key } = freshDb();
    db.groups.insert({ groupId: GROUP, name: 'Walks', status: 'joined' }, 1);
    db.groups.setMembers(GROUP, [
      { sessionId: ALICE, name: 'Alice', admin: true, status: 'accepted' },
      { sessionId: BOB, name: '', admin: false, status: 'sent' },
    ]);
    const first = db.groups.members(GROUP);
    const again = db.groups.members(GROUP);
    // Not parsed again: the same row objects, in a list of its own (callers may sort theirs).
    expect(again).not.toBe(first);
    expect(again[0]).toBe(first[0]);
    expect(again[1]).toBe(first[1]);

    expect(db.groups.setMemberStatus(GROUP, BOB, 'accepted')).toBe(true);
    const changed = db.groups.members(GROUP);
    expect(changed.map((m) => m.status)).toEqual(['accepted', 'accepted']);
    expect(changed[0]).not.toBe(first[0]);

    // Another connection's write is read too: the rows are read each time, only the check is saved.
    const other = openConnection(path, key);
    other.prepare("UPDATE group_members SET name = 'Bob' WHERE session_id = ?").run(BOB);
    other.close();
    expect(db.groups.members(GROUP).map((m) => m.name)).toEqual(['Alice', 'Bob']);

    expect(db.groups.remove(GROUP)).toBe(true);
    expect(db.groups.members(GROUP)).toEqual([]);
    db.close();
  });
});
