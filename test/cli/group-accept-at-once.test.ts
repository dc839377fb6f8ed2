/**
 * `veil group accept|decline GROUP_ID` typed as soon as the admin told the ID (found by the newcomer
 * check): the invitation was still unread in the member's swarm, and the command said "This group
 * is not on this computer." (exit 2) while the same command a few seconds later, or after a
 * `receive`, joined. A group nobody invited us to is still refused in those words.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index';
import { en } from '../../src/shared/i18n/en';
import { cliCast, failsWith, tempProfiles } from './helpers';

type Who = 'ann' | 'ben';

describe('veil group accept, right after the group was created (devnet)', () => {
  let devnet: Devnet;
  const profiles = tempProfiles('veil-cli-accept-at-once-');
  const dirs: Record<Who, string> = { ann: '', ben: '' };
  const ids: Record<Who, string> = { ann: '', ben: '' };
  const { as, create } = cliCast(dirs, () => devnet);

  beforeAll(async () => {
    devnet = await startDevnet({ nodes: 12 });
    for (const who of ['ann', 'ben'] as const) ids[who] = (await create(who, profiles)).sessionId;
  }, 120_000);
  afterAll(async () => {
    await devnet.stop();
    profiles.removeAll();
  });

  it('joins without a receive first: the invitation is read from the swarm', async () => {
    const created = await as('ann', 'group', 'create', '--name', 'Picnic', '--member', ids.ben, '--json');
    expect(created.code, created.err.join('\n')).toBe(0);
    const { groupId } = JSON.parse(created.out[0] ?? '') as { groupId: string };
    // No `receive` in between: Ben's profile has never polled since the group was made.
    const accepted = await as('ben', 'group', 'accept', groupId, '--json');
    expect(accepted.code, accepted.err.join('\n')).toBe(0);
    expect(JSON.parse(accepted.out[0] ?? '')).toEqual({ groupId, name: 'Picnic', status: 'joined' });
  }, 120_000);

  it('declines without a receive first too', async () => {
    const created = await as('ann', 'group', 'create', '--name', 'Quiz', '--member', ids.ben, '--json');
    expect(created.code, created.err.join('\n')).toBe(0);
    const { groupId } = JSON.parse(created.out[0] ?? '') as { groupId: string };
    const declined = await as('ben', 'group', 'decline', groupId);
    expect(declined.code, declined.err.join('\n')).toBe(0);
    expect(declined.out).toEqual([`declined the invitation to “Quiz” (${groupId})`]);
  }, 120_000);

  it('a group nobody invited us to: exit 2, in the app’s words', async () => {
    const unknown = `03${randomBytes(32).toString('hex')}`;
    failsWith(await as('ben', 'group', 'accept', unknown), /^This group is not on this computer\.$/);
    expect(en.groups.errors['unknown-group']).toBe('This group is not on this computer.');
  }, 60_000);
});
