/**
 * What the timeline of a private group says about a change to the group ("Alice added Bob"), one
 * entry per GroupUpdate* control message (sync-groups-communities.md §3.3): member changes
 * (added with or without history, removed, promoted), a member who left, info changes (name,
 * picture, disappearing timer), and the group deleted by an admin. Main stores a notice as a
 * timeline entry of the group's conversation; the renderer puts it in words from the catalog.
 * Session IDs only, never names: the renderer names each member as it names any contact.
 */
// zod's mini build: on the page's first screen (see settings.ts).
import * as z from 'zod/mini';

const zMember = z.string().check(z.regex(/^05[0-9a-f]{64}$/));
const zMembers = z.array(zMember).check(z.minLength(1), z.maxLength(100));

export const zGroupNotice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('created'), by: zMember }),
  z.object({ kind: z.literal('members-added'), by: zMember, members: zMembers, withHistory: z.boolean() }),
  z.object({ kind: z.literal('members-removed'), by: zMember, members: zMembers }),
  z.object({ kind: z.literal('promoted'), by: zMember, members: zMembers }),
  z.object({ kind: z.literal('member-left'), member: zMember }),
  z.object({
    kind: z.literal('renamed'),
    by: zMember,
    name: z.string().check(z.minLength(1), z.maxLength(100)),
  }),
  z.object({ kind: z.literal('description-changed'), by: zMember }),
  z.object({ kind: z.literal('picture-changed'), by: zMember, removed: z.boolean() }),
  z.object({
    kind: z.literal('disappearing-changed'),
    by: zMember,
    seconds: z.int().check(z.minimum(0), z.maximum(365 * 86_400)),
  }),
  z.object({ kind: z.literal('destroyed'), by: zMember }),
  // We were removed (the kicked message of namespace −11, or our Members entry): `member` is us.
  z.object({ kind: z.literal('kicked'), member: zMember }),
  // The group was deleted by an admin we cannot name (learnt from our UserGroups `r` = 2 on a
  // computer that never polled the group, e.g. restored): `member` is us.
  z.object({ kind: z.literal('deleted'), member: zMember }),
]);

export type GroupNotice = z.infer<typeof zGroupNotice>;
