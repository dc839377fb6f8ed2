/**
 * Why an export or an import stopped. `code` crosses IPC (the renderer translates
 * `portability.errors.<code>`); `message` is one plain English line for the CLI and logs, and
 * never holds a password, a key or a message.
 */
export const PORTABILITY_ERROR_CODES = [
  'not-an-export',
  'newer-version',
  'wrong-password',
  'damaged',
  'truncated',
  'newer-schema',
  'not-empty',
  'exists',
  'locked',
  'no-account',
  'cancelled',
  'busy',
  'io',
] as const;
export type PortabilityErrorCode = (typeof PORTABILITY_ERROR_CODES)[number];

export class PortabilityError extends Error {
  constructor(
    readonly code: PortabilityErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PortabilityError';
  }
}

export function isPortabilityError(error: unknown, code?: PortabilityErrorCode): error is PortabilityError {
  return error instanceof PortabilityError && (code === undefined || error.code === code);
}

export const damaged = (what: string) =>
  new PortabilityError('damaged', `the export file is damaged or was altered (${what})`);
