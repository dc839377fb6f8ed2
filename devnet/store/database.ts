/**
 * A node's persistent message store: one SQLite file per node, modelled on
 * session-storage-server `oxenss/storage/database.cpp` (same queries, same semantics: unique
 * hash, insertion-ordered ids, expiry-only updates, RETURNING lists of affected hashes).
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';

export interface StoredMessage {
  readonly owner: string; // 66 lower-case hex chars (prefix byte + key)
  readonly hash: string;
  readonly namespace: number;
  readonly timestamp: number;
  readonly expiry: number;
  readonly data: Uint8Array;
}

export type StoreOutcome = 'new' | 'extended' | 'exists';

const Row = z.object({
  owner: z.string(),
  hash: z.string(),
  namespace: z.number().int(),
  timestamp: z.number().int(),
  expiry: z.number().int(),
  data: z.instanceof(Uint8Array),
});
const HashRow = z.object({ hash: z.string() });
const NsHashRow = z.object({ namespace: z.number().int(), hash: z.string() });
const HashExpiryRow = z.object({ hash: z.string(), expiry: z.number().int() });
const IdExpiryRow = z.object({ id: z.number().int(), expiry: z.number().int() });
const CountRow = z.object({ owner: z.string(), n: z.number().int() });

/** Per-message overhead the server adds when sizing a retrieve (database.hpp DEFAULT_MSG_OVERHEAD). */
const MSG_OVERHEAD = 100;

function toMessage(r: unknown): StoredMessage {
  const row = Row.parse(r);
  return { ...row, data: new Uint8Array(row.data) };
}

/**
 * Revoked sub-account tokens kept per owner (`MAX_SUBACCOUNT_TOKENS`, database.cpp's trigger
 * keeps the most recent 50).
 */
export const MAX_REVOKED_SUBACCOUNTS = 50;

