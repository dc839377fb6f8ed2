import { useEffect } from 'react';
import { useStaging } from '../attachments/staging';
import { useDrafts } from './drafts';
import { useMessaging } from './store';

/**
 * Leaving a conversation opened by Account ID and never used (`unused`: no message, no request)
 * discards it, as Session and Signal show such a conversation only while it is open. Kept when
 * it is still the selected one (another screen took the pane, or another section is shown) or
 * when files or text wait in its composer (a draft). Main checks again that nothing used it meanwhile.
 */
export function useDiscardUnused(conversationId: string): void {
  useEffect(
    () => () => {
      const s = useMessaging.getState();
      if (s.selected === conversationId) return;
      if (s.conversations.find((c) => c.id === conversationId)?.unused !== true) return;
      if ((useStaging.getState().items[conversationId] ?? []).length > 0) return;
      if ((useDrafts.getState().text[conversationId] ?? '') !== '') return;
      void s.bridge?.invoke('conversations.discardUnused', { conversationId });
    },
    [conversationId],
  );
}
