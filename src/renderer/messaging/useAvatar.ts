import { useEffect } from 'react';
import { create } from 'zustand';
import type { VeilBridge } from '../../shared/ipc/bridge';
import { useApp } from '../store';

/**
 * Pictures by Session ID as `data:` URLs (null: none, initials are shown). One request per person
 * however many avatars show them; `avatars.changed` forgets the named ones so visible avatars
 * ask again.
 */
interface AvatarState {
  readonly urls: Readonly<Record<string, string | null>>;
  set: (sessionId: string, url: string | null) => void;
  forget: (sessionIds: readonly string[]) => void;
}

export const useAvatars = create<AvatarState>()((set) => ({
  urls: {},
  set(sessionId, url) {
    set((s) => ({ urls: { ...s.urls, [sessionId]: url } }));
  },
  forget(sessionIds) {
    const gone = new Set(sessionIds);
    set((s) => ({ urls: Object.fromEntries(Object.entries(s.urls).filter(([id]) => !gone.has(id))) }));
  },
}));

const loading = new Set<string>();
/**
 * Counts `avatars.changed` per Session ID: a picture read before a change (its answer may come
 * after the event, by another channel in the browser host) is not kept, and is read again.
 */
const changes = new Map<string, number>();
const listening = new WeakSet<VeilBridge>();

export function listenForAvatars(bridge: VeilBridge): void {
  if (listening.has(bridge)) return;
  listening.add(bridge);
  bridge.on('avatars.changed', ({ sessionIds }) => {
    for (const id of sessionIds) changes.set(id, (changes.get(id) ?? 0) + 1);
    useAvatars.getState().forget(sessionIds);
  });
}

export async function loadAvatar(bridge: VeilBridge, sessionId: string): Promise<void> {
  if (loading.has(sessionId)) return;
  loading.add(sessionId);
  try {
    // Initials show meanwhile: at start-up the list's twenty pictures must not compete with its
    // first frames (each is a call to the core), so they are asked for once the page is idle.
    await new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 1_000 }));
    // Changed while the answer travelled: that answer may show the old picture, so ask again.
    for (;;) {
      const seen = changes.get(sessionId) ?? 0;
      const r = await bridge.invoke('avatar.get', { sessionId });
      if ((changes.get(sessionId) ?? 0) !== seen) continue;
      useAvatars.getState().set(sessionId, r.ok ? r.value.dataUrl : null);
      return;
    }
  } finally {
    loading.delete(sessionId);
  }
}

export function useAvatar(sessionId: string): string | null {
  const bridge = useApp((s) => s.bridge);
  const url = useAvatars((s) => s.urls[sessionId]);
  useEffect(() => {
    if (!bridge || sessionId === '') return;
    listenForAvatars(bridge);
    if (url === undefined) void loadAvatar(bridge, sessionId);
  }, [bridge, sessionId, url]);
  return url ?? null;
}
