import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { startDevnet } from '../../../devnet/index';
import { openCliSession, waitForPaths } from '../../../src/main/cli/core-session';
import { createAccount, tempProfiles } from '../../cli/helpers';
import { prefetchSwarms, swarmFor } from '../../../src/main/network';
import { en } from '../../../src/shared/i18n/en';

/** Group create's invitees: their swarms looked up in shared get_swarm batches (devnet). */
describe('prefetchSwarms', () => {
  it('fills the swarm cache of 25 accounts with two batch requests', async () => {
    const devnet = await startDevnet({ nodes: 12 });
    const profiles = tempProfiles('veil-pf-');
    try {
      const dir = profiles.make();
      await createAccount(dir, 'P');
      const s = await openCliSession(en, dir, devnet.seedUrl);
      try {
        const net = s.core.network;
        if (!net) throw new Error('no network');
        await waitForPaths(en, s.core);
        const ids = Array.from({ length: 25 }, () => `05${randomBytes(32).toString('hex')}`);
        const labels: string[] = [];
        const orig = net.request.bind(net);
        (net as { request: typeof net.request }).request = (r: Parameters<typeof net.request>[0]) => {
          labels.push(r.label);
          return orig(r);
        };
        const lookups = () => labels.filter((l) => l === 'get_swarm').length;
        await prefetchSwarms(net, ids);
        // 25 accounts: two batches (20 + 5), not 25 requests.
        expect(lookups()).toBe(2);
        for (const id of ids) expect((await swarmFor(net, id)).length).toBeGreaterThanOrEqual(3);
        expect(lookups()).toBe(2); // every swarm came from the cache
      } finally {
        await s.close();
      }
    } finally {
      profiles.removeAll();
      await devnet.stop();
    }
  }, 180_000);
});
