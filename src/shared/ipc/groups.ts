/**
 * Private groups over IPC (issue #18 items 2, 3 and 5): create, list, members, leave, and the
 * admin operations one-to-one with `GroupAdminApi` (src/main/groups/admin-api.ts). Every
 * argument is checked here; names, members and rights are checked again by the group service.
 * Failures carry the reason `group.<code>` (`groups.errors.<code>` in the catalog).
 */
import { z } from 'zod';
import { groupIdSchema, groupSummarySchema } from './group-summary';
import { sessionIdSchema } from './conversation';

export { GROUP_STATUSES, groupIdSchema, groupSummarySchema, type GroupSummary } from './group-summary';

/** A group holds at most 100 members, its creator included (sync-groups-communities.md §3.3). */
export const GROUP_MEMBERS_MAX = 100;
/** Info `n` is at most 100 bytes; the window counts characters, main checks the bytes. */
export const GROUP_NAME_MAX = 100;
/** Info `o` is at most 2000 bytes. */
export const GROUP_DESCRIPTION_MAX = 2000;
/** The picture as the avatar picker re-encodes it (base64 of at most 5 MB). */
export const GROUP_PICTURE_MAX_BYTES = 5 * 1024 * 1024;
/** The after-send timers a group offers (Info `E`, seconds; 0 is off). */
export const GROUP_DISAPPEARING_SECONDS = [0, 300, 3600, 43_200, 86_400, 604_800, 1_209_600] as const;

const nameArg = z
  .string()
  .max(400)
  .refine((s) => s.trim().length > 0 && Array.from(s.trim()).length <= GROUP_NAME_MAX, {
    message: `a group name has 1 to ${GROUP_NAME_MAX} characters`,
  });
const descriptionArg = z.string().max(GROUP_DESCRIPTION_MAX);
const pictureArg = z
  .string()
  .min(4)
  .max(Math.ceil(GROUP_PICTURE_MAX_BYTES / 3) * 4)
  .regex(/^[A-Za-z0-9+/]+=*$/);
/** Other members (we are the 100th at most): distinct 05 IDs. */
const membersArg = z
  .array(sessionIdSchema)
  .max(GROUP_MEMBERS_MAX - 1)
  .refine((m) => new Set(m).size === m.length, { message: 'a member is listed twice' });
const someMembersArg = membersArg.refine((m) => m.length > 0, { message: 'at least one member' });
const disappearingArg = z
  .number()
  .int()
  .refine((s) => (GROUP_DISAPPEARING_SECONDS as readonly number[]).includes(s), {
    message: 'not one of the offered timers',
  });

export const GROUP_MEMBER_STATUSES = ['not-sent', 'sent', 'failed', 'accepted', 'removed'] as const;
export type GroupMemberStatus = (typeof GROUP_MEMBER_STATUSES)[number];

export const groupMemberSchema = z.object({
  sessionId: sessionIdSchema,
  /** The name the group's Members config gives (may be empty for a new invitee). */
  name: z.string(),
  admin: z.boolean(),
  status: z.enum(GROUP_MEMBER_STATUSES),
});
export type GroupMember = z.infer<typeof groupMemberSchema>;

const byGroup = z.object({ groupId: groupIdSchema }).strict();

export const groupCalls = {
  'groups.list': { args: z.object({}).strict(), result: z.array(groupSummarySchema) },
  /**
   * Creates a group and invites its members. The description and picture are set right after
   * through the admin operations; `notApplied` names those that could not be (the group exists).
   */
  'groups.create': {
    args: z
      .object({
        name: nameArg,
        description: descriptionArg.optional(),
        picture: pictureArg.optional(),
        members: membersArg,
      })
      .strict(),
    result: z.object({
      groupId: groupIdSchema,
      notApplied: z.array(z.enum(['description', 'picture'])),
    }),
  },
  'groups.members': { args: byGroup, result: z.array(groupMemberSchema) },
  'groups.leave': { args: byGroup, result: z.null() },
  'groups.addMembers': {
    args: z.object({ groupId: groupIdSchema, members: someMembersArg, shareHistory: z.boolean() }).strict(),
    result: z.null(),
  },
  'groups.removeMembers': {
    args: z.object({ groupId: groupIdSchema, members: someMembersArg, deleteMessages: z.boolean() }).strict(),
    result: z.null(),
  },
  'groups.promote': {
    args: z.object({ groupId: groupIdSchema, members: someMembersArg }).strict(),
    result: z.null(),
  },
  'groups.resendInvite': {
    args: z.object({ groupId: groupIdSchema, member: sessionIdSchema }).strict(),
    result: z.null(),
  },
  'groups.rename': { args: z.object({ groupId: groupIdSchema, name: nameArg }).strict(), result: z.null() },
  'groups.setDescription': {
    args: z.object({ groupId: groupIdSchema, description: descriptionArg }).strict(),
    result: z.null(),
  },
  /** A re-encoded picture (base64), or null to remove it. */
  'groups.setPicture': {
    args: z.object({ groupId: groupIdSchema, picture: pictureArg.nullable() }).strict(),
    result: z.null(),
  },
  'groups.setDisappearing': {
    args: z.object({ groupId: groupIdSchema, seconds: disappearingArg }).strict(),
    result: z.null(),
  },
  /** Deletes the group for everyone. */
  'groups.destroy': { args: byGroup, result: z.null() },
} as const;

export const groupEvents = {
  /** Our groups changed (created, invited, joined, left, renamed, members): the whole list. */
  'groups.changed': z.array(groupSummarySchema),
} as const;
