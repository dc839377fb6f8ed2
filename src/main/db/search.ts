/**
 * Full-text search over message bodies. User text never reaches FTS5's query language as-is:
 * each word becomes a quoted phrase (quotes doubled), so `"`, `*`, `NEAR(`, `-`, `AND`, `:` are
 * plain text. The last word matches as a prefix, for search-as-you-type.
 */
import { z } from 'zod';
import type { SessionId } from '../../crypto/keys';
import type { MessageId } from './ids';
import { parseRow, zMessageId, zConversationId, zTime } from './rows';
import type { Sqlite } from './sqlite';
import type { Transact } from './transact';

export type SearchHit = {
  readonly messageId: MessageId;
  readonly conversationId: SessionId;
  readonly sentAt: number;
  readonly body: string;
  /** The body around the matches, each match between SNIPPET_OPEN and SNIPPET_CLOSE. */
  readonly snippet: string;
};

/**
 * Private-use characters mark the matches in `snippet`: they cannot be typed into a message
 * by accident the way `<b>` could, and the renderer turns them into elements, never into HTML.
 */
export const SNIPPET_OPEN = '\uE000';
export const SNIPPET_CLOSE = '\uE001';

const MAX_TERMS = 16;

const zHit = z
  .object({
    id: zMessageId,
    conversation_id: zConversationId,
    sent_at: zTime,
    body: z.string(),
    snippet: z.string(),
  })
  .transform((r): SearchHit => ({
    messageId: r.id,
    conversationId: r.conversation_id,
    sentAt: r.sent_at,
    body: r.body,
    snippet: r.snippet,
  }));

/**
 * The FTS5 MATCH expression for what the user typed, or undefined when nothing searchable is
 * left. Control characters separate words; words without a letter or digit are dropped: the tokenizer would make them empty phrases.
 */
export function toFtsQuery(text: string): string | undefined {
  const words = text
    .normalize('NFC')
    // A NUL ends the query string inside SQLite (an unterminated phrase: a syntax error); no
    // control character is searchable anyway.
    .replace(/\p{Cc}/gu, ' ')
    .split(/\s+/u)
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .slice(0, MAX_TERMS);
  if (words.length === 0) return undefined;
  return words.map((w, i) => `"${w.replaceAll('"', '""')}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}

/** FTS5's own snippet: it knows where the folded matches are in the original text. */
const SNIPPET = `snippet(messages_fts, 0, char(57344), char(57345), '…', 16) AS snippet`;

/** `transaction` is the connection's one wrapper (transact.ts): BEGIN IMMEDIATE, savepoint inside. */
export function searchRepository(db: Sqlite, transaction: Transact) {
  // Messages wait for the index in batches (migration 0015): indexed here before any search.
  const waiting = db
    .prepare('SELECT 1 FROM messages WHERE seq > (SELECT seq FROM messages_fts_upto) LIMIT 1')
    .pluck();
  const indexWaiting = db.prepare(
    'INSERT INTO messages_fts (rowid, body) SELECT seq, body FROM messages WHERE seq > (SELECT seq FROM messages_fts_upto)',
  );
  const moveMark = db.prepare('UPDATE messages_fts_upto SET seq = (SELECT max(seq) FROM messages)');
  const indexPending = (): void => {
    transaction(() => {
      indexWaiting.run();
      moveMark.run();
    });
  };
  const everywhere = db.prepare<[string, number]>(
    `SELECT m.id, m.conversation_id, m.sent_at, m.body, ${SNIPPET}
     FROM messages_fts f JOIN messages m ON m.seq = f.rowid
     WHERE messages_fts MATCH ? ORDER BY m.sent_at DESC LIMIT ?`,
  );
  const inConversation = db.prepare<[string, string, number]>(
    `SELECT m.id, m.conversation_id, m.sent_at, m.body, ${SNIPPET}
     FROM messages_fts f JOIN messages m ON m.seq = f.rowid
     WHERE messages_fts MATCH ? AND m.conversation_id = ? ORDER BY m.sent_at DESC LIMIT ?`,
  );

  return {
    /** Messages matching every word of `text`, newest first. Never throws on user input. */
    search: (text: string, options: { conversationId?: SessionId; limit?: number } = {}): SearchHit[] => {
      const query = toFtsQuery(text);
      if (query === undefined) return [];
      const limit = Math.max(1, Math.min(options.limit ?? 50, 500));
      // A read first: most searches (each key typed) find nothing waiting and write nothing.
      if (waiting.get() !== undefined) indexPending();
      const rows =
        options.conversationId === undefined
          ? everywhere.all(query, limit)
          : inConversation.all(query, options.conversationId, limit);
      return rows.map((r) => parseRow(zHit, r, 'search hit'));
    },
  };
}

export type SearchRepository = ReturnType<typeof searchRepository>;
