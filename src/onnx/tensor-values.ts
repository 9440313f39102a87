// The values of an ONNX TensorProto (an initializer or a Constant), checked before anything is allocated: the
// element count is the product of dims (each a whole number ≥ 0, the product a safe integer), and the bytes that
// hold the values must be exactly that many elements — so a header claiming 20000×20000 in a small file is an
// Error, never a 1.6 GB allocation. Data kept in another file (external data) is refused: nnkit never opens a
// path named inside a model.
import { littleEndianFloats } from './protobuf';
import { DATA_TYPE, DATA_TYPE_NAMES, type TensorProto } from './schema';

/** A tensor's values: float32 (FLOAT) or whole numbers (INT64, BOOL as 0/1), with its dims. */
export interface TensorValue {
  dims: number[];
  floats?: Float32Array;
  ints?: number[];
}

/** Element count of `dims`, or an Error naming `what`. */
export function elementCount(dims: readonly number[], what: string): number {
  let n = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) throw new Error(`${what}: dimension ${d} is not a whole number ≥ 0`);
    n *= d;
    if (!Number.isSafeInteger(n)) throw new Error(`${what}: dims [${dims.join(', ')}] hold more elements than fit`);
  }
  return n;
}

export function tensorValue(t: TensorProto, what: string): TensorValue {
  if (t.externalLocation !== undefined)
    throw new Error(
      `${what} keeps its data in an external file (location ${JSON.stringify(t.externalLocation)}); nnkit reads ` +
        'self-contained ONNX files only and never opens files a model names: save the model with its weights ' +
        'inside (onnx.save_model(model, path, save_as_external_data=False))',
    );
  const n = elementCount(t.dims, what);
  const type = DATA_TYPE_NAMES[t.dataType] ?? String(t.dataType);
  if (t.dataType === DATA_TYPE.FLOAT) {
    if (t.raw) return { dims: t.dims, floats: littleEndianFloats(checkedBytes(t.raw, n, 4, what)) };
    const floats = t.floats ?? new Float32Array(0);
    if (floats.length !== n)
      throw new Error(`${what}: dims [${t.dims.join(', ')}] need ${n} floats, the file has ${floats.length}`);
    return { dims: t.dims, floats };
  }
  if (t.dataType === DATA_TYPE.INT64) {
    if (t.raw) {
      const bytes = checkedBytes(t.raw, n, 8, what),
        view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
      const ints = Array.from({ length: n }, (_, i) => Number(view.getBigInt64(8 * i, true)));
      return { dims: t.dims, ints };
    }
    const ints = t.int64s ?? [];
    if (ints.length !== n)
      throw new Error(`${what}: dims [${t.dims.join(', ')}] need ${n} int64 values, the file has ${ints.length}`);
    return { dims: t.dims, ints };
  }
  if (t.dataType === DATA_TYPE.BOOL) {
    const ints = t.raw ? Array.from(checkedBytes(t.raw, n, 1, what), (b) => (b ? 1 : 0)) : (t.int32s ?? []);
    if (ints.length !== n)
      throw new Error(`${what}: dims [${t.dims.join(', ')}] need ${n} bool values, the file has ${ints.length}`);
    return { dims: t.dims, ints };
  }
  throw new Error(`${what} has element type ${type}; nnkit imports FLOAT weights (and INT64 or BOOL settings)`);
}

function checkedBytes(raw: Uint8Array, n: number, size: number, what: string): Uint8Array {
  if (raw.length !== n * size)
    throw new Error(`${what}: its dims need ${n * size} bytes of data (${n} values), raw_data holds ${raw.length}`);
  return raw;
}
