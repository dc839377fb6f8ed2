import type { Message } from '../../shared/ipc/messaging';

/** The optional fields of a message in the CLI's JSON, in the order the issue lists them. */
export interface MessageJsonOptional {
  readonly quote?: unknown;
  readonly reactions?: unknown;
  /** When it disappears from this computer (ms since the epoch). */
  readonly expiresAt?: number;
  readonly attachments?: unknown;
}

export interface MessageJsonOptions {
  readonly reactions?: boolean;
  /**
   * The message's files as `receivedAttachmentJson` gives them (attachment-cli.ts): they live in
   * the attachment store, not in the message, so the command reads them and passes them here.
   */
  readonly attachments?: readonly unknown[];
}

/**
 * The one mapper from a message to the CLI's JSON (`receive --json`, `history --json`): the four
 * fields every line has, then what the command adds (`status`, `conversation`), then the optional
 * fields, present only when set. A field added to messages (a quote, reactions, attachments)
 * goes into `optionalFields` once and shows in every command.
 */
export function messageJson<Extra extends Record<string, unknown>>(
  m: Message,
  extra: Extra,
  options: MessageJsonOptions = {},
): { id: string; from: string; body: string; sentAt: number } & Extra & MessageJsonOptional {
  return {
    id: m.id,
    from: m.sender,
    body: m.body,
    sentAt: m.sentAt,
    ...extra,
    ...optionalFields(m, options),
    // Last, as `receive --json` has always printed them; absent when the message has none.
    ...(options.attachments !== undefined && options.attachments.length > 0
      ? { attachments: options.attachments }
      : {}),
  };
}

/**
 * `receive` reports reactions as events of their own (`{"kind":"reaction",…}`), so its message
 * lines carry none; `history` shows each message's reactions (`{"emoji","from":[…]}`).
 */
export function optionalFields(
  m: Message,
  options: { readonly reactions?: boolean } = {},
): MessageJsonOptional {
  return {
    ...(m.quote !== null ? { quote: { id: m.quote.id, author: m.quote.author, text: m.quote.text } } : {}),
    ...(options.reactions === true && m.reactions.length > 0
      ? { reactions: m.reactions.map((r) => ({ emoji: r.emoji, from: [...r.reactors] })) }
      : {}),
    ...(m.expiresAt !== null ? { expiresAt: m.expiresAt } : {}),
  };
}
