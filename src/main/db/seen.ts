/** Polling state: hashes already handled per (pubkey, namespace), and each node's last hash. */
import { z } from 'zod';
import { parseOptionalRow, zTime } from './rows';
import type { Sqlite } from './sqlite';

export type LastHash = { readonly hash: string; readonly expiresAt: number | null };

const zLast = z
  .object({ hash: z.string(), expires_at: zTime.nullable() })
  .transform((r): LastHash => ({ hash: r.hash, expiresAt: r.expires_at }));

export function seenRepository(db: Sqlite) {
  const has = db
    .prepare<[string, number, string]>(
      'SELECT 1 FROM seen_hashes WHERE pubkey = ? AND namespace = ? AND hash = ?',
    )
    .pluck();
  const add = db.prepare<[string, number, string, number]>(
    `INSERT INTO seen_hashes (pubkey, namespace, hash, expires_at) VALUES (?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET expires_at = max(expires_at, excluded.expires_at)`,
  );
  const prune = db.prepare<[number]>('DELETE FROM seen_hashes WHERE expires_at <= ?');
  const getLast = db.prepare<[string, string, number]>(
    'SELECT hash, expires_at FROM last_hashes WHERE snode = ? AND pubkey = ? AND namespace = ?',
  );
  const setLast = db.prepare<[string, string, number, string, number | null, number]>(
    `INSERT INTO last_hashes (snode, pubkey, namespace, hash, expires_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET hash = excluded.hash, expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
  );

  return {
    /** True when this hash was already handled for (pubkey, namespace). */
    seen(pubkey: string, namespace: number, hash: string): boolean {
      return has.get(pubkey, namespace, hash) !== undefined;
    },

    /** Records a handled hash until `expiresAt` (the swarm's expiry); true if it was new. */
    markSeen(pubkey: string, namespace: number, hash: string, expiresAt: number): boolean {
      const isNew = has.get(pubkey, namespace, hash) === undefined;
      add.run(pubkey, namespace, hash, expiresAt);
      return isNew;
    },

    /** Forgets hashes the swarm no longer holds (they cannot come back); returns how many. */
    pruneSeen(now: number): number {
      return prune.run(now).changes;
    },

    lastHash(snode: string, pubkey: string, namespace: number): LastHash | undefined {
      return parseOptionalRow(zLast, getLast.get(snode, pubkey, namespace), 'last hash');
    },

    setLastHash(snode: string, pubkey: string, namespace: number, last: LastHash, now: number): void {
      setLast.run(snode, pubkey, namespace, last.hash, last.expiresAt, now);
    },
  };
}

export type SeenRepository = ReturnType<typeof seenRepository>;
