// The text of a file as it is read, in chunks (64 KiB reads; gunzipped when the name ends in .gz): the one way the
// table readers (CSV/TSV, JSON Lines) open a file, so neither ever holds it whole.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

/** UTF-8 text chunks of `file` (a sequence split across reads is joined). A read or gunzip failure is an error
 *  naming the file; the stream is closed when the caller stops early or throws. */
export async function* textChunks(file: string): AsyncGenerator<string> {
  const input = createReadStream(file);
  const stream = /\.gz$/i.test(file) ? input.pipe(createGunzip()) : input;
  stream.setEncoding('utf8'); // a StringDecoder: a UTF-8 sequence split across chunks is joined
  try {
    for await (const chunk of stream as AsyncIterable<string>) yield chunk;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code || err.message.includes('incorrect header')) throw new Error(`cannot read ${file}: ${err.message}`);
    throw e;
  } finally {
    input.destroy();
  }
}
