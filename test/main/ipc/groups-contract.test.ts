/**
 * The groups IPC contract (issue #18): malformed arguments are refused before any handler runs,
 * the admin operations answer "not available" (never a pretended success) while the group
 * service offers no GroupAdminApi, and a GroupError comes out as its translatable reason.
 */
import { describe, expect, it } from 'vitest';
import type { GroupAdminApi } from '../../../src/main/groups/admin-api';
import { GroupError } from '../../../src/main/groups/errors';
import type { GroupService } from '../../../src/main/groups/group-service';
import { groupAdminOf, groupHandlers } from '../../../src/main/core/group-handlers';
import { createDispatcher, type Handlers } from '../../../src/main/ipc/dispatcher';

const GROUP = `03${'ab'.repeat(32)}`;
const MEMBER = `05${'cd'.repeat(32)}`;
const OTHER = `05${'ef'.repeat(32)}`;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]).toString('base64');

interface Calls {
  created: unknown[][];
  admin: string[];
}

function fakeService(calls: Calls, withAdmin: GroupAdminApi | undefined): GroupService {
  const service = {
    list: () => [],
    pollerOf: () => undefined,
    members: (id: string) => {
      if (id !== GROUP) throw new GroupError('unknown-group', 'no such group');
      return [{ sessionId: MEMBER, name: 'Bob', admin: false, status: 'sent' }];
    },
    create: (name: string, members: readonly string[]) => {
      calls.created.push([name, members]);
      return Promise.resolve(GROUP);
    },
    leave: () => Promise.resolve(),
    ...(withAdmin ? { admin: withAdmin } : {}),
  };
  return service as unknown as GroupService;
}

function recordingAdmin(calls: Calls, fail?: GroupError): GroupAdminApi {
  const op =
    (name: string) =>
    (...args: unknown[]): Promise<void> => {
      calls.admin.push(`${name}(${args.map((a) => JSON.stringify(a)).join(',')})`);
      return fail ? Promise.reject(fail) : Promise.resolve();
    };
  return {
    addMembers: op('addMembers'),
    removeMembers: op('removeMembers'),
    promote: op('promote'),
    resendInvite: op('resendInvite'),
    rename: op('rename'),
    setDescription: op('setDescription'),
    setPicture: (id, picture) => op('setPicture')(id, picture === null ? null : picture.length),
    setDisappearing: op('setDisappearing'),
    destroy: op('destroy'),
  };
}

function dispatcherWith(service: GroupService | undefined) {
  return createDispatcher(groupHandlers(() => service) as Handlers);
}

