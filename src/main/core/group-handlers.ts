/**
 * `groups.*` over IPC (src/shared/ipc/groups.ts); every argument is parsed by the dispatcher.
 * The admin operations go one-to-one to a `GroupAdminApi`. Until the group service offers one
 * (groups-admin's work), they answer `unavailable` with the reason `group.admin-unavailable`:
 * never a pretended success.
 */
import type { GroupAdminApi } from '../groups/admin-api';
import { GroupError, type GroupErrorCode } from '../groups/errors';
import type { GroupService } from '../groups/group-service';
import { imageMimeOf } from '../files/image-type';
import type { Handlers } from '../ipc/dispatcher';
import type { GroupMember, GroupSummary } from '../../shared/ipc/groups';
import { IpcFailure, type IpcErrorCode } from '../../shared/ipc/result';

type GroupCallNames =
  | 'groups.list'
  | 'groups.create'
  | 'groups.members'
  | 'groups.leave'
  | 'groups.addMembers'
  | 'groups.removeMembers'
  | 'groups.promote'
  | 'groups.resendInvite'
  | 'groups.rename'
  | 'groups.setDescription'
  | 'groups.setPicture'
  | 'groups.setDisappearing'
  | 'groups.destroy';

const IPC_CODE: Record<GroupErrorCode, IpcErrorCode> = {
  'bad-group-id': 'invalid-arguments',
  'bad-member': 'invalid-arguments',
  'too-many-members': 'invalid-arguments',
  'bad-name': 'invalid-arguments',
  'bad-message': 'invalid-arguments',
  'bad-info': 'invalid-arguments',
  'unknown-group': 'not-found',
  'not-allowed': 'unauthorized',
  'no-key': 'unavailable',
  offline: 'unavailable',
  pending: 'unavailable',
};

/** A GroupError as the typed IPC failure the window translates (`groups.errors.<code>`). */
async function mapped<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof GroupError) throw new IpcFailure(IPC_CODE[e.code], e.message, `group.${e.code}`);
    throw e;
  }
}

const ADMIN_METHODS = [
  'addMembers',
  'removeMembers',
  'promote',
  'resendInvite',
  'rename',
  'setDescription',
  'setPicture',
  'setDisappearing',
  'destroy',
] as const satisfies readonly (keyof GroupAdminApi)[];

function isAdminApi(value: unknown): value is GroupAdminApi {
  return (
    typeof value === 'object' &&
    value !== null &&
    ADMIN_METHODS.every((m) => typeof (value as Record<string, unknown>)[m] === 'function')
  );
}

/** The admin operations the group service offers (`service.admin`), if it offers them yet. */
export function groupAdminOf(service: GroupService): GroupAdminApi | undefined {
  const candidate: unknown = Reflect.get(service, 'admin');
  return isAdminApi(candidate) ? candidate : undefined;
}

/** Our groups as the window lists them; description and timer from the Info config last polled. */
export function groupSummaries(service: GroupService): GroupSummary[] {
  return service.list().map((g) => {
    const info = service.pollerOf(g.groupId)?.configs.info;
    // An Info config never merged has no name: its description and timer are not known yet.
    const known = info?.name !== undefined;
    return {
      groupId: g.groupId,
      name: g.name,
      status: g.status,
      admin: g.admin,
      members: g.members,
      invitedBy: g.invitedBy,
      description: known ? (info.description ?? null) : null,
      disappearingSeconds: known ? info.expirySeconds : null,
    };
  });
}

function pictureBytes(base64: string): Uint8Array {
  const bytes = Uint8Array.from(Buffer.from(base64, 'base64'));
  if (!imageMimeOf(bytes))
    throw new IpcFailure(
      'invalid-arguments',
      'a group picture is a PNG, JPEG or WebP image',
      'group.bad-picture',
    );
  return bytes;
}

export function groupHandlers(
  service: () => GroupService | undefined,
  admin: (s: GroupService) => GroupAdminApi | undefined = groupAdminOf,
): Pick<Handlers, GroupCallNames> {
  const s = (): GroupService => {
    const found = service();
    if (!found) throw new IpcFailure('unauthorized', 'no unlocked account', 'account.locked');
    return found;
  };
  const a = (): GroupAdminApi => {
    const found = admin(s());
    if (!found)
      throw new IpcFailure(
        'unavailable',
        'group administration is not available in this build yet',
        'group.admin-unavailable',
      );
    return found;
  };
  const adminCall = (work: (api: GroupAdminApi) => Promise<void>) =>
    mapped(async () => {
      await work(a());
      return null;
    });
  return {
    'groups.list': () => groupSummaries(s()),
    'groups.create': ({ name, description, picture, members }) =>
      mapped(async () => {
        // Checked before anything is created: a bad picture must not leave a half-made group.
        const bytes = picture !== undefined ? pictureBytes(picture) : undefined;
        const service = s();
        const groupId = await service.create(name, members);
        const notApplied: ('description' | 'picture')[] = [];
        const api = admin(service);
        const wanted = description !== undefined && description.trim() !== '';
        // The group exists now: a failure here is reported, never turned into a failed create.
        if (wanted) {
          try {
            if (!api) throw new Error('no admin operations');
            await api.setDescription(groupId, description.trim());
          } catch {
            notApplied.push('description');
          }
        }
        if (bytes) {
          try {
            if (!api) throw new Error('no admin operations');
            await api.setPicture(groupId, bytes);
          } catch {
            notApplied.push('picture');
          }
        }
        return { groupId, notApplied };
      }),
    'groups.members': ({ groupId }) =>
      mapped(() =>
        s()
          .members(groupId)
          .map((m): GroupMember => ({
            sessionId: m.sessionId,
            name: m.name,
            admin: m.admin,
            status: m.status,
          })),
      ),
    'groups.leave': ({ groupId }) =>
      mapped(async () => {
        await s().leave(groupId);
        return null;
      }),
    'groups.addMembers': ({ groupId, members, shareHistory }) =>
      adminCall((api) => api.addMembers(groupId, members, { shareHistory })),
    'groups.removeMembers': ({ groupId, members, deleteMessages }) =>
      adminCall((api) => api.removeMembers(groupId, members, { deleteMessages })),
    'groups.promote': ({ groupId, members }) => adminCall((api) => api.promote(groupId, members)),
    'groups.resendInvite': ({ groupId, member }) => adminCall((api) => api.resendInvite(groupId, member)),
    'groups.rename': ({ groupId, name }) => adminCall((api) => api.rename(groupId, name.trim())),
    'groups.setDescription': ({ groupId, description }) =>
      adminCall((api) => api.setDescription(groupId, description.trim())),
    'groups.setPicture': ({ groupId, picture }) =>
      adminCall((api) => api.setPicture(groupId, picture === null ? null : pictureBytes(picture))),
    'groups.setDisappearing': ({ groupId, seconds }) =>
      adminCall((api) => api.setDisappearing(groupId, seconds)),
    'groups.destroy': ({ groupId }) => adminCall((api) => api.destroy(groupId)),
  };
}
