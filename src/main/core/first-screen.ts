/**
 * The first window's state before the first poll's handling (issue #15, cold start). A window
 * asks for `app.initialState` while the core's network starts; the first poll of our swarm then
 * merges the account's configs (~27 ms quiet, 280-370 ms at load 11) and stores what came, and
 * a call that arrives meanwhile waits for the whole block on the core's thread: a local probe
 * saw the question reach the host during that merge and the worker 466 ms later. With a window
 * expected, the polls' handling (our swarm's, the groups' and the rooms') waits for that answer
 * to have left, `boundMs` at most (a window that never asks delays nothing for long). Fetching
 * goes on: paths are built and the swarms and rooms are asked meanwhile, only what is done with
 * the answers waits.
 */
export class FirstScreenGate {
  private pending: Promise<void> | undefined;
  private release: (() => void) | undefined;
  private served = false;

  /** A window will ask for its first state. */
  expect(boundMs: number): void {
    if (this.served || this.pending) return;
    this.pending = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.open();
      }, boundMs);
      this.release = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /**
   * The first state is answered. What waited goes on in a later turn: the answer leaves in this
   * one's microtasks (the worker posts it when the dispatch settles), before a merge holds the
   * thread.
   */
  markServed(): void {
    if (this.served) return;
    this.served = true;
    if (this.release) setImmediate(() => this.open());
  }

  /** Nothing waits any more (the answer left, the bound passed, or the core closes). */
  open(): void {
    this.served = true;
    const release = this.release;
    this.release = undefined;
    this.pending = undefined;
    release?.();
  }

  /** What a poll's handling awaits first; undefined (no extra turn) when nothing waits. */
  wait(): Promise<void> | undefined {
    return this.pending;
  }
}
