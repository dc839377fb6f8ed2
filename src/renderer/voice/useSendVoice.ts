import { useCallback } from 'react';
import { bytesToBase64 } from '../attachments/base64';
import { useMessaging } from '../messaging/store';
import { useApp } from '../store';
import type { VoiceClip } from './useRecorder';

/** "voice-message-2026-12-06-124100.mp3": a name that sorts by date in the recipient's folder. */
export function voiceFileName(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `voice-message-${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}-${p(at.getHours())}${p(
    at.getMinutes(),
  )}${p(at.getSeconds())}.mp3`;
}

/**
 * Sends a recorded clip at once, on its own (as Session does): staged as an MP3 with the voice
 * flag, then sent with an empty body. The reply being written, if any, goes with it.
 */
export function useSendVoice(conversationId: string): (clip: VoiceClip) => void {
  const bridge = useApp((s) => s.bridge);
  const send = useMessaging((s) => s.send);
  return useCallback(
    (clip: VoiceClip) => {
      if (!bridge) return;
      void (async () => {
        const staged = await bridge.invoke('attachments.stage', {
          fileName: voiceFileName(new Date()),
          contentType: 'audio/mpeg',
          data: bytesToBase64(clip.mp3),
          voice: true,
        });
        if (!staged.ok) {
          useMessaging.setState({ error: staged.error });
          return;
        }
        await send(conversationId, '', [staged.value.stagedId]);
      })();
    },
    [bridge, send, conversationId],
  );
}
