import type { CommunityService } from '../communities/community-service';
import { CommunityError, type CommunityErrorCode } from '../communities/errors';
import type { Handlers } from '../ipc/dispatcher';
import { imageMimeOf } from '../files/image-type';
import { IpcFailure, type IpcErrorCode } from '../../shared/ipc/result';

type CommunityCallNames =
  | 'communities.list'
  | 'communities.join'
  | 'communities.leave'
  | 'communities.serverRooms'
  | 'communities.posts'
  | 'communities.send'
  | 'communities.react'
  | 'communities.deletePost'
  | 'communities.ban'
  | 'communities.markRead'
  | 'communities.image'
  | 'communities.dms'
  | 'communities.openDm'
  | 'communities.blockedDms'
  | 'communities.sendDm'
  | 'communities.search';

const IPC_CODE: Record<CommunityErrorCode, IpcErrorCode> = {
  'bad-url': 'invalid-arguments',
  'missing-public-key': 'invalid-arguments',
  'bad-public-key': 'invalid-arguments',
  'bad-room': 'invalid-arguments',
  'bad-blinded-id': 'invalid-arguments',
  'bad-message': 'invalid-arguments',
  'unknown-room': 'not-found',
  'unknown-message': 'not-found',
  'not-joined': 'not-found',
  forbidden: 'unauthorized',
  blocked: 'unauthorized',
  'requests-off': 'unauthorized',
  unreachable: 'unavailable',
  offline: 'unavailable',
  'clock-out-of-sync': 'unavailable',
  'server-error': 'unavailable',
  'invalid-response': 'unavailable',
};

/** A CommunityError as the typed IPC failure the window translates (`communities.errors.<code>`). */
async function mapped<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof CommunityError) throw new IpcFailure(IPC_CODE[e.code], e.message, `community.${e.code}`);
    throw e;
  }
}

/** `communities.*` over IPC (src/shared/ipc/communities.ts); every argument is parsed by the dispatcher. */
export function communityHandlers(
  service: () => CommunityService | undefined,
): Pick<Handlers, CommunityCallNames> {
  const s = (): CommunityService => {
    const found = service();
    if (!found) throw new IpcFailure('unauthorized', 'no unlocked account', 'account.locked');
    return found;
  };
  return {
    'communities.list': () => s().rooms(),
    'communities.join': ({ url }) => mapped(() => s().join(url)),
    'communities.leave': ({ roomId }) =>
      mapped(async () => {
        await s().leave(roomId);
        return null;
      }),
    'communities.serverRooms': ({ url }) => mapped(() => s().serverRooms(url)),
    'communities.posts': ({ roomId, before, limit }) => mapped(() => s().posts(roomId, before, limit)),
    'communities.send': ({ roomId, body, replyTo }) => mapped(() => s().send(roomId, body, replyTo)),
    'communities.react': ({ roomId, postId, emoji, remove }) =>
      mapped(async () => {
        await s().react(roomId, postId, emoji, remove);
        return null;
      }),
    'communities.deletePost': ({ roomId, postId }) =>
      mapped(async () => {
        await s().deletePost(roomId, postId);
        return null;
      }),
    'communities.ban': ({ roomId, userId, unban }) =>
      mapped(async () => {
        await s().ban(roomId, userId, unban);
        return null;
      }),
    'communities.markRead': ({ roomId, upTo }) =>
      mapped(() => {
        s().markRead(roomId, upTo);
        return null;
      }),
    'communities.image': ({ roomId }) => {
      const bytes = s().image(roomId);
      const mime = bytes && imageMimeOf(bytes);
      return bytes && mime ? `data:${mime};base64,${Buffer.from(bytes).toString('base64')}` : null;
    },
    'communities.dms': () => s().dms(),
    'communities.openDm': ({ roomId, peer }) => mapped(() => s().threads.open(roomId, peer)),
    'communities.blockedDms': () => s().threads.blockedList(),
    'communities.sendDm': ({ roomId, to, body }) => mapped(() => s().sendDm(roomId, to, body)),
    'communities.search': ({ text, limit }) => s().search(text, limit ?? 50),
  };
}
