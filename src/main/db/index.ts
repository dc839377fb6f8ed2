export { openDatabase } from './database';
export type { VeilDatabase } from './database';
export { DatabaseCorruptError, DatabaseKeyError, DatabaseVersionError } from './errors';
export { CONTROL_KINDS } from './control-outbox';
export { isMessageHash, isMessageId, newMessageId } from './ids';
export type { MessageHash, MessageId } from './ids';
export type {
  ConversationFilter,
  ConversationPatch,
  ConversationRecord,
  ConversationState,
  ConversationType,
  ReceiveState,
  SendState,
} from './conversations';
export type { Avatar, ContactRecord, ContactUpsert } from './contacts';
export type {
  IncomingMessage,
  InsertResult,
  MessageCursor,
  MessageExpiry,
  MessageRecord,
  StoredQuote,
} from './messages';
export type { ReactionChange, ReactionGroup } from './reactions';
export type { ExpiredMessage, StartedTimer, StoredSetting } from './disappearing';
export type { OutboxItem, OutgoingMessage } from './outbox';
export type { ControlItem, ControlKind, NewControl } from './control-outbox';
export type { SearchHit } from './search';
export type { LastHash } from './seen';
export { isAttachmentId, newAttachmentId } from './attachments';
export type {
  AttachmentId,
  AttachmentRecord,
  AttachmentRowState,
  LocalBlob,
  NewRemote,
  NewStaged,
} from './attachments';
export type {
  CommunityDmRow,
  CommunityPostRow,
  CommunityReactionRow,
  CommunityRoomRow,
  CommunityServerRow,
  PostInput,
  PostQuote,
  RoomInfoPatch,
} from './communities';
export type { CommunityDmLink } from './community-dm-messages';
