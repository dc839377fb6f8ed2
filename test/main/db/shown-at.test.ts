/** A sender's far-future timestamp no longer pins its message at the bottom (issue #14). */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openConnection } from '../../../src/main/db/connection';
import { migrate } from '../../../src/main/db/migrations';
import { CLOCK_TOLERANCE_MS, SHOWN_AT_SQL, shownAt } from '../../../src/main/db/shown-at';
import { toMessage } from '../../../src/main/messaging/mappers';
import { ALICE, freshDb, incoming, newKey, removeTempDirs, tempDir } from './helpers';

afterEach(removeTempDirs);

const T = 1_700_000_000_000;
const YEAR = 365 * 24 * 3600 * 1000;

describe('shown time of incoming messages', () => {
  it('keeps the sender’s time within the tolerance and the receive time beyond it', () => {
    expect(shownAt(T + CLOCK_TOLERANCE_MS, T)).toBe(T + CLOCK_TOLERANCE_MS);
    expect(shownAt(T + CLOCK_TOLERANCE_MS + 1, T)).toBe(T);
    expect(shownAt(T - YEAR, T)).toBe(T - YEAR); // late messages keep their (past) time
  });

  it('sorts a far-future message at its receive time and keeps its sent time for the protocol', () => {
    const { db } = freshDb();
    const liar = incoming({ body: 'from the future', sentAt: T + YEAR, receivedAt: T });
    const later = incoming({ body: 'honest, later', sentAt: T + 5_000, receivedAt: T + 5_100 });
    db.messages.insertIncoming(liar);
    db.messages.insertIncoming(later);

    const page = db.messages.pageMessages(ALICE, undefined, 10);
    expect(page.map((m) => m.body)).toEqual(['honest, later', 'from the future']);
    const stored = page[1]!;
    expect(stored.sentAt).toBe(T + YEAR); // dedup and read receipts still name the real timestamp
    expect(stored.shownAt).toBe(T);
    expect(toMessage(stored)).toMatchObject({ sentAt: T + YEAR, shownAt: T });

    // Paging continues from the shown time, and the conversation list is not pinned either.
    expect(db.messages.pageMessages(ALICE, { shownAt: page[0]!.shownAt, id: page[0]!.id }, 10)).toHaveLength(
      1,
    );
    expect(db.messages.pageMessages(ALICE, { shownAt: stored.shownAt, id: stored.id }, 10)).toHaveLength(0);
    expect(db.conversations.getConversation(ALICE)?.lastMessage).toMatchObject({ body: 'honest, later' });

    // A replay of the far-future message is still a duplicate (its identity is unchanged).
    expect(db.messages.insertIncoming({ ...liar, id: incoming().id, hash: incoming().hash })).toBe(
      'duplicate',
    );
    db.close();
  });

  it('pages with the shown-time index of migration 0002, not a sort of the whole conversation', () => {
    const path = join(tempDir(), 'plan.db');
    const raw = openConnection(path, newKey());
    migrate(raw);
    const plan = raw
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM messages WHERE conversation_id = ?
         ORDER BY ${SHOWN_AT_SQL} DESC, id DESC LIMIT 50`,
      )
      .all(ALICE) as { detail: string }[];
    const details = plan.map((r) => r.detail).join(' | ');
    expect(details).toContain('messages_by_shown_at');
    expect(details).not.toContain('TEMP B-TREE');
    raw.close();
  });
});
