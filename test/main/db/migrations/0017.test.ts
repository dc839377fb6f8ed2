import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../../../src/main/db/migrations';
import type { Sqlite } from '../../../../src/main/db/sqlite';
import { atVersion, removeTempDirs } from '../helpers';

afterEach(removeTempDirs);

const step = MIGRATIONS.find((m) => m.name === 'community-quotes');

const SENDER = `15${'a'.repeat(64)}`;
const quotedPlan = (raw: Sqlite): string[] =>
  (
    raw
      .prepare(
        `EXPLAIN QUERY PLAN SELECT * FROM community_messages WHERE room_id = 1 AND sender = '${SENDER}'
         AND posted_at BETWEEN 5 AND 6 ORDER BY posted_at LIMIT 1`,
      )
      .all() as { detail: string }[]
  ).map((r) => r.detail);

describe('migration community-quotes (replies in rooms)', () => {
  it('adds the quote columns (old posts quote nothing) and finds a quoted post by index', () => {
    if (!step) throw new Error('migration missing');
    const raw = atVersion(step.version - 1);
    raw
      .prepare("INSERT INTO community_servers (base_url, server_pk, created_at) VALUES ('http://s', ?, 1)")
      .run('a'.repeat(64));
    raw
      .prepare(
        `INSERT INTO community_rooms (id, base_url, token, token_key, name, joined_at, updated_at)
         VALUES (1, 'http://s', 'lobby', 'lobby', 'Lobby', 1, 1)`,
      )
      .run();
    raw
      .prepare(
        `INSERT INTO community_messages (room_id, id, seqno, sender, body, posted_at) VALUES (1, 1, 1, ?, 'old', 5)`,
      )
      .run(SENDER);
    expect(quotedPlan(raw).some((d) => d.includes('community_messages_by_sender_time'))).toBe(false);

    migrate(raw, MIGRATIONS, step.version);
    expect(schemaVersion(raw)).toBe(step.version);
    expect(raw.prepare('SELECT quote_id, quote_author FROM community_messages').get()).toEqual({
      quote_id: null,
      quote_author: null,
    });
    expect(quotedPlan(raw).some((d) => d.includes('community_messages_by_sender_time'))).toBe(true);
    // Both or neither: a quote names its post by author and time together.
    expect(() => raw.prepare('UPDATE community_messages SET quote_id = 5 WHERE id = 1').run()).toThrow(
      /CHECK/,
    );
    raw.close();
  });
});
