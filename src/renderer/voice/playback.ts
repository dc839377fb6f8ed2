import { create } from 'zustand';
import { useMessaging } from '../messaging/store';

/**
 * Which voice message plays: one at a time, and when one ends the next voice message of the
 * conversation starts by itself (as in Session), if its row is on screen.
 */
interface PlaybackState {
  /** The attachment playing now. */
  readonly playing: string | undefined;
  /** The attachment asked to start by autoplay (its player starts it once its sound is loaded). */
  readonly queued: string | undefined;
  started: (attachmentId: string) => void;
  paused: (attachmentId: string) => void;
  ended: (conversationId: string, attachmentId: string) => void;
  /** Its player took the autoplay request. */
  take: (attachmentId: string) => void;
}

/** The voice attachment after `attachmentId` in the conversation's loaded messages, if any. */
export function nextVoice(conversationId: string, attachmentId: string): string | undefined {
  const messages = useMessaging.getState().messages[conversationId] ?? [];
  let passed = false;
  for (const m of messages) {
    for (const a of m.attachments) {
      if (passed && a.voice && !m.deleted) return a.id;
      if (a.id === attachmentId) passed = true;
    }
  }
  return undefined;
}

export const usePlayback = create<PlaybackState>()((set, get) => ({
  playing: undefined,
  queued: undefined,
  started(attachmentId) {
    set({ playing: attachmentId });
  },
  paused(attachmentId) {
    if (get().playing === attachmentId) set({ playing: undefined });
  },
  ended(conversationId, attachmentId) {
    set({ playing: undefined, queued: nextVoice(conversationId, attachmentId) });
  },
  take(attachmentId) {
    if (get().queued === attachmentId) set({ queued: undefined });
  },
}));
