/**
 * What messaging asks of attachments (MessagingDeps.attachments): kept to one small interface so
 * the messaging service only gains a few calls, and runs unchanged without it (unit tests).
 */
import type { AttachmentPointer } from '../../swarm/messages/index';
import type { MessageId } from '../db';
import type { Attachment } from '../../shared/ipc/attachments';

export interface MessageAttachmentHooks {
  /**
   * Moves staged files onto a message being queued, in order (inside its transaction). Throws an
   * IpcFailure naming the problem when one of them is not staged.
   */
  attachStaged(messageId: MessageId, stagedIds: readonly string[]): void;
  /** Whether the message has files (the outbox then runs the upload stage first). */
  has(messageId: MessageId): boolean;
  /** The pointers of the message's files, uploading those not uploaded yet. */
  pointersFor(messageId: MessageId): Promise<AttachmentPointer[]>;
  /** Resend: files that failed to upload are tried again. */
  resend(messageId: MessageId): void;
  /** Received pointers of a stored message (inside the receive transaction); false if none usable. */
  received(messageId: MessageId, pointers: readonly AttachmentPointer[]): boolean;
  /** The windows' view of several messages' files. */
  viewsOf(messageIds: readonly MessageId[]): Map<MessageId, Attachment[]>;
  /** The first file's kind (conversation list, quotes). */
  firstOf(messageId: MessageId): { readonly contentType: string; readonly voice: boolean } | null;
}
