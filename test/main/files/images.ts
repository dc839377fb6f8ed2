/** Test images: real PNGs made with pngjs (no binary fixtures in the repository). */
import { PNG } from 'pngjs';

export function testPng(size = 64, seed = 1): Uint8Array {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      png.data[i] = (x * 4 * seed) & 0xff;
      png.data[i + 1] = (y * 4) & 0xff;
      png.data[i + 2] = ((x + y) * 2 + seed * 40) & 0xff;
      png.data[i + 3] = 0xff;
    }
  return new Uint8Array(PNG.sync.write(png));
}

/** True when `needle` occurs anywhere in `hay` (plaintext-on-disk checks). */
export function contains(hay: Uint8Array, needle: Uint8Array): boolean {
  return Buffer.from(hay).indexOf(Buffer.from(needle)) >= 0;
}
