import { create } from 'zustand';
import type { VeilBridge } from '../../shared/ipc/bridge';
import type { Conversation, Message, MessageQuote, SearchHit } from '../../shared/ipc/messaging';
import type { DisappearingSetting } from '../../shared/disappearing';
import type { IpcError } from '../../shared/ipc/result';
import { FIRST_PAGE, firstPage, holdChange, mergeMessages } from './first-page';

const PAGE = 100;

interface MessagingState {
  readonly bridge: VeilBridge | undefined;
  readonly conversations: readonly Conversation[];
  readonly selected: string | undefined;
  readonly showRequests: boolean;
  /** Loaded messages per conversation, oldest first. */
  readonly messages: Readonly<Record<string, readonly Message[]>>;
  readonly hasOlder: Readonly<Record<string, boolean>>;
  readonly typing: Readonly<Record<string, boolean>>;
  readonly error: IpcError | undefined;
  /** The message whose info panel is open (read live from `messages`). */
  readonly info: { readonly conversationId: string; readonly id: string } | undefined;
  /** The message each conversation's composer replies to. */
  readonly replyTo: Readonly<Record<string, Message | undefined>>;
  /** The six emoji of the reaction bar (most recently used first). */
  readonly recent: readonly string[];
  /** A message to bring into view (a quote was clicked); `seq` repeats a jump to the same one. */
  readonly jump: { readonly conversationId: string; readonly id: string; readonly seq: number } | undefined;
  /** The message to bring into view and mark (a search result chosen). */
  readonly focus: { readonly conversationId: string; readonly id: string } | undefined;
  /** Messages matching the search text, for `text` (undefined: no search yet). */
  readonly found: { readonly text: string; readonly hits: readonly SearchHit[] } | undefined;
  /** Listens to the core; reads the list unless the caller already has it (app.initialState). */
  start: (bridge: VeilBridge, conversations?: readonly Conversation[]) => Promise<void>;
  select: (conversationId: string | undefined) => Promise<void>;
  /**
   * Asks for a conversation's newest page ahead of its selection (the pointer went down on it):
   * the click that follows finds it answered or on its way.
   */
  prefetch: (conversationId: string) => void;
  setShowRequests: (show: boolean) => void;
  loadOlder: (conversationId: string) => Promise<void>;
  /** Sends text, or staged attachments (`attachments.stage`) with `body` as their caption. */
  send: (conversationId: string, body: string, attachments?: readonly string[]) => Promise<boolean>;
  setReplyTo: (conversationId: string, message: Message | undefined) => void;
  react: (messageId: string, emoji: string, remove: boolean) => Promise<void>;
  loadRecent: () => Promise<void>;
  unsend: (messageId: string) => Promise<void>;
  jumpTo: (conversationId: string, quote: MessageQuote) => Promise<boolean>;
  resend: (messageId: string) => Promise<void>;
  remove: (messageId: string) => Promise<void>;
  showInfo: (message: Message | undefined) => void;
  accept: (conversationId: string) => Promise<void>;
  decline: (conversationId: string) => Promise<void>;
  block: (conversationId: string) => Promise<void>;
  open: (sessionId: string) => Promise<IpcError | undefined>;
  clearError: () => void;
  setDisappearing: (conversationId: string, setting: DisappearingSetting) => Promise<void>;
  search: (text: string) => Promise<void>;
  /** Opens the conversation at a message (a search result), loading older pages until it is there. */
  openAt: (conversationId: string, messageId: string) => Promise<void>;
}

/** How far back a jump loads at most (100 messages a page): beyond, it opens at the newest. */
const JUMP_MAX_PAGES = 50;

let searchSeq = 0;
/** Counts selections: an answer that arrives after a later selection does not undo it. */
let selectSeq = 0;

/**
 * A message an action's answer returns (sent, reacted to, a notice): added when the list does not
 * have it yet. When it has it, an event brought it, and events are never older than the answer.
 */
function withAnswer(current: readonly Message[], m: Message): readonly Message[] {
  return current.some((x) => x.id === m.id) ? current : mergeMessages(current, [m]);
}

/** How long a first opening may wait for its page before the (empty) view is shown anyway. */
const SHOW_VIEW_AFTER_MS = 150;

