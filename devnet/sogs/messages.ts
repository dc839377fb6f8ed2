/**
 * Room posts and reactions (session-pysogs `sogs/model/room.py`: add_post, edit_post,
 * delete_posts, get_messages_for, get_reactions, add/delete_reaction; counters as in
 * `sogs/schema.sqlite`'s triggers): every post, edit, deletion and reaction change takes the room's
 * next `message_sequence` value; a message's `seqno` is the larger of its data and reaction seqnos.
 */
import { z } from 'zod';
import type { Room, SogsStore, User } from './store';

/** Session's padding is stripped before storage and added back on the way out (pysogs utils.py). */
export function removePadding(data: Uint8Array): Uint8Array {
  const last = data[data.length - 1];
  if (data.length === 0 || (last !== 0x00 && last !== 0x80)) return data;
  let end = data.length;
  while (end > 0 && data[end - 1] === 0x00) end--;
  return end > 0 && data[end - 1] === 0x80 ? data.subarray(0, end - 1) : data;
}

export function addPadding(data: Uint8Array, size: number): Uint8Array {
  if (size <= data.length) return data;
  const out = new Uint8Array(size);
  out.set(data);
  out[data.length] = 0x80;
  return out;
}

const MsgRow = z.object({
  id: z.number().int(),
  user: z.number().int(),
  session_id: z.string(),
  posted: z.number(),
  edited: z.number().nullable(),
  seqno: z.number().int(),
  seqno_data: z.number().int(),
  seqno_reactions: z.number().int(),
  seqno_creation: z.number().int(),
  data: z.instanceof(Uint8Array).nullable(),
  data_size: z.number().int().nullable(),
  signature: z.instanceof(Uint8Array).nullable(),
  whisper_mods: z.number().int(),
  whisper_to: z.string().nullable(),
});
type MsgRow = z.infer<typeof MsgRow>;

export interface ReactionInfo {
  index: number;
  count: number;
  reactors?: string[];
  you?: true;
}

/** A message as the API returns it; bytes are base64-encoded when serialised (./http.ts). */
export type MessageOut = Record<string, unknown> & { id: number };

const SELECT = `SELECT m.*, u.session_id, w.session_id AS whisper_to FROM messages m
  JOIN users u ON u.id = m.user LEFT JOIN users w ON w.id = m.whisper`;

export type Query =
  | { kind: 'since'; seqno: number; reactionUpdates: boolean }
  | { kind: 'before'; id: number }
  | { kind: 'recent' }
  | { kind: 'single'; id: number };

export class Messages {
  constructor(private readonly s: SogsStore) {}

  /** Rate limit of pysogs (room.py): 5 posts per 16 s per user, admins exempt. */
  recentPostCount(room: Room, user: User): number {
    return z
      .object({ n: z.number() })
      .parse(
        this.s
          .sql('SELECT COUNT(*) AS n FROM messages WHERE room = ? AND user = ? AND posted >= ?')
          .get(room.id, user.id, this.s.now() - 16),
      ).n;
  }

