/** Watches `messages.changed` for messages matching a filter (distinct ids, first sighting). */
import type { EventPayload } from '../../src/shared/ipc/contract';
import { epochNow, type MessageFilter } from '../lib/protocol';

interface Watcher {
  readonly filter: MessageFilter;
  readonly seen: Set<string>;
  readonly onSeen: (body: string, at: number, count: number) => void;
}

export class MessageWatch {
  private readonly watchers = new Set<Watcher>();

  /** Feed from `core.events.subscribe`. */
  onEvent(name: string, payload: unknown): void {
    if (name !== 'messages.changed' || this.watchers.size === 0) return;
    const at = epochNow();
    const { messages } = payload as EventPayload<'messages.changed'>;
    for (const w of this.watchers) {
      for (const m of messages) {
        const f = w.filter;
        if (m.direction !== f.direction || !m.body.startsWith(f.prefix)) continue;
        if (f.status !== undefined && m.status !== f.status) continue;
        if (w.seen.has(m.id)) continue;
        w.seen.add(m.id);
        w.onSeen(m.body, at, w.seen.size);
      }
    }
  }

  /** Calls `onSeen` for every new match until the returned function is called. */
  add(filter: MessageFilter, onSeen: Watcher['onSeen']): () => void {
    const w: Watcher = { filter, seen: new Set(), onSeen };
    this.watchers.add(w);
    return () => this.watchers.delete(w);
  }

  /** Resolves with the time the `count`-th match was announced, or null after `timeoutMs`. */
  untilCount(
    filter: MessageFilter,
    count: number,
    timeoutMs: number,
  ): Promise<{ reachedAt: number | null; seen: number }> {
    return new Promise((resolve) => {
      let seen = 0;
      const timer = setTimeout(() => {
        remove();
        resolve({ reachedAt: null, seen });
      }, timeoutMs);
      const remove = this.add(filter, (_body, at, n) => {
        seen = n;
        if (n < count) return;
        clearTimeout(timer);
        remove();
        resolve({ reachedAt: at, seen: n });
      });
    });
  }
}
