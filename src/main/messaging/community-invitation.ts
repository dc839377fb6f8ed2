/**
 * Community invitations received in 1-to-1 conversations (`DataMessage.communityInvitation`,
 * identity-and-messages.md §5.3: `url` 1 = the full community URL with `?public_key=`, `name` 3).
 * Session sends them without a body; the message is kept with the URL as its body (what
 * previews, notifications and search show) and the invitation itself beside it in the key-value
 * table, so no schema change is needed until joining communities is built.
 */
import { z } from 'zod';
import type { DataMessage } from '../../swarm/messages';
import type { VeilDatabase } from '../db';
import type { Message, MessageInvitation } from '../../shared/ipc/messaging';

/** A community URL as Session writes it: http(s), a room path, the server's X25519 key. */
const invitationSchema = z.object({
  url: z
    .string()
    .max(2000)
    .refine((s) => {
      try {
        const u = new URL(s);
        return (
          (u.protocol === 'http:' || u.protocol === 'https:') &&
          /^[0-9a-f]{64}$/i.test(u.searchParams.get('public_key') ?? '')
        );
      } catch {
        return false;
      }
    }),
  name: z
    .string()
    .transform((s) => s.trim())
    .pipe(z.string().min(1).max(200)),
});

const key = (messageId: string) => `invitation.${messageId}`;

/** The invitation a data message carries, when it is well-formed. */
export function invitationOf(dm: DataMessage | undefined): MessageInvitation | undefined {
  // Most messages carry none: a parse of `undefined` fails, building a ZodError each time (a
  // received message paid it, issue #15).
  const carried = dm?.communityInvitation;
  if (carried === undefined) return undefined;
  const p = invitationSchema.safeParse(carried);
  return p.success ? p.data : undefined;
}

/** The body a message is stored with: its text, or the invitation's URL when it has none. */
export function bodyWithInvitation(
  body: string | undefined,
  inv: MessageInvitation | undefined,
): string | undefined {
  return body !== undefined && body !== '' ? body : inv?.url;
}

export function saveInvitation(db: VeilDatabase, messageId: string, inv: MessageInvitation): void {
  db.kv.set(key(messageId), inv);
}

/** The invitations of these messages, by message id, in one read. */
export function loadInvitations(
  db: VeilDatabase,
  messageIds: readonly string[],
): Map<string, MessageInvitation> {
  const byKey = db.kv.getMany(messageIds.map(key), invitationSchema);
  const out = new Map<string, MessageInvitation>();
  for (const id of messageIds) {
    const inv = byKey.get(key(id));
    if (inv !== undefined) out.set(id, inv);
  }
  return out;
}

/** The IPC message with its invitation (from `loadInvitations`), when it is one. */
export function withInvitation(inv: MessageInvitation | undefined, m: Message): Message {
  return inv === undefined || m.deleted ? m : { ...m, invitation: inv };
}
