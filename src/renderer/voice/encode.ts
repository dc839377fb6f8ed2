import type { EncodeRequest } from './mp3-worker';
import { mixToMono } from './pcm';

/** The rate we decode the recording to and encode at (lamejs encodes 44.1 kHz MPEG-1 layer III). */
const SAMPLE_RATE = 44_100;

/** Decodes what MediaRecorder made (WebM/Opus) to mono PCM at SAMPLE_RATE. */
export async function decodeToMono(recording: Blob): Promise<{ pcm: Float32Array; sampleRate: number }> {
  const context = new OfflineAudioContext(1, 1, SAMPLE_RATE);
  const audio = await context.decodeAudioData(await recording.arrayBuffer());
  const channels = Array.from({ length: audio.numberOfChannels }, (_, i) => audio.getChannelData(i));
  return { pcm: mixToMono(channels), sampleRate: audio.sampleRate };
}

/** MP3 bytes of `pcm`, encoded in a worker (same origin, so `script-src 'self'` allows it). */
export function encodeMp3(pcm: Float32Array, sampleRate: number): Promise<Uint8Array> {
  const worker = new Worker(new URL('./mp3-worker.ts', import.meta.url), { type: 'module' });
  return new Promise<Uint8Array>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<Uint8Array>) => {
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message));
    };
    // A copy is ours to transfer (an AudioBuffer's channel data is not).
    const request: EncodeRequest = { pcm: pcm.slice(), sampleRate };
    worker.postMessage(request, [request.pcm.buffer]);
  });
}
