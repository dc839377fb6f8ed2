/**
 * An admin's changes to the group's Info (13): name, description, picture, disappearing timer,
 * and deleting the group for everyone. Each is pushed, then announced by its signed control
 * message where Session has one.
 */
import { randomBytes } from 'node:crypto';
import { utf8 } from '../../../crypto/bytes';
import {
  asProfileKey,
  encryptProfileAvatar,
  PROFILE_IV_BYTES,
  PROFILE_KEY_BYTES,
} from '../../../crypto/profile-avatar';
import { MAX_DESCRIPTION_BYTES } from '../../../swarm/groups/configs';
import { uploadFile } from '../../files/file-client';
import { AVATAR_MAX_BYTES, imageMimeOf } from '../../files/image-type';
import { GroupError } from '../errors';
import { groupNameOrThrow } from '../group-input';
import type { AdminSteps } from './admin-steps';
import { groupConversation, groupTimer } from '../group-timer';

/** Desktop's longest disappearing timer offered is 4 weeks; the notice allows a year. */
const MAX_TIMER_SECONDS = 365 * 86_400;

export async function rename(s: AdminSteps, groupId: string, nameText: string): Promise<void> {
  const a = s.adminOf(groupId);
  const name = groupNameOrThrow(nameText);
  const configs = await s.configsOf(a);
  configs.info.setName(name);
  await s.push(a, configs);
  s.c.db.groups.setName(a.row.groupId, name);
  await s.announce(a, s.infoChange(a, 'NAME', { name }), { kind: 'renamed', by: s.me(), name });
}

export async function setDescription(s: AdminSteps, groupId: string, description: string): Promise<void> {
  const a = s.adminOf(groupId);
  const text = description.trim();
  if (utf8(text).length > MAX_DESCRIPTION_BYTES)
    throw new GroupError('bad-info', `a description is at most ${MAX_DESCRIPTION_BYTES} bytes`);
  const configs = await s.configsOf(a);
  configs.info.setDescription(text);
  await s.push(a, configs);
  // Session has no control message for a description: members read it from Info.
  s.c.notice(a.row.groupId, { kind: 'description-changed', by: s.me() }, Date.now());
  s.c.changed([a.row.groupId]);
}

export async function setPicture(s: AdminSteps, groupId: string, picture: Uint8Array | null): Promise<void> {
  const { c } = s;
  const a = s.adminOf(groupId);
  if (picture !== null) {
    if (picture.length > AVATAR_MAX_BYTES) throw new GroupError('bad-info', 'a picture is at most 5 MB');
    if (imageMimeOf(picture) === undefined)
      throw new GroupError('bad-info', 'a picture is a PNG, JPEG or WebP image');
  }
  const configs = await s.configsOf(a);
  if (picture === null) configs.info.setPicture(undefined);
  else {
    const server = await c.fileServer();
    if (!server) throw new GroupError('offline', 'no file server is known on this network');
    const key = asProfileKey(randomBytes(PROFILE_KEY_BYTES));
    const blob = encryptProfileAvatar(picture, key, randomBytes(PROFILE_IV_BYTES));
    const uploaded = await uploadFile(c.network(), server, blob);
    configs.info.setPicture({ url: uploaded.url, key });
  }
  await s.push(a, configs);
  await s.announce(a, s.infoChange(a, 'AVATAR'), {
    kind: 'picture-changed',
    by: s.me(),
    removed: picture === null,
  });
}

export async function setDisappearing(s: AdminSteps, groupId: string, seconds: number): Promise<void> {
  const a = s.adminOf(groupId);
  if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds > MAX_TIMER_SECONDS)
    throw new GroupError('bad-info', 'a disappearing timer is 0 (off) to 365 days in seconds');
  const configs = await s.configsOf(a);
  configs.info.setExpirySeconds(seconds);
  await s.push(a, configs);
  // What our sends in the group carry (outgoing.ts reads the conversation's setting).
  const now = Date.now();
  s.c.db.disappearing.apply(groupConversation(a.row.groupId), groupTimer(seconds), now, now);
  await s.announce(a, s.infoChange(a, 'DISAPPEARING_MESSAGES', { expirationSeconds: seconds }), {
    kind: 'disappearing-changed',
    by: s.me(),
    seconds,
  });
}

/**
 * libsession `destroy_group`: Info `!` set, with everything before now deleted (`d`, `D`), so
 * that members — and anyone restoring later — see the group as deleted.
 */
export async function destroy(s: AdminSteps, groupId: string): Promise<void> {
  const { c } = s;
  const a = s.adminOf(groupId);
  const configs = await s.configsOf(a);
  const nowSeconds = Math.floor(c.network().networkNow() / 1000);
  configs.info.setDeleteBeforeSeconds(nowSeconds);
  configs.info.setDeleteAttachmentsBeforeSeconds(nowSeconds);
  configs.info.destroy();
  await s.push(a, configs);
  c.db.groups.setStatus(a.row.groupId, 'left');
  c.notice(a.row.groupId, { kind: 'destroyed', by: s.me() }, Date.now());
  await c.ended(a.row.groupId);
  c.changed([a.row.groupId]);
}
