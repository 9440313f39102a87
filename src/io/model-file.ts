// The nnkit model file: a JSON header followed by raw little-endian arrays and a checksum.
//
//   bytes 0..7    "NNKITMDL"                     magic
//   bytes 8..11   uint32 LE format version       (FORMAT_VERSION)
//   bytes 12..15  uint32 LE header length H      (bytes of UTF-8 JSON)
//   bytes 16..    header JSON, then zero padding to a multiple of 8
//   data          arrays back to back, each at header.arrays[i].byteOffset from the start of the data section
//   last 4 bytes  uint32 LE CRC-32 (io/crc32.ts) of every byte before it      (format 2; format 1 has none)
//
// Saving refuses non-finite values (a diverged model is never written). Reading checks magic, version, the
// checksum, header length, every array's dtype, shape, offset and length against the file size before allocating,
// and that every float is finite, so a malformed or corrupted file is an Error naming the file and the problem,
// and memory stays bounded by the file size. Format 1 files (no checksum) still load.
import { crc32 } from './crc32';

export const MAGIC = 'NNKITMDL';
export const FORMAT_VERSION = 2;
const PREFIX_BYTES = 16;
const CHECKSUM_BYTES = 4;

export type ArrayDType = 'float32' | 'float64' | 'int32';
export type StoredArray = Float32Array | Float64Array | Int32Array;

export interface ArrayEntry {
  name: string;
  dtype: ArrayDType;
  shape: number[];
  /** From the start of the data section; a multiple of the element size. */
  byteOffset: number;
}

/** What every file's JSON header holds; `arrays` is filled in by writeModelFile. */
export interface FileHeader {
  format: 'nnkit-model';
  version: number;
  arrays: ArrayEntry[];
  [key: string]: unknown;
}

const BYTES: Record<ArrayDType, number> = { float32: 4, float64: 8, int32: 4 };

function dtypeOf(a: StoredArray): ArrayDType {
  return a instanceof Float64Array ? 'float64' : a instanceof Int32Array ? 'int32' : 'float32';
}

/** Serializes header + arrays into one buffer (shapes given per array; the product must equal its length). */
export function encodeModelFile(
  header: Record<string, unknown>,
  arrays: { name: string; shape: number[]; data: StoredArray }[],
): Buffer {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1)
    throw new Error('nnkit model files are little-endian; this platform is not');
  const entries: ArrayEntry[] = [];
  let offset = 0;
  for (const a of arrays) {
    const n = a.shape.reduce((p, q) => p * q, 1);
    if (n !== a.data.length)
      throw new RangeError(`save: array ${a.name} has ${a.data.length} values but shape [${a.shape.join(', ')}]`);
    const bad = firstNonFinite(a.data);
    if (bad >= 0)
      throw new RangeError(
        `save: array ${a.name} value ${bad} is ${a.data[bad]}; a model with non-finite weights or statistics ` +
          'cannot be used (did training diverge?), so nothing was written',
      );
    const dtype = dtypeOf(a.data);
    offset = align(offset, 8);
    entries.push({ name: a.name, dtype, shape: [...a.shape], byteOffset: offset });
    offset += a.data.length * BYTES[dtype];
  }
  const full: FileHeader = { ...header, format: 'nnkit-model', version: FORMAT_VERSION, arrays: entries };
  const json = Buffer.from(JSON.stringify(full), 'utf8');
  const dataStart = align(PREFIX_BYTES + json.length, 8);
  const out = Buffer.alloc(dataStart + offset + CHECKSUM_BYTES);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(FORMAT_VERSION, 8);
  out.writeUInt32LE(json.length, 12);
  json.copy(out, PREFIX_BYTES);
  arrays.forEach((a, i) => {
    Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).copy(out, dataStart + entries[i].byteOffset);
  });
  out.writeUInt32LE(crc32(out.subarray(0, out.length - CHECKSUM_BYTES)), out.length - CHECKSUM_BYTES);
  return out;
}

export interface DecodedFile {
  header: FileHeader;
  arrays: Map<string, { shape: number[]; data: StoredArray }>;
}

type Fail = (why: string) => never;

/** Parses and validates a model file's bytes; `file` names it in errors. */
export function decodeModelFile(buf: Uint8Array, file: string): DecodedFile {
  const fail: Fail = (why) => {
    throw new Error(`loadModel: ${file} is not a valid nnkit model: ${why}`);
  };
  if (buf.length < PREFIX_BYTES) fail(`${buf.length} bytes, shorter than the ${PREFIX_BYTES}-byte prefix`);
  if (Buffer.from(buf.buffer, buf.byteOffset, 8).toString('latin1') !== MAGIC) fail(`it does not start with ${MAGIC}`);
  const version = new DataView(buf.buffer, buf.byteOffset, buf.byteLength).getUint32(8, true);
  if (version !== FORMAT_VERSION && version !== 1) {
    throw new Error(
      `loadModel: ${file} has format version ${version}; this nnkit (format ${FORMAT_VERSION}) ` +
        (version > FORMAT_VERSION ? 'is older than the file: upgrade nnkit' : 'cannot read it'),
    );
  }
  const body = version === 1 ? buf : withoutChecksum(buf, fail);
  const { header, dataStart } = parseHeader(body, version, fail);
  return { header, arrays: readArrays(header.arrays, body.subarray(dataStart), fail) };
}

