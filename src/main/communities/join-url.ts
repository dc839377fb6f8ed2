/**
 * Community join URLs (sync-groups-communities.md §4.1; libsession-util
 * `include/session/config/community.hpp` `parse_full_url`): `http(s)://host[:port]/<room>?public_key=<64 hex>`,
 * also `…/r/<room>?…`. The room token is `[0-9A-Za-z_-]{1,64}` and compared lower-case; the base
 * URL is canonical (lower-case scheme and host, default port dropped), as UserGroups keys it.
 * Each way a URL can be wrong has its own error, so the user knows what to fix.
 */
import { toHex } from '../../crypto/bytes';
import { parseServerPublicKey, type ServerPublicKey } from '../../crypto/blinding';
import { canonicalCommunityUrl, MAX_COMMUNITY_URL } from '../../swarm/config/community-url';
import { CommunityError } from './errors';

export interface CommunityAddress {
  /** Canonical base URL, e.g. `http://127.0.0.1:8090`. */
  readonly baseUrl: string;
  /** The room token as written (its case kept for display; the server matches it exactly). */
  readonly room: string;
  readonly serverPk: ServerPublicKey;
  /** 64 lower-case hex characters. */
  readonly serverPkHex: string;
}

const ROOM = /^[0-9A-Za-z_-]{1,64}$/;
const MAX_JOIN_URL = 2000;

/** Parses a join URL; throws CommunityError with the precise code. */
export function parseJoinUrl(input: string): CommunityAddress {
  const text = input.trim();
  if (text.length === 0 || text.length > MAX_JOIN_URL)
    throw new CommunityError('bad-url', 'not a community URL');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CommunityError('bad-url', 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CommunityError('bad-url', 'a community URL starts with http:// or https://');
  if (url.username !== '' || url.password !== '')
    throw new CommunityError('bad-url', 'a community URL has no user name');
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const roomSegment =
    segments.length === 2 && segments[0] === 'r'
      ? segments[1]
      : segments.length === 1
        ? segments[0]
        : undefined;
  if (roomSegment === undefined) throw new CommunityError('bad-url', 'the URL names no room');
  let room: string;
  try {
    room = decodeURIComponent(roomSegment);
  } catch {
    throw new CommunityError('bad-room', 'the room name is malformed');
  }
  if (!ROOM.test(room)) throw new CommunityError('bad-room', 'the room name is malformed');
  const keys = url.searchParams.getAll('public_key');
  if (keys.length === 0) throw new CommunityError('missing-public-key', 'the URL has no public_key');
  const serverPk = keys.length === 1 ? parseServerPublicKey(keys[0] ?? '') : undefined;
  if (!serverPk) throw new CommunityError('bad-public-key', 'public_key is not 64 hexadecimal characters');
  let baseUrl: string;
  try {
    baseUrl = canonicalCommunityUrl(`${url.protocol}//${url.host}`);
  } catch {
    throw new CommunityError('bad-url', 'the server address is too long');
  }
  if (baseUrl.length > MAX_COMMUNITY_URL)
    throw new CommunityError('bad-url', 'the server address is too long');
  return { baseUrl, room, serverPk, serverPkHex: toHex(serverPk) };
}

/** The canonical join URL of a room (what the CLI prints and invitations carry). */
export function joinUrlOf(a: Pick<CommunityAddress, 'baseUrl' | 'room' | 'serverPkHex'>): string {
  return `${a.baseUrl}/${a.room}?public_key=${a.serverPkHex}`;
}

/** Rooms are the same when their server and lower-case token are (§4.1). */
export function roomKey(baseUrl: string, room: string): string {
  return `${baseUrl}/${room.toLowerCase()}`;
}
