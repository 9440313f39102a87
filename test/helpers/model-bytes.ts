// Editing model file bytes in tests: after an edit, `reseal` recomputes the CRC-32 trailer (with zlib's CRC-32, an
// implementation independent of src/io/crc32.ts), so the edit reaches the validation behind the checksum.
import * as zlib from 'node:zlib';

export function reseal(bytes: Uint8Array): Buffer {
  const b = Buffer.from(bytes);
  b.writeUInt32LE(zlib.crc32(b.subarray(0, b.length - 4)), b.length - 4);
  return b;
}

/** The file with its JSON header replaced by `header` (a string or an object); the header length, the data
 *  section's alignment and the checksum are rewritten to match, so only the header is what the test says. */
export function withHeader(bytes: Uint8Array, header: unknown): Buffer {
  const b = Buffer.from(bytes);
  const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header), 'utf8');
  const oldStart = Math.ceil((16 + b.readUInt32LE(12)) / 8) * 8,
    start = Math.ceil((16 + json.length) / 8) * 8;
  const out = Buffer.alloc(start + b.length - oldStart);
  b.copy(out, 0, 0, 12);
  out.writeUInt32LE(json.length, 12);
  json.copy(out, 16);
  b.copy(out, start, oldStart);
  return reseal(out);
}

/** A text replacement inside the JSON header (see withHeader). */
export function editText(bytes: Uint8Array, from: string, to: string): Buffer {
  const header = Buffer.from(bytes)
    .subarray(16, 16 + Buffer.from(bytes).readUInt32LE(12))
    .toString('utf8');
  if (!header.includes(from)) throw new Error(`editText: ${JSON.stringify(from)} is not in the header`);
  return withHeader(bytes, header.replace(from, to));
}
