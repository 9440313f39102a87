// Optimizer state (and anything JSON-like holding typed arrays) in a model file: arrays are moved to the binary
// section and replaced in the JSON by { "$array": name }, so float64 state survives bit for bit.
import type { StoredArray } from './model-file';

export interface PackedTree {
  json: unknown;
  arrays: { name: string; shape: number[]; data: StoredArray }[];
}

export function packTree(value: unknown, prefix: string): PackedTree {
  const arrays: PackedTree['arrays'] = [];
  const walk = (v: unknown, at: string): unknown => {
    if (v instanceof Float32Array || v instanceof Float64Array || v instanceof Int32Array) {
      const name = `${prefix}${at}`;
      arrays.push({ name, shape: [v.length], data: v });
      return { $array: name };
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${at}/${i}`));
    if (v && typeof v === 'object') {
      if (ArrayBuffer.isView(v))
        throw new TypeError(
          `save: ${prefix}${at} is a ${v.constructor.name}; only Float32Array, Float64Array and Int32Array are stored`,
        );
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, `${at}/${k}`)]));
    }
    if (typeof v === 'number' && !Number.isFinite(v)) throw new RangeError(`save: ${prefix}${at} is ${v}`);
    return v;
  };
  return { json: walk(value, ''), arrays };
}

export function unpackTree(json: unknown, arrays: Map<string, { data: StoredArray }>): unknown {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const ref = (v as { $array?: unknown }).$array;
      if (typeof ref === 'string') {
        const a = arrays.get(ref);
        if (!a)
          throw new Error(`loadModel: state refers to array ${JSON.stringify(ref)}, which the file does not hold`);
        return a.data;
      }
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(json);
}
