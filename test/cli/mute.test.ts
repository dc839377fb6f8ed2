/** Issue 20 item 6 from the command line: a conversation muted, for a while or for good. */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startDevnet, type Devnet } from '../../devnet/index';
import { MUTED_FOREVER } from '../../src/shared/notifications';
import { runVeil, tempProfiles } from './helpers';

const Muted = z
  .object({ sessionId: z.string(), mutedUntil: z.number().nullable(), mentionsOnly: z.boolean() })
  .strict();

describe('veil mute', () => {
  let devnet: Devnet;
  const profiles = tempProfiles('veil-cli-mute-');
  let profile = '';
  const them = `05${randomBytes(32).toString('hex')}`;
  const as = (...args: string[]) => runVeil(['--profile', profile, '--network', devnet.seedUrl, ...args]);

  beforeAll(async () => {
    devnet = await startDevnet({ nodes: 12 });
    profile = profiles.make();
    expect((await as('account', 'create', '--name', 'Mia', '--json')).code).toBe(0);
  }, 60_000);
  afterAll(async () => {
    profiles.removeAll();
    await devnet.stop();
  });

  it('mutes for 8 hours, for good, mentions only, and turns back on', async () => {
    const before = Date.now();
    const r = await as('mute', them, '--for', '8h', '--json');
    expect(r.code).toBe(0);
    const eight = Muted.parse(JSON.parse(r.out[0] ?? ''));
    expect(eight.sessionId).toBe(them);
    expect(eight.mutedUntil).toBeGreaterThanOrEqual(before + 8 * 3_600_000);
    expect(eight.mutedUntil).toBeLessThanOrEqual(Date.now() + 8 * 3_600_000);

    const always = Muted.parse(
      JSON.parse((await as('mute', them, '--for', 'always', '--json')).out[0] ?? ''),
    );
    expect(always.mutedUntil).toBe(MUTED_FOREVER);
    const mentions = await as('mute', them, '--mentions-only', 'on', '--for', 'off', '--json');
    expect(Muted.parse(JSON.parse(mentions.out[0] ?? ''))).toEqual({
      sessionId: them,
      mutedUntil: null,
      mentionsOnly: true,
    });
    expect((await as('mute', them, '--mentions-only', 'off')).out).toEqual(['notifications on']);
  }, 60_000);

  it('refuses a wrong duration, a wrong switch, no choice, or a bad ID with one line and exit 2', async () => {
    for (const args of [
      ['mute', them, '--for', '2h'],
      ['mute', them, '--mentions-only', 'yes'],
      ['mute', them],
      ['mute', '05zz', '--for', '1h'],
    ]) {
      const r = await as(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toHaveLength(1);
      expect(r.out).toEqual([]);
    }
  }, 60_000);
});
