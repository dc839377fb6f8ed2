/**
 * Database → config: the local state of conversations written into the Contacts,
 * ConvoInfoVolatile and UserProfile configs. Writing an unchanged value is a no-op in the config
 * layer, so running this after every change makes a config dirty only when something differs.
 *
 * As desktop (session-desktop `ts/session/utils/libsession/libsession_utils_contacts.ts`
 * `isContactToStoreInWrapper`, `libsession_utils_convo_info_volatile.ts`): every private
 * conversation other than ours is a contact entry, message requests included (a = 0); the last
 * read time is the newest message's sent time once nothing is unread.
 */
import type { SessionId } from '../../crypto/keys';
import { isSessionId } from '../../crypto/session-id';
import type { Contacts, ConvoInfoVolatile, UserProfile } from '../../swarm/config';
import type { ConversationRecord } from '../db';
import { isUnused } from '../messaging/unused-conversations';
import { applyContact, type GlueContext } from './apply';
import { muteToConfig } from './mute';
import { fitName } from './names';

export interface CollectTargets {
  readonly contacts: Contacts;
  readonly volatile: ConvoInfoVolatile;
  readonly profile: UserProfile;
}

/** −1 hidden, 0 normal, > 0 pinned (a pinned priority set elsewhere is kept). */
export function priorityOf(row: ConversationRecord, current: number): number {
  if (row.hidden) return -1;
  if (row.pinned) return current > 0 ? current : 1;
  return 0;
}

function collectReadState(volatile: ConvoInfoVolatile, row: ConversationRecord): void {
  if (row.unreadCount !== 0 || row.lastMessage === null) return;
  const current = volatile.get('1to1', row.id);
  // Only forward: an older value would be taken as an explicit reset (convo_info_volatile.cpp).
  if (current !== undefined && current.lastRead >= row.lastMessage.at) return;
  volatile.set('1to1', row.id, { lastRead: row.lastMessage.at, unread: false });
}

function collectContact(ctx: GlueContext, contacts: Contacts, row: ConversationRecord): void {
  const existing = contacts.get(row.id);
  // The disappearing setting lives in Contacts `e`/`E` too (sync-groups-communities.md §1.5).
  const { setting } = ctx.db.disappearing.setting(row.id);
  contacts.update(row.id, {
    expiration: setting.mode === 'off' ? undefined : { mode: setting.mode, seconds: setting.seconds },
    name: fitName(row.displayName ?? existing?.name ?? ''),
    nickname: fitName(row.nickname ?? ''),
    approved: row.approved,
    approvedMe: row.approvedMe,
    blocked: row.blocked,
    priority: priorityOf(row, existing?.priority ?? 0),
    created:
      existing !== undefined && existing.created > 0 ? existing.created : Math.floor(row.createdAt / 1000),
    ...muteToConfig(ctx.db.mute.get(row.id).mutedUntil, existing?.notifications, ctx.now),
  });
  ctx.known.add(row.id);
}

/**
 * A conversation that appeared without this module (a request opened by its first message,
 * a sync copy) while the config already knows the contact: the config's fields win, except that
 * a local approval is kept.
 */
function adopt(ctx: GlueContext, contacts: Contacts, row: ConversationRecord): ConversationRecord {
  const entry = contacts.get(row.id);
  if (entry === undefined) return row;
  applyContact(ctx, { ...entry, approved: entry.approved || row.approved });
  return ctx.db.conversations.getConversation(row.id) ?? row;
}

/** One conversation row into the configs. */
function collectRow(
  ctx: GlueContext,
  t: CollectTargets,
  row: ConversationRecord,
  log: (l: string) => void,
): void {
  // A community DM (blinded ID) has no Contacts entry; its read state is ConvoInfoVolatile `b`
  // (community-dm-read-state.ts).
  if (row.type === 'community_dm') return;
  try {
    if (row.id === ctx.ownId) {
      t.profile.setNoteToSelfPriority(priorityOf(row, t.profile.noteToSelfPriority));
      // Note to Self's timer: UserProfile `e` (after-send only, as Session).
      const { setting } = ctx.db.disappearing.setting(row.id);
      t.profile.setNoteToSelfExpirySeconds(setting.mode === 'after-send' ? setting.seconds : undefined);
    } else {
      if (!ctx.known.has(row.id)) row = adopt(ctx, t.contacts, row);
      // Opened by Account ID and never written to: no contact yet for our other devices (Session
      // creates it with the first message: `isContactToStoreInWrapper` wants an active
      // conversation). One the config has already (another device's) stays collected.
      if (!ctx.known.has(row.id) && isUnused(ctx.db, row)) return;
      collectContact(ctx, t.contacts, row);
    }
    collectReadState(t.volatile, row);
  } catch (error) {
    // One odd entry (e.g. a name another client wrote too long) must not stop the others.
    log(`config sync: conversation not collected: ${error instanceof Error ? error.message : 'error'}`);
  }
}

/** A conversation known to the configs left the database: its entries leave the configs. */
function forget(ctx: GlueContext, t: CollectTargets, id: SessionId): void {
  if (!ctx.known.delete(id)) return;
  t.contacts.erase(id);
  t.volatile.erase('1to1', id);
}

/** Writes every conversation into the configs; forgets contacts deleted here. */
export function collectConversations(ctx: GlueContext, t: CollectTargets, log: (l: string) => void): void {
  const present = new Set<SessionId>();
  for (const row of ctx.db.conversations.listConversations('all')) {
    // A group's conversation is not a contact: UserGroups carries the group (groups-glue.ts).
    if (!isSessionId(row.id)) continue;
    present.add(row.id);
    collectRow(ctx, t, row, log);
  }
  for (const id of [...ctx.known]) if (!present.has(id)) forget(ctx, t, id);
}

/**
 * Writes only these conversations into the configs (a message, a read, a rename changes one or
 * a few): the cost of a change does not grow with the number of conversations.
 */
export function collectChanged(
  ctx: GlueContext,
  t: CollectTargets,
  ids: Iterable<SessionId>,
  log: (l: string) => void,
): void {
  for (const id of ids) {
    if (!isSessionId(id)) continue; // a group (groups-glue.ts)
    const row = ctx.db.conversations.getConversation(id);
    if (row) collectRow(ctx, t, row, log);
    else forget(ctx, t, id);
  }
}
