/**
 * Locks the account after a chosen time without user activity. The timer lives in main, not in
 * the page: it fires even when the window is hidden in the tray or the browser tab is closed.
 */
export interface IdleLockOptions {
  /** The chosen delay in minutes; 0 turns the lock off. Read at every check. */
  readonly minutes: () => number;
  /** False when there is nothing to lock (no password, or already locked). */
  readonly canLock: () => boolean;
  readonly lock: () => Promise<void>;
  readonly onError?: (error: unknown) => void;
  readonly now?: () => number;
  /** The length of a minute (tests shorten it; a real minute otherwise). */
  readonly minuteMs?: number;
}

const MINUTE_MS = 60_000;

export class IdleLock {
  private last: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly now: () => number;
  private readonly minuteMs: number;

  constructor(private readonly options: IdleLockOptions) {
    this.now = options.now ?? (() => Date.now());
    this.minuteMs = options.minuteMs ?? MINUTE_MS;
    this.last = this.now();
  }

  /** The user did something: the countdown starts again. Cheap enough to call on every event. */
  activity(): void {
    this.last = this.now();
    if (this.timer === undefined) this.arm();
  }

  /** Re-reads the settings (call after they change) and restarts the countdown. */
  reset(): void {
    this.last = this.now();
    this.arm();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    this.stop();
    const delay = this.options.minutes() * this.minuteMs;
    if (delay <= 0 || !this.options.canLock()) return;
    const remaining = Math.max(0, this.last + delay - this.now());
    this.timer = setTimeout(() => {
      this.fire();
    }, remaining);
    // A pending lock must not keep a closing process alive.
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    const delay = this.options.minutes() * this.minuteMs;
    if (delay <= 0 || !this.options.canLock()) return;
    // Activity since the timer was set only moved `last`: wait for the rest of the delay.
    if (this.now() - this.last < delay) {
      this.arm();
      return;
    }
    this.options.lock().catch((error: unknown) => {
      this.options.onError?.(error);
    });
  }
}
