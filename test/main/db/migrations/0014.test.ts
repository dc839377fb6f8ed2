import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../../../src/main/db/migrations';
import type { Sqlite } from '../../../../src/main/db/sqlite';
import { ALICE, BOB, atVersion, freshDb, incoming, insertRawMessage, removeTempDirs } from '../helpers';

afterEach(removeTempDirs);

const tables = (raw: Sqlite): unknown[] =>
  raw.prepare("SELECT name FROM sqlite_schema WHERE name LIKE 'messages_fts%' ORDER BY name").pluck().all();

describe('migration 0014 (the search index without token counts)', () => {
  it('rebuilds the index from the messages: what was found before is found after, counts gone', () => {
    const raw = atVersion(13);
    insertRawMessage(raw, {
      direction: 'in',
      sender: ALICE,
      body: "L'école est fermée",
      at: 5,
      status: 'read',
    });
    expect(tables(raw)).toContain('messages_fts_docsize');
    migrate(raw, MIGRATIONS, 14);
    expect(schemaVersion(raw)).toBe(14);
    expect(tables(raw)).not.toContain('messages_fts_docsize');
    const find = raw.prepare(
      "SELECT m.id, snippet(messages_fts, 0, '[', ']', '…', 8) AS s FROM messages_fts JOIN messages m ON m.seq = messages_fts.rowid WHERE messages_fts MATCH ?",
    );
    expect(find.all('ecole')).toEqual([{ id: 'm', s: "L'[école] est fermée" }]);
    // The triggers of version 1 still keep the index in step (by name) after the rebuild.
    raw.prepare("UPDATE messages SET body = 'gare' WHERE id = 'm'").run();
    expect(find.all('ecole')).toEqual([]);
    expect(find.all('gare')).toEqual([{ id: 'm', s: '[gare]' }]);
    raw.exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)");
    raw.close();
  });

  it('a new database searches as before: accents folded, one conversation or all', () => {
    const { db } = freshDb();
    db.messages.insertIncoming(incoming({ body: 'Rendez-vous à la gare', sentAt: 1 }));
    db.messages.insertIncoming(
      incoming({ body: 'la gare, encore', sender: BOB, conversationId: BOB, sentAt: 2 }),
    );
    expect(db.search('gare', {}).map((h) => h.body)).toEqual(['la gare, encore', 'Rendez-vous à la gare']);
    expect(db.search('a la gare', { conversationId: ALICE }).map((h) => h.body)).toEqual([
      'Rendez-vous à la gare',
    ]);
    db.close();
  });
});
