// IDX files (the MNIST / Fashion-MNIST format, http://yann.lecun.com/exdb/mnist/): a big-endian header
// [0, 0, type, ndims] then ndims uint32 sizes, then the values. Only type 0x08 (unsigned byte) is used here.
// Everything is checked against the byte length before the data is read.

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const UBYTE = 0x08;

/** The header of an IDX buffer: undefined while `buf` is too short to hold it; throws when it is not IDX. */
export function idxHeader(
  buf: Uint8Array,
  name: string,
): { dims: number[]; count: number; headerBytes: number } | undefined {
  if (buf.length >= 1 && buf[0] !== 0)
    throw new Error(`${name}: not an IDX file (magic starts ${hex(buf[0])}, expected 00 00)`);
  if (buf.length >= 2 && buf[1] !== 0)
    throw new Error(`${name}: not an IDX file (magic starts ${hex(buf[0])} ${hex(buf[1])}, expected 00 00)`);
  if (buf.length >= 3 && buf[2] !== UBYTE)
    throw new Error(`${name}: IDX type ${hex(buf[2])} is not supported (only 0x08, unsigned byte)`);
  if (buf.length < 4) return undefined;
  const ndims = buf[3];
  if (ndims < 1 || ndims > 4) throw new Error(`${name}: IDX says ${ndims} dimensions, expected 1 to 4`);
  const headerBytes = 4 + 4 * ndims;
  if (buf.length < headerBytes) return undefined;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < ndims; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    count *= d;
  }
  return { dims, count, headerBytes };
}

/** Parses an uncompressed IDX buffer; `name` goes into error messages. */
export function parseIdx(buf: Uint8Array, name: string): IdxArray {
  if (buf.length < 4) throw new Error(`${name}: not an IDX file (${buf.length} bytes, the header alone needs 4)`);
  const header = idxHeader(buf, name);
  if (!header) throw new Error(`${name}: truncated IDX header (${buf.length} bytes, needs ${4 + 4 * buf[3]})`);
  const { dims, count, headerBytes } = header;
  if (buf.length - headerBytes !== count) {
    throw new Error(
      `${name}: IDX dimensions [${dims.join(', ')}] need ${count} bytes of data, the file has ${buf.length - headerBytes}`,
    );
  }
  return { dims, data: buf.subarray(headerBytes) };
}

function hex(b: number | undefined): string {
  return '0x' + (b ?? 0).toString(16).padStart(2, '0');
}
