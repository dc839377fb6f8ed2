/**
 * What the core's thread says to the host's, sent once per turn of its event loop (issue #15:
 * CPU per message). A send announced the message (`messages.changed`) and then answered the
 * call with the same message: two posts, each a structured clone, a wake-up of the host's
 * thread and a 'message' event there. In one post the host is woken once and the message shared
 * by the event and the answer is cloned once (structured clone keeps shared references).
 *
 * Order is kept: items leave in the order they were pushed, and the host handles a batch's
 * items in that order. `setImmediate` runs after the turn's microtasks (the answer of a call
 * is posted a few promise steps after its events) and before anything waits for I/O or a
 * timer, so nothing is held back for longer than the turn that made it.
 */
export class TurnBatch<T> {
  private items: T[] = [];
  private scheduled = false;

  constructor(
    private readonly send: (items: T[]) => void,
    private readonly schedule: (flush: () => void) => void = (flush) => {
      setImmediate(flush);
    },
  ) {}

  push(item: T): void {
    this.items.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Sends what waits now (before the port closes, or the thread ends). */
  flush(): void {
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.send(items);
  }
}
