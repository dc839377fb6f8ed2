import { Mp3Encoder } from '@breezystack/lamejs';
import { floatToInt16 } from './pcm';

/**
 * MP3 encoding off the UI thread (a 300 s recording takes a few seconds of CPU). Session desktop
 * sends voice messages as MP3, and its mobile apps play them. Mono at 64 kb/s: speech, and 300 s
 * stays at 2.4 MB, far under the 10 MB limit.
 */
export interface EncodeRequest {
  readonly pcm: Float32Array;
  readonly sampleRate: number;
}

const KBPS = 64;
/** lamejs wants blocks of a multiple of 576 samples; 1152 is one MPEG-1 frame. */
const BLOCK = 1152;

self.onmessage = (event: MessageEvent<EncodeRequest>) => {
  const { pcm, sampleRate } = event.data;
  const encoder = new Mp3Encoder(1, sampleRate, KBPS);
  const samples = floatToInt16(pcm);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < samples.length; i += BLOCK) {
    const out = encoder.encodeBuffer(samples.subarray(i, i + BLOCK));
    if (out.length > 0) parts.push(out);
  }
  const tail = encoder.flush();
  if (tail.length > 0) parts.push(tail);
  const mp3 = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    mp3.set(p, at);
    at += p.length;
  }
  self.postMessage(mp3, { transfer: [mp3.buffer] });
};
