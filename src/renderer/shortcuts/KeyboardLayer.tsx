import { useEffect } from 'react';
import { useMessaging } from '../messaging/store';
import { useApp } from '../store';
import { listOrder, stepConversation } from './conversation-order';
import { openConversation } from './open-conversation';
import { QuickSwitcher, ShortcutsSheet } from '../deferred-screens';
import { useKeyboardUi } from './store';

/** Focuses the conversation search field (Ctrl+F), switching to Conversations first. */
function focusSearch(): void {
  useApp.getState().setSection('conversations');
  requestAnimationFrame(() => {
    const input = document.querySelector<HTMLInputElement>('.list-pane input[type="search"]');
    input?.focus();
    input?.select();
  });
}

/**
 * The app-wide keyboard (issue #20 item 2): Ctrl+/ the shortcuts sheet, Ctrl+K the quick
 * switcher, Ctrl+F search, Alt+↑/↓ previous/next conversation, Ctrl+L lock; and the desktop
 * shell's commands (Help menu, a notification clicked).
 */
export function KeyboardLayer() {
  const open = useKeyboardUi((s) => s.open);
  const show = useKeyboardUi((s) => s.show);
  const close = useKeyboardUi((s) => s.close);
  const bridge = useApp((s) => s.bridge);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const mod = (e.ctrlKey || e.metaKey) && !e.altKey;
      const key = e.key.toLowerCase();
      if (mod && (key === '/' || e.code === 'Slash')) {
        e.preventDefault();
        show('sheet');
      } else if (mod && !e.shiftKey && key === 'k') {
        e.preventDefault();
        show('switcher');
      } else if (mod && !e.shiftKey && key === 'f') {
        e.preventDefault();
        close();
        focusSearch();
      } else if (mod && !e.shiftKey && key === 'l') {
        e.preventDefault();
        void bridge?.invoke('account.lock', {}).then((r) => {
          if (!r.ok) useApp.setState({ lastError: r.error });
        });
      } else if (e.altKey && !e.ctrlKey && !e.metaKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
        if (useKeyboardUi.getState().open !== undefined) return;
        const m = useMessaging.getState();
        const next = stepConversation(
          listOrder(m.conversations, m.showRequests),
          m.selected,
          e.key === 'ArrowDown' ? 1 : -1,
        );
        if (next === undefined) return;
        e.preventDefault();
        openConversation(next);
        // Keep the keyboard where it was used: the list item of the opened conversation.
        requestAnimationFrame(() => {
          document.querySelector<HTMLElement>(`[data-testid="conversation-${next}"]`)?.focus();
        });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [bridge, show, close]);

  useEffect(() => {
    if (!bridge) return undefined;
    return bridge.on('app.command', (c) => {
      if (c.type === 'showShortcuts') show('sheet');
      else openConversation(c.conversationId);
    });
  }, [bridge, show]);

  if (open === 'sheet') return <ShortcutsSheet onClose={close} />;
  if (open === 'switcher') return <QuickSwitcher onClose={close} />;
  return null;
}
