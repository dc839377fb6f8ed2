import { lazy, Suspense, useState, type ComponentType } from 'react';

/**
 * Screens that are not on the first screen (the conversation list): each is a chunk of its own,
 * so the script that must run before the window is usable stays small (issue #15, cold start).
 * A call site uses the wrapper like the component itself.
 */
interface Deferred<P extends object> {
  readonly Component: ComponentType<P>;
  /** Fetches the chunk (once); shown afterwards, the screen renders in the same frame. */
  readonly prefetch: () => Promise<unknown>;
}

function deferred<P extends object>(load: () => Promise<ComponentType<P>>): Deferred<P> {
  let loaded: ComponentType<P> | undefined;
  let fetching: Promise<ComponentType<P>> | undefined;
  const fetchOnce = (): Promise<ComponentType<P>> => {
    fetching ??= load().then(
      (component) => {
        loaded = component;
        return component;
      },
      (error: unknown) => {
        fetching = undefined; // the next showing tries again
        throw error;
      },
    );
    return fetching;
  };
  const Lazy = lazy(() => fetchOnce().then((component) => ({ default: component })));
  function Component(props: P) {
    // Fixed for this mounting: switching from the lazy path to the direct one later would mount
    // the screen again and lose its state (a draft in the composer).
    const [Ready] = useState(() => loaded);
    // Already fetched: rendered at once. A lazy component suspends at least once even then, and
    // React holds a revealed Suspense fallback for up to 300 ms (its throttling), which would
    // delay every first opening of a conversation.
    if (Ready) return <Ready {...props} />;
    return (
      <Suspense fallback={null}>
        <Lazy {...props} />
      </Suspense>
    );
  }
  return { Component, prefetch: fetchOnce };
}

// What a click on the list opens: fetched right after the first paint.
const conversationView = deferred(() =>
  import('./messaging/ConversationView').then((m) => m.ConversationView),
);
const newConversation = deferred(() => import('./messaging/NewConversation').then((m) => m.NewConversation));
const roomView = deferred(() => import('./communities/RoomView').then((m) => m.RoomView));
// The rest: fetched when the page is idle. A group's panel and the new group form too: with
// their member pickers and picture pickers they were ~5 % of the first screen's script (the
// entry, whose parse the first render waits for).
const groupPanel = deferred(() => import('./groups/GroupPanel').then((m) => m.GroupPanel));
const newGroup = deferred(() => import('./groups/NewGroup').then((m) => m.NewGroup));
const joinCommunity = deferred(() => import('./communities/JoinCommunity').then((m) => m.JoinCommunity));
const quickSwitcher = deferred(() => import('./shortcuts/QuickSwitcher').then((m) => m.QuickSwitcher));
const shortcutsSheet = deferred(() => import('./shortcuts/ShortcutsSheet').then((m) => m.ShortcutsSheet));

export const ConversationView = conversationView.Component;
export const NewConversation = newConversation.Component;
export const RoomView = roomView.Component;
export const GroupPanel = groupPanel.Component;
export const NewGroup = newGroup.Component;
export const JoinCommunity = joinCommunity.Component;
export const QuickSwitcher = quickSwitcher.Component;
export const ShortcutsSheet = shortcutsSheet.Component;

/**
 * Called once the first screen is rendered: what a click on the list shows comes first (its
 * script compiles while the user looks at the list), the rest when nothing else happens.
 */
export function prefetchScreens(): void {
  const fetchAll = (screens: readonly Pick<Deferred<object>, 'prefetch'>[]) => {
    // Only a head start: a screen shown later fetches it again if this failed.
    for (const screen of screens) screen.prefetch().catch(() => undefined);
  };
  requestIdleCallback(
    () => {
      fetchAll([conversationView, newConversation, roomView]);
    },
    { timeout: 200 },
  );
  requestIdleCallback(() => {
    fetchAll([groupPanel, newGroup, joinCommunity, quickSwitcher, shortcutsSheet]);
  });
}