export const useMessaging = create<MessagingState>()((set, get) => ({
  bridge: undefined,
  conversations: [],
  selected: undefined,
  showRequests: false,
  messages: {},
  hasOlder: {},
  typing: {},
  error: undefined,
  info: undefined,
  replyTo: {},
  recent: [],
  jump: undefined,
  focus: undefined,
  found: undefined,

  async start(bridge, conversations) {
    set({ bridge, ...(conversations ? { conversations } : {}) });
    bridge.on('conversations.changed', (conversations) => {
      set({ conversations });
    });
    bridge.on('messages.changed', ({ conversationId, messages }) => {
      const current = get().messages[conversationId];
      if (current === undefined) {
        // Not loaded: it will be read when opened, or applied over the page on its way.
        holdChange(conversationId, { kind: 'changed', messages });
        return;
      }
      set({ messages: { ...get().messages, [conversationId]: mergeMessages(current, messages) } });
      if (get().selected === conversationId && document.hasFocus()) {
        void bridge.invoke('conversations.markRead', { conversationId });
      }
    });
    // Progress and state of one attachment: patched into its message, which stays the one truth.
    bridge.on('attachments.changed', ({ conversationId, messageId, attachment }) => {
      const current = get().messages[conversationId];
      if (current === undefined) return;
      set({
        messages: {
          ...get().messages,
          [conversationId]: current.map((m) =>
            m.id === messageId
              ? { ...m, attachments: m.attachments.map((a) => (a.id === attachment.id ? attachment : a)) }
              : m,
          ),
        },
      });
    });
    bridge.on('messages.deleted', ({ conversationId, ids }) => {
      const current = get().messages[conversationId];
      const gone = new Set(ids);
      if (current === undefined) holdChange(conversationId, { kind: 'deleted', ids });
      else set({ messages: { ...get().messages, [conversationId]: current.filter((m) => !gone.has(m.id)) } });
      const info = get().info;
      if (info && gone.has(info.id)) set({ info: undefined });
    });
    const typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
    bridge.on('typing.changed', ({ conversationId, typing }) => {
      set({ typing: { ...get().typing, [conversationId]: typing } });
      // A lost "stopped" must not leave "is typing…" on screen for ever.
      clearTimeout(typingTimers.get(conversationId));
      if (typing) {
        typingTimers.set(
          conversationId,
          setTimeout(() => {
            set({ typing: { ...get().typing, [conversationId]: false } });
          }, 20_000),
        );
      }
    });
    if (conversations) return;
    const list = await bridge.invoke('conversations.list', {});
    if (list.ok) set({ conversations: list.value });
  },

  async select(conversationId) {
    const seq = ++selectSeq;
    const bridge = get().bridge;
    if (!bridge || conversationId === undefined || get().messages[conversationId] !== undefined) {
      set({ selected: conversationId, focus: undefined });
      if (!bridge || conversationId === undefined) return;
    } else {
      // Not read yet: the view and its newest messages come in one render, so the first frame
      // shows them (issue #15: ≤ 50 ms to first paint), instead of an empty view a frame before.
      // An answer that takes long shows the view first, so the click is never left unanswered.
      const early = setTimeout(() => {
        if (seq === selectSeq) set({ selected: conversationId, focus: undefined });
      }, SHOW_VIEW_AFTER_MS);
      const { page, messages } = await firstPage(bridge, conversationId);
      clearTimeout(early);
      const loaded =
        page.ok && messages
          ? {
              messages: { ...get().messages, [conversationId]: messages },
              hasOlder: { ...get().hasOlder, [conversationId]: page.value.length === FIRST_PAGE },
            }
          : {};
      // Another conversation chosen meanwhile: this page is kept, the later choice stays shown.
      if (seq !== selectSeq) {
        set(loaded);
        return;
      }
      set({ ...loaded, selected: conversationId, focus: undefined });
    }
    // After the opened conversation's first paint: marking it read changes the conversation list
    // (an event, a render of the list), which must not delay that paint.
    requestAnimationFrame(() => {
      setTimeout(() => {
        void bridge.invoke('conversations.markRead', { conversationId });
      }, 0);
    });
  },

  prefetch(conversationId) {
    const bridge = get().bridge;
    if (bridge && get().messages[conversationId] === undefined) void firstPage(bridge, conversationId);
  },

  setShowRequests(showRequests) {
    set({ showRequests });
  },

  async loadOlder(conversationId) {
    const bridge = get().bridge;
    const current = get().messages[conversationId] ?? [];
    if (!bridge || get().hasOlder[conversationId] !== true) return;
    const oldest = current[0];
    const before = oldest ? { shownAt: oldest.shownAt, id: oldest.id } : null;
    const page = await bridge.invoke('messages.page', { conversationId, before, limit: PAGE });
    if (page.ok) {
      set({
        messages: { ...get().messages, [conversationId]: mergeMessages(current, page.value) },
        hasOlder: { ...get().hasOlder, [conversationId]: page.value.length === PAGE },
      });
    }
  },

  async send(conversationId, body, attachments = []) {
    const bridge = get().bridge;
    if (!bridge) return false;
    const replyTo = get().replyTo[conversationId];
    const r = await bridge.invoke('messages.send', {
      conversationId,
      body,
      ...(replyTo !== undefined ? { replyTo: replyTo.id } : {}),
      ...(attachments.length > 0 ? { attachments: [...attachments] } : {}),
    });
    if (!r.ok) {
      set({ error: r.error });
      return false;
    }
    const current = get().messages[conversationId];
    if (current === undefined) holdChange(conversationId, { kind: 'changed', messages: [r.value] });
    set({
      ...(current !== undefined
        ? { messages: { ...get().messages, [conversationId]: withAnswer(current, r.value) } }
        : {}),
      replyTo: { ...get().replyTo, [conversationId]: undefined },
    });
    return true;
  },

  setReplyTo(conversationId, message) {
    set({ replyTo: { ...get().replyTo, [conversationId]: message } });
  },

  async react(messageId, emoji, remove) {
    const bridge = get().bridge;
    if (!bridge) return;
    const r = await bridge.invoke('messages.react', { messageId, emoji, remove });
    if (!r.ok) {
      set({ error: r.error });
      return;
    }
    const m = r.value;
    const current = get().messages[m.conversationId];
    if (current !== undefined)
      set({ messages: { ...get().messages, [m.conversationId]: withAnswer(current, m) } });
    if (!remove) await get().loadRecent();
  },

  async loadRecent() {
    const r = await get().bridge?.invoke('reactions.recent', {});
    if (r?.ok) set({ recent: r.value });
  },

  async unsend(messageId) {
    const r = await get().bridge?.invoke('messages.unsend', { messageId });
    if (r && !r.ok) set({ error: r.error });
  },

  /**
   * Brings the quoted message into view: pages older messages in (the list is virtualised and
   * loads 100 at a time) until it is loaded or the conversation's start is reached.
   */
  async jumpTo(conversationId, quote) {
    // Main looked the original up: without a local id it is not on this computer, and paging
    // through the whole conversation would not find it.
    const target = quote.messageId;
    if (target === null) return false;
    const find = () => (get().messages[conversationId] ?? []).find((m) => m.id === target);
    let found = find();
    while (found === undefined && get().hasOlder[conversationId] === true) {
      const before = get().messages[conversationId]?.length ?? 0;
      await get().loadOlder(conversationId);
      if ((get().messages[conversationId]?.length ?? 0) === before) break;
      found = find();
    }
    if (found === undefined) return false;
    set({ jump: { conversationId, id: found.id, seq: (get().jump?.seq ?? 0) + 1 } });
    return true;
  },

  async resend(messageId) {
    const r = await get().bridge?.invoke('messages.resend', { messageId });
    if (r && !r.ok) set({ error: r.error });
  },

  async remove(messageId) {
    const r = await get().bridge?.invoke('messages.delete', { messageId });
    if (r && !r.ok) set({ error: r.error });
  },

  showInfo(message) {
    set({ info: message ? { conversationId: message.conversationId, id: message.id } : undefined });
  },

  async accept(conversationId) {
    const r = await get().bridge?.invoke('requests.accept', { conversationId });
    // An accepted request is an ordinary conversation: show it among them.
    if (r?.ok) set({ showRequests: false });
    else if (r) set({ error: r.error });
  },

  async decline(conversationId) {
    const r = await get().bridge?.invoke('requests.decline', { conversationId });
    if (r?.ok) set({ selected: undefined });
    else if (r) set({ error: r.error });
  },

  async block(conversationId) {
    const r = await get().bridge?.invoke('contacts.setBlocked', { sessionId: conversationId, blocked: true });
    if (r?.ok) set({ selected: undefined });
    else if (r) set({ error: r.error });
  },

  async open(sessionId) {
    const bridge = get().bridge;
    if (!bridge) return undefined;
    const r = await bridge.invoke('conversations.open', { sessionId });
    if (!r.ok) return r.error;
    set({ showRequests: false });
    await get().select(r.value.id);
    return undefined;
  },

  clearError() {
    set({ error: undefined });
  },

  async setDisappearing(conversationId, setting) {
    const r = await get().bridge?.invoke('conversations.setDisappearing', { conversationId, setting });
    if (!r) return;
    if (!r.ok) {
      set({ error: r.error });
      return;
    }
    const current = get().messages[conversationId];
    if (current !== undefined)
      set({ messages: { ...get().messages, [conversationId]: withAnswer(current, r.value) } });
  },

  async search(text) {
    const bridge = get().bridge;
    if (!bridge) return;
    if (text.trim() === '') {
      set({ found: undefined });
      return;
    }
    const seq = ++searchSeq;
    const r = await bridge.invoke('messages.search', { text, limit: 50 });
    // Answers may come back out of order while typing: only the latest search's is kept.
    if (r.ok && seq === searchSeq) set({ found: { text, hits: r.value } });
  },

  async openAt(conversationId, messageId) {
    set({ showRequests: get().conversations.find((c) => c.id === conversationId)?.isRequest === true });
    await get().select(conversationId);
    for (let i = 0; i < JUMP_MAX_PAGES; i++) {
      if ((get().messages[conversationId] ?? []).some((m) => m.id === messageId)) break;
      if (get().hasOlder[conversationId] !== true) break;
      await get().loadOlder(conversationId);
    }
    set({ focus: { conversationId, id: messageId } });
  },
}));
