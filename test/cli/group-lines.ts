import { z } from 'zod';

/** The JSON lines the `group`/`groups`/`receive` commands print, as the group suites check them. */

export const GroupLine = z
  .object({
    groupId: z.string(),
    name: z.string(),
    status: z.enum(['invited', 'joined', 'left']),
    admin: z.boolean(),
    members: z.number().int(),
  })
  .strict();
export const Member = z
  .object({ sessionId: z.string(), name: z.string(), admin: z.boolean(), status: z.string() })
  .strict();
export const Invite = z
  .object({ kind: z.literal('group-invite'), groupId: z.string(), name: z.string(), from: z.string() })
  .strict();
export const Said = z
  .object({
    id: z.string(),
    from: z.string(),
    body: z.string(),
    sentAt: z.number(),
    conversation: z.string(),
  })
  .strict();
