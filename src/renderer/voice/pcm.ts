/** Sample arithmetic for voice messages: kept pure so unit tests can check it without audio. */

/** Float samples (−1…1) to 16-bit integers, clipped. */
export function floatToInt16(pcm: Float32Array): Int16Array {
  const out = new Int16Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) {
    const s = Math.max(-1, Math.min(1, pcm[i] ?? 0));
    out[i] = s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff);
  }
  return out;
}

/** The average of the channels: a voice message is mono. */
export function mixToMono(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (!first) return new Float32Array(0);
  if (channels.length === 1) return first;
  const out = new Float32Array(first.length);
  for (const c of channels)
    for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) + (c[i] ?? 0) / channels.length;
  return out;
}

/**
 * `bars` peak heights (0…1) for a waveform: the loudest sample of each slice, scaled so the
 * loudest bar is full height (a quiet recording still shows its shape).
 */
export function peaksOf(samples: Float32Array, bars: number): number[] {
  if (bars <= 0) return [];
  const peaks = new Array<number>(bars).fill(0);
  const slice = samples.length / bars;
  for (let b = 0; b < bars; b++) {
    const from = Math.floor(b * slice);
    const to = Math.max(from + 1, Math.floor((b + 1) * slice));
    let max = 0;
    for (let i = from; i < to && i < samples.length; i++) max = Math.max(max, Math.abs(samples[i] ?? 0));
    peaks[b] = max;
  }
  const loudest = Math.max(...peaks);
  return loudest > 0 ? peaks.map((p) => p / loudest) : peaks;
}
