import { z } from 'zod';

/**
 * IPC shapes of attachments (issue #16): staged files before sending, the attachments of a
 * message, their transfer progress, and the space they take in the profile.
 *
 * Bytes cross the bridge as base64, one file per call (a 10 MB file is 13.4 MB of base64, under the
 * browser host's 16 MB body limit). What the renderer shows is read back decrypted from the
 * profile's encrypted store, never from a plain file.
 */

/** Session's `MAX_ATTACHMENT_FILESIZE_BYTES`: 10 MB, not one byte more (protocol §6.3). */
export const ATTACHMENT_MAX_BYTES = 10_000_000;
/** Session's longest voice message, in seconds. */
export const VOICE_MAX_SECONDS = 300;
/**
 * How many files one message carries at most: Session desktop's composer refuses a 33rd staged file
 * (`SessionConversation.tsx` `maybeAddAttachment`: `stagedAttachments.length >= 32` →
 * `pushMaximumAttachmentsError`, session-desktop @ 1380d1eb).
 */
export const ATTACHMENTS_PER_MESSAGE_MAX = 32;
export const ATTACHMENT_NAME_MAX = 255;
export const CONTENT_TYPE_MAX = 127;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*=*$/);
const fileBytesArg = base64.max(Math.ceil(ATTACHMENT_MAX_BYTES / 3) * 4);
const contentTypeArg = z
  .string()
  .max(CONTENT_TYPE_MAX)
  .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i);
const dimension = z.number().int().min(1).max(65_535);

/**
 * Where an attachment is: waiting to be uploaded or downloaded, moving, on this computer, or not.
 * - `pending`: received, not downloaded yet (message requests wait for a click, as in Session);
 * - `uploading` / `downloading`: `progress` tells how far;
 * - `ready`: its bytes are in the profile (ours, or downloaded and checked);
 * - `failed`: the last transfer failed (`error` says why; retry downloads or resends);
 * - `expired`: the file server no longer has it ("no longer available").
 */
export const ATTACHMENT_STATES = [
  'pending',
  'uploading',
  'downloading',
  'ready',
  'failed',
  'expired',
] as const;
export const attachmentStateSchema = z.enum(ATTACHMENT_STATES);
export type AttachmentState = z.infer<typeof attachmentStateSchema>;

export const attachmentSchema = z.object({
  /** Our local id of this attachment. */
  id: z.string(),
  /** The name as sent (shown, never used as a path: saving makes a safe name). */
  fileName: z.string().nullable(),
  contentType: z.string(),
  /** Plaintext bytes (AttachmentPointer.size, before padding). */
  size: z.number(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  /** AttachmentPointer.flags has VOICE_MESSAGE (1). */
  voice: z.boolean(),
  state: attachmentStateSchema,
  /** 0…1 while uploading or downloading, else null. */
  progress: z.number().nullable(),
  /**
   * A translatable reason when `failed`/`expired`: the whole catalog key, e.g.
   * `reasons.attachment.expired` (src/main/attachments/reasons.ts lists them).
   */
  error: z.string().nullable(),
  /** A small JPEG/PNG/WebP preview made on this computer (images and videos), when there is one. */
  hasThumbnail: z.boolean(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/** A file the user picked, dropped or pasted, kept encrypted in the profile until it is sent. */
export const stagedAttachmentSchema = z.object({
  stagedId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  voice: z.boolean(),
});
export type StagedAttachment = z.infer<typeof stagedAttachmentSchema>;

export const attachmentCalls = {
  /**
   * Keeps one file for the next message. JPEG metadata (EXIF, GPS) is removed here. A file over
   * ATTACHMENT_MAX_BYTES fails with reason `reasons.attachment.tooLarge` naming the file.
   * `width`/`height` come from the renderer for videos (it can read them; main cannot) and are
   * checked against the image header for images.
   */
  'attachments.stage': {
    args: z
      .object({
        fileName: z.string().min(1).max(ATTACHMENT_NAME_MAX),
        contentType: contentTypeArg,
        data: fileBytesArg,
        width: dimension.optional(),
        height: dimension.optional(),
        voice: z.boolean().optional(),
        /** A preview made by the renderer (canvas), base64 JPEG/PNG/WebP of at most 200 kB. */
        thumbnail: base64.max(Math.ceil(200_000 / 3) * 4).optional(),
      })
      .strict(),
    result: stagedAttachmentSchema,
  },
  /** Forgets a staged file (the remove button of the staging row). */
  'attachments.unstage': { args: z.object({ stagedId: z.string().max(100) }).strict(), result: z.null() },
  /** The decrypted bytes of a ready attachment (or its thumbnail), to show or play. */
  'attachments.read': {
    args: z
      .object({ attachmentId: z.string().max(100), variant: z.enum(['file', 'thumbnail']).default('file') })
      .strict(),
    result: z.object({ contentType: z.string(), data: base64 }),
  },
  /** Starts (or retries) a download; progress and the result come as `attachments.changed`. */
  'attachments.download': {
    args: z.object({ attachmentId: z.string().max(100) }).strict(),
    result: z.null(),
  },
  /** Stops an upload (the message goes back to failed, Resend restarts it) or a download. */
  'attachments.cancel': { args: z.object({ attachmentId: z.string().max(100) }).strict(), result: z.null() },
  /**
   * Saves a ready attachment to a file the user chooses (Electron: the native Save dialog in the
   * main process). `safeName` is the name proposed: no path separators, no hidden or double
   * extensions. The browser host answers `saved: false` and the page downloads the bytes itself
   * under `safeName`.
   */
  'attachments.saveAs': {
    args: z.object({ attachmentId: z.string().max(100) }).strict(),
    result: z.object({ saved: z.boolean(), safeName: z.string() }),
  },
  /** Space taken by attachments in this profile (Settings). */
  'attachments.usage': {
    args: z.object({}).strict(),
    result: z.object({ bytes: z.number(), files: z.number(), downloadedBytes: z.number() }),
  },
  /** Removes downloaded media (not ours): their messages stay, their files can be downloaded again. */
  'attachments.clearDownloaded': {
    args: z.object({}).strict(),
    result: z.object({ freedBytes: z.number() }),
  },
} as const;
