/** Settings and small state as JSON values, read back through a zod schema chosen by the caller. */
import type { z } from 'zod';
import { DatabaseCorruptError } from './errors';
import type { Sqlite } from './sqlite';

export function kvRepository(db: Sqlite) {
  const read = db.prepare<[string]>('SELECT value FROM settings_kv WHERE key = ?').pluck();
  const write = db.prepare<[string, string]>(
    'INSERT INTO settings_kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const remove = db.prepare<[string]>('DELETE FROM settings_kv WHERE key = ?');
  const readMany = db.prepare<[string]>(
    'SELECT key, value FROM settings_kv WHERE key IN (SELECT value FROM json_each(?))',
  );

  return {
    /** The value under `key`, undefined when absent; a stored value of the wrong shape throws. */
    get<T>(key: string, schema: z.ZodType<T>): T | undefined {
      const raw = read.get(key);
      if (raw === undefined) return undefined;
      if (typeof raw !== 'string') throw new DatabaseCorruptError(`setting ${key}`);
      const parsed = schema.safeParse(JSON.parse(raw));
      if (!parsed.success)
        throw new DatabaseCorruptError(`setting ${key}: ${parsed.error.issues[0]?.message ?? ''}`);
      return parsed.data;
    },

    /**
     * The values under `keys` that exist, by key, in one statement (a view of each message
     * looked its own key up: a statement per message of a page or a change). Checked as `get`.
     */
    getMany<T>(keys: readonly string[], schema: z.ZodType<T>): Map<string, T> {
      const out = new Map<string, T>();
      if (keys.length === 0) return out;
      for (const row of readMany.all(JSON.stringify(keys))) {
        const { key, value } = row as { key: unknown; value: unknown };
        if (typeof key !== 'string' || typeof value !== 'string')
          throw new DatabaseCorruptError('setting: not a key and a text');
        const parsed = schema.safeParse(JSON.parse(value));
        if (!parsed.success)
          throw new DatabaseCorruptError(`setting ${key}: ${parsed.error.issues[0]?.message ?? ''}`);
        out.set(key, parsed.data);
      }
      return out;
    },

    /** Stores any JSON-serialisable value (undefined is refused: use `delete`). */
    set(key: string, value: unknown): void {
      const json = JSON.stringify(value) as string | undefined;
      if (json === undefined) throw new TypeError(`setting ${key}: value is not JSON-serialisable`);
      write.run(key, json);
    },

    delete(key: string): boolean {
      return remove.run(key).changes > 0;
    },

    /** Whether a transaction is open: what is read now may still be rolled back (not to be cached). */
    inTransaction(): boolean {
      return db.inTransaction;
    },
  };
}

export type KvRepository = ReturnType<typeof kvRepository>;
