// Hostile calls: every kernel, every argument replaced by something wrong, must throw a TypeError or RangeError
// naming the function and the argument — never crash, never compute on garbage.
import { expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends';
import { uniform } from '../helpers/random';
import type { Backend } from '../../src/backend/types';

type Kind = 'size' | 'step' | 'number' | 'bool' | 'f32' | 'f32-optional' | 'f32-free' | 'i32' | 'kind';
interface Case {
  fn: keyof Backend;
  args: () => unknown[];
  names: string[];
  kinds: Kind[];
  aliases?: [number, number][];
}

const f = (n: number) => uniform(n, n);
const CASES: Case[] = [
  {
    fn: 'gemm',
    names: ['transA', 'transB', 'M', 'N', 'K', 'alpha', 'A', 'lda', 'B', 'ldb', 'beta', 'C', 'ldc'],
    kinds: ['bool', 'bool', 'size', 'size', 'size', 'number', 'f32', 'size', 'f32', 'size', 'number', 'f32', 'size'],
    args: () => [false, false, 3, 4, 5, 1, f(15), 5, f(20), 4, 0, f(12), 4],
    aliases: [
      [11, 6],
      [11, 8],
    ],
  },
  {
    fn: 'activationForward',
    names: ['kind', 'x', 'y', 'param'],
    kinds: ['kind', 'f32-free', 'f32', 'number'],
    args: () => ['relu', f(8), f(8), 0],
    aliases: [[2, 1]],
  },
  {
    fn: 'activationBackward',
    names: ['kind', 'x', 'y', 'dy', 'dx', 'param'],
    kinds: ['kind', 'f32-free', 'f32', 'f32', 'f32', 'number'],
    args: () => ['tanh', f(8), f(8), f(8), f(8), 0],
    aliases: [
      [4, 3],
      [4, 1],
    ],
  },
  {
    fn: 'preluForward',
    names: ['rows', 'cols', 'x', 'slope', 'y'],
    kinds: ['size', 'size', 'f32', 'f32', 'f32'],
    args: () => [2, 3, f(6), f(3), f(6)],
    aliases: [[4, 2]],
  },
  {
    fn: 'preluBackward',
    names: ['rows', 'cols', 'x', 'dy', 'slope', 'dx', 'dslope'],
    kinds: ['size', 'size', 'f32', 'f32', 'f32', 'f32', 'f32'],
    args: () => [2, 3, f(6), f(6), f(3), f(6), f(3)],
    aliases: [
      [5, 2],
      [6, 3],
    ],
  },
  {
    fn: 'maxGroupsForward',
    names: ['rows', 'groups', 'k', 'x', 'y', 'argmax'],
    kinds: ['size', 'size', 'size', 'f32', 'f32', 'i32'],
    args: () => [2, 3, 4, f(24), f(6), new Int32Array(6)],
    aliases: [[4, 3]],
  },
  {
    fn: 'maxGroupsBackward',
    names: ['rows', 'groups', 'k', 'dy', 'argmax', 'dx'],
    kinds: ['size', 'size', 'size', 'f32', 'i32', 'f32'],
    args: () => [2, 3, 4, f(6), new Int32Array(6), f(24)],
    aliases: [[5, 3]],
  },
  {
    fn: 'batchNormForwardTrain',
    names: ['N', 'C', 'S', 'x', 'gamma', 'beta', 'eps', 'y', 'mean', 'variance', 'invStd'],
    kinds: ['size', 'size', 'size', 'f32', 'f32', 'f32', 'number', 'f32', 'f32', 'f32', 'f32'],
    args: () => [4, 3, 2, f(24), f(3), f(3), 1e-5, f(24), f(3), f(3), f(3)],
    aliases: [
      [7, 3],
      [8, 4],
    ],
  },
  {
    fn: 'batchNormForwardInfer',
    names: ['N', 'C', 'S', 'x', 'gamma', 'beta', 'runningMean', 'runningVar', 'eps', 'y'],
    kinds: ['size', 'size', 'size', 'f32', 'f32', 'f32', 'f32', 'f32', 'number', 'f32'],
    args: () => [4, 3, 2, f(24), f(3), f(3), f(3), uniform(3, 1, 0.5, 1), 1e-5, f(24)],
    aliases: [[9, 3]],
  },
  {
    fn: 'batchNormBackward',
    names: ['N', 'C', 'S', 'x', 'dy', 'gamma', 'mean', 'invStd', 'dx', 'dgamma', 'dbeta'],
    kinds: ['size', 'size', 'size', 'f32', 'f32', 'f32', 'f32', 'f32', 'f32', 'f32', 'f32'],
    args: () => [4, 3, 2, f(24), f(24), f(3), f(3), f(3), f(24), f(3), f(3)],
    aliases: [
      [8, 3],
      [9, 5],
    ],
  },
  {
    fn: 'softmax',
    names: ['N', 'C', 'z', 'p'],
    kinds: ['size', 'size', 'f32', 'f32'],
    args: () => [3, 4, f(12), f(12)],
    aliases: [[3, 2]],
  },
  {
    fn: 'softmaxCrossEntropy',
    names: ['N', 'C', 'z', 'labels', 'dlogits'],
    kinds: ['size', 'size', 'f32', 'i32', 'f32-optional'],
    args: () => [3, 4, f(12), new Int32Array([0, 3, 1]), f(12)],
    aliases: [[4, 2]],
  },
  {
    fn: 'addBias',
    names: ['rows', 'cols', 'y', 'b'],
    kinds: ['size', 'size', 'f32', 'f32'],
    args: () => [3, 4, f(12), f(4)],
    aliases: [[2, 3]],
  },
  {
    fn: 'sumRows',
    names: ['rows', 'cols', 'x', 'out', 'accumulate'],
    kinds: ['size', 'size', 'f32', 'f32', 'bool'],
    args: () => [3, 4, f(12), f(4), false],
    aliases: [[3, 2]],
  },
  {
    fn: 'axpy',
    names: ['n', 'alpha', 'x', 'y'],
    kinds: ['size', 'number', 'f32', 'f32'],
    args: () => [5, 2, f(5), f(5)],
    aliases: [[3, 2]],
  },
  { fn: 'scale', names: ['n', 'alpha', 'x'], kinds: ['size', 'number', 'f32'], args: () => [5, 2, f(5)] },
  { fn: 'fillZero', names: ['n', 'x'], kinds: ['size', 'f32'], args: () => [5, f(5)] },
  {
    fn: 'sgdStep',
    names: ['n', 'w', 'grad', 'velocity', 'lr', 'momentum', 'weightDecay', 'nesterov', 'first'],
    kinds: ['size', 'f32', 'f32', 'f32', 'number', 'number', 'number', 'bool', 'bool'],
    args: () => [5, f(5), f(5), f(5), 0.1, 0.9, 0, false, true],
    aliases: [
      [1, 2],
      [3, 2],
    ],
  },
  {
    fn: 'adamStep',
    names: ['n', 'w', 'grad', 'm', 'v', 'lr', 'beta1', 'beta2', 'eps', 'weightDecay', 'step'],
    kinds: ['size', 'f32', 'f32', 'f32', 'f32', 'number', 'number', 'number', 'number', 'number', 'step'],
    args: () => [5, f(5), f(5), f(5), f(5), 0.1, 0.9, 0.999, 1e-8, 0, 1],
    aliases: [
      [1, 2],
      [3, 4],
    ],
  },
];

function detached(): Float32Array {
  const a = new Float32Array(64);
  structuredClone(a.buffer, { transfer: [a.buffer] });
  return a;
}

function label(v: unknown): string {
  if (ArrayBuffer.isView(v))
    return `${v.constructor.name}(${v.byteLength === 0 ? 'empty or detached' : (v as Float32Array).length})`;
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function hostile(kind: Kind, valid: unknown): unknown[] {
  switch (kind) {
    case 'size':
      return [-1, 1.5, NaN, Infinity, 2 ** 31, 2 ** 31 - 1, '3', undefined, null];
    case 'step':
      return [0, -1, 1.5, NaN, Infinity, 2 ** 31, '1', undefined];
    case 'number':
      return [NaN, Infinity, -Infinity, '1', undefined, {}];
    case 'bool':
      return [1, 'true', undefined, null];
    case 'kind':
      return ['relu6', 3, undefined, '__proto__', 'constructor'];
    case 'i32':
      return [new Float32Array((valid as Int32Array).length), new Int32Array(0), [0, 1], 'x', undefined];
    case 'f32':
      return [
        (valid as Float32Array).subarray(1),
        detached(),
        new Int32Array((valid as Float32Array).length),
        [1, 2, 3],
        'x',
        undefined,
        new Uint8Array(64),
      ];
    case 'f32-optional':
      return [(valid as Float32Array).subarray(1), detached(), [1, 2, 3], 'x', 0];
    case 'f32-free':
      return [new Int32Array(8), [1, 2], 'x', undefined];
  }
}

describeEachBackend('bad arguments', (b) => {
  for (const c of CASES) {
    it(`${c.fn}: each argument replaced by a wrong value throws a named error`, () => {
      const call = (args: unknown[]) => (b[c.fn] as (...a: unknown[]) => unknown)(...args);
      expect(() => call(c.args())).not.toThrow(); // the valid call is valid
      for (let i = 0; i < c.names.length; i++) {
        for (const bad of hostile(c.kinds[i], c.args()[i])) {
          const args = c.args();
          args[i] = bad;
          let error: unknown;
          try {
            call(args);
          } catch (e) {
            error = e;
          }
          const where = `${c.fn} argument ${c.names[i]} = ${label(bad)}`;
          expect(error, where).toBeDefined();
          expect(error instanceof TypeError || error instanceof RangeError, where).toBe(true);
          expect((error as Error).message, where).toContain(c.fn);
        }
      }
    });
    for (const [out, input] of c.aliases ?? []) {
      it(`${c.fn}: ${c.names[out]} partly overlapping ${c.names[input]} is rejected`, () => {
        const args = c.args();
        const a = args[input] as Float32Array,
          o = args[out] as Float32Array;
        const shared = new Float32Array(Math.max(a.length, o.length) + 1);
        const inView = shared.subarray(0, a.length),
          outView = shared.subarray(1, 1 + o.length);
        inView.set(a);
        args[input] = inView;
        args[out] = outView;
        expect(() => (b[c.fn] as (...x: unknown[]) => unknown)(...args)).toThrow(
          new RegExp(`${c.names[out]} must not overlap`),
        );
      });
    }
  }

  it('labels outside [0, C) and argmax outside [0, k) are rejected before the kernel runs', () => {
    expect(() => b.softmaxCrossEntropy(2, 3, f(6), new Int32Array([0, 3]), null)).toThrow(/labels\[1\] = 3/);
    expect(() => b.softmaxCrossEntropy(2, 3, f(6), new Int32Array([-1, 0]), null)).toThrow(RangeError);
    expect(() => b.maxGroupsBackward(1, 2, 3, f(2), new Int32Array([0, 3]), f(6))).toThrow(/argmax\[1\] = 3/);
  });

  it('gemm: leading dimensions smaller than the width are rejected', () => {
    expect(() => b.gemm(false, false, 3, 4, 5, 1, f(15), 4, f(20), 4, 0, f(12), 4)).toThrow(/lda must be at least 5/);
    expect(() => b.gemm(true, false, 3, 4, 5, 1, f(15), 2, f(20), 4, 0, f(12), 4)).toThrow(/lda must be at least 3/);
    expect(() => b.gemm(false, true, 3, 4, 5, 1, f(15), 5, f(20), 4, 0, f(12), 4)).toThrow(/ldb must be at least 5/);
    expect(() => b.gemm(false, false, 3, 4, 5, 1, f(15), 5, f(20), 4, 0, f(12), 3)).toThrow(/ldc must be at least 4/);
  });
});

describeEachBackend('float64', (b) => {
  it(b.name === 'native' ? 'native kernels reject Float64Array by name' : 'js kernels accept Float64Array', () => {
    const call = () => b.axpy(3, 1, new Float64Array(3), new Float64Array(3));
    if (b.name === 'native') expect(call).toThrow(/x must be a Float32Array/);
    else expect(call).not.toThrow();
  });
});