describe('groups IPC contract', () => {
  it.each([
    ['groups.create', { name: '', members: [MEMBER] }],
    ['groups.create', { name: '   ', members: [MEMBER] }],
    ['groups.create', { name: 'x'.repeat(101), members: [MEMBER] }],
    ['groups.create', { name: 'Club', members: ['05zz'] }],
    ['groups.create', { name: 'Club', members: [GROUP] }],
    ['groups.create', { name: 'Club', members: [MEMBER, MEMBER] }],
    [
      'groups.create',
      {
        name: 'Club',
        members: Array.from({ length: 100 }, (_, i) => `05${i.toString(16).padStart(64, '0')}`),
      },
    ],
    ['groups.create', { name: 'Club', members: [MEMBER], picture: 'not base64!' }],
    ['groups.create', { name: 'Club', members: [MEMBER], description: 'd'.repeat(2001) }],
    ['groups.create', { name: 'Club', members: [MEMBER], admin: true }],
    ['groups.create', 'Club'],
    ['groups.members', { groupId: MEMBER }],
    ['groups.members', { groupId: `03${'AB'.repeat(32)}` }],
    ['groups.members', {}],
    ['groups.leave', { groupId: 3 }],
    ['groups.addMembers', { groupId: GROUP, members: [], shareHistory: true }],
    ['groups.addMembers', { groupId: GROUP, members: [MEMBER] }],
    ['groups.removeMembers', { groupId: GROUP, members: [MEMBER], deleteMessages: 'yes' }],
    ['groups.promote', { groupId: GROUP, members: ['bob'] }],
    ['groups.resendInvite', { groupId: GROUP, member: GROUP }],
    ['groups.rename', { groupId: GROUP, name: '' }],
    ['groups.setDescription', { groupId: GROUP, description: 'd'.repeat(2001) }],
    ['groups.setPicture', { groupId: GROUP, picture: '' }],
    ['groups.setDisappearing', { groupId: GROUP, seconds: 60 }],
    ['groups.setDisappearing', { groupId: GROUP, seconds: -1 }],
    ['groups.setDisappearing', { groupId: GROUP, seconds: 300.5 }],
    ['groups.destroy', { groupId: `${GROUP}00` }],
  ])('refuses %s %j before any handler runs', async (name, args) => {
    const calls: Calls = { created: [], admin: [] };
    const r = await dispatcherWith(fakeService(calls, recordingAdmin(calls))).dispatch(name, args);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('invalid-arguments');
    expect(calls).toEqual({ created: [], admin: [] });
  });

  it('answers the admin operations with "not available" while the service offers none', async () => {
    const calls: Calls = { created: [], admin: [] };
    const d = dispatcherWith(fakeService(calls, undefined));
    for (const [name, args] of [
      ['groups.addMembers', { groupId: GROUP, members: [MEMBER], shareHistory: false }],
      ['groups.removeMembers', { groupId: GROUP, members: [MEMBER], deleteMessages: true }],
      ['groups.promote', { groupId: GROUP, members: [MEMBER] }],
      ['groups.resendInvite', { groupId: GROUP, member: MEMBER }],
      ['groups.rename', { groupId: GROUP, name: 'New' }],
      ['groups.setDescription', { groupId: GROUP, description: '' }],
      ['groups.setPicture', { groupId: GROUP, picture: null }],
      ['groups.setDisappearing', { groupId: GROUP, seconds: 0 }],
      ['groups.destroy', { groupId: GROUP }],
    ] as const) {
      const r = await d.dispatch(name, args);
      expect(r, name).toMatchObject({
        ok: false,
        error: { code: 'unavailable', reason: 'group.admin-unavailable' },
      });
    }
  });

  it('creates the group and says which extras could not be set without admin operations', async () => {
    const calls: Calls = { created: [], admin: [] };
    const r = await dispatcherWith(fakeService(calls, undefined)).dispatch('groups.create', {
      name: '  Club  ',
      description: 'Sundays',
      picture: PNG,
      members: [MEMBER, OTHER],
    });
    expect(r).toEqual({ ok: true, value: { groupId: GROUP, notApplied: ['description', 'picture'] } });
    expect(calls.created).toEqual([['  Club  ', [MEMBER, OTHER]]]);
  });

  it('refuses a picture that is no image before creating anything', async () => {
    const calls: Calls = { created: [], admin: [] };
    const r = await dispatcherWith(fakeService(calls, undefined)).dispatch('groups.create', {
      name: 'Club',
      picture: Buffer.from('<svg onload=alert(1)>').toString('base64'),
      members: [MEMBER],
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-arguments', reason: 'group.bad-picture' } });
    expect(calls.created).toEqual([]);
  });

  it('maps each admin operation one-to-one to GroupAdminApi once the service offers it', async () => {
    const calls: Calls = { created: [], admin: [] };
    const service = fakeService(calls, recordingAdmin(calls));
    expect(groupAdminOf(service)).toBeDefined();
    const d = dispatcherWith(service);
    const results = await Promise.all([
      d.dispatch('groups.addMembers', { groupId: GROUP, members: [MEMBER], shareHistory: true }),
      d.dispatch('groups.removeMembers', { groupId: GROUP, members: [OTHER], deleteMessages: true }),
      d.dispatch('groups.promote', { groupId: GROUP, members: [MEMBER] }),
      d.dispatch('groups.resendInvite', { groupId: GROUP, member: MEMBER }),
      d.dispatch('groups.rename', { groupId: GROUP, name: ' Hikes ' }),
      d.dispatch('groups.setDescription', { groupId: GROUP, description: 'About' }),
      d.dispatch('groups.setPicture', { groupId: GROUP, picture: PNG }),
      d.dispatch('groups.setDisappearing', { groupId: GROUP, seconds: 86_400 }),
      d.dispatch('groups.destroy', { groupId: GROUP }),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(calls.admin).toEqual([
      `addMembers("${GROUP}",["${MEMBER}"],{"shareHistory":true})`,
      `removeMembers("${GROUP}",["${OTHER}"],{"deleteMessages":true})`,
      `promote("${GROUP}",["${MEMBER}"])`,
      `resendInvite("${GROUP}","${MEMBER}")`,
      `rename("${GROUP}","Hikes")`,
      `setDescription("${GROUP}","About")`,
      `setPicture("${GROUP}",12)`,
      `setDisappearing("${GROUP}",86400)`,
      `destroy("${GROUP}")`,
    ]);
  });

  it('turns a GroupError into its reason (not an admin, unknown group)', async () => {
    const calls: Calls = { created: [], admin: [] };
    const d = dispatcherWith(
      fakeService(calls, recordingAdmin(calls, new GroupError('not-allowed', 'not an admin'))),
    );
    expect(await d.dispatch('groups.rename', { groupId: GROUP, name: 'X' })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', reason: 'group.not-allowed' },
    });
    expect(await d.dispatch('groups.members', { groupId: `03${'00'.repeat(32)}` })).toMatchObject({
      ok: false,
      error: { code: 'not-found', reason: 'group.unknown-group' },
    });
    expect(await d.dispatch('groups.members', { groupId: GROUP })).toEqual({
      ok: true,
      value: [{ sessionId: MEMBER, name: 'Bob', admin: false, status: 'sent' }],
    });
  });

  it('answers account.locked without an unlocked account', async () => {
    expect(await dispatcherWith(undefined).dispatch('groups.list', {})).toMatchObject({
      ok: false,
      error: { reason: 'account.locked' },
    });
  });
});
