// zod's mini build: on the page's first screen (see ../settings.ts).
import * as z from 'zod/mini';

/** Every failure main can report; the renderer translates `errors.<code>`. */
export const IPC_ERROR_CODES = [
  'invalid-arguments',
  'unknown-call',
  'not-found',
  'conflict',
  'unauthorized',
  'timeout',
  'unavailable',
  'internal',
] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export const ipcErrorSchema = z.object({
  code: z.enum(IPC_ERROR_CODES),
  /** English, for logs and developers; the UI shows the translated code (and `reason` if known). */
  message: z.string(),
  /** A machine-readable reason a caller may translate, e.g. `mnemonic.unknown-word`. */
  reason: z.optional(z.string()),
  /** Values for the translated reason, e.g. `{ position: 3, word: 'foo' }`. */
  params: z.optional(z.record(z.string(), z.union([z.string(), z.number()]))),
});
export type IpcError = z.infer<typeof ipcErrorSchema>;

/** Main always answers with one of these: an error is a value, never a silent hang. */
export type IpcResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

export function fail(
  code: IpcErrorCode,
  message: string,
  extra: Partial<Pick<IpcError, 'reason' | 'params'>> = {},
): IpcResult<never> {
  const error: IpcError = { code, message };
  if (extra.reason !== undefined) error.reason = extra.reason;
  if (extra.params !== undefined) error.params = extra.params;
  return { ok: false, error };
}

/** Raised by handlers to return a typed error instead of `internal`. */
export class IpcFailure extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
    readonly reason?: string,
    readonly params?: Record<string, string | number>,
  ) {
    super(message);
    this.name = 'IpcFailure';
  }
}
