/**
 * The message list's translation function, handed to its rows through a context.
 *
 * react-i18next's `useTranslation` is costly to mount: each call site copies the i18next
 * instance's property descriptors into a wrapper, builds its options and subscribes to language
 * changes. A bubble called it three or four times (the row, the bubble, its status mark, its
 * reactions), so opening a conversation mounted about fifty of them before the first paint
 * (issue #15). The list calls it once; its rows read the same `t` here, and re-render with the
 * list when the language changes (a new value of the context).
 */
import { createContext, useContext } from 'react';
import type { useTranslation } from 'react-i18next';

export interface ListWords {
  readonly t: ReturnType<typeof useTranslation>['t'];
  readonly language: string;
}

export const ListWordsContext = createContext<ListWords | undefined>(undefined);

/** The list's `t` and language; only the message list's rows may call it (it provides them). */
export function useListWords(): ListWords {
  const words = useContext(ListWordsContext);
  if (words === undefined) throw new Error('useListWords outside the message list');
  return words;
}
