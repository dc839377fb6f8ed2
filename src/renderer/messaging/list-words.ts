/**
 * The message list's translation function, handed to its rows through a context.
 *
 * react-i18next's `useTranslation` is costly to mount: each call site copies the i18next
 * instance's property descriptors into a wrapper, builds its options and subscribes to language
 * changes. A bubble called it three or four times (the row, the bubble, its status mark, its
 * reactions), so opening a conversation mounted about fifty of them before the first paint
 * (issue #15). The list calls it once; its rows read the same `t` here, and re-render with the
 * list when the language changes (a new value of the context).
 *
 * Each `t` call copies i18next's options (about eighty fields) and resolves the key again, and a
 * bubble asked for the same few words up to five times: `word` and `senderName` keep each answer
 * for the list's language, so a page of bubbles asks i18next once per distinct word.
 */
import { createContext, useContext } from 'react';
import type { useTranslation } from 'react-i18next';
import { isolate } from '../security/bidi';

type T = ReturnType<typeof useTranslation>['t'];

export interface ListWords {
  readonly t: T;
  readonly language: string;
  /** `t(key)` of a key without values, kept. */
  readonly word: (key: string) => string;
  /** "Message from {name}" for assistive technology, kept per name. */
  readonly senderName: (name: string) => string;
}

/** The words of one list in one language (a new `t` is a new language: make new words). */
export function listWords(t: T, language: string): ListWords {
  const words = new Map<string, string>();
  const senders = new Map<string, string>();
  return {
    t,
    language,
    word: (key) => {
      let w = words.get(key);
      if (w === undefined) {
        w = t(key);
        words.set(key, w);
      }
      return w;
    },
    senderName: (name) => {
      let w = senders.get(name);
      if (w === undefined) {
        w = t('messaging.senderName', { name: isolate(name) });
        senders.set(name, w);
      }
      return w;
    },
  };
}

export const ListWordsContext = createContext<ListWords | undefined>(undefined);

/** The list's `t` and language; only the message list's rows may call it (it provides them). */
export function useListWords(): ListWords {
  const words = useContext(ListWordsContext);
  if (words === undefined) throw new Error('useListWords outside the message list');
  return words;
}
