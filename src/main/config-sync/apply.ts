/**
 * Config → database: what another device of the account decided, applied to this one.
 *
 * Mapping (sync-groups-communities.md §1.5; session-desktop `ts/receiver/configMessage.ts`
 * `handleContactsUpdate`, `handleConvoInfoVolatileUpdate`):
 * - Contacts `n` → the contact's profile name (never erased by an empty one), `N` → nickname,
 *   `a`/`A`/`b` → approved / approved me / blocked, `+` → pinned (> 0) / hidden (< 0).
 *   Approved or blocked contacts get a conversation; a pending request (a = 0) does not: its
 *   messages come from namespace 0 and open it, and the contact entry is adopted then.
 * - A contact removed from the config (present before the merge, absent after) is deleted here,
 *   as desktop deletes conversations that left the wrapper.
 * - ConvoInfoVolatile `r` (last read, ms): incoming messages sent at or before it are read. The
 *   database can only mark a whole conversation read, so this applies when *every* unread message
 *   is covered (the usual case: the other device read the conversation to its end).
 */
import { isSessionId } from '../../crypto/session-id';
import type { SessionId } from '../../crypto/keys';
import type { ContactInfo, Contacts, ConvoInfoVolatile } from '../../swarm/config';
import type { ConversationPatch, ConversationRecord, VeilDatabase } from '../db';
import { muteFromConfig, sameMute } from './mute';

export interface GlueContext {
  readonly db: VeilDatabase;
  readonly ownId: SessionId;
  /** Network time, ms. */
  readonly now: number;
  /**
   * Private conversations known to be in step with the Contacts config. A conversation that
   * leaves the database while known was deleted here; one that appears unknown is adopted.
   */
  readonly known: Set<SessionId>;
  /** Conversations this apply wrote to (created, changed, deleted, read), to announce them. */
  readonly touched?: Set<SessionId>;
}

/** The database fields a contact entry implies, for those that differ from `row`. */
export function contactPatch(c: ContactInfo, row: ConversationRecord | undefined): ConversationPatch {
  const patch: ConversationPatch = {};
  if (c.name !== '' && c.name !== row?.displayName) patch.displayName = c.name;
  const nickname = c.nickname === '' ? null : c.nickname;
  if (nickname !== (row?.nickname ?? null)) patch.nickname = nickname;
  if (c.approved !== row?.approved) patch.approved = c.approved;
  if (c.approvedMe !== row?.approvedMe) patch.approvedMe = c.approvedMe;
  if (c.blocked !== row?.blocked) patch.blocked = c.blocked;
  // Approving or blocking ends a request; an un-approval elsewhere does not reopen one here.
  if ((c.approved || c.blocked) && row?.isRequest !== false) patch.isRequest = false;
  if (c.priority > 0 !== row?.pinned) patch.pinned = c.priority > 0;
  if (c.priority < 0 !== row?.hidden) patch.hidden = c.priority < 0;
  return patch;
}

function update(ctx: GlueContext, id: SessionId, patch: ConversationPatch): boolean {
  if (Object.keys(patch).length === 0) return false;
  ctx.db.conversations.updateConversation(id, patch, ctx.now);
  ctx.touched?.add(id);
  return true;
}

/** Applies one contact entry to its conversation (creating it when approved or blocked). */
export function applyContact(ctx: GlueContext, c: ContactInfo): boolean {
  if (!isSessionId(c.sessionId) || c.sessionId === ctx.ownId) return false;
  const id = c.sessionId;
  let row = ctx.db.conversations.getConversation(id);
  let changed = false;
  if (!row) {
    if (!c.approved && !c.blocked) return false;
    ctx.db.conversations.ensureConversation({ id, type: 'private', approved: c.approved }, ctx.now);
    row = ctx.db.conversations.getConversation(id);
    ctx.touched?.add(id);
    changed = true;
  }
  ctx.known.add(id);
  const patched = update(ctx, id, contactPatch(c, row));
  return applyMute(ctx, id, c) || patched || changed;
}

/** The contact entry's mute (`@`, `!`), when it says something else than this device. */
function applyMute(ctx: GlueContext, id: SessionId, c: ContactInfo): boolean {
  const wanted = muteFromConfig(c, ctx.now);
  if (sameMute(ctx.db.mute.get(id).mutedUntil, wanted, ctx.now)) return false;
  ctx.db.mute.setMutedUntil(id, wanted);
  ctx.touched?.add(id);
  return true;
}

/** Applies the whole Contacts config; `removed` are IDs a merge took out of it. */
export function applyContacts(ctx: GlueContext, contacts: Contacts, removed: Iterable<string> = []): boolean {
  let changed = false;
  for (const c of contacts.all()) changed = applyContact(ctx, c) || changed;
  for (const id of removed) {
    if (!isSessionId(id) || id === ctx.ownId) continue;
    ctx.known.delete(id);
    if (ctx.db.conversations.deleteConversation(id)) {
      ctx.touched?.add(id);
      changed = true;
    }
  }
  return changed;
}

/** Note to Self's place in the list lives in UserProfile `+`. */
export function applyNoteToSelf(ctx: GlueContext, priority: number): boolean {
  const row = ctx.db.conversations.getConversation(ctx.ownId);
  if (!row) return false;
  const patch: ConversationPatch = {};
  if (priority > 0 !== row.pinned) patch.pinned = priority > 0;
  if (priority < 0 !== row.hidden) patch.hidden = priority < 0;
  return update(ctx, ctx.ownId, patch);
}

/**
 * Marks read what another device read: every message sent up to its read mark; only in the
 * conversations `only` names when given (a local change of a few).
 */
export function applyReadState(
  ctx: GlueContext,
  volatile: ConvoInfoVolatile,
  only?: ReadonlySet<SessionId>,
): boolean {
  let changed = false;
  const entries =
    only === undefined
      ? volatile.all('1to1')
      : [...only].flatMap((id) => {
          if (!isSessionId(id)) return []; // a group's read state is not in the 1-to-1 section
          const state = volatile.get('1to1', id);
          return state === undefined ? [] : [{ id, state }];
        });
  for (const { id, state } of entries) {
    if (!isSessionId(id) || state.unread || state.lastRead <= 0) continue;
    const row = ctx.db.conversations.getConversation(id);
    if (!row || row.unreadCount === 0) continue;
    if (ctx.db.conversations.markReadUpTo(id, state.lastRead, ctx.now) > 0) {
      changed = true;
      ctx.touched?.add(id);
      // Read there, so after-read timers start here too; that device shortened the swarm copies.
      ctx.db.disappearing.startAfterRead(id, ctx.now);
    }
  }
  return changed;
}
