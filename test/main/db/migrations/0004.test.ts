import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../../../src/main/db/migrations';
import { ALICE, ME, atVersion, insertRawMessage, removeTempDirs } from '../helpers';

afterEach(removeTempDirs);

describe('migration 0004 (quotes, deleted for everyone, reactions)', () => {
  it('keeps messages, which are no reply, not deleted, without reactions', () => {
    const raw = atVersion(3);
    insertRawMessage(raw, { direction: 'in', sender: ALICE, body: 'avant', at: 5, status: 'unread' });
    migrate(raw, MIGRATIONS, 4);
    expect(schemaVersion(raw)).toBe(4);
    expect(
      raw
        .prepare('SELECT body, quote_id, quote_author, quote_text, deleted_at, sync_hash FROM messages')
        .all(),
    ).toEqual([
      {
        body: 'avant',
        quote_id: null,
        quote_author: null,
        quote_text: null,
        deleted_at: null,
        sync_hash: null,
      },
    ]);
    raw.close();
  });

  it('reactions go with their message and reject a non-boolean removed', () => {
    const raw = atVersion(4);
    insertRawMessage(raw, { direction: 'out', sender: ME, body: 'x', at: 5, status: 'sent' });
    raw.prepare("INSERT INTO reactions VALUES ('m', ?, '👍', 6, 0)").run(ALICE);
    expect(() => raw.prepare("INSERT INTO reactions VALUES ('m', ?, '😂', 6, 2)").run(ALICE)).toThrow();
    raw.prepare("DELETE FROM messages WHERE id = 'm'").run();
    expect(raw.prepare('SELECT count(*) AS n FROM reactions').get()).toEqual({ n: 0 });
    raw.close();
  });
});
