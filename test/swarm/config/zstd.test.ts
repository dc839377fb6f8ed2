/** The zstd bound checks every frame and the total, not only the first frame (issue #14). */
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../../src/crypto/bytes';
import { zstdDecompressBounded } from '../../../src/swarm/config/zstd';

const CAP = 4 * 1024 * 1024;
const MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

function blockHeader(size: number, type: 0 | 1 | 2 | 3, last: boolean): Uint8Array {
  const h = (size << 3) | (type << 1) | (last ? 1 : 0);
  return Uint8Array.of(h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff);
}

/** One frame with a window descriptor (no single segment), holding `data` in one raw block. */
function windowedRawFrame(data: Uint8Array, windowLog: number): Uint8Array {
  const wd = (windowLog - 10) << 3;
  return concatBytes(Uint8Array.of(...MAGIC, 0x00, wd), blockHeader(data.length, 0, true), data);
}

/** A single-segment frame declaring its 4-byte content size, then `blocks`. */
function sizedFrame(declared: number, blocks: Uint8Array): Uint8Array {
  const size = Uint8Array.of(
    declared & 0xff,
    (declared >> 8) & 0xff,
    (declared >> 16) & 0xff,
    declared >>> 24,
  );
  return concatBytes(Uint8Array.of(...MAGIC, 0xa0), size, blocks);
}

/** `count` RLE blocks of 128 KiB each, from one byte each: the classic bomb. */
function rleBlocks(count: number): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < count; i++)
    parts.push(blockHeader(128 * 1024, 1, i === count - 1), Uint8Array.of(0x41));
  return concatBytes(...parts);
}

const hello = new TextEncoder().encode('hello');

describe('zstdDecompressBounded', () => {
  it('decompresses several well-formed frames, with a checksum and a skippable frame between', () => {
    const withChecksum = concatBytes(
      Uint8Array.of(...MAGIC, 0x04, 0x50), // checksum flag, 1 MiB window
      blockHeader(hello.length, 0, true),
      hello,
      Uint8Array.of(0, 0, 0, 0), // fzstd does not verify the checksum; it must still be skipped
    );
    const skippable = Uint8Array.of(0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 9, 9, 9);
    const out = zstdDecompressBounded(concatBytes(windowedRawFrame(hello, 12), skippable, withChecksum), CAP);
    expect(new TextDecoder().decode(out)).toBe('hellohello');
  });

  it('refuses a later frame whose window exceeds the cap (a small first frame hid it before)', () => {
    const bomb = concatBytes(windowedRawFrame(hello, 12), windowedRawFrame(hello, 26)); // 64 MiB window
    expect(zstdDecompressBounded(bomb, CAP)).toBeUndefined();
    // The same second frame with a sane window is fine: only the claim is refused.
    expect(
      zstdDecompressBounded(concatBytes(windowedRawFrame(hello, 12), windowedRawFrame(hello, 20)), CAP),
    ).toEqual(concatBytes(hello, hello));
  });

  it('refuses a later frame that declares more content than the cap', () => {
    const big = sizedFrame(CAP + 1, concatBytes(blockHeader(hello.length, 0, true), hello));
    expect(zstdDecompressBounded(concatBytes(windowedRawFrame(hello, 12), big), CAP)).toBeUndefined();
  });

  it('refuses frames whose declared sizes fit one by one but not together', () => {
    const quarter = sizedFrame(CAP / 2, rleBlocks(16)); // 16 × 128 KiB = 2 MiB
    expect(zstdDecompressBounded(quarter, CAP)?.length).toBe(CAP / 2);
    expect(zstdDecompressBounded(concatBytes(quarter, quarter, quarter), CAP)).toBeUndefined();
  });

  it('bounds the total output of a multi-frame RLE bomb without declared sizes', () => {
    // Each frame: 1 MiB window, 8 RLE blocks of 128 KiB from 4 bytes each (1 MiB out per frame).
    const frame = concatBytes(Uint8Array.of(...MAGIC, 0x00, 0x50), rleBlocks(8));
    const frames: Uint8Array[] = [];
    for (let i = 0; i < 64; i++) frames.push(frame);
    expect(zstdDecompressBounded(concatBytes(...frames), CAP)).toBeUndefined();
    expect(zstdDecompressBounded(concatBytes(frame, frame), CAP)?.length).toBe(2 * 1024 * 1024);
  });

  it('refuses blocks above the format limit, reserved block types, truncation and trailing junk', () => {
    const oversized = concatBytes(
      Uint8Array.of(...MAGIC, 0x00, 0x50),
      blockHeader(2 * 1024 * 1024 - 1, 1, true),
      Uint8Array.of(1),
    );
    expect(zstdDecompressBounded(oversized, CAP)).toBeUndefined();
    const reserved = concatBytes(
      Uint8Array.of(...MAGIC, 0x00, 0x50),
      blockHeader(1, 3, true),
      Uint8Array.of(1),
    );
    expect(zstdDecompressBounded(reserved, CAP)).toBeUndefined();
    const good = windowedRawFrame(hello, 12);
    expect(zstdDecompressBounded(good.subarray(0, good.length - 1), CAP)).toBeUndefined();
    expect(zstdDecompressBounded(concatBytes(good, Uint8Array.of(1, 2, 3)), CAP)).toBeUndefined();
    expect(zstdDecompressBounded(new Uint8Array(0), CAP)).toBeUndefined();
  });
});
