import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../../../src/main/db/migrations';
import { ALICE, atVersion, insertRawMessage, removeTempDirs } from '../helpers';

afterEach(removeTempDirs);

describe('migration 0005 (disappearing messages)', () => {
  it('clears the swarm expiries stored before (they would now delete ordinary messages)', () => {
    const raw = atVersion(4);
    insertRawMessage(raw, { direction: 'in', sender: ALICE, body: 'kept', at: 5, status: 'unread' });
    raw.prepare("UPDATE messages SET expires_at = 1209600005 WHERE id = 'm'").run();
    migrate(raw, MIGRATIONS, 5);
    expect(schemaVersion(raw)).toBe(5);
    expect(
      raw.prepare('SELECT expires_at, expire_mode, expire_seconds, expiration_update FROM messages').get(),
    ).toEqual({
      expires_at: null,
      expire_mode: null,
      expire_seconds: 0,
      expiration_update: 0,
    });
    expect(
      raw
        .prepare('SELECT disappearing_mode, disappearing_seconds, disappearing_changed_at FROM conversations')
        .get(),
    ).toEqual({ disappearing_mode: null, disappearing_seconds: 0, disappearing_changed_at: 0 });
    raw.close();
  });

  it('refuses modes other than after-send and after-read', () => {
    const raw = atVersion(5);
    insertRawMessage(raw, { direction: 'in', sender: ALICE, body: 'x', at: 5, status: 'unread' });
    expect(() => raw.prepare("UPDATE messages SET expire_mode = 'legacy'").run()).toThrow(/CHECK/);
    expect(() => raw.prepare("UPDATE conversations SET disappearing_mode = 'soon'").run()).toThrow(/CHECK/);
    raw.close();
  });
});
