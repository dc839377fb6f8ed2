/** The file server's persistent store (one SQLite file). Times are float seconds, like the server. */
import Database from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';

const Row = z.object({ id: z.string(), size: z.number().int(), uploaded: z.number(), expires: z.number() });
const DataRow = z.object({ data: z.instanceof(Uint8Array) });

export type FileMeta = z.infer<typeof Row>;

export class FileStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS files (
      id TEXT PRIMARY KEY, data BLOB NOT NULL, size INTEGER NOT NULL, uploaded REAL NOT NULL, expires REAL NOT NULL)`);
  }

  /** Identical content has the same id: re-uploading refreshes the expiry. */
  put(id: string, data: Uint8Array, uploaded: number, expires: number): FileMeta {
    this.db
      .prepare(
        `INSERT INTO files (id, data, size, uploaded, expires) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET expires = MAX(expires, excluded.expires)`,
      )
      .run(id, Buffer.from(data), data.length, uploaded, expires);
    const meta = this.meta(id, uploaded);
    if (!meta) throw new Error('file vanished');
    return meta;
  }

  meta(id: string, now: number): FileMeta | undefined {
    const r = this.db
      .prepare('SELECT id, size, uploaded, expires FROM files WHERE id = ? AND expires > ?')
      .get(id, now);
    return r === undefined ? undefined : Row.parse(r);
  }

  data(id: string, now: number): Uint8Array | undefined {
    const r = this.db.prepare('SELECT data FROM files WHERE id = ? AND expires > ?').get(id, now);
    return r === undefined ? undefined : new Uint8Array(DataRow.parse(r).data);
  }

  extend(id: string, expires: number, now: number): FileMeta | undefined {
    this.db
      .prepare('UPDATE files SET expires = MAX(expires, ?) WHERE id = ? AND expires > ?')
      .run(expires, id, now);
    return this.meta(id, now);
  }

  /** Test fault: the file expires now (the server then answers 404, as for any expired file). */
  expireNow(id: string, now: number): boolean {
    return (
      this.db.prepare('UPDATE files SET expires = ? WHERE id = ? AND expires > ?').run(now, id, now).changes >
      0
    );
  }

  /** Test fault: one byte of the stored blob flipped (what a corrupting server or path would do). */
  tamper(id: string, now: number): boolean {
    const data = this.data(id, now);
    if (!data || data.length === 0) return false;
    const at = Math.floor(data.length / 2);
    data[at] = (data[at] ?? 0) ^ 0x01;
    return this.db.prepare('UPDATE files SET data = ? WHERE id = ?').run(Buffer.from(data), id).changes > 0;
  }

  sweep(now: number): number {
    return this.db.prepare('DELETE FROM files WHERE expires <= ?').run(now).changes;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
