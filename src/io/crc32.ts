// CRC-32 of the model file format: IEEE 802.3 (reflected polynomial 0xEDB88320, initial value and final xor
// 0xFFFFFFFF), the CRC of zlib, gzip and PNG. It detects every error of 1–3 bits and every burst of ≤ 32 bits, and
// any other corruption with probability 1 − 2⁻³²; it is not a signature (anyone can recompute it).
const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 of `bytes`, continuing from `previous` (the CRC of the bytes before them; 0 to start). */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let c = ~previous;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
