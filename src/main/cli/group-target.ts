/**
 * The conversation a per-conversation command names (`mute`, `disappearing`): a person by their
 * Session ID (05…) or one of our groups by its ID (03…). A group's failures are the app's
 * sentences (src/shared/i18n: `groups.errors`, `groupSettings`), never an internal code.
 */
import type { SessionId } from '../../crypto/keys';
import { parseSessionIdInput } from '../../crypto/session-id';
import type { Catalog } from '../../shared/i18n';
import { parseGroupId } from '../../swarm/groups/identity';
import type { VeilDatabase } from '../db';
import { GroupError, type GroupErrorCode } from '../groups/errors';
import { CliError, UsageError } from './context';
import { sessionIdWords } from './id-words';

export type ConversationTarget =
  | { readonly kind: 'private'; readonly id: SessionId }
  /** A group's conversation goes by its 03 ID, under the same brand (src/main/db/rows.ts). */
  | { readonly kind: 'group'; readonly id: SessionId };

/** A `<sessionId>` argument that may also be a group's ID; anything else: exit 2, one line. */
export function conversationTargetArg(words: Catalog, text: string): ConversationTarget {
  const parsed = parseSessionIdInput(text);
  if (parsed.ok) return { kind: 'private', id: parsed.sessionId };
  const groupId = parsed.error.kind === 'group' ? parseGroupId(text) : undefined;
  if (groupId !== undefined) return { kind: 'group', id: groupId as string as SessionId };
  throw new UsageError(sessionIdWords(words, parsed.error));
}

/** The app's sentence for a group failure. */
export function groupErrorWords(words: Catalog, code: GroupErrorCode): string {
  return code === 'pending' ? words.groupKick.errors.pending : words.groups.errors[code];
}

/** A group on this computer that we are in (or invited to), else exit 2 in the app's words. */
export function checkGroupHere(words: Catalog, db: VeilDatabase, groupId: SessionId): void {
  const row = db.groups.get(groupId);
  if (!row) throw new UsageError(groupErrorWords(words, 'unknown-group'));
  if (row.status === 'left') throw new UsageError(words.groupSettings.notMember);
}

/** Runs a group operation, its GroupError an exit-2 line in the app's words (`offline` too). */
export async function groupStep<T>(words: Catalog, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof GroupError)
      throw error.code === 'offline'
        ? new CliError(groupErrorWords(words, error.code))
        : new UsageError(groupErrorWords(words, error.code));
    throw error;
  }
}
