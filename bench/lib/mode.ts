/** The sizes of a run: full (the figures) or quick (a smoke run in under a minute). */
export interface Mode {
  readonly name: 'full' | 'quick';
  /** Messages in the big conversation of the seeded profile. */
  readonly profileMessages: number;
  readonly coldStarts: number;
  readonly openSamples: number;
  readonly latencySamples: number;
  /** Messages sent and received for the CPU ratio. */
  readonly cpuMessages: number;
  /** Messages queued for the offline recipient. */
  readonly catchUpMessages: number;
  readonly idleWindowMs: number;
}

export const FULL: Mode = {
  name: 'full',
  profileMessages: 10_000,
  coldStarts: 5,
  openSamples: 7,
  latencySamples: 60,
  cpuMessages: 200,
  catchUpMessages: 1_000,
  idleWindowMs: 60_000,
};

export const QUICK: Mode = {
  name: 'quick',
  profileMessages: 2_000,
  coldStarts: 1,
  openSamples: 3,
  latencySamples: 15,
  cpuMessages: 40,
  catchUpMessages: 100,
  idleWindowMs: 10_000,
};