/** The bytes before the CRC-32 trailer, after checking it. */
function withoutChecksum(buf: Uint8Array, fail: Fail): Uint8Array {
  if (buf.length < PREFIX_BYTES + CHECKSUM_BYTES) fail(`${buf.length} bytes, too short to hold a checksum`);
  const body = buf.subarray(0, buf.length - CHECKSUM_BYTES);
  const stored = new DataView(buf.buffer, buf.byteOffset + body.length, CHECKSUM_BYTES).getUint32(0, true);
  const computed = crc32(body);
  if (stored !== computed) {
    const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;
    fail(
      `checksum mismatch (CRC-32 stored ${hex(stored)}, computed ${hex(computed)}): the file is corrupted, truncated or was edited`,
    );
  }
  return body;
}

function parseHeader(body: Uint8Array, version: number, fail: Fail): { header: FileHeader; dataStart: number } {
  const headerBytes = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(12, true);
  if (headerBytes > body.length - PREFIX_BYTES)
    fail(`header length ${headerBytes} exceeds the file (${body.length} bytes)`);
  let header: FileHeader;
  try {
    header = JSON.parse(Buffer.from(body.buffer, body.byteOffset + PREFIX_BYTES, headerBytes).toString('utf8'));
  } catch (e) {
    return fail(`the header is not JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || header.format !== 'nnkit-model')
    fail('the header has no format "nnkit-model"');
  if (header.version !== version) fail(`header version ${header.version} differs from the prefix (${version})`);
  if (!Array.isArray(header.arrays)) fail('the header has no arrays list');
  const dataStart = align(PREFIX_BYTES + headerBytes, 8);
  if (dataStart > body.length) fail('truncated after the header');
  return { header, dataStart };
}

/** The arrays the header lists, each checked against the data section before it is copied out. */
function readArrays(entries: ArrayEntry[], data: Uint8Array, fail: Fail): DecodedFile['arrays'] {
  const arrays = new Map<string, { shape: number[]; data: StoredArray }>();
  let expectedEnd = 0;
  for (const e of entries) {
    const where = `array ${JSON.stringify(e?.name)}`;
    if (typeof e?.name !== 'string' || arrays.has(e.name)) fail(`${where}: missing or duplicate name`);
    if (!(e.dtype in BYTES)) fail(`${where}: dtype ${JSON.stringify(e.dtype)} is not float32, float64 or int32`);
    if (!Array.isArray(e.shape) || !e.shape.every((d: unknown) => Number.isInteger(d) && (d as number) >= 0))
      fail(`${where}: bad shape`);
    const size = BYTES[e.dtype];
    const n = e.shape.reduce((p: number, q: number) => p * q, 1);
    if (!Number.isSafeInteger(e.byteOffset) || e.byteOffset < expectedEnd || e.byteOffset % size !== 0)
      fail(`${where}: bad byteOffset ${e.byteOffset}`);
    const end = e.byteOffset + n * size;
    if (!Number.isSafeInteger(end) || end > data.length)
      fail(`${where}: shape [${e.shape.join(', ')}] needs bytes up to ${end}, the data section has ${data.length}`);
    const bytes = Uint8Array.prototype.slice.call(data, e.byteOffset, end); // a copy: aligned, owned
    const values =
      e.dtype === 'float64'
        ? new Float64Array(bytes.buffer, 0, n)
        : e.dtype === 'int32'
          ? new Int32Array(bytes.buffer, 0, n)
          : new Float32Array(bytes.buffer, 0, n);
    const bad = values instanceof Int32Array ? -1 : firstNonFinite(values);
    if (bad >= 0) fail(`${where}: value ${bad} is ${values[bad]} (not finite)`);
    arrays.set(e.name, { shape: e.shape, data: values });
    expectedEnd = end;
  }
  if (expectedEnd !== data.length)
    fail(`${data.length - expectedEnd} trailing bytes after the last array (truncated or appended file)`);
  return arrays;
}

/** Index of the first NaN or ±Infinity, or −1. */
function firstNonFinite(a: StoredArray): number {
  if (a instanceof Int32Array) return -1;
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return i;
  return -1;
}

function align(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}
