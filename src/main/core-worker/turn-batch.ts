/**
 * What the core's thread says to the host's, sent once per turn of its event loop (issue #15:
 * CPU per message). A send announced the message (`messages.changed`) and then answered the
 * call with the same message: two posts, each a structured clone, a wake-up of the host's
 * thread and a 'message' event there. In one post the host is woken once and the message shared
 * by the event and the answer is cloned once (structured clone keeps shared references).
 *
 * Order is kept: items leave in the order they were pushed, and the host handles a batch's
 * items in that order. An event waits at most for the end of its turn (`setImmediate`: after
 * the turn's microtasks, before anything waits for I/O or a timer). An answer is not held
 * back: pushed `now`, it leaves at once with the events before it, as early as it left alone
 * (a send's store request is built in the same turn, after the answer; holding the answer
 * until the turn's end would hold the window's answer behind that crypto).
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

  push(item: T, now = false): void {
    this.items.push(item);
    if (now) {
      this.flush();
      return;
    }
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
