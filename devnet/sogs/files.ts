/**
 * Room uploads (session-pysogs `Room.upload_file`, `Room.get_file`, `_own_files`, the room image
 * setter): an upload lives 1 hour until a post references it (then 15 days) or it becomes the room
 * image (no expiry). Kept as blobs in the server's SQLite file.
 */
import { z } from 'zod';
import type { Room, SogsStore, User } from './store';

/** pysogs UPLOAD_FILE_MAX_SIZE (10 MB since pysogs #188). */
export const MAX_UPLOAD = 10_000_000;
export const UNOWNED_LIFETIME_S = 3600;
export const POST_FILE_LIFETIME_S = 15 * 86400;

const FileRow = z.object({
  id: z.number().int(),
  uploader: z.number().int(),
  size: z.number().int(),
  uploaded: z.number(),
  expiry: z.number().nullable(),
  filename: z.string().nullable(),
  data: z.instanceof(Uint8Array),
});
export type StoredFile = z.infer<typeof FileRow>;

export class Files {
  constructor(private readonly s: SogsStore) {}

  upload(room: Room, user: User, data: Uint8Array, filename: string | undefined): number {
    const now = this.s.now();
    // pysogs replaces NUL and '/' in the given name with U+FFFD.
    const name = filename?.replace(/[\0/]/g, '\uFFFD') ?? null;
    const r = this.s
      .sql(
        'INSERT INTO files (room, uploader, size, uploaded, expiry, filename, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(room.id, user.id, data.length, now, now + UNOWNED_LIFETIME_S, name, Buffer.from(data));
    return Number(r.lastInsertRowid);
  }

  get(room: Room, id: number): StoredFile | undefined {
    const r = this.s.sql('SELECT * FROM files WHERE room = ? AND id = ?').get(room.id, id);
    if (r === undefined) return undefined;
    const f = FileRow.parse(r);
    return f.expiry === null || f.expiry > this.s.now() ? f : undefined;
  }

  /** Attaches recent, unowned uploads of this user to a post (pysogs `_own_files`). */
  own(room: Room, user: User, messageId: number, ids: readonly number[]): void {
    const now = this.s.now();
    const stmt = this.s.sql(
      `UPDATE files SET message = ?, expiry = ? WHERE id = ? AND room = ? AND uploader = ?
         AND message IS NULL AND uploaded >= ? AND expiry IS NOT NULL`,
    );
    for (const id of ids) stmt.run(messageId, now + POST_FILE_LIFETIME_S, id, room.id, user.id, now - 3600);
  }

  /** Makes an upload of this room the room image; false when no such live file. */
  setRoomImage(room: Room, id: number): boolean {
    if (!this.get(room, id)) return false;
    this.s.sql('UPDATE files SET expiry = NULL WHERE id = ?').run(id);
    if (room.image !== null && room.image !== id)
      this.s
        .sql('UPDATE files SET expiry = ? WHERE id = ?')
        .run(this.s.now() + POST_FILE_LIFETIME_S, room.image);
    if (room.image !== id) {
      this.s.sql('UPDATE rooms SET image = ? WHERE id = ?').run(id, room.id);
      this.s.bumpInfo(room.id);
    }
    return true;
  }

  expireOfUser(room: Room, user: User, keep: number | null): void {
    this.s
      .sql('UPDATE files SET expiry = 0 WHERE room = ? AND uploader = ? AND id IS NOT ?')
      .run(room.id, user.id, keep);
  }

  sweep(): number {
    return this.s.sql('DELETE FROM files WHERE expiry IS NOT NULL AND expiry <= ?').run(this.s.now()).changes;
  }
}
