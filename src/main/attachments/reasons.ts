/**
 * Why an attachment failed, as the translatable key the window shows (`reasons.attachment.*` in
 * src/shared/i18n). Stored in the row's `error` and sent in `Attachment.error`.
 */
export const ATTACHMENT_REASONS = {
  /** Over 10,000,000 bytes (params: name). */
  tooLarge: 'reasons.attachment.tooLarge',
  /** The MAC or the digest did not match: altered on the way or on the server. */
  tampered: 'reasons.attachment.tampered',
  /** The file server no longer has it. */
  expired: 'reasons.attachment.expired',
  /** The download failed on the way (no path, server error): it can be tried again. */
  unavailable: 'reasons.attachment.unavailable',
  /** The upload failed: Resend tries again. */
  uploadFailed: 'reasons.attachment.uploadFailed',
  cancelled: 'reasons.attachment.cancelled',
  /** Not a file of our file server, or a key we cannot use: never fetched. */
  unsupported: 'reasons.attachment.unsupported',
  /** Its local copy is missing or damaged. */
  missing: 'reasons.attachment.missing',
  /** A staged file named by `messages.send` is not staged (any more). */
  notStaged: 'reasons.attachment.notStaged',
  /** This network has no file server we know of. */
  noFileServer: 'reasons.attachment.noFileServer',
} as const;

export type AttachmentReason = (typeof ATTACHMENT_REASONS)[keyof typeof ATTACHMENT_REASONS];
