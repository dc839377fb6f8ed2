import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openConnection } from '../../../src/main/db/connection';
import { memberNameKey } from '../../../src/main/db/groups';
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

describe("a group's member names (groups.member-name.*)", () => {
  const OTHER = `03${'f'.repeat(64)}`;
  const known = { at: 1, name: 'Alice' };
  const zAny = z.unknown();

  it('leave with the group (left or removed), and only its own keys go', () => {
    const { db } = freshDb();
    for (const id of [GROUP, OTHER]) {
      db.groups.insert({ groupId: id, name: 'Walks', status: 'joined' }, 1);
      db.kv.set(memberNameKey(id, ALICE), known);
      db.kv.set(memberNameKey(id, BOB), known);
    }
    // Neighbours of the key range: another group setting, the prefix without a member.
    db.kv.set(`groups.member-profile-at.${GROUP}.${ALICE}`, 1);
    db.kv.set(`groups.member-name.${GROUP}`, 1);

    expect(db.groups.setStatus(GROUP, 'joined', 5)).toBe(true);
    expect(db.kv.get(memberNameKey(GROUP, ALICE), zAny)).toEqual(known);
    expect(db.groups.setStatus(GROUP, 'left')).toBe(true);
    expect(db.kv.get(memberNameKey(GROUP, ALICE), zAny)).toBeUndefined();
    expect(db.kv.get(memberNameKey(GROUP, BOB), zAny)).toBeUndefined();
    expect(db.kv.get(memberNameKey(OTHER, BOB), zAny)).toEqual(known);
    expect(db.kv.get(`groups.member-profile-at.${GROUP}.${ALICE}`, zAny)).toBe(1);
    expect(db.kv.get(`groups.member-name.${GROUP}`, zAny)).toBe(1);

    expect(db.groups.remove(OTHER)).toBe(true);
    expect(db.kv.get(memberNameKey(OTHER, ALICE), zAny)).toBeUndefined();
    expect(db.kv.get(memberNameKey(OTHER, BOB), zAny)).toBeUndefined();
    db.close();
  });

  it('kept by an older version for groups that ended are dropped at once; those of groups we are in stay', () => {
    const { db } = freshDb();
    db.groups.insert({ groupId: GROUP, name: 'Walks', status: 'left' }, 1);
    db.groups.insert({ groupId: OTHER, name: 'Runs', status: 'invited' }, 1);
    const gone = `03${'d'.repeat(64)}`; // no row at all
    for (const id of [GROUP, OTHER, gone]) db.kv.set(memberNameKey(id, ALICE), known);
    expect(db.groups.forgetEndedMemberNames()).toBe(2);
    expect(db.kv.get(memberNameKey(GROUP, ALICE), zAny)).toBeUndefined();
    expect(db.kv.get(memberNameKey(gone, ALICE), zAny)).toBeUndefined();
    expect(db.kv.get(memberNameKey(OTHER, ALICE), zAny)).toEqual(known);
    expect(db.groups.forgetEndedMemberNames()).toBe(0);
    db.close();
  });
});
