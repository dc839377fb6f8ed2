/**
 * One store of a Content in a group's swarm (namespace 11, `encrypt_message` with the newest key
 * we hold), signed as the group (admins) or with our sub-account (members).
 */
import type { ContentMessage } from '../../swarm/messages/index';
import type { GroupRow } from '../db/groups';
import { GroupError } from './errors';
import { swarmAuthOf } from './group-auth';
import type { GroupRuntime } from './group-runtime';
import { storeGroupMessage } from './group-swarm';

/** `content` may be built from the sent time it gets (signed control messages need it). */
export async function sendGroupContent(
  rt: GroupRuntime,
  row: GroupRow,
  content: ContentMessage | ((sentAt: number) => ContentMessage),
  at?: number,
): Promise<{ hash: string; sentAt: number }> {
  const network = rt.network();
  const identity = rt.o.identity();
  const auth = swarmAuthOf(row, identity);
  const key = rt.db.groups.keys(row.groupId)[0];
  if (!auth) throw new GroupError('not-allowed', 'this profile holds no access to the group');
  if (!key) throw new GroupError('no-key', 'the group’s keys have not arrived yet: try again in a moment');
  const sentAt = at ?? rt.nextSentAt();
  const stored = await storeGroupMessage(network, {
    groupId: row.groupId,
    auth,
    identity,
    key: key.key,
    sentAt,
    content: typeof content === 'function' ? content(sentAt) : content,
  });
  return { hash: stored.hash, sentAt };
}
