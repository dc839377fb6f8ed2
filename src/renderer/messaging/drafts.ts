import { create } from 'zustand';

/**
 * What is typed in each conversation's composer and not yet sent, kept while the window is open:
 * switching conversations leaves each one its own text (as Session and Signal do) instead of
 * carrying it into the next conversation, where Enter would send it to someone else.
 */
interface DraftsState {
  readonly text: Readonly<Record<string, string>>;
  readonly set: (conversationId: string, text: string) => void;
}

export const useDrafts = create<DraftsState>()((set, get) => ({
  text: {},
  set: (conversationId, text) => {
    if ((get().text[conversationId] ?? '') === text) return;
    // An emptied draft is forgotten: the map holds only conversations with something typed.
    const next = Object.fromEntries(Object.entries(get().text).filter(([id]) => id !== conversationId));
    set({ text: text === '' ? next : { ...next, [conversationId]: text } });
  },
}));
