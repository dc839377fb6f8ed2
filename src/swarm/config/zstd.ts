/**
 * Bounded zstd decompression for `z`-prefixed config plaintexts (sync-groups-communities.md §1.3).
 *
 * Why not plain `fzstd.decompress`: it allocates the size a frame header *claims* (up to 2 GiB)
 * before reading any block, so a 13-byte hostile frame could exhaust memory. We read the first
 * frame header the way fzstd does (`rzfh`), refuse windows above our cap, then stream with a cap
 * on the output. libsession (`zstd_decompress` in `src/config/internal.cpp`) has no cap; real
 * configs are at most a few hundred KiB once decompressed.
 */
import { Decompress } from 'fzstd';

class TooLarge extends Error {}

/** Bytes fzstd would allocate for the first frame's window, or undefined if not a zstd frame. */
function firstFrameWindow(d: Uint8Array): number | undefined {
  if (d.length < 6) return undefined;
  const magic = (d[0] ?? 0) | ((d[1] ?? 0) << 8) | ((d[2] ?? 0) << 16);
  if (magic !== 0x2fb528 || d[3] !== 0xfd) return undefined;
  const flg = d[4] ?? 0;
  const singleSegment = (flg >> 5) & 1;
  const dictFlag = flg & 3;
  const fcf = flg >> 6;
  let pos = 6 - singleSegment + (dictFlag === 3 ? 4 : dictFlag);
  const fsb = fcf ? 1 << fcf : singleSegment;
  let fss = 0;
  for (let i = 0; i < fsb; i++) fss += (d[pos++] ?? 0) * 2 ** (8 * i);
  if (fcf === 1) fss += 256;
  if (singleSegment) return fss;
  const wd = d[5] ?? 0;
  const base = 2 ** (10 + (wd >> 3));
  return base + (base / 8) * (wd & 7);
}

/** Decompresses all frames; undefined on any error, on an empty result or above `cap` bytes. */
export function zstdDecompressBounded(data: Uint8Array, cap: number): Uint8Array | undefined {
  const window = firstFrameWindow(data);
  if (window === undefined || window > cap) return undefined;
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const stream = new Decompress((chunk) => {
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
