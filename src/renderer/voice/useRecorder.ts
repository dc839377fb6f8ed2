import { useCallback, useEffect, useRef, useState } from 'react';
import { VOICE_MAX_SECONDS } from '../../shared/ipc/attachments';
import { decodeToMono, encodeMp3 } from './encode';

export type RecorderState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'recording'; readonly seconds: number }
  | { readonly phase: 'encoding' }
  | { readonly phase: 'error'; readonly error: 'denied' | 'unavailable' | 'failed' };

/** A finished voice message: MP3 bytes and how long it lasts. */
export interface VoiceClip {
  readonly mp3: Uint8Array;
  readonly seconds: number;
}

/**
 * Records from the microphone. The permission is asked when recording starts (never before), and
 * the microphone is released as soon as it stops: the browser's "in use" light goes out. Stops by
 * itself at Session's limit, VOICE_MAX_SECONDS, and hands the clip to `onClip`.
 */
export function useRecorder(onClip: (clip: VoiceClip) => void): {
  readonly state: RecorderState;
  readonly start: () => Promise<void>;
  readonly finish: () => void;
  readonly cancel: () => void;
} {
  const [state, setState] = useState<RecorderState>({ phase: 'idle' });
  const recorder = useRef<MediaRecorder | undefined>(undefined);
  const stream = useRef<MediaStream | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setInterval> | undefined>(undefined);
  const startedAt = useRef(0);
  const keep = useRef(false);
  const onClipRef = useRef(onClip);
  useEffect(() => {
    onClipRef.current = onClip;
  });

  const release = useCallback(() => {
    clearInterval(timer.current);
    timer.current = undefined;
    for (const track of stream.current?.getTracks() ?? []) track.stop();
    stream.current = undefined;
    recorder.current = undefined;
  }, []);

  const stop = useCallback(
    (send: boolean) => {
      keep.current = send;
      const r = recorder.current;
      if (r && r.state !== 'inactive') r.stop();
      else release();
    },
    [release],
  );

  const start = useCallback(async () => {
    if (recorder.current) return;
    let media: MediaStream;
    try {
      media = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    } catch (e) {
      const denied =
        e instanceof DOMException && (e.name === 'NotAllowedError' || e.name === 'SecurityError');
      setState({ phase: 'error', error: denied ? 'denied' : 'unavailable' });
      return;
    }
    stream.current = media;
    const chunks: Blob[] = [];
    const r = new MediaRecorder(media);
    recorder.current = r;
    r.ondataavailable = (e) => {
      if (e.data.size > 0) chunks.push(e.data);
    };
    r.onstop = () => {
      const seconds = Math.min(VOICE_MAX_SECONDS, (performance.now() - startedAt.current) / 1000);
      release();
      if (!keep.current || chunks.length === 0) {
        setState({ phase: 'idle' });
        return;
      }
      setState({ phase: 'encoding' });
      void (async () => {
        try {
          const { pcm, sampleRate } = await decodeToMono(new Blob(chunks, { type: r.mimeType }));
          // Never longer than Session's limit, even if the last chunk ran over a little.
          const limited = pcm.subarray(0, Math.min(pcm.length, VOICE_MAX_SECONDS * sampleRate));
          const mp3 = await encodeMp3(limited, sampleRate);
          setState({ phase: 'idle' });
          onClipRef.current({ mp3, seconds });
        } catch {
          setState({ phase: 'error', error: 'failed' });
        }
      })();
    };
    startedAt.current = performance.now();
    keep.current = false;
    r.start(250);
    setState({ phase: 'recording', seconds: 0 });
    timer.current = setInterval(() => {
      const seconds = (performance.now() - startedAt.current) / 1000;
      if (seconds >= VOICE_MAX_SECONDS) stop(true);
      else setState({ phase: 'recording', seconds });
    }, 200);
  }, [release, stop]);

  // Leaving the conversation mid-recording drops the recording and frees the microphone.
  useEffect(
    () => () => {
      keep.current = false;
      const r = recorder.current;
      if (r && r.state !== 'inactive') r.stop();
      release();
    },
    [release],
  );

  return {
    state,
    start,
    finish: () => {
      stop(true);
    },
    cancel: () => {
      stop(false);
    },
  };
}
