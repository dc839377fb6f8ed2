/** The JPEG segment filter (issue #16: EXIF and GPS never leave this computer). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stripJpegMetadata } from '../../../src/main/attachments/jpeg-metadata';
import { headerSize } from '../../../src/main/attachments/stage';

const seg = (marker: number, payload: Uint8Array | string): number[] => {
  const p = typeof payload === 'string' ? [...Buffer.from(payload, 'latin1')] : [...payload];
  const len = p.length + 2;
  return [0xff, marker, len >> 8, len & 0xff, ...p];
};

/** A small baseline JPEG's structure: JFIF, EXIF with a GPS tag, XMP, ICC, comment, tables, frame, scan. */
function sampleJpeg(): Uint8Array {
  const sof = [8, 0, 30, 0, 40, 1, 1, 0x11, 0]; // 8 bits, 30 high, 40 wide, 1 component
  return new Uint8Array([
    0xff,
    0xd8,
    ...seg(0xe0, 'JFIF\0\x01\x01\0\0\x01\0\x01\0\0'),
    ...seg(0xe1, 'Exif\0\0MM\0*GPSLatitude 48.8566 N'),
    ...seg(0xe1, 'http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>author</x:xmpmeta>'),
    ...seg(0xe2, 'ICC_PROFILE\0\x01\x01colours'),
    ...seg(0xed, 'Photoshop 3.0\0IPTC city'),
    ...seg(0xfe, 'taken at home'),
    ...seg(0xdb, new Uint8Array(65)),
    ...seg(0xc0, new Uint8Array(sof)),
    ...seg(0xc4, new Uint8Array(20)),
    ...seg(0xda, new Uint8Array([1, 1, 0, 0, 0x3f, 0])),
    0x12,
    0x34,
    0xff,
    0x00,
    0x56,
    0xff,
    0xd0,
    0x78,
    0xff,
    0xd9,
  ]);
}

const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

describe('stripJpegMetadata', () => {
  it('drops EXIF (GPS), XMP, IPTC and comments; keeps JFIF, the ICC profile, tables, frame and scan', () => {
    const input = sampleJpeg();
    const r = stripJpegMetadata(input);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.removed).toBe(4);
    const out = text(r.data);
    for (const gone of ['Exif', 'GPSLatitude', 'xmpmeta', 'IPTC', 'taken at home'])
      expect(out).not.toContain(gone);
    for (const kept of ['JFIF', 'ICC_PROFILE']) expect(out).toContain(kept);
    // The scan and everything after it, byte for byte.
    const scanAt = text(input).indexOf('\xff\xda');
    expect(
      Buffer.from(r.data)
        .subarray(r.data.length - (input.length - scanAt))
        .equals(Buffer.from(input.subarray(scanAt))),
    ).toBe(true);
    expect(headerSize(r.data)).toEqual({ width: 40, height: 30 });
    // Idempotent.
    const again = stripJpegMetadata(r.data);
    expect(again.ok && Buffer.from(again.data).equals(Buffer.from(r.data))).toBe(true);
  });

  it('refuses what is not a well-formed JPEG, and never throws', () => {
    expect(stripJpegMetadata(new Uint8Array([0x89, 0x50]))).toEqual({ ok: false, reason: 'not-jpeg' });
    const cut = sampleJpeg().subarray(0, 30);
    expect(stripJpegMetadata(cut)).toMatchObject({ ok: false });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (tail) => {
        const r = stripJpegMetadata(new Uint8Array([0xff, 0xd8, 0xff, ...tail]));
        if (r.ok) expect(r.data.length).toBeLessThanOrEqual(tail.length + 3);
      }),
    );
  });
});
