import { lazy, Suspense, type ComponentType } from 'react';

/**
 * Screens that are not on the first screen (the conversation list): each is a chunk of its own,
 * so the script that must run before the window is usable stays small (issue #15, cold start).
 * Each wrapper has its own Suspense boundary, so a call site uses it like the component itself.
 */
function deferred<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Lazy = lazy(() => load().then((component) => ({ default: component })));
  function Deferred(props: P) {
    return (
      <Suspense fallback={null}>
        <Lazy {...props} />
      </Suspense>
    );
  }
  return Deferred;
}

// What a click on the list opens: fetched right after the first paint.
const loadConversationView = () => import('./messaging/ConversationView').then((m) => m.ConversationView);
const loadNewConversation = () => import('./messaging/NewConversation').then((m) => m.NewConversation);
const loadRoomView = () => import('./communities/RoomView').then((m) => m.RoomView);
// The rest: fetched when the page is idle.
const loadJoinCommunity = () => import('./communities/JoinCommunity').then((m) => m.JoinCommunity);
const loadQuickSwitcher = () => import('./shortcuts/QuickSwitcher').then((m) => m.QuickSwitcher);
const loadShortcutsSheet = () => import('./shortcuts/ShortcutsSheet').then((m) => m.ShortcutsSheet);

export const ConversationView = deferred(loadConversationView);
export const NewConversation = deferred(loadNewConversation);
export const RoomView = deferred(loadRoomView);
export const JoinCommunity = deferred(loadJoinCommunity);
export const QuickSwitcher = deferred(loadQuickSwitcher);
export const ShortcutsSheet = deferred(loadShortcutsSheet);

/**
 * Called once the first screen is painted: what a click on the list shows comes at once (its
 * script compiles while the user looks at the list), the rest when nothing else happens.
 */
export function prefetchScreens(): void {
  const fetchAll = (loads: readonly (() => Promise<unknown>)[]) => {
    // Only a head start: the screen's own boundary fetches it (again) when it is shown.
    for (const load of loads) load().catch(() => undefined);
  };
  requestIdleCallback(
    () => {
      fetchAll([loadConversationView, loadNewConversation, loadRoomView]);
    },
    { timeout: 200 },
  );
  requestIdleCallback(() => {
    fetchAll([loadJoinCommunity, loadQuickSwitcher, loadShortcutsSheet]);
  });
}
