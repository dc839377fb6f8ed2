/**
 * How a conversation is stored and read back: its record and the narrower states a send or a
 * received message reads, with the row schemas (zod, as everything read from disk) that check
 * them. The statements that read and write them are in conversations.ts.
 */
import { z } from 'zod';
import type { SessionId } from '../../crypto/keys';
import type { MessageId } from './ids';
import { zBool, zMessageId, zConversationId, zTime, zTimeOrNull } from './rows';
import { storedSettingOf, zSettingColumns, type StoredSetting } from './disappearing';

export type ConversationType = 'private' | 'note_to_self' | 'group' | 'community_dm';

export type LastMessage = {
  readonly id: MessageId;
  readonly at: number;
  readonly body: string;
  readonly direction: 'in' | 'out';
  /** Deleted for everyone: its body is empty and the list says "This message was deleted". */
  readonly deleted: boolean;
};

export type ConversationRecord = {
  readonly id: SessionId;
  readonly type: ConversationType;
  readonly displayName: string | null;
  readonly nickname: string | null;
  readonly approved: boolean;
  readonly approvedMe: boolean;
  readonly blocked: boolean;
  readonly isRequest: boolean;
  readonly unreadCount: number;
  readonly lastMessage: LastMessage | null;
  readonly pinned: boolean;
  readonly hidden: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
};

/**
 * What a message written into a conversation checks (a send, the timer, an incoming message):
 * its kind, flags and their name.
 */
export type ConversationState = Pick<
  ConversationRecord,
  'id' | 'type' | 'blocked' | 'isRequest' | 'displayName'
>;

/**
 * What a send checks and uses of its conversation, in one read: its state, and the disappearing
 * setting the message is written under.
 */
export type SendState = ConversationState & { readonly disappearing: StoredSetting };

/**
 * What a received message checks of its sender's conversation, in one read: its state, and when
 * the last profile applied from them was sent (null: none yet).
 */
export type ReceiveState = ConversationState & { readonly profileSentAt: number | null };

const zType = z.enum(['private', 'note_to_self', 'group', 'community_dm']);

export const zRow = z
  .object({
    id: zConversationId,
    type: zType,
    display_name: z.string().nullable(),
    nickname: z.string().nullable(),
    approved: zBool,
    approved_me: zBool,
    blocked: zBool,
    is_request: zBool,
    unread_count: z.number().int().nonnegative(),
    last_message_id: zMessageId.nullable(),
    last_message_at: zTime.nullable(),
    last_body: z.string().nullable(),
    last_direction: z.enum(['in', 'out']).nullable(),
    last_deleted: z.union([z.literal(0), z.literal(1)]).nullable(),
    pinned: zBool,
    hidden: zBool,
    created_at: zTime,
    updated_at: zTime,
  })
  .transform((r): ConversationRecord => ({
    id: r.id,
    type: r.type,
    displayName: r.display_name,
    nickname: r.nickname,
    approved: r.approved,
    approvedMe: r.approved_me,
    blocked: r.blocked,
    isRequest: r.is_request,
    unreadCount: r.unread_count,
    lastMessage:
      r.last_message_id !== null &&
      r.last_message_at !== null &&
      r.last_body !== null &&
      r.last_direction !== null
        ? {
            id: r.last_message_id,
            at: r.last_message_at,
            body: r.last_body,
            direction: r.last_direction,
            deleted: r.last_deleted === 1,
          }
        : null,
    pinned: r.pinned,
    hidden: r.hidden,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));

/** The columns every conversation-state read selects; each read adds its own. */
const STATE_COLUMNS = {
  id: zConversationId,
  type: zType,
  blocked: zBool,
  is_request: zBool,
  display_name: z.string().nullable(),
};

export const zState = z.object(STATE_COLUMNS).transform((r): ConversationState => ({
  id: r.id,
  type: r.type,
  blocked: r.blocked,
  isRequest: r.is_request,
  displayName: r.display_name,
}));

export const zReceiveState = z
  .object({ ...STATE_COLUMNS, profile_sent_at: zTimeOrNull })
  .transform((r): ReceiveState => ({
    id: r.id,
    type: r.type,
    blocked: r.blocked,
    isRequest: r.is_request,
    displayName: r.display_name,
    profileSentAt: r.profile_sent_at,
  }));

export const zSendState = z.object({ ...STATE_COLUMNS, ...zSettingColumns }).transform((r): SendState => ({
  id: r.id,
  type: r.type,
  blocked: r.blocked,
  isRequest: r.is_request,
  displayName: r.display_name,
  disappearing: storedSettingOf(r),
}));
