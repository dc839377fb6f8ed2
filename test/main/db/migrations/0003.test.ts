import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../../../src/main/db/migrations';
import { ALICE, ME, atVersion, insertRawMessage, removeTempDirs } from '../helpers';

afterEach(removeTempDirs);

describe('migration 0003 (control outbox, failed clock)', () => {
  it('keeps queued messages, which start without a clock', () => {
    const raw = atVersion(2);
    insertRawMessage(raw, {
      direction: 'out',
      sender: ME,
      body: 'queued before the upgrade',
      at: 5,
      status: 'sending',
    });
    raw
      .prepare(
        "INSERT INTO outbox (message_id, recipient, attempts, next_attempt_at, created_at) VALUES ('m', ?, 3, 7, 5)",
      )
      .run(ALICE);
    migrate(raw, MIGRATIONS, 3);
    expect(schemaVersion(raw)).toBe(3);
    expect(raw.prepare('SELECT * FROM outbox').all()).toEqual([
      {
        message_id: 'm',
        recipient: ALICE,
        attempts: 3,
        next_attempt_at: 7,
        last_error: null,
        created_at: 5,
        first_tried_at: null,
      },
    ]);
    raw.close();
  });

  it('creates control_outbox: strict types, due rows by index', () => {
    const raw = atVersion(3);
    const insert = raw.prepare(
      `INSERT INTO control_outbox (recipient, kind, content, sent_at, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, 1, 1)`,
    );
    insert.run(ALICE, 'request-response', Buffer.from([1, 2]), 10);
    insert.run(ALICE, 'read-receipt', Buffer.from([3]), 11);
    expect(() => insert.run(ALICE, 'read-receipt', Buffer.from([4]), 'soon')).toThrow(/cannot store TEXT/);
    expect(
      raw
        .prepare(
          'EXPLAIN QUERY PLAN SELECT * FROM control_outbox WHERE next_attempt_at <= ? ORDER BY next_attempt_at',
        )
        .all(5)
        .map((r) => JSON.stringify(r))
        .join('\n'),
    ).toContain('control_outbox_due');
    raw.close();
  });
});
