// What a distributed search's id is keyed on besides its options: the content of the data it trains on. A search
// keyed on a CSV's path alone reused the old scores after the file was edited (a rerun ran no trials).
//   csv, table: SHA-256 of the file's bytes; fashion-mnist: of its four files; digits (embedded) and synthetic: nothing.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { FASHION_MNIST_FILES, findFashionMnist } from '../data/fashion-mnist';
import type { DataRef } from './trial';

export async function dataFingerprint(ref: DataRef): Promise<string> {
  const files =
    ref.kind === 'csv' || ref.kind === 'table'
      ? [ref.path]
      : ref.kind === 'fashion-mnist'
        ? Object.values(FASHION_MNIST_FILES).map((f) => path.join(findFashionMnist(ref.dir), f))
        : [];
  if (files.length === 0) return '';
  const hash = createHash('sha256');
  for (const file of files) for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
