/**
 * The one owner of SQL in Veil: `openDatabase` is the only way to a database, and the
 * repositories it returns are the only code that runs statements. Everything is synchronous
 * (better-sqlite3); call it from the main process only, one VeilDatabase per profile.
 */
import { attachmentsRepository } from './attachments';
import type { AttachmentsRepository } from './attachments';
import { communitiesRepository } from './communities';
import type { CommunitiesRepository } from './communities';
import { communityDmMessagesRepository } from './community-dm-messages';
import type { CommunityDmMessagesRepository } from './community-dm-messages';
import { contactsRepository } from './contacts';
import { groupsRepository } from './groups';
import { groupRemovalsRepository } from './group-removals';
import type { GroupRemovalsRepository } from './group-removals';
import type { GroupsRepository } from './groups';
import type { ContactsRepository } from './contacts';
import { controlOutboxRepository } from './control-outbox';
import type { ControlOutboxRepository } from './control-outbox';
import { conversationsRepository } from './conversations';
import type { ConversationsRepository } from './conversations';
import { openConnection, rekeyConnection } from './connection';
import { disappearingRepository } from './disappearing';
import type { DisappearingRepository } from './disappearing';
import { muteRepository } from './mute';
import type { MuteRepository } from './mute';
import { kvRepository } from './kv';
import type { KvRepository } from './kv';
import { messageActionsRepository } from './message-actions';
import type { MessageActionsRepository } from './message-actions';
import { messagesRepository } from './messages';
import type { MessagesRepository } from './messages';
import { migrate } from './migrations';
import { outboxRepository } from './outbox';
import { reactionsRepository } from './reactions';
import type { ReactionsRepository } from './reactions';
import type { OutboxRepository } from './outbox';
import { communitySearchRepository } from './community-search';
import type { CommunitySearchRepository } from './community-search';
import { searchRepository } from './search';
import type { SearchRepository } from './search';
import { seenRepository } from './seen';
import type { SeenRepository } from './seen';
import { transactionOf } from './transact';

export type VeilDatabase = {
  readonly path: string;
  /** Schema version before and after the migrations run by this open. */
  readonly migrated: { readonly from: number; readonly to: number };
  readonly conversations: ConversationsRepository;
  readonly contacts: ContactsRepository;
  readonly messages: MessagesRepository;
  /** Lookup by (author, sent timestamp) and the deletions of message actions. */
  readonly actions: MessageActionsRepository;
  readonly reactions: ReactionsRepository;
  readonly outbox: OutboxRepository;
  /** Control messages (request responses, read receipts) waiting to leave. */
  readonly control: ControlOutboxRepository;
  readonly seen: SeenRepository;
  /** Disappearing settings, after-read timers, deletion of what is due. */
  readonly disappearing: DisappearingRepository;
  /** Per-conversation mute and "mentions only" (migration 0008). */
  readonly mute: MuteRepository;
  readonly kv: KvRepository;
  /** Staged and sent/received files, their transfers and encrypted local copies. */
  readonly attachments: AttachmentsRepository;
  /** Joined communities, their posts and reactions, blinded DMs. */
  readonly communities: CommunitiesRepository;
  /** Community DMs as conversations: their messages and the community each goes through. */
  readonly communityDms: CommunityDmMessagesRepository;
  /** Private groups v2: groups, members, keys, messages (migration 0010). */
  readonly groups: GroupsRepository;
  /** Group removals still to finish (migration 0013; src/main/groups/admin/removal-job.ts). */
  readonly groupRemovals: GroupRemovalsRepository;
  readonly search: SearchRepository['search'];
  /** Posts of joined community rooms (migration 0018), by the same rules as `search`. */
  readonly searchPosts: CommunitySearchRepository['searchPosts'];
  /** Runs `work` in one transaction, begun IMMEDIATE (nested ones become savepoints). */
  transaction<T>(work: () => T): T;
  /** Re-encrypts the file under `newKey` (the caller wipes both keys). */
  rekey(newKey: Uint8Array): void;
  close(): void;
};

/**
 * Opens the profile's database with the 32-byte key from `AccountService.databaseKey()` and
 * migrates it. Throws `DatabaseKeyError` (wrong key, file untouched) or `DatabaseVersionError`
 * (written by a newer Veil). The key is not kept: the caller may wipe it on return.
 */
export function openDatabase(path: string, key: Uint8Array): VeilDatabase {
  let db = openConnection(path, key);
  let migrated: { from: number; to: number };
  try {
    migrated = migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  // A migration that rebuilt a table (0011) leaves this connection's schema state such that a
  // later `wal_checkpoint` (the password change's rekey) fails with "database table is locked":
  // the app works on a fresh connection to the migrated file instead.
  if (migrated.to > migrated.from) {
    db.close();
    db = openConnection(path, key);
  }
  const transaction = transactionOf(db);
  return {
    path,
    migrated,
    conversations: conversationsRepository(db, transaction),
    contacts: contactsRepository(db, transaction),
    messages: messagesRepository(db, transaction),
    actions: messageActionsRepository(db, transaction),
    reactions: reactionsRepository(db, transaction),
    outbox: outboxRepository(db, transaction),
    control: controlOutboxRepository(db),
    seen: seenRepository(db),
    disappearing: disappearingRepository(db, transaction),
    mute: muteRepository(db),
    kv: kvRepository(db),
    attachments: attachmentsRepository(db, transaction),
    communities: communitiesRepository(db, transaction),
    communityDms: communityDmMessagesRepository(db, kvRepository(db)),
    groups: groupsRepository(db, transaction),
    groupRemovals: groupRemovalsRepository(db),
    search: searchRepository(db, transaction).search,
    searchPosts: communitySearchRepository(db).searchPosts,
    transaction,
    rekey: (newKey) => {
      rekeyConnection(db, newKey);
    },
    close: () => {
      if (!db.open) return;
      // Folds the WAL back so the profile is one file at rest; harmless if it fails.
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        /* another connection may be reading: the WAL is still encrypted and valid */
      }
      db.close();
    },
  };
}
