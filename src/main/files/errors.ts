/** Typed failures of the file server client and the avatar pipeline (shown as `avatar.errors.<code>`). */
export type FileErrorCode =
  /** Over 10,000,000 bytes (desktop `MAX_ATTACHMENT_FILESIZE_BYTES`), or the server said 413. */
  | 'too-large'
  /** Nothing to upload. */
  | 'empty'
  /** The server has no such file (expired or never uploaded). */
  | 'not-found'
  /** Not a URL of the file server we use: never fetched. */
  | 'bad-url'
  /** The server answered with an error status. */
  | 'server-error'
  /** An answer without the documented shape, or undecryptable. */
  | 'invalid-response'
  /** No path, or every path failed on the way. */
  | 'offline'
  /** 406/425 from the network: the computer's clock is off. */
  | 'clock-out-of-sync'
  /** The network client is stopped, or no network is configured. */
  | 'stopped'
  /** The image is not a PNG, JPEG or WebP, or does not decrypt. */
  | 'not-an-image';

export class FileError extends Error {
  constructor(
    readonly code: FileErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'FileError';
  }
}
