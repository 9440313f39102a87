// Argument checks for the JS backend, mirroring native/binding/args.cc so both backends reject the same calls
// with the same error classes and argument names.
import type { FloatArray } from '../types';

const MAX_SIZE = 2 ** 31 - 1;

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (ArrayBuffer.isView(v)) return v.constructor.name;
  if (Array.isArray(v)) return 'Array';
  return typeof v === 'number' ? `number ${v}` : typeof v;
}

export function size(fn: string, name: string, v: unknown, min = 0): number {
  if (typeof v !== 'number') throw new TypeError(`${fn}: ${name} must be a number, got ${describe(v)}`);
  if (!Number.isInteger(v) || v < min || v > MAX_SIZE) {
    throw new RangeError(`${fn}: ${name} must be a whole number in [${min}, ${MAX_SIZE}], got ${v}`);
  }
  return v;
}

export function finite(fn: string, name: string, v: unknown): number {
  if (typeof v !== 'number') throw new TypeError(`${fn}: ${name} must be a number, got ${describe(v)}`);
  if (!Number.isFinite(v)) throw new RangeError(`${fn}: ${name} must be a finite number, got ${v}`);
  return v;
}

export function bool(fn: string, name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new TypeError(`${fn}: ${name} must be a boolean, got ${describe(v)}`);
  return v;
}

export function floats(fn: string, name: string, v: unknown, needed: number): FloatArray {
  if (!(v instanceof Float32Array || v instanceof Float64Array)) {
    throw new TypeError(`${fn}: ${name} must be a Float32Array or Float64Array, got ${describe(v)}`);
  }
  if (v.length < needed) throw new RangeError(`${fn}: ${name} needs at least ${needed} elements, has ${v.length}`);
  return v;
}

/** A Float32Array or Float64Array, or a Uint16Array of bf16 bits, with at least `needed` elements. */
export function floatsOrBf16(fn: string, name: string, v: unknown, needed: number): FloatArray | Uint16Array {
  if (!(v instanceof Uint16Array)) {
    if (v instanceof Float32Array || v instanceof Float64Array) return floats(fn, name, v, needed);
    throw new TypeError(
      `${fn}: ${name} must be a Float32Array, Float64Array or Uint16Array of bf16 bits, got ${describe(v)}`,
    );
  }
  if (v.length < needed) throw new RangeError(`${fn}: ${name} needs at least ${needed} elements, has ${v.length}`);
  return v;
}

export function ints(fn: string, name: string, v: unknown, needed: number): Int32Array {
  if (!(v instanceof Int32Array)) throw new TypeError(`${fn}: ${name} must be an Int32Array, got ${describe(v)}`);
  if (v.length < needed) throw new RangeError(`${fn}: ${name} needs at least ${needed} elements, has ${v.length}`);
  return v;
}

export function uint16s(fn: string, name: string, v: unknown, needed: number): Uint16Array {
  if (!(v instanceof Uint16Array)) throw new TypeError(`${fn}: ${name} must be a Uint16Array, got ${describe(v)}`);
  if (v.length < needed) throw new RangeError(`${fn}: ${name} needs at least ${needed} elements, has ${v.length}`);
  return v;
}

function range(a: ArrayBufferView): [ArrayBufferLike, number, number] {
  return [a.buffer, a.byteOffset, a.byteOffset + a.byteLength];
}

/** Throws when `out` shares memory with `other` (both non-empty). */
export function disjoint(
  fn: string,
  outName: string,
  out: ArrayBufferView,
  otherName: string,
  other: ArrayBufferView,
): void {
  if (out.byteLength === 0 || other.byteLength === 0) return;
  const [bo, so, eo] = range(out);
  const [bt, st, et] = range(other);
  if (bo === bt && so < et && st < eo) throw new RangeError(`${fn}: ${outName} must not overlap ${otherName}`);
}

/** Exactly the same memory (in place) is fine; a partial overlap is not. */
export function sameOrDisjoint(
  fn: string,
  outName: string,
  out: ArrayBufferView,
  otherName: string,
  other: ArrayBufferView,
): void {
  if (out.buffer === other.buffer && out.byteOffset === other.byteOffset && out.byteLength === other.byteLength) return;
  disjoint(fn, outName, out, otherName, other);
}

/** Elements a row-major [rows, cols] matrix with leading dimension ld needs. */
export function extent(rows: number, cols: number, ld: number): number {
  return rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols;
}
