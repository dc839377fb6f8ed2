/**
 * A conversation's newest page, and the changes held while that page is on its way (see `held`).
 * The messaging store (`store.ts`) asks for first pages here and hands over every change it
 * cannot apply yet because the conversation is not loaded.
 */
import type { VeilBridge } from '../../shared/ipc/bridge';
import type { Message } from '../../shared/ipc/messaging';
import type { IpcResult } from '../../shared/ipc/result';

/**
 * Opening a conversation reads only what fills the window (with the list's overscan), so the
 * first paint waits for as little as possible (issue #15: ≤ 50 ms for 10 000 messages); older
 * pages come 100 at a time when scrolled up.
 */
export const FIRST_PAGE = 40;

/** Merges updated messages into a sorted list (by shownAt, then id), replacing by id. */
export function mergeMessages(current: readonly Message[], updates: readonly Message[]): Message[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const m of updates) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.shownAt - b.shownAt || a.id.localeCompare(b.id));
}

/** A change that reached a conversation while its first page was on its way. */
export type HeldChange =
  | { readonly kind: 'changed'; readonly messages: readonly Message[] }
  | { readonly kind: 'deleted'; readonly ids: readonly string[] };
/**
 * Changes held per conversation while its first page travels. Events and answers come by
 * different channels: an event may arrive before a page read earlier, and a change dropped then
 * (nothing loaded yet) would be lost for good, leaving, say, a message "sending" that was sent.
 * Applied in order over the page, the last change of each message wins, as it is the newest.
 */
const held = new Map<string, HeldChange[]>();

function applyHeld(messages: Message[], changes: readonly HeldChange[]): Message[] {
  let out = messages;
  for (const c of changes) {
    if (c.kind === 'changed') out = mergeMessages(out, c.messages);
    else {
      const gone = new Set(c.ids);
      out = out.filter((m) => !gone.has(m.id));
    }
  }
  return out;
}

/** The newest page of a conversation, with what changed meanwhile; null when not readable. */
export interface FirstPageResult {
  readonly page: IpcResult<readonly Message[]>;
  readonly messages: Message[] | null;
}
type FirstPage = Promise<FirstPageResult>;
const firstPages = new Map<string, FirstPage>();

/** The newest page of a conversation: the one already asked for (a prefetch), else a new call. */
export function firstPage(bridge: VeilBridge, conversationId: string): FirstPage {
  let page = firstPages.get(conversationId);
  if (!page) {
    const changes: HeldChange[] = [];
    held.set(conversationId, changes);
    page = bridge
      .invoke('messages.page', { conversationId, before: null, limit: FIRST_PAGE })
      .then((r) => ({ page: r, messages: r.ok ? applyHeld(mergeMessages([], r.value), changes) : null }))
      .finally(() => {
        // Taken once: a later opening (after messages changed) asks again.
        if (held.get(conversationId) === changes) held.delete(conversationId);
        firstPages.delete(conversationId);
      });
    firstPages.set(conversationId, page);
  }
  return page;
}

/**
 * Keeps a change for the conversation whose first page is on its way, to apply over that page;
 * with no page on its way there is nothing to keep (the conversation is read when opened).
 */
export function holdChange(conversationId: string, change: HeldChange): void {
  held.get(conversationId)?.push(change);
}
