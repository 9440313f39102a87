// Reads a gzipped IDX file without trusting it: the header is checked as soon as its first bytes are decompressed
// (a file that is not IDX stops there), and decompression stops with an error as soon as the output passes the
// size the header declares. Memory grows with the bytes actually decompressed, never beyond header + data; a 2 MB
// gzip used to expand to 6.4 GB before "not an IDX file".
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { idxHeader, parseIdx, type IdxArray } from './idx';

export async function readGzipIdx(file: string): Promise<IdxArray> {
  const out = pipeline(createReadStream(file), createGunzip(), () => {
    /* errors surface in the loop below */
  });
  const chunks: Buffer[] = [];
  let have = 0;
  let total: number | undefined; // header + data bytes, once the header is known
  for await (const chunk of out as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    have += chunk.length;
    if (total === undefined) {
      const header = idxHeader(Buffer.concat(chunks), file);
      if (header) total = header.headerBytes + header.count;
    }
    if (total !== undefined && have > total)
      throw new Error(`${file}: decompresses to more than the ${total} bytes its IDX header declares`);
  }
  return parseIdx(Buffer.concat(chunks, have), file);
}
