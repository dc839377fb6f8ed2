/**
 * The one-time conversion of a profile made before session 13 to today's page size
 * (src/main/db/page-convert.ts), run by the core before the session opens the database: at
 * start for an account that unlocks itself, at the unlock for one with a password. While it
 * runs no session may open the file (VeilCore.ensureSession asks `running`), and the windows
 * hear `database.optimising` with the percentage, then `null` once the session is open.
 */
import { join } from 'node:path';
import { wipe } from '../keys/master-key';
import { DATABASE_FILE } from '../db/rekey-file';
import { convertPageSize, pageSizeState } from '../db/page-convert';
import { existsSync, statSync } from 'node:fs';

export interface PageConversionOptions {
  readonly profileDir: string;
  /** The database key, a copy the conversion wipes. */
  readonly key: () => Uint8Array;
  /** 0…100 while converting, null when over (the session is open by then). */
  readonly progress: (percent: number | null) => void;
  readonly log: (line: string) => void;
}

export class PageConversion {
  /** Looked at once per process: a profile converted (or found current) stays so. */
  private checked = false;
  running = false;
  /** The running conversion, the session's open after it included. */
  private current: Promise<void> | undefined;

  constructor(private readonly o: PageConversionOptions) {}

  private get path(): string {
    return join(this.o.profileDir, DATABASE_FILE);
  }

  /** One open of the file: whether it has another page size than PAGE_SIZE. */
  private needed(): boolean {
    if (this.checked || this.running) return false;
    const path = this.path;
    // No file yet: the session creates it at PAGE_SIZE (not remembered: a restore may bring one).
    if (!existsSync(path) || statSync(path).size === 0) return false;
    const key = this.o.key();
    try {
      const state = pageSizeState(path, key);
      this.checked = state === 'current';
      return state === 'older';
    } finally {
      wipe(key);
    }
  }

  /**
   * Starts the conversion if the file needs it and returns true: `then` (the session's open)
   * runs when it is over, converted or not, and `null` is announced after it. The first
   * percentage is announced before this returns, so that a window hears it before the event
   * that made the account ready.
   */
  start(then: () => void): boolean {
    if (!this.needed()) return false;
    void this.go(then);
    return true;
  }

  /** As start, awaited: the core's open, before its own call of `then`. */
  async run(then: () => void): Promise<void> {
    if (this.needed()) await this.go(then);
  }

  /**
   * Resolves once no conversion runs (at once when none does), the session opened after it. A
   * change of protection waits for this: re-keying the old file while it is copied would leave
   * the renamed copy under the old key, and the file is held by the copy's transaction anyway.
   */
  async settled(): Promise<void> {
    // Another may start meanwhile (an unlock after a lock): wait for that one too.
    while (this.current) await this.current;
  }

  private go(then: () => void): Promise<void> {
    const current = this.convertThen(then).finally(() => {
      if (this.current === current) this.current = undefined;
    });
    this.current = current;
    return current;
  }

  private async convertThen(then: () => void): Promise<void> {
    this.running = true;
    this.o.progress(0);
    try {
      // Not in the turn that made the account ready: its event reaches the windows first.
      await new Promise((resolve) => {
        setImmediate(resolve);
      });
      await this.convert();
    } finally {
      this.running = false;
      try {
        then();
      } catch (error) {
        // The session's open failing (a busy file) is the caller's to report, as without us.
        this.o.log(
          `database: opening after the conversion failed: ${error instanceof Error ? error.message : 'error'}`,
        );
      }
      this.o.progress(null);
    }
  }

  private async convert(): Promise<void> {
    const key = this.o.key();
    try {
      const outcome = await convertPageSize(this.path, key, {
        onProgress: (fraction) => {
          const percent = Math.floor(fraction * 100);
          // 0 was announced by go(), before the account's readiness.
          if (percent > 0) this.o.progress(percent);
        },
        log: this.o.log,
      });
      // 'busy' (another process has the file) is tried again at the next unlock or start.
      this.checked = outcome !== 'busy';
    } catch (error) {
      // The old file is still the profile and opens as before: nothing to tell the user.
      this.checked = true;
      this.o.log(
        `database: page-size conversion failed: ${error instanceof Error ? error.message : 'error'}`,
      );
    } finally {
      wipe(key);
    }
  }
}
