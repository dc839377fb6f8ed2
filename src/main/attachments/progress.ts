/**
 * Transfer progress per attachment, announced as `attachments.changed` at most every 100 ms per
 * attachment (the contract's promise), plus every change of state at once.
 */
import type { AttachmentId, AttachmentRecord, VeilDatabase } from '../db';
import type { EventHub } from '../core/events';
import { toAttachment } from './views';

export const PROGRESS_INTERVAL_MS = 100;

export class ProgressReporter {
  private readonly fractions = new Map<AttachmentId, number>();
  private readonly lastSent = new Map<AttachmentId, number>();

  constructor(
    private readonly db: VeilDatabase,
    private readonly events: EventHub,
    private readonly now: () => number = Date.now,
  ) {}

  fraction(id: AttachmentId): number | null {
    return this.fractions.get(id) ?? null;
  }

  /** A transfer moved: announced unless the last announcement is under 100 ms old. */
  progress(id: AttachmentId, fraction: number): void {
    const f = Math.max(0, Math.min(1, fraction));
    this.fractions.set(id, f);
    const t = this.now();
    if (t - (this.lastSent.get(id) ?? -Infinity) < PROGRESS_INTERVAL_MS) return;
    this.lastSent.set(id, t);
    this.announce(id);
  }

  /** The state changed (started, done, failed): announced now; a finished transfer is forgotten. */
  changed(id: AttachmentId): void {
    const a = this.db.attachments.get(id);
    if (a && a.state !== 'uploading' && a.state !== 'downloading') {
      this.fractions.delete(id);
      this.lastSent.delete(id);
    }
    this.announce(id, a);
  }

  private announce(id: AttachmentId, known?: AttachmentRecord): void {
    const a = known ?? this.db.attachments.get(id);
    if (a?.messageId == null || a.conversationId === null) return;
    this.events.emit('attachments.changed', {
      conversationId: a.conversationId,
      messageId: a.messageId,
      attachment: toAttachment(a, this.fraction(id)),
    });
  }
}
