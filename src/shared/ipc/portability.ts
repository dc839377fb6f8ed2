import { z } from 'zod';

/**
 * IPC shapes of the encrypted profile export and import (issue #20 item 5). Long work runs as a
 * job: the call that starts it answers at once with its id, `portability.progress` events follow,
 * and `portability.finished` says how it ended; `portability.cancel` stops it.
 *
 * No path crosses from the window: an export is written inside the profile, then handed out in
 * pieces (Electron's main process writes them where the native Save dialog said; the browser host
 * page builds a download from them); an import file comes in as pieces the same way (Electron's
 * Open dialog or the page's file input). The password goes to the core only, never back.
 */

/** Bytes per piece read or written across the bridge (base64 stays far under the host's body limit). */
export const PORTABILITY_PIECE_BYTES = 1024 * 1024;
/** The largest export an import accepts (64 GiB): a bound, not a goal. */
export const PORTABILITY_MAX_BYTES = 64 * 1024 * 1024 * 1024;

const jobId = z.string().regex(/^[0-9a-f]{32}$/);
const base64 = z.string().regex(/^[A-Za-z0-9+/]*=*$/);
const password = z.string().min(1).max(1024);

export const PORTABILITY_OPERATIONS = ['export', 'import'] as const;
export const portabilityOperationSchema = z.enum(PORTABILITY_OPERATIONS);

/** Why a job failed: the renderer translates `portability.errors.<code>`. */
export const portabilityFailureSchema = z.object({ code: z.string().max(64), message: z.string().max(500) });

export const portabilityCalls = {
  /** Starts writing an export of the unlocked profile (inside the profile, until it is saved). */
  'portability.exportStart': {
    args: z.object({ password }).strict(),
    result: z.object({ jobId }),
  },
  /**
   * Saves a finished export: Electron's main process shows the Save dialog and writes it there; the
   * core alone answers `saved: false` with the proposed name, and the page downloads it instead.
   */
  'portability.exportSave': {
    args: z.object({ jobId }).strict(),
    result: z.object({ saved: z.boolean(), fileName: z.string().max(255) }),
  },
  /** A piece of a finished export, from `offset`. */
  'portability.exportRead': {
    args: z.object({ jobId, offset: z.number().int().min(0) }).strict(),
    result: z.object({ data: base64, size: z.number().int().min(0) }),
  },
  /** Removes a finished export from the profile (after saving it, or when the user gave up). */
  'portability.exportDiscard': { args: z.object({ jobId }).strict(), result: z.null() },
  /**
   * Electron: the Open dialog, then the chosen file is sent to the core in pieces. The core alone
   * answers `chosen: false` (the page has its own file input).
   */
  'portability.importChoose': {
    args: z.object({}).strict(),
    result: z.object({
      chosen: z.boolean(),
      uploadId: jobId.optional(),
      fileName: z.string().max(255).optional(),
      size: z.number().int().min(0).optional(),
    }),
  },
  /** Makes room for an export file of `size` bytes that comes in pieces. */
  'portability.importBegin': {
    args: z.object({ size: z.number().int().min(1).max(PORTABILITY_MAX_BYTES) }).strict(),
    result: z.object({ uploadId: jobId }),
  },
  /** The next piece, in order (`offset` is how much came before). */
  'portability.importAppend': {
    args: z
      .object({
        uploadId: jobId,
        offset: z.number().int().min(0),
        data: base64.max(Math.ceil(PORTABILITY_PIECE_BYTES / 3) * 4 + 4),
      })
      .strict(),
    result: z.null(),
  },
  /** Imports an uploaded export into this profile, which must have no account yet. */
  'portability.importStart': {
    args: z.object({ uploadId: jobId, password }).strict(),
    result: z.object({ jobId }),
  },
  'portability.cancel': { args: z.object({ jobId }).strict(), result: z.null() },
} as const;

export const portabilityEvents = {
  /** How far a job is: `done` of `total` (bytes of the file read, or an estimate while writing). */
  'portability.progress': z.object({
    jobId,
    operation: portabilityOperationSchema,
    done: z.number().min(0),
    total: z.number().min(0),
  }),
  /** A job ended: `error` when it failed or was cancelled (`code` 'cancelled'). */
  'portability.finished': z.object({
    jobId,
    operation: portabilityOperationSchema,
    ok: z.boolean(),
    error: portabilityFailureSchema.optional(),
  }),
} as const;
