/**
 * CRC-32/ISO-HDLC (the zlib / `buffer-crc32` function): reflected polynomial 0xEDB88320, init and
 * final xor 0xFFFFFFFF. Used only for the recovery-phrase checksum word
 * (identity-and-messages.md §2.2; libsession-util `src/mnemonics/mnemonics.cpp`).
 * A tiny table version instead of `node:zlib` so that this module stays free of Node built-ins.
 */

const TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** Unsigned CRC-32 of `data`; `crc32(utf8('123456789')) === 0xcbf43926`. */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = (TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
