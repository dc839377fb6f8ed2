/**
 * Rows a send wrote while every slot of the sender was busy, kept in memory in the order they
 * were written, so that a freed slot starts the next one without reading the due queue (up to
 * 80 keys, mostly rows in flight, then the row joined with its message and zod-checked). Memory
 * is only a shortcut: every row is on disk, where a kick or the next start finds it. A row is
 * checked to be still queued before it starts: its message may have been deleted meanwhile, or
 * failed through its other row.
 */
import type { OutboxItem } from '../db';

/**
 * Stores in flight at once (the onion client multiplexes them over its paths). Stores into one
 * swarm leave together in batches of up to 20 (network/store-batcher.ts): 40 rows are a full
 * batch for the recipient and one for our sync copies.
 */
export const MAX_INFLIGHT = 40;

export class WaitingRows {
  private readonly rows = new Map<string, OutboxItem>();
  /**
   * A kick read a full window of due keys, all in flight or here: rows behind them may be due,
   * so the disk is read again once this list is empty (`drained`).
   */
  recheck = false;

  get size(): number {
    return this.rows.size;
  }

  add(key: string, item: OutboxItem): void {
    this.rows.set(key, item);
  }

  has(key: string): boolean {
    return this.rows.has(key);
  }

  /** The row started by another way (a kick read it from disk): it no longer waits here. */
  delete(key: string): void {
    this.rows.delete(key);
  }

  clear(): void {
    this.rows.clear();
  }

  /** True once when the list has emptied after a full window (see `recheck`). */
  drained(): boolean {
    if (!this.recheck || this.rows.size > 0) return false;
    this.recheck = false;
    return true;
  }

  /** Up to `room` rows, oldest first, each still queued on disk; they leave this list. */
  take(room: number, stillQueued: (item: OutboxItem) => boolean): [string, OutboxItem][] {
    const out: [string, OutboxItem][] = [];
    for (const [key, item] of this.rows) {
      if (out.length >= room) break;
      this.rows.delete(key);
      if (stillQueued(item)) out.push([key, item]);
    }
    return out;
  }
}
