/**
 * Typed failures of communities, each with its own message in the catalog
 * (`communities.errors.<code>`) and one line in the CLI.
 */
export type CommunityErrorCode =
  /** Not an http(s) URL with a room path. */
  | 'bad-url'
  /** The URL has no `public_key=`. */
  | 'missing-public-key'
  /** `public_key=` is not 64 hex characters. */
  | 'bad-public-key'
  /** The room token is not `[0-9A-Za-z_-]{1,64}`. */
  | 'bad-room'
  /** The server has no such room (404). */
  | 'unknown-room'
  /** No answer through the onion (server down, wrong key, no path). */
  | 'unreachable'
  /** The server answered an error status. */
  | 'server-error'
  /** An answer without the documented shape. */
  | 'invalid-response'
  /** 403: banned, or not allowed (read/write/moderator). */
  | 'forbidden'
  /** A community DM to someone we blocked. */
  | 'blocked'
  /** A community DM to someone whose newest post said they take no message requests (field 106). */
  | 'requests-off'
  /** The room is not joined on this profile. */
  | 'not-joined'
  /** Not a `15…`/`25…` blinded ID. */
  | 'bad-blinded-id'
  /** No such message in this room. */
  | 'unknown-message'
  /** The message is empty or too long. */
  | 'bad-message'
  /** 406/425: the computer's clock is off. */
  | 'clock-out-of-sync'
  /** The network client is stopped, or no network is configured. */
  | 'offline';

export class CommunityError extends Error {
  constructor(
    readonly code: CommunityErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'CommunityError';
  }
}
