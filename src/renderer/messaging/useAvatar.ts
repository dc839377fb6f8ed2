import { useEffect } from 'react';
import { create } from 'zustand';
import { AVATAR_BATCH_MAX } from '../../shared/ipc/avatar';
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
  setMany: (urls: Readonly<Record<string, string | null>>) => void;
  forget: (sessionIds: readonly string[]) => void;
}

export const useAvatars = create<AvatarState>()((set) => ({
  urls: {},
  set(sessionId, url) {
    set((s) => ({ urls: { ...s.urls, [sessionId]: url } }));
  },
  setMany(urls) {
    set((s) => ({ urls: { ...s.urls, ...urls } }));
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

/** Avatars asked for before the same idle moment: read together, stored together. */
interface Batch {
  readonly bridge: VeilBridge;
  readonly ids: string[];
  readonly done: Promise<void>;
}
let open: Batch | undefined;

/** One `avatar.getMany` for `ids` (at most `AVATAR_BATCH_MAX`): null where the call failed. */
async function readSome(bridge: VeilBridge, ids: readonly string[]): Promise<(string | null)[]> {
  const r = await bridge.invoke('avatar.getMany', { sessionIds: [...ids] });
  return ids.map((_, i) => (r.ok ? (r.value.dataUrls[i] ?? null) : null));
}

/**
 * Reads `ids`' pictures and stores them in one update: the list's twenty avatars used to be
 * twenty store updates, so twenty React commits and frames right after the first screen, and
 * twenty calls, each crossing the host and the core's worker (issue #15, cold start); now one
 * update and one call (one per `AVATAR_BATCH_MAX` pictures).
 */
async function readAll(bridge: VeilBridge, ids: readonly string[]): Promise<void> {
  let pending = ids;
  while (pending.length > 0) {
    const asked = pending.map((id) => ({ id, seen: changes.get(id) ?? 0 }));
    const chunks: (typeof asked)[] = [];
    for (let i = 0; i < asked.length; i += AVATAR_BATCH_MAX)
      chunks.push(asked.slice(i, i + AVATAR_BATCH_MAX));
    const urls = (
      await Promise.all(
        chunks.map((chunk) =>
          readSome(
            bridge,
            chunk.map((x) => x.id),
          ),
        ),
      )
    ).flat();
    const read = asked.map((x, i) => ({ ...x, url: urls[i] ?? null }));
    // Changed while the answer travelled: that answer may show the old picture, so it is not
    // kept, and is asked again.
    const fresh = read.filter((x) => (changes.get(x.id) ?? 0) === x.seen);
    if (fresh.length > 0) useAvatars.getState().setMany(Object.fromEntries(fresh.map((x) => [x.id, x.url])));
    pending = read.filter((x) => !fresh.includes(x)).map((x) => x.id);
  }
}

function joinBatch(bridge: VeilBridge, sessionId: string): Promise<void> {
  let batch = open;
  if (batch?.bridge !== bridge) {
    const ids: string[] = [];
    // Initials show meanwhile: at start-up the list's twenty pictures must not compete with its
    // first frames (each is a call to the core), so they are asked for once the page is idle.
    const done = new Promise<void>((resolve) =>
      requestIdleCallback(() => resolve(), { timeout: 1_000 }),
    ).then(() => {
      if (open === batch) open = undefined; // asked from now on: the next batch
      return readAll(bridge, ids);
    });
    batch = { bridge, ids, done };
    open = batch;
  }
  batch.ids.push(sessionId);
  return batch.done;
}

export async function loadAvatar(bridge: VeilBridge, sessionId: string): Promise<void> {
  if (loading.has(sessionId)) return;
  loading.add(sessionId);
  try {
    await joinBatch(bridge, sessionId);
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
