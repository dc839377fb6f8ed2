/** What every devnet SOGS route handler receives. */
import type { AuthPolicy } from './auth';
import type { Files } from './files';
import type { Caller, SogsRequest, SogsResponse } from './http';
import type { Messages } from './messages';
import type { Room, SogsStore } from './store';
import { HttpError } from './http';

export interface SogsContext {
  readonly store: SogsStore;
  readonly messages: Messages;
  readonly files: Files;
  /** The server's X25519 public key (join URL `public_key`, signed into every request). */
  readonly serverPk: Uint8Array;
  readonly policy: AuthPolicy;
  /** Runs a subrequest as `caller` (for `/batch` and `/sequence`). */
  dispatch(req: SogsRequest, caller: Caller): SogsResponse;
}

export interface Call {
  readonly ctx: SogsContext;
  readonly req: SogsRequest;
  readonly user: Caller;
  /** Regex groups of the route's path pattern. */
  readonly params: readonly string[];
}

export type Handler = (call: Call) => SogsResponse;

export interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly handler: Handler;
}

/** The room named by a `<Room:room>` path segment; pysogs' converter fails the match: 404. */
export function roomParam(call: Call, index = 0): Room {
  const r = call.ctx.store.room(call.params[index] ?? '');
  if (!r) throw new HttpError(404);
  return r;
}

export function requireUser(call: Call): NonNullable<Caller> {
  if (!call.user) throw new HttpError(401, 'X-SOGS-* request authentication required');
  return call.user;
}

export function requireBlindUser(call: Call): NonNullable<Caller> {
  const u = requireUser(call);
  if (u.session_id.startsWith('05'))
    throw new HttpError(401, 'This endpoint requires blinded pubkeys be used');
  return u;
}

/** pysogs `read_required`: 403 without read permission. */
export function requireRead(call: Call, room: Room): void {
  if (!call.ctx.store.check(room, call.user, 'read'))
    throw new HttpError(403, "This endpoint requires room message 'read' permission");
}

/** pysogs `require_mod`: 401 without a user, 403 without moderator (or admin) permission. */
export function requireMod(call: Call, room: Room, admin = false): NonNullable<Caller> {
  const u = requireUser(call);
  if (!call.ctx.store.check(room, u, admin ? 'admin' : 'moderator'))
    throw new HttpError(403, `This endpoint requires ${admin ? 'admin' : 'moderator'} room permissions`);
  return u;
}

export function intPath(s: string | undefined): number {
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new HttpError(404);
  return n;
}
