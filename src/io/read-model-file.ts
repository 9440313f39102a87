// Reads a model file with memory bounded by its size. Only regular files are read: a FIFO would block the read
// forever and a directory has no bytes, so both are refused by name (the open does not block: O_NONBLOCK).
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { decodeModelFile, type DecodedFile } from './model-file';

export async function readModelFile(file: string): Promise<DecodedFile> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new Error(`loadModel: cannot open ${file}: ${(e as Error).message}`);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) {
      const what = st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO' : 'not a regular file';
      throw new Error(`loadModel: ${file} is ${what}; a model is a regular file`);
    }
    const buf = Buffer.alloc(st.size);
    for (let off = 0; off < st.size;) {
      const { bytesRead } = await handle.read(buf, off, st.size - off, off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    return decodeModelFile(buf, file);
  } finally {
    await handle.close();
  }
}
