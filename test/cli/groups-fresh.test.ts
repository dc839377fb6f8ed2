/**
 * `groups --json` right after an invitation, before anything read the swarm (no `receive`): the
 * listing reads our own swarm once, as `group accept` does, so the invitation is listed, not [].
 * Out of reach, it lists what this computer has and says so on stderr (exit 0).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { en } from '../../src/shared/i18n/en';
import { GroupLine } from './group-lines';
import { runVeil, useCliPair } from './helpers';

describe('groups --json, fresh after an invitation', () => {
  const cli = useCliPair('veil-cli-groups-fresh-');

  it('lists the invitation that is still only in the swarm', async () => {
    const pair = cli.pair();
    const on = cli.as;
    const created = await on(
      pair.ann,
      'group',
      'create',
      '--name',
      'Chess',
      '--member',
      pair.benId,
      '--json',
    );
    expect(created.code, created.err.join('\n')).toBe(0);
    const { groupId } = z.object({ groupId: z.string() }).parse(JSON.parse(created.out[0] ?? ''));

    const listed = await on(pair.ben, 'groups', '--json');
    expect(listed.code, listed.err.join('\n')).toBe(0);
    expect(listed.err).toEqual([]);
    expect(z.array(GroupLine).parse(JSON.parse(listed.out[0] ?? ''))).toEqual([
      { groupId, name: 'Chess', status: 'invited', admin: false, members: 2 },
    ]);

    // Out of reach: this computer's list (the invitation is stored now), and one line saying so.
    const offline = await runVeil([
      '--profile',
      pair.ben,
      '--network',
      'http://127.0.0.1:9/',
      'groups',
      '--json',
      '--timeout',
      '1',
    ]);
    expect(offline.code).toBe(0);
    expect(offline.err).toEqual([en.cliGroups.notRead]);
    expect(z.array(GroupLine).parse(JSON.parse(offline.out[0] ?? ''))).toMatchObject([
      { groupId, status: 'invited' },
    ]);
  }, 240_000);
});
