import { useEffect, useState } from 'react';
import { peaksOf } from './pcm';

export const WAVEFORM_BARS = 48;

/**
 * Peaks of a sound (decoded once, here; nothing is kept but the bar heights). From the Blob, not
 * its blob: URL: the CSP's connect-src does not let fetch() read blob: URLs.
 */
export function useWaveform(
  blob: Blob | undefined,
): { peaks: readonly number[]; seconds: number } | undefined {
  const [shape, setShape] = useState<{ peaks: readonly number[]; seconds: number } | undefined>();
  useEffect(() => {
    if (blob === undefined) return;
    const run = { cancelled: false };
    void (async () => {
      try {
        const bytes = await blob.arrayBuffer();
        // An OfflineAudioContext decodes without touching the audio output device.
        const audio = await new OfflineAudioContext(1, 1, 44_100).decodeAudioData(bytes);
        if (!run.cancelled)
          setShape({ peaks: peaksOf(audio.getChannelData(0), WAVEFORM_BARS), seconds: audio.duration });
      } catch {
        // Not decodable: the player shows a flat line and still plays what the browser can.
      }
    })();
    return () => {
      run.cancelled = true;
    };
  }, [blob]);
  return shape;
}