  insert(
    room: Room,
    user: User,
    data: Uint8Array,
    signature: Uint8Array,
    whisperTo: User | undefined,
    whisperMods: boolean,
    posted = this.s.now(),
  ): { id: number; posted: number; seqno: number } {
    const seqno = this.s.nextSeqno(room.id);
    const r = this.s
      .sql(
        `INSERT INTO messages (room, user, posted, seqno, seqno_data, seqno_creation, data, data_size,
           signature, whisper, whisper_mods) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        room.id,
        user.id,
        posted,
        seqno,
        seqno,
        seqno,
        Buffer.from(removePadding(data)),
        data.length,
        Buffer.from(signature),
        whisperTo?.id ?? null,
        whisperMods ? 1 : 0,
      );
    return { id: Number(r.lastInsertRowid), posted, seqno };
  }

  /** Many posts at once by one user (seeding): one sequence bump, one prepared insert. */
  insertMany(
    room: Room,
    user: User,
    posts: readonly { data: Uint8Array; signature: Uint8Array; posted: number }[],
  ): { first: number; last: number } {
    const base = this.s.roomById(room.id).message_sequence;
    const ins = this.s.sql(
      `INSERT INTO messages (room, user, posted, seqno, seqno_data, seqno_creation, data, data_size, signature)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    let first = 0;
    let last = 0;
    posts.forEach((p, i) => {
      const seqno = base + i + 1;
      const id = Number(
        ins.run(
          room.id,
          user.id,
          p.posted,
          seqno,
          seqno,
          seqno,
          Buffer.from(removePadding(p.data)),
          p.data.length,
          Buffer.from(p.signature),
        ).lastInsertRowid,
      );
      if (i === 0) first = id;
      last = id;
    });
    this.s.sql('UPDATE rooms SET message_sequence = ? WHERE id = ?').run(base + posts.length, room.id);
    return { first, last };
  }

  /** Author id of a live (not deleted) message of this room. */
  author(room: Room, id: number): number | undefined {
    const r = this.s
      .sql('SELECT user FROM messages WHERE room = ? AND id = ? AND data IS NOT NULL')
      .get(room.id, id);
    return r === undefined ? undefined : z.object({ user: z.number() }).parse(r).user;
  }

  edit(room: Room, id: number, data: Uint8Array, signature: Uint8Array): void {
    const seqno = this.s.nextSeqno(room.id);
    this.s
      .sql(
        `UPDATE messages SET data = ?, data_size = ?, signature = ?, seqno_data = ?, edited = ?,
           seqno = MAX(?, seqno_reactions) WHERE id = ?`,
      )
      .run(
        Buffer.from(removePadding(data)),
        data.length,
        Buffer.from(signature),
        seqno,
        this.s.now(),
        seqno,
        id,
      );
  }

  /** Deletes (tombstones) a message: data and signature gone, reactions, pin and files dropped. */
  tombstone(room: Room, id: number): void {
    const seqno = this.s.nextSeqno(room.id);
    this.s
      .sql(
        `UPDATE messages SET data = NULL, data_size = NULL, signature = NULL, seqno_data = ?, edited = ?,
           seqno = MAX(?, seqno_reactions) WHERE id = ?`,
      )
      .run(seqno, this.s.now(), seqno, id);
    this.s
      .sql('DELETE FROM user_reactions WHERE reaction IN (SELECT id FROM reactions WHERE message = ?)')
      .run(id);
    this.s.sql('DELETE FROM reactions WHERE message = ?').run(id);
    if (this.s.sql('DELETE FROM pinned_messages WHERE message = ?').run(id).changes > 0)
      this.s.bumpInfo(room.id);
    this.s.sql('UPDATE files SET expiry = 0 WHERE message = ?').run(id);
  }

  liveIdsOf(room: Room, user: User): number[] {
    return this.s
      .sql('SELECT id FROM messages WHERE room = ? AND user = ? AND data IS NOT NULL')
      .all(room.id, user.id)
      .map((r) => z.object({ id: z.number() }).parse(r).id);
  }

  /** A live message that is not a whisper (pysogs `is_regular_message`). */
  isRegular(room: Room, id: number): boolean {
    return (
      this.s
        .sql(
          `SELECT 1 FROM messages WHERE room = ? AND id = ? AND data IS NOT NULL AND whisper IS NULL
             AND whisper_mods = 0`,
        )
        .get(room.id, id) !== undefined
    );
  }

  seqnoOf(id: number): number {
    return z
      .object({ seqno: z.number() })
      .parse(this.s.sql('SELECT seqno FROM messages WHERE id = ?').get(id)).seqno;
  }

  private bumpReactions(room: Room, id: number): void {
    const seqno = this.s.nextSeqno(room.id);
    this.s
      .sql('UPDATE messages SET seqno_reactions = ?, seqno = MAX(seqno_data, ?) WHERE id = ?')
      .run(seqno, seqno, id);
  }

  addReaction(room: Room, user: User, id: number, reaction: string): boolean {
    this.s
      .sql('INSERT INTO reactions (message, reaction) VALUES (?, ?) ON CONFLICT DO NOTHING')
      .run(id, reaction);
    const rid = z
      .object({ id: z.number() })
      .parse(this.s.sql('SELECT id FROM reactions WHERE message = ? AND reaction = ?').get(id, reaction)).id;
    const added =
      this.s
        .sql('INSERT INTO user_reactions (reaction, user, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
        .run(rid, user.id, this.s.now()).changes > 0;
    if (added) this.bumpReactions(room, id);
    return added;
  }

  /** Removes reactions (one user's, or everybody's when `user` is undefined); returns how many. */
  removeReactions(room: Room, id: number, reaction: string | undefined, user: User | undefined): number {
    const where = `reaction IN (SELECT id FROM reactions WHERE message = ? ${reaction === undefined ? '' : 'AND reaction = ?'})
      ${user === undefined ? '' : 'AND user = ?'}`;
    const args: (string | number)[] = [id];
    if (reaction !== undefined) args.push(reaction);
    if (user !== undefined) args.push(user.id);
    const n = this.s.sql(`DELETE FROM user_reactions WHERE ${where}`).run(...args).changes;
    this.s
      .sql(
        'DELETE FROM reactions WHERE message = ? AND NOT EXISTS (SELECT 1 FROM user_reactions WHERE reaction = reactions.id)',
      )
      .run(id);
    // pysogs bumps the sequence once per removed row (a trigger per deleted user_reactions row).
    for (let i = 0; i < n; i++) this.bumpReactions(room, id);
    return n;
  }

  reactors(id: number, reaction: string, limit: number | undefined): [string, number][] {
    return this.s
      .sql(
        `SELECT u.session_id, ur.at FROM user_reactions ur JOIN reactions r ON r.id = ur.reaction
           JOIN users u ON u.id = ur.user WHERE r.message = ? AND r.reaction = ? ORDER BY ur.at, ur.rowid
           ${limit ? 'LIMIT ' + String(limit) : ''}`,
      )
      .all(id, reaction)
      .map((r) => {
        const p = z.object({ session_id: z.string(), at: z.number() }).parse(r);
        return [p.session_id, p.at];
      });
  }

  reactionsFor(
    ids: number[],
    viewer: User | undefined,
    reactorLimit: number,
  ): Map<number, Record<string, ReactionInfo>> {
    const out = new Map<number, Record<string, ReactionInfo>>();
    if (ids.length === 0) return out;
    const rows = z
      .array(
        z.object({
          id: z.number(),
          message: z.number(),
          reaction: z.string(),
          n: z.number(),
          you: z.number(),
        }),
      )
      .parse(
        this.s
          .sql(
            `SELECT r.id, r.message, r.reaction,
               (SELECT COUNT(*) FROM user_reactions WHERE reaction = r.id) AS n,
               EXISTS(SELECT 1 FROM user_reactions WHERE reaction = r.id AND user = ?) AS you
             FROM reactions r WHERE r.message IN (${ids.map(() => '?').join(',')}) ORDER BY r.id`,
          )
          .all(viewer?.id ?? -1, ...ids),
      );
    const firstReactors = this.s.sql(
      `SELECT u.session_id FROM user_reactions ur JOIN users u ON u.id = ur.user WHERE ur.reaction = ?
         ORDER BY ur.at, ur.rowid LIMIT ?`,
    );
    for (const r of rows) {
      if (r.n === 0) continue;
      const m = out.get(r.message) ?? {};
      const info: ReactionInfo = { index: Object.keys(m).length, count: r.n };
      if (reactorLimit > 0)
        info.reactors = firstReactors
          .all(r.id, reactorLimit)
          .map((x) => z.object({ session_id: z.string() }).parse(x).session_id);
      if (r.you === 1) info.you = true;
      m[r.reaction] = info;
      out.set(r.message, m);
    }
    return out;
  }

  /** pysogs `get_messages_for`: what `viewer` may see, newest first except `since` (seqno order). */
  query(room: Room, viewer: User | undefined, q: Query, limit: number, reactorLimit: number): MessageOut[] {
    const isMod = this.s.check(room, viewer, 'moderator');
    const whisper = isMod
      ? 'AND (m.whisper_mods = 1 OR m.whisper = :user OR m.user = :user OR m.whisper IS NULL)'
      : viewer
        ? 'AND (m.whisper = :user OR (m.whisper IS NULL AND m.whisper_mods = 0))'
        : 'AND m.whisper IS NULL AND m.whisper_mods = 0';
    let clause: string;
    let order: string;
    const p: Record<string, number> = { room: room.id, user: viewer?.id ?? -1, limit };
    switch (q.kind) {
      case 'since':
        p.seq = q.seqno;
        // Tombstones only for messages the client can know (created at or before its seqno).
        clause = `AND (m.data IS NOT NULL OR m.seqno_creation <= :seq) AND m.seqno > :seq
          ${q.reactionUpdates ? '' : 'AND m.seqno_data > :seq'}`;
        order = 'ORDER BY m.seqno ASC LIMIT :limit';
        break;
      case 'before':
        p.id = q.id;
        clause = 'AND m.data IS NOT NULL AND m.id < :id';
        order = 'ORDER BY m.id DESC LIMIT :limit';
        break;
      case 'recent':
        clause = 'AND m.data IS NOT NULL';
        order = 'ORDER BY m.id DESC LIMIT :limit';
        break;
      default:
        p.id = q.id;
        clause = 'AND m.data IS NOT NULL AND m.id = :id';
        order = '';
    }
    const rows = this.s
      .sql(`${SELECT} WHERE m.room = :room ${clause} ${whisper} ${order}`)
      .all(p)
      .map((r) => MsgRow.parse(r));
    const out: MessageOut[] = rows.map((r) => this.shape(r, q));
    const withReactions = out.filter((m) => m.data !== null).map((m) => m.id);
    const reacts = this.reactionsFor(withReactions, viewer, reactorLimit);
    for (const m of out) if (m.data !== null) m.reactions = reacts.get(m.id) ?? {};
    return out;
  }

  private shape(r: MsgRow, q: Query): MessageOut {
    if (q.kind === 'since' && r.seqno_reactions > q.seqno && q.seqno >= r.seqno_data)
      return { id: r.id, seqno: r.seqno };
    const m: MessageOut = { id: r.id, session_id: r.session_id, posted: r.posted, seqno: r.seqno };
    if (r.data === null) {
      m.data = null;
      m.deleted = true;
    } else {
      m.data = addPadding(r.data, r.data_size ?? r.data.length);
      m.signature = r.signature ?? new Uint8Array(0);
    }
    if (r.edited !== null) m.edited = r.edited;
    if (r.whisper_to !== null || r.whisper_mods === 1) {
      m.whisper = true;
      m.whisper_mods = r.whisper_mods === 1;
      if (r.whisper_to !== null) m.whisper_to = r.whisper_to;
    }
    return m;
  }
}
