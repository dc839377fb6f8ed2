/**
 * Removes metadata from a JPEG before it leaves this computer (issue #16: EXIF, GPS): a pure
 * segment filter, no re-encoding, so the picture's pixels are exactly the user's. Dropped: APP1
 * (EXIF — camera, GPS position, thumbnail — and XMP), APP3…APP15 (IPTC/Photoshop in APP13,
 * vendor data) and comments (COM). Kept: APP0 (JFIF), APP2 only when it is an ICC colour profile
 * (colours would change without it), and every segment the decoder needs. Everything from the
 * first scan (SOS) on is copied as it is.
 *
 * The EXIF orientation goes with APP1, as with Session desktop, which re-encodes pictures
 * through a canvas and so sends none either.
 */

export type JpegStripResult =
  | { readonly ok: true; readonly data: Uint8Array; readonly removed: number }
  | { readonly ok: false; readonly reason: 'not-jpeg' | 'truncated' | 'bad-marker' };

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const COM = 0xfe;
const APP0 = 0xe0;
const APP2 = 0xe2;
const APP15 = 0xef;
const ICC = new TextEncoder().encode('ICC_PROFILE\0');

function startsWith(data: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (at + prefix.length > data.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[at + i] !== prefix[i]) return false;
  return true;
}

/** Markers without a length field: TEM and the restart markers. */
function standalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

function dropped(marker: number, data: Uint8Array, payloadAt: number): boolean {
  if (marker === COM) return true;
  if (marker < APP0 || marker > APP15 || marker === APP0) return false;
  return !(marker === APP2 && startsWith(data, payloadAt, ICC));
}

export function isJpeg(data: Uint8Array): boolean {
  return data.length >= 3 && data[0] === 0xff && data[1] === SOI && data[2] === 0xff;
}

export function stripJpegMetadata(data: Uint8Array): JpegStripResult {
  if (!isJpeg(data)) return { ok: false, reason: 'not-jpeg' };
  const parts: Uint8Array[] = [data.subarray(0, 2)];
  let removed = 0;
  let pos = 2;
  for (;;) {
    if (pos >= data.length) return { ok: false, reason: 'truncated' };
    if (data[pos] !== 0xff) return { ok: false, reason: 'bad-marker' };
    // Fill bytes: any number of 0xFF may precede a marker.
    let m = pos + 1;
    while (m < data.length && data[m] === 0xff) m++;
    if (m >= data.length) return { ok: false, reason: 'truncated' };
    const marker = data[m] ?? 0;
    if (marker === 0x00) return { ok: false, reason: 'bad-marker' };
    if (marker === EOI) {
      parts.push(data.subarray(pos));
      break;
    }
    if (standalone(marker)) {
      parts.push(data.subarray(pos, m + 1));
      pos = m + 1;
      continue;
    }
    if (m + 2 >= data.length) return { ok: false, reason: 'truncated' };
    const length = ((data[m + 1] ?? 0) << 8) | (data[m + 2] ?? 0);
    if (length < 2) return { ok: false, reason: 'bad-marker' };
    const end = m + 1 + length;
    if (end > data.length) return { ok: false, reason: 'truncated' };
    if (marker === SOS) {
      // The scan and all that follows (more scans, tables between them, EOI) stay as they are.
      parts.push(data.subarray(pos));
      break;
    }
    if (dropped(marker, data, m + 3)) removed++;
    else parts.push(data.subarray(pos, end));
    pos = end;
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return { ok: true, data: out, removed };
}
