// The nnkit model file: a JSON header followed by raw little-endian arrays.
//
//   bytes 0..7    "NNKITMDL"                     magic
//   bytes 8..11   uint32 LE format version       (FORMAT_VERSION)
//   bytes 12..15  uint32 LE header length H      (bytes of UTF-8 JSON)
//   bytes 16..    header JSON, then zero padding to a multiple of 8
//   data          arrays back to back, each at header.arrays[i].byteOffset from the start of the data section
//
// Writing goes to a temporary file in the same directory, is fsync'ed, then renamed over the target, so a crash
// never leaves a half-written model. Reading checks magic, version, header length, every array's dtype, shape,
// offset and length against the file size before allocating, so a malformed file is an Error naming the file and
// the problem, and memory stays bounded by the file size.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';

export const MAGIC = 'NNKITMDL';
export const FORMAT_VERSION = 1;
const PREFIX_BYTES = 16;

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
    const dtype = dtypeOf(a.data);
    offset = align(offset, 8);
    entries.push({ name: a.name, dtype, shape: [...a.shape], byteOffset: offset });
    offset += a.data.length * BYTES[dtype];
  }
  const full: FileHeader = { ...header, format: 'nnkit-model', version: FORMAT_VERSION, arrays: entries };
  const json = Buffer.from(JSON.stringify(full), 'utf8');
  const dataStart = align(PREFIX_BYTES + json.length, 8);
  const out = Buffer.alloc(dataStart + offset);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(FORMAT_VERSION, 8);
  out.writeUInt32LE(json.length, 12);
  json.copy(out, PREFIX_BYTES);
  arrays.forEach((a, i) => {
    Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).copy(out, dataStart + entries[i].byteOffset);
  });
  return out;
}

/** Writes atomically: temp file in the same directory, fsync, rename, fsync of the directory. */
export function writeFileAtomic(file: string, bytes: Uint8Array): void {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* never created */
    }
    throw new Error(`save: cannot write ${file}: ${(e as Error).message}`);
  }
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    /* directories cannot be fsync'ed on every platform; the rename is still atomic */
  }
}

export interface DecodedFile {
  header: FileHeader;
  arrays: Map<string, { shape: number[]; data: StoredArray }>;
}

/** Parses and validates a model file's bytes; `file` names it in errors. */
export function decodeModelFile(buf: Uint8Array, file: string): DecodedFile {
  const fail = (why: string): never => {
    throw new Error(`loadModel: ${file} is not a valid nnkit model: ${why}`);
  };
  if (buf.length < PREFIX_BYTES) fail(`${buf.length} bytes, shorter than the ${PREFIX_BYTES}-byte prefix`);
  if (Buffer.from(buf.buffer, buf.byteOffset, 8).toString('latin1') !== MAGIC) fail(`it does not start with ${MAGIC}`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const version = view.getUint32(8, true);
  if (version !== FORMAT_VERSION) {
    throw new Error(
      `loadModel: ${file} has format version ${version}; this nnkit (format ${FORMAT_VERSION}) ` +
        (version > FORMAT_VERSION ? 'is older than the file: upgrade nnkit' : 'cannot read it'),
    );
  }
  const headerBytes = view.getUint32(12, true);
  if (headerBytes > buf.length - PREFIX_BYTES)
    fail(`header length ${headerBytes} exceeds the file (${buf.length} bytes)`);
  let header: FileHeader;
  try {
    header = JSON.parse(Buffer.from(buf.buffer, buf.byteOffset + PREFIX_BYTES, headerBytes).toString('utf8'));
  } catch (e) {
    return fail(`the header is not JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || header.format !== 'nnkit-model')
    fail('the header has no format "nnkit-model"');
  if (header.version !== version) fail(`header version ${header.version} differs from the prefix (${version})`);
  if (!Array.isArray(header.arrays)) fail('the header has no arrays list');
  const dataStart = align(PREFIX_BYTES + headerBytes, 8);
  const dataBytes = buf.length - dataStart;
  if (dataBytes < 0) fail('truncated after the header');
  const arrays = new Map<string, { shape: number[]; data: StoredArray }>();
  let expectedEnd = 0;
  for (const e of header.arrays) {
    const where = `array ${JSON.stringify(e?.name)}`;
    if (typeof e?.name !== 'string' || arrays.has(e.name)) fail(`${where}: missing or duplicate name`);
    if (!(e.dtype in BYTES)) fail(`${where}: dtype ${JSON.stringify(e.dtype)} is not float32, float64 or int32`);
    if (!Array.isArray(e.shape) || !e.shape.every((d: unknown) => Number.isInteger(d) && (d as number) >= 0))
      fail(`${where}: bad shape`);
    const size = BYTES[e.dtype as ArrayDType];
    const n = e.shape.reduce((p: number, q: number) => p * q, 1);
    if (!Number.isSafeInteger(e.byteOffset) || e.byteOffset < expectedEnd || e.byteOffset % size !== 0)
      fail(`${where}: bad byteOffset ${e.byteOffset}`);
    const end = e.byteOffset + n * size;
    if (!Number.isSafeInteger(end) || end > dataBytes)
      fail(`${where}: shape [${e.shape.join(', ')}] needs bytes up to ${end}, the data section has ${dataBytes}`);
    const bytes = buf.slice(dataStart + e.byteOffset, dataStart + end); // a copy: aligned, owned
    const data =
      e.dtype === 'float64'
        ? new Float64Array(bytes.buffer, bytes.byteOffset, n)
        : e.dtype === 'int32'
          ? new Int32Array(bytes.buffer, bytes.byteOffset, n)
          : new Float32Array(bytes.buffer, bytes.byteOffset, n);
    if (!(data instanceof Int32Array)) {
      for (let i = 0; i < n; i++)
        if (!Number.isFinite(data[i])) fail(`${where}: value ${i} is ${data[i]} (not finite)`);
    }
    arrays.set(e.name, { shape: e.shape, data });
    expectedEnd = end;
  }
  if (expectedEnd !== dataBytes)
    fail(`${dataBytes - expectedEnd} trailing bytes after the last array (truncated or appended file)`);
  return { header, arrays };
}

/** Reads a model file with memory bounded by its size (checked before reading). */
export async function readModelFile(file: string): Promise<DecodedFile> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    throw new Error(`loadModel: cannot open ${file}: ${(e as Error).message}`);
  }
  try {
    const { size } = await handle.stat();
    const buf = Buffer.alloc(size);
    for (let off = 0; off < size;) {
      const { bytesRead } = await handle.read(buf, off, size - off, off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    return decodeModelFile(buf, file);
  } finally {
    await handle.close();
  }
}

function align(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}
