// Input validation shared by the layers: every error names the layer (its describe()) and the shapes involved.
// The NaN/Inf scan is a debug check (O(size) per layer per step): on with NNKIT_DEBUG=1 or setDebugChecks(true).
import type { Layer } from './layer';
import type { DType } from '../tensor';
import { Tensor } from '../tensor';

let debugChecks = process.env.NNKIT_DEBUG === '1';

/** Turns the NaN/Inf scan of every layer input and gradient on or off (default: NNKIT_DEBUG=1). */
export function setDebugChecks(on: boolean): void {
  debugChecks = on;
}

export function debugChecksOn(): boolean {
  return debugChecks;
}

export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Checks x is a non-empty Tensor of the layer's precision with `width` features per sample (when given). */
export function checkInput(layer: Layer, x: unknown, dtype: DType, width?: number): Tensor {
  const name = layer.describe();
  if (!(x instanceof Tensor)) {
    throw new TypeError(
      `${name}: input must be a Tensor, got ${x === null ? 'null' : typeof x === 'object' ? x.constructor.name : typeof x}`,
    );
  }
  if (x.shape.length === 0 || x.rows === 0 || x.size === 0) {
    throw new RangeError(`${name}: input ${shapeString(x.shape)} is empty; a batch needs at least one sample`);
  }
  if (x.dtype !== dtype) {
    throw new TypeError(
      `${name}: input ${shapeString(x.shape)} is ${x.dtype} but the layer is ${dtype}; ` +
        `convert the input with x.to('${dtype}') or build the layer with { dtype: '${x.dtype}' }`,
    );
  }
  if (width !== undefined && (x.shape.length < 2 || x.cols !== width)) {
    throw new RangeError(`${name}: expected input [N, ${width}], got ${shapeString(x.shape)}`);
  }
  if (debugChecks) checkFinite(name, 'input', x);
  return x;
}

/** Checks dy matches the shape of the last forward output. */
export function checkGrad(layer: Layer, dy: unknown, y: Tensor | undefined): Tensor {
  const name = layer.describe();
  if (!y) throw new Error(`${name}: backward called before forward`);
  if (!(dy instanceof Tensor)) throw new TypeError(`${name}: backward needs a Tensor dy`);
  if (dy.dtype !== y.dtype) throw new TypeError(`${name}: dy is ${dy.dtype} but the output was ${y.dtype}`);
  if (dy.size !== y.size || dy.rows !== y.rows) {
    throw new RangeError(`${name}: dy ${shapeString(dy.shape)} must match the output ${shapeString(y.shape)}`);
  }
  if (debugChecks) checkFinite(name, 'dy', dy);
  return dy;
}

function checkFinite(name: string, what: string, x: Tensor): void {
  const d = x.data,
    cols = x.cols;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) {
      throw new RangeError(
        `${name}: ${what} ${shapeString(x.shape)} holds ${d[i]} at row ${Math.floor(i / cols)}, ` +
          `column ${i % cols} (NNKIT_DEBUG check)`,
      );
    }
  }
}

export function checkDType(where: string, dtype: unknown): DType {
  if (dtype === undefined) return 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new TypeError(`${where}: dtype must be 'float32' or 'float64', got ${JSON.stringify(dtype)}`);
  }
  return dtype;
}

export function checkCount(where: string, name: string, v: unknown, min = 1): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new RangeError(`${where}: ${name} must be a whole number ≥ ${min}, got ${String(v)}`);
  }
  return v;
}
