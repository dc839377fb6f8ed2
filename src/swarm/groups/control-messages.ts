/**
 * `DataMessage.groupUpdateMessage` (field 120): the GroupUpdate* family, typed
 * (session-desktop `protos/SignalService.proto`; schema in ../messages/proto-source.ts). The
 * DataMessage keeps the field as opaque bytes; this module encodes and decodes them. Decoding
 * never throws and validates sizes (03 IDs, 100-byte auth data, 64-byte signatures) so that the
 * receiving code only sees well-formed values; signatures are checked by the caller, who knows
 * the envelope's timestamp (control-signatures.ts).
 */
import { z } from 'zod';
import { encodeChecked } from '../messages/to-wire';
import { GroupUpdateMessageType, TO_OBJECT_OPTIONS } from '../messages/schema';

const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes');
const sig = bytes.refine((b) => b.length === 64, 'signature must be 64 bytes');
const groupId = z.string().regex(/^03[0-9a-f]{64}$/);
const sessionId = z.string().regex(/^05[0-9a-f]{64}$/);

const Invite = z.object({
  groupSessionId: groupId,
  name: z.string().max(1000),
  memberAuthData: bytes.refine((b) => b.length === 100, 'member auth data must be 100 bytes'),
  adminSignature: sig,
});
const InfoChange = z.object({
  type: z.enum(['NAME', 'AVATAR', 'DISAPPEARING_MESSAGES']),
  updatedName: z.string().max(1000).optional(),
  updatedExpiration: z.number().int().nonnegative().optional(),
  adminSignature: sig,
});
const MemberChange = z.object({
  type: z.enum(['ADDED', 'REMOVED', 'PROMOTED']),
  memberSessionIds: z.array(sessionId).max(100).optional(),
  historyShared: z.boolean().optional(),
  adminSignature: sig,
});
const Promote = z.object({
  groupIdentitySeed: bytes.refine((b) => b.length === 32, 'group seed must be 32 bytes'),
  name: z.string().max(1000),
});
const InviteResponse = z.object({ isApproved: z.boolean() });
const DeleteMemberContent = z.object({
  memberSessionIds: z.array(sessionId).max(100).optional(),
  messageHashes: z.array(z.string().max(128)).max(1000).optional(),
  adminSignature: sig.optional(),
});
const Empty = z.object({});

export const GroupUpdateSchema = z.object({
  inviteMessage: Invite.optional(),
  infoChangeMessage: InfoChange.optional(),
  memberChangeMessage: MemberChange.optional(),
  promoteMessage: Promote.optional(),
  memberLeftMessage: Empty.optional(),
  inviteResponse: InviteResponse.optional(),
  deleteMemberContent: DeleteMemberContent.optional(),
  memberLeftNotificationMessage: Empty.optional(),
});

export type GroupUpdate = z.infer<typeof GroupUpdateSchema>;
export type GroupInvite = z.infer<typeof Invite>;

export function encodeGroupUpdate(update: GroupUpdate): Uint8Array {
  return encodeChecked(GroupUpdateMessageType, GroupUpdateSchema.parse(update));
}

/** Exactly one kind of update is expected; several or none is malformed. */
export function decodeGroupUpdate(
  data: Uint8Array,
): { ok: true; value: GroupUpdate } | { ok: false; reason: string } {
  let plain: unknown;
  try {
    plain = GroupUpdateMessageType.toObject(GroupUpdateMessageType.decode(data), TO_OBJECT_OPTIONS);
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : 'undecodable' };
  }
  const parsed = GroupUpdateSchema.safeParse(plain);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues[0]?.message ?? 'invalid' };
  const kinds = Object.values(parsed.data).filter((v) => v !== undefined).length;
  if (kinds !== 1) return { ok: false, reason: `expected one update, got ${kinds}` };
  return { ok: true, value: parsed.data };
}
