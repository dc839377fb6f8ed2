import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { epochNow, type LoopBlock, type LoopStats } from '../lib/protocol';

const TICK_MS = 10;
/** Late ticks reported one by one with their time (the longest are kept). */
const BLOCK_MS = 5;
const KEEP_BLOCKS = 100;

/**
 * Two views of main-thread blocking: Node's event-loop delay histogram (10 ms resolution) and
 * a 10 ms interval whose late ticks show how long the loop was held.
 */
export class LoopMonitor {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: TICK_MS });
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly started = performance.now();
  private last = performance.now();
  private maxGap = 0;
  private blocks: LoopBlock[] = [];

  constructor() {
    this.histogram.enable();
    this.timer = setInterval(() => {
      const now = performance.now();
      this.note(now - this.last - TICK_MS);
      this.last = now;
    }, TICK_MS);
  }

  private note(gap: number): void {
    this.maxGap = Math.max(this.maxGap, gap);
    if (gap < BLOCK_MS) return;
    this.blocks.push({ endedAt: epochNow(), ms: gap });
    if (this.blocks.length > KEEP_BLOCKS * 2)
      this.blocks = this.blocks.sort((a, b) => b.ms - a.ms).slice(0, KEEP_BLOCKS);
  }

  stop(): LoopStats {
    clearInterval(this.timer);
    this.histogram.disable();
    const now = performance.now();
    this.note(now - this.last - TICK_MS);
    return {
      maxDelayMs: this.histogram.max / 1e6,
      p99DelayMs: this.histogram.percentile(99) / 1e6,
      maxIntervalGapMs: Math.max(0, this.maxGap),
      windowMs: now - this.started,
      blocks: this.blocks.sort((a, b) => b.ms - a.ms).slice(0, KEEP_BLOCKS),
    };
  }
}
