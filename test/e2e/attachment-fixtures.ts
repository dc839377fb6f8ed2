/** Files made by the attachment tests themselves (no binary fixtures in the repository). */
import { randomBytes } from 'node:crypto';
import { PNG } from 'pngjs';

/** A landscape-like picture: a sky gradient in `hue`, a sun, hills; different per `hue`. */
export function picture(width: number, height: number, hue: number): Buffer {
  const png = new PNG({ width, height });
  const sunX = width * (0.25 + (hue % 90) / 180);
  const sunY = height * 0.3;
  const sunR = Math.min(width, height) * 0.12;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const hill = height * (0.65 + 0.08 * Math.sin((x / width) * Math.PI * 3 + hue));
      let [r, g, b] = hsl(hue, 0.6, 0.75 - (0.35 * y) / height);
      if (Math.hypot(x - sunX, y - sunY) < sunR) [r, g, b] = [255, 214, 102];
      if (y > hill) [r, g, b] = hsl((hue + 120) % 360, 0.45, 0.35 + (0.1 * (height - y)) / height);
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = 255;
    }
  return PNG.sync.write(png);
}

function hsl(h: number, s: number, l: number): [number, number, number] {
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const hp = h / 60;
  const x = c * (1 - Math.abs((hp % 2) - 1));
  const [r, g, b] =
    hp < 1
      ? [c, x, 0]
      : hp < 2
        ? [x, c, 0]
        : hp < 3
          ? [0, c, x]
          : hp < 4
            ? [0, x, c]
            : hp < 5
              ? [x, 0, c]
              : [c, 0, x];
  const m = l - c / 2;
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

/**
 * A mono 16-bit WAV for Chromium's fake microphone: a tone whose loudness rises and falls, so a
 * voice message recorded from it has a waveform worth looking at.
 */
export function spokenWav(seconds: number, rate = 48_000): Buffer {
  const n = Math.round(seconds * rate);
  const data = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    const envelope = 0.15 + 0.85 * Math.abs(Math.sin(t * Math.PI * 1.7)) * (0.6 + 0.4 * Math.sin(t * 5.3));
    const sample = envelope * 0.8 * Math.sin(2 * Math.PI * (220 + 40 * Math.sin(t * 3)) * t);
    data.writeInt16LE(Math.round(sample * 32767), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** Incompressible bytes: a document large enough that its upload shows a progress bar. */
export function randomDocument(bytes: number): Buffer {
  return randomBytes(bytes);
}
