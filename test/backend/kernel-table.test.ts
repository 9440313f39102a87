// The seam to the addon is checked, not assumed: the kernel table (src/backend/kernel-table.ts) names every kernel
// with its argument count, and both backends agree with it; an addon lacking a kernel or an activation kind is
// refused at load with one line naming it (the JS fallback then runs); activation codes come from the addon's own
// list of names, so the TypeScript names reach the right C++ kernel whatever the enum order.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsBackend } from '../../src/backend/js';
import { KERNEL_ARITY, KERNEL_NAMES } from '../../src/backend/kernel-table';
import { activationCodes, checkKernels } from '../../src/backend/native';
import { describeNative } from '../helpers/backends';
import { ensureDist, root } from '../helpers/dist';

describe('kernel table', () => {
  it('lists 37 kernels; the JS reference implements each with that many parameters', () => {
    expect(KERNEL_NAMES).toHaveLength(37);
    // (a function declared with rest parameters, like gemmBf16(...args), reports length 0: checked natively only)
    for (const name of KERNEL_NAMES) {
      const declared = jsBackend[name].length;
      expect([name, declared === 0 ? 'rest' : declared]).toEqual([name, declared === 0 ? 'rest' : KERNEL_ARITY[name]]);
    }
  });

  it('an addon lacking kernels is refused, naming them', () => {
    const fake: Record<string, unknown> = { info: () => ({}) };
    for (const name of KERNEL_NAMES) fake[name] = () => undefined;
    expect(() => checkKernels(fake)).not.toThrow();
    delete fake.softmax;
    delete fake.adamStep;
    expect(() => checkKernels(fake)).toThrow(/^the addon lacks softmax, adamStep \(/);
  });

  it("activation codes are the positions in the addon's list; a missing kind is refused, naming it", () => {
    const reversed = ['elu', 'leaky-relu', 'relu', 'tanh', 'sigmoid', 'identity'];
    expect(activationCodes(reversed)).toEqual({
      elu: 0,
      'leaky-relu': 1,
      relu: 2,
      tanh: 3,
      sigmoid: 4,
      identity: 5,
    });
    expect(() => activationCodes(['identity', 'sigmoid', 'tanh', 'relu', 'elu'])).toThrow(
      /lacks the activation 'leaky-relu'/,
    );
    expect(() => activationCodes(undefined)).toThrow(/lacks the activation 'identity'/);
  });
});

describeNative('the addon against the kernel table', (b) => {
  it('exports every kernel and checks for exactly its number of arguments', () => {
    const addon = require(path.join(root, 'build', 'Release', 'nnkit.node')) as Record<string, () => unknown>;
    // The addon takes a window shape as its numbers: 12 for a convolution, 10 for a pooling, in place of 1 object.
    const shapeNumbers = (name: string) => (name.startsWith('conv2d') ? 11 : /Pool2d/.test(name) ? 9 : 0);
    for (const name of KERNEL_NAMES) {
      const arity = KERNEL_ARITY[name] + shapeNumbers(name);
      expect(() => addon[name]()).toThrow(new RegExp(`^${name}: expected ${arity} arguments, got 0$`));
    }
    expect(b.name).toBe('native');
  });

  it("exports its activation kinds: the Backend's six names", () => {
    const addon = require(path.join(root, 'build', 'Release', 'nnkit.node')) as { activationKinds: string[] };
    expect([...addon.activationKinds].sort()).toEqual(['elu', 'identity', 'leaky-relu', 'relu', 'sigmoid', 'tanh']);
  });

  it('an addon without softmax: one warning line naming it, then the JS backend computes', () => {
    ensureDist();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nnkit-shim-'));
    const shim = path.join(dir, 'addon-without-softmax.js');
    writeFileSync(
      shim,
      `const a = { ...require(${JSON.stringify(path.join(root, 'build', 'Release', 'nnkit.node'))}) };\n` +
        'delete a.softmax;\nmodule.exports = a;\n',
    );
    const { NNKIT_BACKEND: _ignored, ...env } = process.env;
    const r = spawnSync(
      process.execPath,
      [
        '-e',
        `const n = require('./dist'); const p = new Float32Array(2);
         n.backend().softmax(1, 2, new Float32Array([0, 0]), p);
         console.log(JSON.stringify({ name: n.backendInfo().name, p: Array.from(p) }));`,
      ],
      { cwd: root, env: { ...env, NNKIT_NATIVE_PATH: shim }, encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.length > 0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^nnkit: native addon not loaded \(the addon lacks softmax \(.*\)\); using the slower JS backend/,
    );
    expect(JSON.parse(r.stdout)).toEqual({ name: 'js', p: [0.5, 0.5] });
  });
});
