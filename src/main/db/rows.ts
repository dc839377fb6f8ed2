/**
 * Row validation. The driver returns `unknown`-shaped objects; every row is parsed by a zod
 * schema into the typed record before it leaves src/main/db, so a corrupted or hand-edited
 * database surfaces as `DatabaseCorruptError`, not as a wrong type deep in the app.
 */
import { z } from 'zod';
import type { SessionId } from '../../crypto/keys';
import { isSessionId } from '../../crypto/session-id';
import { isBlinded15Id, isBlinded25Id } from '../../crypto/blinding';
import { isGroupId } from '../../swarm/groups/identity';
import { DatabaseCorruptError } from './errors';
import { isMessageHash, isMessageId } from './ids';
import type { MessageHash, MessageId } from './ids';

export const zBool = z.union([z.literal(0), z.literal(1)]).transform((v) => v === 1);
export const zTime = z.number().int().nonnegative();
/** Built once: a schema built inside a hot function (a query per message) cost more than its query. */
export const zTimeOrNull = zTime.nullable();
export const zTextOrNull = z.string().nullable();
export const zSessionId = z.custom<SessionId>(isSessionId, 'not a Session ID');
/**
 * A conversation's id: a Session ID, a private group's `03…` ID (issue #18) or, for a community
 * DM, the other side's blinded `15…`/`25…` ID (issue #19). All travel under the `SessionId`
 * brand through messaging; the conversation's type tells them apart.
 */
export const zConversationId = z.custom<SessionId>(
  (s) => isSessionId(s) || isGroupId(s) || isBlindedPeer(s),
  'not a conversation id',
);
/** Who wrote a message: a Session ID, or the blinded ID of a community DM's other side. */
export const zSenderId = z.custom<SessionId>((s) => isSessionId(s) || isBlindedPeer(s), 'not a sender');
function isBlindedPeer(s: unknown): boolean {
  return typeof s === 'string' && (isBlinded15Id(s) || isBlinded25Id(s));
}
export const zMessageId = z.custom<MessageId>(isMessageId, 'not a message id');
export const zMessageHash = z.custom<MessageHash>(isMessageHash, 'not a message hash');

export function parseRow<T>(schema: z.ZodType<T>, row: unknown, what: string): T {
  const result = schema.safeParse(row);
  if (!result.success)
    throw new DatabaseCorruptError(`${what}: ${result.error.issues[0]?.message ?? 'invalid'}`);
  return result.data;
}

export function parseOptionalRow<T>(schema: z.ZodType<T>, row: unknown, what: string): T | undefined {
  return row === undefined ? undefined : parseRow(schema, row, what);
}

export const toBit = (b: boolean): 0 | 1 => (b ? 1 : 0);
