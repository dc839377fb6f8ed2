/**
 * A group member's newest known name, for every member's views (Group details, the group's
 * timeline), not only an admin's. Session names someone by their contact (the 1-to-1
 * conversation, which follows the profile of their every message, groups included) and else by
 * what the group knows of them; a rename came to us in their next group message, but only an
 * admin wrote it into the Members config (admin/member-profiles.ts), so without an admin online
 * everyone else kept the old name, and a contact's conversation kept it too.
 *
 * So each member's authenticated group message (member-profile.ts) renames:
 * - their row in the group's member list, remembered with the message's time: an older message
 *   read later (out of order, or a catch-up) never undoes it, and a Members config that still
 *   has the old name (no admin wrote the new one yet) does not either;
 * - the 1-to-1 conversation with them when there is one (never created here), under the same
 *   "newest profile" rule as their 1-to-1 messages (`profileIsFresh`).
 * Written only when the name differs: every chat message carries its author's profile.
 * The names are kept while the group is ours: the database drops them when it ends (db/groups.ts).
 */
import { z } from 'zod';
import type { SessionId } from '../../crypto/keys';
import type { VeilDatabase } from '../db';
import { memberNameKey as nameKey, type GroupMemberRow } from '../db/groups';
import type { MemberProfile } from './member-profile';

const zKnown = z.object({ at: z.number(), name: z.string() }).strict();

export interface RenamedMembers {
  /** The group's member list changed. */
  readonly members: boolean;
  /** 1-to-1 conversations renamed (their contacts). */
  readonly contacts: SessionId[];
}

function newestNamed(profiles: readonly MemberProfile[], self: string): Map<SessionId, MemberProfile> {
  const newest = new Map<SessionId, MemberProfile>();
  for (const p of profiles) {
    if (p.name === undefined || p.name === '' || p.member === self) continue;
    const seen = newest.get(p.member);
    if (!seen || seen.sentAt < p.sentAt) newest.set(p.member, p);
  }
  return newest;
}

/** Applies what a batch of a group's messages said of their authors' names (see above). */
export function followMemberNames(
  db: VeilDatabase,
  groupId: string,
  profiles: readonly MemberProfile[],
  self: string,
): RenamedMembers {
  const named = newestNamed(profiles, self);
  if (named.size === 0) return { members: false, contacts: [] };
  let members = false;
  const contacts: SessionId[] = [];
  const rows = new Map(db.groups.members(groupId).map((m) => [m.sessionId, m]));
  for (const [member, p] of named) {
    const name = p.name ?? '';
    const row = rows.get(member);
    if (row && row.name !== name) {
      const known = db.kv.get(nameKey(groupId, member), zKnown);
      if (known === undefined || known.at <= p.sentAt) {
        db.groups.setMemberName(groupId, member, name);
        db.kv.set(nameKey(groupId, member), { at: p.sentAt, name });
        members = true;
      }
    }
    const contact = db.conversations.getConversation(member);
    if (
      contact?.type === 'private' &&
      contact.displayName !== name &&
      db.conversations.profileIsFresh(member, p.sentAt)
    ) {
      db.conversations.updateConversation(member, { displayName: name }, Date.now());
      contacts.push(member);
    }
  }
  return { members, contacts };
}

/**
 * The member list a Members config gives, with each member's name as their newest group message
 * told it when we have one: the config's is an admin's copy of such a message, never newer.
 */
export function withKnownNames(db: VeilDatabase, groupId: string, rows: GroupMemberRow[]): GroupMemberRow[] {
  const known = db.kv.getMany(
    rows.map((r) => nameKey(groupId, r.sessionId)),
    zKnown,
  );
  if (known.size === 0) return rows;
  return rows.map((r) => {
    const k = known.get(nameKey(groupId, r.sessionId));
    return k !== undefined && k.name !== r.name ? { ...r, name: k.name } : r;
  });
}
