/** z-base-32, used by oxenss for the deprecated `<key>.snode` address in get_swarm. */
const ALPHABET = 'ybndrfg8ejkmcpqxot1uwisza345h769';

export function base32z(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET.charAt((value >>> (bits - 5)) & 31);
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET.charAt((value << (5 - bits)) & 31);
  return out;
}
