import { defineConfig } from 'vitest/config';

// Two projects: fast unit/integration tests, and end-to-end tests driving Chromium.
export default defineConfig({
  test: {
    // The run's own temp folder (TMPDIR), removed at its end: nothing left in the system's.
    globalSetup: ['test/helpers/temp-root.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/e2e/**', 'node_modules/**'],
          // Two files at a time (vitest's default here is one, on two cores): devnet tests mostly
          // wait on polls. 1316 tests in 409 s instead of about 700 s.
          maxWorkers: 2,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // expect.poll's own default is 1 s: a window's answer to a click that goes through the
          // core (a group rename through onion requests, in a fresh clone's run at load 12) took
          // longer, and a poll that would have passed a moment later failed. A poll that never
          // holds still fails, after 10 s.
          expect: { poll: { timeout: 10_000 } },
          // Two files at a time: most of an e2e test is waiting on the devnet's polls, not CPU,
          // so two Chromiums on two cores halve the run (CI must stay under 30 minutes).
          maxWorkers: 2,
        },
      },
    ],
  },
});