export class NodeStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        hash TEXT NOT NULL UNIQUE,
        owner TEXT NOT NULL,
        namespace INTEGER NOT NULL,
        timestamp INTEGER NOT NULL,
        expiry INTEGER NOT NULL,
        data BLOB NOT NULL
      );
      CREATE INDEX IF NOT EXISTS messages_owner ON messages(owner, namespace, id);
      CREATE INDEX IF NOT EXISTS messages_expiry ON messages(expiry);
      CREATE TABLE IF NOT EXISTS revoked_subaccounts (
        owner TEXT NOT NULL,
        token BLOB NOT NULL,
        timestamp INTEGER NOT NULL,
        PRIMARY KEY (owner, token)
      );
      CREATE TRIGGER IF NOT EXISTS revoked_subaccounts_cap
        AFTER INSERT ON revoked_subaccounts
        WHEN (SELECT COUNT(*) FROM revoked_subaccounts WHERE owner = NEW.owner) > ${MAX_REVOKED_SUBACCOUNTS}
      BEGIN
        DELETE FROM revoked_subaccounts WHERE owner = NEW.owner AND token IN (
          SELECT token FROM revoked_subaccounts WHERE owner = NEW.owner
          ORDER BY timestamp ASC, rowid ASC
          LIMIT (SELECT COUNT(*) FROM revoked_subaccounts WHERE owner = NEW.owner) - ${MAX_REVOKED_SUBACCOUNTS});
      END;`);
  }

  /**
   * `revoke_subaccounts`: (re)revoking a token refreshes its time. APPROXIMATION: the server only
   * records revocations for an owner that has stored something; the devnet records them always.
   */
  revokeSubaccounts(owner: string, tokens: readonly Uint8Array[], now: number): void {
    const ins = this.db.prepare(
      `INSERT INTO revoked_subaccounts (owner, token, timestamp) VALUES (?, ?, ?)
       ON CONFLICT(owner, token) DO UPDATE SET timestamp = excluded.timestamp
       WHERE revoked_subaccounts.timestamp < excluded.timestamp`,
    );
    this.db.transaction(() => {
      for (const t of tokens) ins.run(owner, Buffer.from(t), now);
    })();
  }

  /** `unrevoke_subaccounts`: how many of the tokens were revoked. */
  unrevokeSubaccounts(owner: string, tokens: readonly Uint8Array[]): number {
    const del = this.db.prepare('DELETE FROM revoked_subaccounts WHERE owner = ? AND token = ?');
    return this.db.transaction(() =>
      tokens.reduce((n, t) => n + del.run(owner, Buffer.from(t)).changes, 0),
    )();
  }

  isSubaccountRevoked(owner: string, token: Uint8Array): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM revoked_subaccounts WHERE owner = ? AND token = ?')
        .get(owner, Buffer.from(token)) !== undefined
    );
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Stores or, for a known hash, only raises the expiry (Database::store). */
  store(msg: StoredMessage, publicOutbox: boolean): { outcome: StoreOutcome; expiry: number } {
    return this.db.transaction(() => {
      if (publicOutbox) {
        // A public outbox keeps one message: storing clears the others (database.cpp).
        this.db
          .prepare('DELETE FROM messages WHERE owner = ? AND namespace = ? AND hash != ?')
          .run(msg.owner, msg.namespace, msg.hash);
      }
      const existing = this.db.prepare('SELECT id, expiry FROM messages WHERE hash = ?').get(msg.hash);
      if (existing !== undefined) {
        const row = IdExpiryRow.parse(existing);
        if (row.expiry < msg.expiry) {
          this.db.prepare('UPDATE messages SET expiry = ? WHERE id = ?').run(msg.expiry, row.id);
          return { outcome: 'extended' as const, expiry: msg.expiry };
        }
        return { outcome: 'exists' as const, expiry: row.expiry };
      }
      this.insert(msg);
      return { outcome: 'new' as const, expiry: msg.expiry };
    })();
  }

  /** Bulk insert of pushed messages, ignoring duplicates (Database::bulk_store). */
  bulkStore(msgs: readonly StoredMessage[]): number {
    const st = this.db.prepare(
      'INSERT INTO messages (hash, owner, namespace, timestamp, expiry, data) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    );
    return this.db.transaction(() => {
      let n = 0;
      for (const m of msgs)
        n += st.run(m.hash, m.owner, m.namespace, m.timestamp, m.expiry, Buffer.from(m.data)).changes;
      return n;
    })();
  }

  private insert(m: StoredMessage): void {
    this.db
      .prepare(
        'INSERT INTO messages (hash, owner, namespace, timestamp, expiry, data) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(m.hash, m.owner, m.namespace, m.timestamp, m.expiry, Buffer.from(m.data));
  }

  /**
   * Messages after `lastHash` in insertion order. An unknown `lastHash` starts from the
   * beginning (Database::retrieve). Size = Σ(100 + hash length + 4/3 data length); at least one
   * message is always returned.
   */
  retrieve(
    owner: string,
    namespace: number,
    lastHash: string | undefined,
    maxCount: number | undefined,
    maxSize: number | undefined,
  ): { messages: StoredMessage[]; more: boolean } {
    let lastId: number | undefined;
    if (lastHash !== undefined) {
      const r = this.db
        .prepare('SELECT id FROM messages WHERE owner = ? AND namespace = ? AND hash = ?')
        .pluck()
        .get(owner, namespace, lastHash);
      if (typeof r === 'number') lastId = r;
    }
    const count = maxCount !== undefined ? Math.max(1, maxCount) : undefined;
    const limit = count !== undefined ? count + 1 : -1;
    const rows =
      lastId !== undefined
        ? this.db
            .prepare(
              'SELECT * FROM messages WHERE owner = ? AND namespace = ? AND id > ? ORDER BY id LIMIT ?',
            )
            .all(owner, namespace, lastId, limit)
        : this.db
            .prepare('SELECT * FROM messages WHERE owner = ? AND namespace = ? ORDER BY id LIMIT ?')
            .all(owner, namespace, limit);
    const messages: StoredMessage[] = [];
    let more = false;
    let agg = 0;
    for (const r of rows) {
      const m = toMessage(r);
      if (count !== undefined && messages.length >= count) {
        more = true;
        break;
      }
      if (maxSize !== undefined) {
        agg += MSG_OVERHEAD + m.hash.length + Math.floor((m.data.length * 4) / 3);
        if (messages.length > 0 && agg > maxSize) {
          more = true;
          break;
        }
      }
      messages.push(m);
    }
    return { messages, more };
  }

  deleteByHash(owner: string, hashes: readonly string[]): string[] {
    const st = this.db.prepare('DELETE FROM messages WHERE owner = ? AND hash = ? RETURNING hash');
    return this.db.transaction(() =>
      hashes.flatMap((h) => st.all(owner, h).map((r) => HashRow.parse(r).hash)),
    )();
  }

  /**
   * Runs `sql` (`… WHERE <conditions>{NS} RETURNING namespace, hash`) for one namespace, or all of
   * them when `namespace` is `'all'` (then `{NS}` is dropped).
   */
  private affected(
    sql: string,
    namespace: number | 'all',
    args: readonly unknown[],
  ): Array<{ namespace: number; hash: string }> {
    const rows =
      namespace === 'all'
        ? this.db.prepare(sql.replace('{NS}', '')).all(...args)
        : this.db.prepare(sql.replace('{NS}', ' AND namespace = ?')).all(...args, namespace);
    return rows.map((r) => NsHashRow.parse(r));
  }

  deleteAll(owner: string, namespace: number | 'all'): Array<{ namespace: number; hash: string }> {
    return this.affected('DELETE FROM messages WHERE owner = ?{NS} RETURNING namespace, hash', namespace, [
      owner,
    ]);
  }

  deleteBefore(
    owner: string,
    namespace: number | 'all',
    before: number,
  ): Array<{ namespace: number; hash: string }> {
    return this.affected(
      'DELETE FROM messages WHERE owner = ? AND timestamp < ?{NS} RETURNING namespace, hash',
      namespace,
      [owner, before],
    );
  }

  /** Database::update_expiry: one expiry for all, or one per hash; extend/shorten constraints. */
  updateExpiry(
    owner: string,
    hashes: readonly string[],
    expiries: readonly number[],
    extendOnly: boolean,
    shortenOnly: boolean,
  ): Array<{ hash: string; expiry: number }> {
    const constraint = extendOnly ? ' AND expiry < ?' : shortenOnly ? ' AND expiry > ?' : '';
    const st = this.db.prepare(`UPDATE messages SET expiry = ? WHERE hash = ? AND owner = ?${constraint}`);
    return this.db.transaction(() => {
      const out: Array<{ hash: string; expiry: number }> = [];
      hashes.forEach((hash, i) => {
        const exp = expiries.length === 1 ? expiries[0] : expiries[i];
        if (exp === undefined) return;
        const args = constraint ? [exp, hash, owner, exp] : [exp, hash, owner];
        if (st.run(...args).changes > 0) out.push({ hash, expiry: exp });
      });
      return out;
    })();
  }

  /** Database::update_all_expiries: only shortens (`WHERE expiry > new`). */
  updateAllExpiries(
    owner: string,
    namespace: number | 'all',
    expiry: number,
  ): Array<{ namespace: number; hash: string }> {
    return this.affected(
      'UPDATE messages SET expiry = ? WHERE expiry > ? AND owner = ?{NS} RETURNING namespace, hash',
      namespace,
      [expiry, expiry, owner],
    );
  }

  getExpiries(owner: string, hashes: readonly string[]): Record<string, number> {
    const st = this.db.prepare('SELECT hash, expiry FROM messages WHERE owner = ? AND hash = ?');
    const out: Record<string, number> = {};
    for (const h of hashes) {
      const r = st.get(owner, h);
      if (r !== undefined) {
        const row = HashExpiryRow.parse(r);
        out[row.hash] = row.expiry;
      }
    }
    return out;
  }

  /** Database::clean_expired: `DELETE ... WHERE expiry <= now`. */
  cleanExpired(now: number): number {
    return this.db.prepare('DELETE FROM messages WHERE expiry <= ?').run(now).changes;
  }

  all(): StoredMessage[] {
    return this.db.prepare('SELECT * FROM messages ORDER BY id').all().map(toMessage);
  }

  countByOwner(): Map<string, number> {
    const rows = this.db.prepare('SELECT owner, COUNT(*) AS n FROM messages GROUP BY owner').all();
    return new Map(rows.map((r) => CountRow.parse(r)).map((r) => [r.owner, r.n]));
  }

  count(): number {
    const n = this.db.prepare('SELECT COUNT(*) FROM messages').pluck().get();
    return typeof n === 'number' ? n : 0;
  }
}
