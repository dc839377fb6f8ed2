/** Checks what a user typed for a group: its name, its members, a group ID. */
import { utf8 } from '../../crypto/bytes';
import type { SessionId } from '../../crypto/keys';
import { parseSessionIdInput } from '../../crypto/session-id';
import { parseGroupId, type GroupId } from '../../swarm/groups/identity';
import { MAX_GROUP_MEMBERS, MAX_GROUP_NAME_BYTES } from './build-group';
import { GroupError } from './errors';

export function groupIdOrThrow(text: string): GroupId {
  const id = parseGroupId(text);
  if (id === undefined)
    throw new GroupError('bad-group-id', `not a group ID (03 and 64 hex characters): ${text.trim()}`);
  return id;
}

export function groupNameOrThrow(text: string): string {
  const name = text.trim();
  if (name === '') throw new GroupError('bad-name', 'a group needs a name');
  if (utf8(name).length > MAX_GROUP_NAME_BYTES)
    throw new GroupError('bad-name', `a group name is at most ${MAX_GROUP_NAME_BYTES} bytes`);
  return name;
}

/** The other members: valid 05 IDs, duplicates and ourselves dropped, at most 99 of them. */
export function membersOrThrow(texts: readonly string[], self: SessionId): SessionId[] {
  const out = new Set<SessionId>();
  for (const t of texts) {
    const parsed = parseSessionIdInput(t);
    if (!parsed.ok)
      throw new GroupError('bad-member', `not a Session ID (05 and 64 hex characters): ${t.trim()}`);
    if (parsed.sessionId !== self) out.add(parsed.sessionId);
  }
  if (out.size + 1 > MAX_GROUP_MEMBERS)
    throw new GroupError(
      'too-many-members',
      `a group holds at most ${MAX_GROUP_MEMBERS} members, you included`,
    );
  return [...out];
}
