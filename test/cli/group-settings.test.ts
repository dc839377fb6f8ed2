/**
 * `veil mute` and `veil disappearing` with a group's ID (03…), on a real devnet: they refused
 * it as "not an Account ID". Ann (admin) mutes the group and sets its timer; Ben (a member) mutes
 * it too, but is told in the app's words that only an admin sets the timer; an after-read timer,
 * a group not on this computer and one left are refused in the app's words as well.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startDevnet, type Devnet } from '../../devnet/index';
import { openCliSession } from '../../src/main/cli/core-session';
import { en } from '../../src/shared/i18n/en';
import { MUTED_FOREVER } from '../../src/shared/notifications';
import { Invite } from './group-lines';
import { cliCast, failsWith, tempProfiles } from './helpers';

type Who = 'ann' | 'ben';

const Muted = z.object({
  sessionId: z.string(),
  mutedUntil: z.number().nullable(),
  mentionsOnly: z.boolean(),
});
const whole = (text: string): RegExp => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

describe('veil mute / disappearing with a group ID (devnet)', () => {
  let devnet: Devnet;
  const profiles = tempProfiles('veil-cli-group-settings-');
  const dirs: Record<Who, string> = { ann: '', ben: '' };
  const ids: Record<Who, string> = { ann: '', ben: '' };
  let groupId = '';
  const { as, create, receiveUntil } = cliCast(dirs, () => devnet);

  beforeAll(async () => {
    devnet = await startDevnet({ nodes: 12 });
    for (const who of ['ann', 'ben'] as const) ids[who] = (await create(who, profiles)).sessionId;
    const created = await as('ann', 'group', 'create', '--name', 'Walks', '--member', ids.ben, '--json');
    expect(created.code, created.err.join('\n')).toBe(0);
    groupId = (JSON.parse(created.out[0] ?? '') as { groupId: string }).groupId;
    await receiveUntil('ben', (l) => Invite.safeParse(l).success, { tries: 8 });
    const accepted = await as('ben', 'group', 'accept', groupId);
    expect(accepted.code, accepted.err.join('\n')).toBe(0);
  }, 180_000);
  afterAll(async () => {
    await devnet.stop();
    profiles.removeAll();
  });

  it('mutes a group for good and for mentions only, upper-case ID accepted', async () => {
    const r = await as('ann', 'mute', groupId.toUpperCase(), '--for', 'always', '--json');
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(Muted.parse(JSON.parse(r.out[0] ?? ''))).toEqual({
      sessionId: groupId,
      mutedUntil: MUTED_FOREVER,
      mentionsOnly: false,
    });
    const ben = await as('ben', 'mute', groupId, '--for', 'off', '--mentions-only', 'on');
    expect(ben.code, ben.err.join('\n')).toBe(0);
    expect(ben.out).toEqual(['notifications on (mentions only)']);
  }, 60_000);

  it('the admin sets the group’s timer (after sending); the member gets it', async () => {
    const r = await as('ann', 'disappearing', groupId, '--after-send', '1h', '--json');
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(JSON.parse(r.out[0] ?? '')).toEqual({ groupId, mode: 'after-send', seconds: 3600 });
    let seconds: number | null = null;
    for (let i = 0; i < 8 && seconds !== 3600; i++) {
      expect((await as('ben', 'receive', '--json', '--wait', '2')).code).toBe(0);
      const s = await openCliSession(en, dirs.ben, devnet.seedUrl);
      try {
        const listed = await s.core.dispatch('groups.list', {});
        if (!listed.ok) throw new Error(listed.error.message);
        const g = (listed.value as { groupId: string; disappearingSeconds: number | null }[]).find(
          (x) => x.groupId === groupId,
        );
        seconds = g?.disappearingSeconds ?? null;
      } finally {
        await s.close();
      }
    }
    expect(seconds).toBe(3600);
    // The timer's notice is the group's, not a message: history lists messages only, as receive
    // does (it printed the notice as an empty message from the admin).
    const sent = await as('ann', 'send', groupId, 'after the timer');
    expect(sent.code, sent.err.join('\n')).toBe(0);
    for (const who of ['ann', 'ben'] as const) {
      const h = await as(who, 'history', groupId, '--json');
      expect(h.code, h.err.join('\n')).toBe(0);
      const bodies = z
        .array(z.object({ body: z.string() }))
        .parse(JSON.parse(h.out[0] ?? ''))
        .map((m) => m.body);
      expect(bodies).not.toContain('');
      if (who === 'ann') expect(bodies).toContain('after the timer');
    }
    // The timer applies: what the admin sends carries it, and so does what the member sends
    // (both sent such messages without any timer: they never disappeared).
    const Timed = z.object({ body: z.string(), expiresAt: z.number().optional() });
    const got = await receiveUntil('ben', (l) => Timed.safeParse(l).data?.body === 'after the timer', {
      tries: 8,
    });
    const fromAnn = got.map((l) => Timed.safeParse(l).data).find((m) => m?.body === 'after the timer');
    expect(fromAnn?.expiresAt).toBeGreaterThan(Date.now() + 3_000_000);
    expect((await as('ben', 'send', groupId, 'member after the timer')).code).toBe(0);
    const benHistory = z
      .array(Timed)
      .parse(JSON.parse((await as('ben', 'history', groupId, '--json')).out[0] ?? ''));
    expect(benHistory.find((m) => m.body === 'member after the timer')?.expiresAt).toBeGreaterThan(
      Date.now() + 3_000_000,
    );
    const off = await as('ann', 'disappearing', groupId, '--off');
    expect(off.code, off.err.join('\n')).toBe(0);
    expect(off.out).toEqual(['disappearing messages off']);
  }, 120_000);

  it('refuses, in the app’s words: a member’s timer, after reading, an unknown group', async () => {
    failsWith(
      await as('ben', 'disappearing', groupId, '--after-send', '1h'),
      whole(en.groups.errors['not-allowed']),
    );
    failsWith(
      await as('ann', 'disappearing', groupId, '--after-read', '1h'),
      whole(en.groupSettings.afterSendOnly),
    );
    const stranger = `03${randomBytes(32).toString('hex')}`;
    failsWith(await as('ann', 'mute', stranger, '--for', '1h'), whole(en.groups.errors['unknown-group']));
    failsWith(
      await as('ann', 'disappearing', stranger, '--after-send', '1h'),
      whole(en.groups.errors['unknown-group']),
    );
    // A community ID stays an ID's error.
    failsWith(await as('ann', 'mute', `15${'ab'.repeat(32)}`, '--for', '1h'), /^This is a community ID/);
  }, 120_000);

  it('a group left: no longer a member', async () => {
    const left = await as('ben', 'group', 'leave', groupId);
    expect(left.code, left.err.join('\n')).toBe(0);
    failsWith(await as('ben', 'mute', groupId, '--for', '1h'), whole(en.groupSettings.notMember));
  }, 120_000);
});
