/**
 * Users, rooms and permissions of the devnet community server. Permission rules follow
 * session-pysogs `sogs/model/room.py` `check_permission` and the `user_permissions` view of
 * `sogs/schema.sqlite`: a global moderator/admin may do everything; a room admin or moderator
 * passes every check; otherwise not banned and the per-user override, else the room default.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import { createSchema } from './schema';

import {
  ACTIVE_CUTOFF_S,
  isRoomToken,
  OverrideRow,
  RoomRow,
  UserRow,
  type Perms,
  type PermCheck,
  type Room,
  type User,
} from './rows';

// The routes take the row types and the room rules from here.
export { ACTIVE_CUTOFF_S, isRoomToken, RoomRow, UserRow, type Perms, type PermCheck, type Room, type User };

export class SogsStore {
  readonly db: Database.Database;

  /** `now` gives unix seconds (float), the server's clock. */
  constructor(
    file: string,
    readonly now: () => number,
  ) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    createSchema(this.db);
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** A prepared statement, prepared once per distinct SQL text. */
  sql(text: string): Database.Statement {
    let st = this.statements.get(text);
    if (!st) {
      st = this.db.prepare(text);
      this.statements.set(text, st);
    }
    return st;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---- rooms ----

  room(token: string): Room | undefined {
    if (!isRoomToken(token)) return undefined;
    const r = this.sql('SELECT * FROM rooms WHERE token = ?').get(token);
    return r === undefined ? undefined : RoomRow.parse(r);
  }

  roomById(id: number): Room {
    return RoomRow.parse(this.sql('SELECT * FROM rooms WHERE id = ?').get(id));
  }

  rooms(): Room[] {
    return this.sql('SELECT * FROM rooms ORDER BY token')
      .all()
      .map((r) => RoomRow.parse(r));
  }

  createRoom(token: string, name: string, description?: string): Room {
    if (!isRoomToken(token)) throw new Error('room token: 1 to 64 of A-Z a-z 0-9 _ -');
    if (this.room(token)) throw new Error(`room ${token} already exists`);
    this.sql('INSERT INTO rooms (token, name, description, created) VALUES (?, ?, ?, ?)').run(
      token,
      name,
      description ?? null,
      this.now(),
    );
    const r = this.room(token);
    if (!r) throw new Error('room vanished');
    return r;
  }

  bumpInfo(roomId: number): void {
    this.sql('UPDATE rooms SET info_updates = info_updates + 1 WHERE id = ?').run(roomId);
  }

  bumpAllInfo(): void {
    this.sql('UPDATE rooms SET info_updates = info_updates + 1').run();
  }

  /** Increments and returns the room's `message_sequence` (every post, edit, delete, reaction). */
  nextSeqno(roomId: number): number {
    const r = this.sql(
      'UPDATE rooms SET message_sequence = message_sequence + 1 WHERE id = ? RETURNING message_sequence',
    ).get(roomId);
    return z.object({ message_sequence: z.number() }).parse(r).message_sequence;
  }

  activeUsers(roomId: number): number {
    const r = z
      .object({ n: z.number() })
      .parse(
        this.sql('SELECT COUNT(*) AS n FROM room_users WHERE room = ? AND last_active >= ?').get(
          roomId,
          this.now() - ACTIVE_CUTOFF_S,
        ),
      );
    return r.n;
  }

  touchRoom(roomId: number, user: User | undefined): void {
    if (!user) return;
    this.sql(
      `INSERT INTO room_users (room, user, last_active) VALUES (?, ?, ?)
         ON CONFLICT(room, user) DO UPDATE SET last_active = excluded.last_active`,
    ).run(roomId, user.id, this.now());
  }

  // ---- users ----

  user(sessionId: string): User | undefined {
    const r = this.sql('SELECT * FROM users WHERE session_id = ?').get(sessionId.toLowerCase());
    return r === undefined ? undefined : UserRow.parse(r);
  }

  userById(id: number): User {
    return UserRow.parse(this.sql('SELECT * FROM users WHERE id = ?').get(id));
  }

  /** The user row, created on first sight (pysogs `User(autovivify=True)`); pending roles apply then. */
  userVivify(sessionId: string): User {
    const id = sessionId.toLowerCase();
    const existing = this.user(id);
    if (existing) return existing;
    const now = this.now();
    this.sql('INSERT INTO users (session_id, created, last_active) VALUES (?, ?, ?)').run(id, now, now);
    const u = this.user(id);
    if (!u) throw new Error('user vanished');
    this.applyPendingRoles(u);
    return this.userById(u.id);
  }

  touchUser(u: User): void {
    this.sql('UPDATE users SET last_active = ? WHERE id = ?').run(this.now(), u.id);
  }

  // ---- permissions ----

  perms(room: Room, user: User | undefined): Perms {
    if (!user)
      return {
        banned: false,
        read: room.read === 1,
        accessible: room.accessible === 1,
        write: room.write === 1,
        upload: room.upload === 1,
        moderator: false,
        admin: false,
      };
    const o = this.override(room.id, user.id);
    const globalMod = user.moderator === 1 || user.admin === 1;
    const pick = (v: number | null | undefined, dflt: number): boolean => globalMod || (v ?? dflt) === 1;
    return {
      banned: user.banned === 1 || o?.banned === 1,
      read: pick(o?.read, room.read),
      accessible: pick(o?.accessible, room.accessible),
      write: pick(o?.write, room.write),
      upload: pick(o?.upload, room.upload),
      moderator: globalMod || o?.moderator === 1 || o?.admin === 1,
      admin: user.admin === 1 || o?.admin === 1,
    };
  }

  check(room: Room, user: User | undefined, what: PermCheck): boolean {
    const p = this.perms(room, user);
    if (p.admin) return true;
    if (what === 'admin') return false;
    if (p.moderator) return true;
    if (what === 'moderator') return false;
    if (p.banned) return false;
    switch (what) {
      case 'read':
        return p.read;
      case 'accessible':
        return p.accessible || p.read;
      case 'write':
        return p.write;
      case 'upload':
        return p.write && p.upload;
      default:
        return true;
    }
  }

  private override(roomId: number, userId: number): z.infer<typeof OverrideRow> | undefined {
    const r = this.sql('SELECT * FROM user_permission_overrides WHERE room = ? AND user = ?').get(
      roomId,
      userId,
    );
    return r === undefined ? undefined : OverrideRow.parse(r);
  }

  private ensureOverride(roomId: number, userId: number): void {
    this.sql('INSERT INTO user_permission_overrides (room, user) VALUES (?, ?) ON CONFLICT DO NOTHING').run(
      roomId,
      userId,
    );
  }

  setRoomModerator(room: Room, user: User, admin: boolean | undefined, visible: boolean): void {
    this.ensureOverride(room.id, user.id);
    const before = this.override(room.id, user.id);
    this.sql(
      `UPDATE user_permission_overrides SET moderator = 1, banned = 0, visible_mod = ?
         ${admin === undefined ? '' : ', admin = ' + (admin ? '1' : '0')} WHERE room = ? AND user = ?`,
    ).run(visible ? 1 : 0, room.id, user.id);
    const after = this.override(room.id, user.id);
    if (
      before?.moderator !== after?.moderator ||
      before?.admin !== after?.admin ||
      before?.visible_mod !== after?.visible_mod
    )
      this.bumpInfo(room.id);
  }

  removeRoomModerator(room: Room, user: User, adminOnly: boolean): void {
    const before = this.override(room.id, user.id);
    if (!before) return;
    this.sql(
      `UPDATE user_permission_overrides SET admin = 0 ${adminOnly ? '' : ', moderator = 0, visible_mod = 1'}
         WHERE room = ? AND user = ?`,
    ).run(room.id, user.id);
    const after = this.override(room.id, user.id);
    const same = before.moderator === after?.moderator && before.admin === after.admin;
    if (!same) this.bumpInfo(room.id);
  }

  setGlobalModerator(user: User, admin: boolean | undefined, visible: boolean): void {
    this.sql(
      `UPDATE users SET moderator = 1, banned = 0, visible_mod = ?
         ${admin === undefined ? '' : ', admin = ' + (admin ? '1' : '0')} WHERE id = ?`,
    ).run(visible ? 1 : 0, user.id);
    this.bumpAllInfo();
  }

  removeGlobalModerator(user: User, adminOnly: boolean): void {
    this.sql(`UPDATE users SET admin = 0 ${adminOnly ? '' : ', moderator = 0'} WHERE id = ?`).run(user.id);
    this.bumpAllInfo();
  }

  /**
   * Bans from a room; with `timeout` (seconds) the ban lifts by itself (pysogs `user_ban_futures`,
   * applied here at the start of every request rather than by a 10 s cleanup timer).
   */
  banInRoom(room: Room, user: User, timeout?: number): void {
    this.ensureOverride(room.id, user.id);
    this.sql(
      'UPDATE user_permission_overrides SET banned = 1, moderator = 0, admin = 0 WHERE room = ? AND user = ?',
    ).run(room.id, user.id);
    this.sql('DELETE FROM room_users WHERE room = ? AND user = ?').run(room.id, user.id);
    this.scheduleUnban(room.id, user, timeout);
  }

  unbanInRoom(room: Room, user: User): boolean {
    this.sql('DELETE FROM ban_futures WHERE room IS ? AND user = ?').run(room.id, user.id);
    return (
      this.sql(
        'UPDATE user_permission_overrides SET banned = 0 WHERE room = ? AND user = ? AND banned = 1',
      ).run(room.id, user.id).changes > 0
    );
  }

  setGlobalBan(user: User, banned: boolean, timeout?: number): void {
    this.sql('UPDATE users SET banned = ? WHERE id = ?').run(banned ? 1 : 0, user.id);
    if (banned) this.scheduleUnban(null, user, timeout);
    else this.sql('DELETE FROM ban_futures WHERE room IS NULL AND user = ?').run(user.id);
  }

  private scheduleUnban(roomId: number | null, user: User, timeout: number | undefined): void {
    this.sql('DELETE FROM ban_futures WHERE room IS ? AND user = ?').run(roomId, user.id);
    if (timeout !== undefined && timeout !== 0)
      this.sql('INSERT INTO ban_futures (room, user, at) VALUES (?, ?, ?)').run(
        roomId,
        user.id,
        this.now() + timeout,
      );
  }

  /** Lifts the timed bans that are due. */
  applyBanFutures(): void {
    const due = z
      .array(z.object({ room: z.number().nullable(), user: z.number() }))
      .parse(this.sql('SELECT room, user FROM ban_futures WHERE at <= ?').all(this.now()));
    if (due.length === 0) return;
    this.tx(() => {
      for (const d of due) {
        if (d.room === null) this.sql('UPDATE users SET banned = 0 WHERE id = ?').run(d.user);
        else
          this.sql('UPDATE user_permission_overrides SET banned = 0 WHERE room = ? AND user = ?').run(
            d.room,
            d.user,
          );
      }
      this.sql('DELETE FROM ban_futures WHERE at <= ?').run(this.now());
    });
  }

  /** Public (or, for moderators, all) room moderators and admins: [mods, admins, hiddenMods, hiddenAdmins]. */
  mods(room: Room, viewerIsMod: boolean): [string[], string[], string[], string[]] {
    const rows = z.array(z.object({ session_id: z.string(), visible: z.number(), admin: z.number() })).parse(
      this.sql(
        `SELECT session_id, MAX(visible) AS visible, MAX(admin) AS admin FROM (
               SELECT u.session_id, o.visible_mod AS visible, o.admin AS admin
                 FROM user_permission_overrides o JOIN users u ON u.id = o.user
                 WHERE o.room = ? AND o.moderator = 1
               UNION ALL
               SELECT session_id, visible_mod AS visible, admin FROM users WHERE moderator = 1 OR admin = 1
             ) GROUP BY session_id ORDER BY session_id`,
      ).all(room.id),
    );
    const m: string[] = [];
    const a: string[] = [];
    const hm: string[] = [];
    const ha: string[] = [];
    for (const r of rows) {
      if (r.visible !== 1 && !viewerIsMod) continue;
      (r.visible === 1 ? (r.admin === 1 ? a : m) : r.admin === 1 ? ha : hm).push(r.session_id);
    }
    return [m, a, hm, ha];
  }

  // ---- roles given before the user was ever seen (control API, by Session ID) ----

  addPendingRole(
    candidates: readonly string[],
    roomId: number | null,
    role: 'moderator' | 'admin',
    visible: boolean,
  ): void {
    const ins = this.sql('INSERT INTO pending_roles (session_id, room, role, visible) VALUES (?, ?, ?, ?)');
    for (const c of candidates) ins.run(c.toLowerCase(), roomId, role, visible ? 1 : 0);
    for (const c of candidates) {
      const u = this.user(c);
      if (u) this.applyPendingRoles(u);
    }
  }

  private applyPendingRoles(u: User): void {
    const rows = z
      .array(z.object({ room: z.number().nullable(), role: z.string(), visible: z.number() }))
      .parse(
        this.sql('SELECT room, role, visible FROM pending_roles WHERE session_id = ?').all(u.session_id),
      );
    for (const r of rows) {
      const admin = r.role === 'admin' ? true : undefined;
      if (r.room === null) this.setGlobalModerator(u, admin, r.visible === 1);
      else this.setRoomModerator(this.roomById(r.room), u, admin, r.visible === 1);
    }
    this.sql('DELETE FROM pending_roles WHERE session_id = ?').run(u.session_id);
  }

  // ---- request nonces ----

  /** Records a request nonce; false when this user already used it (pysogs: 425). */
  useNonce(u: User, nonce: Uint8Array): boolean {
    const now = this.now();
    this.sql('DELETE FROM user_request_nonces WHERE expiry < ?').run(now);
    return (
      this.sql(
        'INSERT INTO user_request_nonces (user, nonce, expiry) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      )
        // Nonces outlive the ±24 h timestamp window, so a replay can never slip in after pruning.
        .run(u.id, Buffer.from(nonce), now + 49 * 3600).changes > 0
    );
  }
}
