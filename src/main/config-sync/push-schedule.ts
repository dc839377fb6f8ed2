/**
 * When config sync pushes: a short debounce after a change, one round at a time, and after a
 * failed round a back-off (1 s doubling to 60 s) until the swarm has it. The round itself is
 * push.ts.
 */
import type { Identity } from '../../crypto/keys';
import type { NetworkClient } from '../network';
import { backoffDelay } from '../network/backoff';
import type { UserConfigs } from './configs';
import { CONFIG_NAMES } from './configs';
import { pushRound, swarmTransport } from './push';

/** What the schedule reads from (and reports to) its config sync. */
export interface PushHost {
  readonly network: NetworkClient | undefined;
  readonly identity: Identity;
  readonly configs: UserConfigs;
  /** Hashes superseded on the swarm, still to delete. */
  readonly obsolete: Set<string>;
  readonly debounceMs: number | undefined;
  readonly counters: { pushes: number; pushErrors: number };
  closed(): boolean;
  /** The first poll was applied (or there is no network): before it, nothing is pushed. */
  initialDone(): boolean;
  /** Writes the pending local changes into the configs first. */
  flushLocalChanges(): void;
  persist(): void;
  readonly log: (line: string) => void;
}

export class PushSchedule {
  private pushTimer: ReturnType<typeof setTimeout> | undefined;
  private pushing: Promise<void> | undefined;
  private failures = 0;

  constructor(private readonly h: PushHost) {}

  /** A round is under way. */
  busy(): boolean {
    return this.pushing !== undefined;
  }

  /** Some config has changes the swarm lacks (or superseded hashes wait to be deleted). */
  pending(): boolean {
    return CONFIG_NAMES.some((n) => this.h.configs[n].needsPush()) || this.h.obsolete.size > 0;
  }

  schedule(delayMs = this.h.debounceMs ?? 500): void {
    if (this.h.closed() || !this.h.network || !this.h.initialDone() || this.pushTimer !== undefined) return;
    if (!this.pending()) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = undefined;
      void this.pushNow();
    }, delayMs);
    this.pushTimer.unref();
  }

  /** Pushes now (one round at a time); resolves when this round is over. */
  async pushNow(): Promise<void> {
    this.h.flushLocalChanges();
    const client = this.h.network;
    if (!client || this.h.closed() || !this.h.initialDone()) return;
    while (this.pushing) await this.pushing;
    const round = (async () => {
      this.h.counters.pushes++;
      const ok = await pushRound(this.h.configs, this.h.obsolete, {
        transport: swarmTransport(client, this.h.identity),
        alive: () => !this.h.closed(),
        persist: () => {
          this.h.persist();
        },
        log: this.h.log,
      }).catch((error: unknown) => {
        this.h.log(`config push failed: ${error instanceof Error ? error.message : 'error'}`);
        return false;
      });
      if (ok) this.failures = 0;
      else {
        this.h.counters.pushErrors++;
        this.failures++;
      }
      this.pushing = undefined;
      this.schedule(ok ? undefined : backoffDelay(this.failures - 1, 1000, 60_000));
    })();
    this.pushing = round;
    await round;
  }

  /** Drops the pending timer (a round under way finishes). */
  cancel(): void {
    clearTimeout(this.pushTimer);
    this.pushTimer = undefined;
  }
}
