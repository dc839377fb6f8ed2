/**
 * Bounded zstd decompression for `z`-prefixed config plaintexts (sync-groups-communities.md §1.3).
 *
 * Why not plain `fzstd.decompress`: it allocates the size a frame header *claims* (up to 2 GiB)
 * before reading any block, and it does so again for every frame of the input. So a hostile
 * plaintext of a small first frame followed by a frame claiming a 1 GiB window exhausts memory
 * as surely as one bad first frame. Before fzstd sees anything we walk every frame and every
 * block header (RFC 8878 §3.1) without decompressing: each frame's window and declared content
 * size must fit the cap, so must their sum, and each block must respect the format's 128 KiB
 * block limit (fzstd would otherwise allocate a 2 MiB RLE block). Then we stream with a running
 * cap on the total output. libsession (`zstd_decompress` in `src/config/internal.cpp`) has no
 * cap; real configs are at most a few hundred KiB once decompressed.
 */
import { Decompress } from 'fzstd';

class TooLarge extends Error {}

const ZSTD_MAGIC = 0xfd2fb528;
/** Skippable frames: magic 0x184D2A50…0x184D2A5F, then a 4-byte length (RFC 8878 §3.1.2). */
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
/** RFC 8878 §3.1.1.2: Block_Maximum_Size = min(Window_Size, 128 KiB). */
const MAX_BLOCK = 128 * 1024;

function u32le(d: Uint8Array, at: number): number {
  return ((d[at] ?? 0) | ((d[at + 1] ?? 0) << 8) | ((d[at + 2] ?? 0) << 16)) + (d[at + 3] ?? 0) * 2 ** 24;
}

function readLe(d: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) v += (d[at + i] ?? 0) * 2 ** (8 * i);
  return v;
}

interface FrameCheck {
  /** Offset just after this frame. */
  readonly end: number;
  /** Bytes this frame may allocate and produce at most, as far as its headers say. */
  readonly window: number;
  readonly declared: number;
}

/**
 * Checks one zstd frame starting at `pos` without decompressing it, the way fzstd's `rzfh` and
 * `rzb` read it. Returns undefined for anything malformed or above `cap`.
 */
function checkFrame(d: Uint8Array, pos: number, cap: number): FrameCheck | undefined {
  if (pos + 4 > d.length) return undefined;
  const magic = u32le(d, pos);
  if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
    if (pos + 8 > d.length) return undefined;
    const end = pos + 8 + u32le(d, pos + 4);
    return end > d.length ? undefined : { end, window: 0, declared: 0 };
  }
  if (magic !== ZSTD_MAGIC || pos + 6 > d.length) return undefined;
  const flg = d[pos + 4] ?? 0;
  if (flg & 8) return undefined; // reserved bit
  const singleSegment = (flg >> 5) & 1;
  const checksum = (flg >> 2) & 1;
  const dictBytes = [0, 1, 2, 4][flg & 3] ?? 0;
  const fcf = flg >> 6;
  const sizeBytes = fcf ? 1 << fcf : singleSegment;
  let at = pos + 5 + (singleSegment ? 0 : 1) + dictBytes;
  if (at + sizeBytes > d.length) return undefined;
  const declared = readLe(d, at, sizeBytes) + (fcf === 1 ? 256 : 0);
  at += sizeBytes;
  let window = declared;
  if (!singleSegment) {
    const wd = d[pos + 5] ?? 0;
    const base = 2 ** (10 + (wd >> 3));
    window = base + (base / 8) * (wd & 7);
  }
  // fzstd allocates the window (or the declared size): refuse before it does.
  if (window > cap || declared > cap) return undefined;
  const blockLimit = Math.min(window || MAX_BLOCK, MAX_BLOCK);
  for (;;) {
    if (at + 3 > d.length) return undefined;
    const header = (d[at] ?? 0) | ((d[at + 1] ?? 0) << 8) | ((d[at + 2] ?? 0) << 16);
    at += 3;
    const last = header & 1;
    const type = (header >> 1) & 3;
    const size = header >> 3;
    if (type === 3) return undefined; // reserved block type
    // Raw and RLE blocks regenerate `size` bytes; a compressed block holds `size` bytes.
    if (size > blockLimit) return undefined;
    at += type === 1 ? 1 : size;
    if (at > d.length) return undefined;
    if (last) break;
  }
  at += checksum ? 4 : 0;
  return at > d.length ? undefined : { end: at, window, declared };
}

/** True when every frame of `data` is well formed and within `cap`, alone and together. */
function framesWithinCap(data: Uint8Array, cap: number): boolean {
  let pos = 0;
  let declaredTotal = 0;
  while (pos < data.length) {
    const frame = checkFrame(data, pos, cap);
    if (!frame) return false;
    declaredTotal += frame.declared;
    if (declaredTotal > cap) return false;
    pos = frame.end;
  }
  return pos > 0;
}

/** Decompresses all frames; undefined on any error, on an empty result or above `cap` bytes. */
export function zstdDecompressBounded(data: Uint8Array, cap: number): Uint8Array | undefined {
  if (!framesWithinCap(data, cap)) return undefined;
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const stream = new Decompress((chunk) => {
      // Compressed blocks can still expand up to 128 KiB each: the total is bounded here.
      total += chunk.length;
      if (total > cap) throw new TooLarge();
      chunks.push(chunk.slice());
    });
    stream.push(data, true);
  } catch {
    return undefined;
  }
  if (total === 0) return undefined;
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}
