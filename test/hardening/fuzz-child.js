// Fuzzes every export of the native addon with randomized calls. Run as a child process by fuzz-native.test.ts so
// that a crash (segfault, abort) shows as a signal instead of taking the test runner down.
// usage: node fuzz-child.js <seed> <calls>  → prints {"calls":…, "computed":…, "threw":…} on success;
// exits 1 with the offending call on an error that is not a TypeError/RangeError.
'use strict';
const path = require('node:path');

const addon = process.env.NNKIT_NATIVE_PATH
  ? require(process.env.NNKIT_NATIVE_PATH)
  : require('node-gyp-build')(path.join(__dirname, '..', '..'));

const seed = Number(process.argv[2] ?? 1),
  calls = Number(process.argv[3] ?? 10000);
let s = seed >>> 0;
const rand = () => {
  s = (s + 0x6d2b79f5) >>> 0;
  let t = Math.imul(s ^ (s >>> 15), s | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (a) => a[Math.floor(rand() * a.length)];
const small = () => Math.floor(rand() * 9);

function floats(n) {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rand() * 4 - 2;
  return a;
}

// Valid-looking arrays of many kinds: plain, offset views, SharedArrayBuffer-backed, detached, other element types.
function array(n) {
  switch (Math.floor(rand() * 8)) {
    case 0: {
      const a = floats(n + 3);
      return a.subarray(3);
    }
    case 1: {
      const a = new Float32Array(new SharedArrayBuffer(4 * n));
      a.set(floats(n));
      return a;
    }
    case 2: {
      const a = floats(Math.max(n, 1));
      structuredClone(a.buffer, { transfer: [a.buffer] });
      return a;
    }
    case 3:
      return new Float64Array(n);
    case 4:
      return floats(Math.max(0, n - 1 - small()));
    default:
      return floats(n);
  }
}

// Random bf16 bit patterns (any sign, exponent, mantissa: NaN and Inf included) in the same kinds of views.
function bf16Bits(n) {
  const fill = (a) => a.map(() => Math.floor(rand() * 65536));
  switch (Math.floor(rand() * 5)) {
    case 0:
      return fill(new Uint16Array(n + 1)).subarray(1);
    case 1:
      return fill(new Uint16Array(new SharedArrayBuffer(2 * n)));
    case 2: {
      const a = new Uint16Array(Math.max(n, 1));
      structuredClone(a.buffer, { transfer: [a.buffer] });
      return a;
    }
    case 3:
      return fill(new Uint16Array(Math.max(0, n - 1 - small())));
    default:
      return fill(new Uint16Array(n));
  }
}

function hostileValue(prev) {
  return pick([
    () => -1,
    () => 2 ** 31,
    () => 2 ** 31 - 1,
    () => 2 ** 53,
    () => NaN,
    () => Infinity,
    () => -Infinity,
    () => 1.5,
    () => -0,
    () => small(),
    () => 1e9,
    () => '3',
    () => undefined,
    () => null,
    () => true,
    () => ({}),
    () => [1, 2],
    () => new Int32Array(small()),
    () => new Uint8Array(64),
    () => floats(small()),
    () => prev,
    () => (ArrayBuffer.isView(prev) && prev.length > 1 ? prev.subarray(1) : prev),
  ])();
}

// Valid argument lists: random small dimensions and arrays sized for them (so many calls really compute).
const M = () => 1 + small(),
  K = () => 1 + small();
const GEN = {
  gemm: () => {
    const m = M(),
      n = M(),
      k = K(),
      ta = rand() < 0.5,
      tb = rand() < 0.5,
      pad = small() % 3;
    const lda = (ta ? m : k) + pad,
      ldb = (tb ? k : n) + pad,
      ldc = n + pad;
    return [
      ta,
      tb,
      m,
      n,
      k,
      rand(),
      array(((ta ? k : m) - 1) * lda + (ta ? m : k)),
      lda,
      array(((tb ? n : k) - 1) * ldb + (tb ? k : n)),
      ldb,
      pick([0, 1, 0.5]),
      floats((m - 1) * ldc + n),
      ldc,
    ];
  },
  gemmAsync: () => GEN.gemm(),
  gemmBf16: () => {
    // A and B may also be Uint16Arrays of bf16 bits (odd offsets, shared, detached, short: like array()).
    const args = GEN.gemm();
    for (const i of [6, 8]) if (rand() < 0.5) args[i] = bf16Bits(args[i].length);
    return args;
  },
  linearForward: () => {
    const m = M(),
      n = M(),
      k = K();
    // M, N, K, x [M, K], w [N, K] or [K, N], wOutIn, bias [N] | null, activation kind, y [M, N]
    return [
      m,
      n,
      k,
      array(m * k),
      array(n * k),
      pick([true, false]),
      pick([null, floats(n)]),
      small() % 6,
      floats(m * n),
    ];
  },
  linearForwardPanels: () => {
    const m = M(),
      n = M(),
      k = K(),
      panel = pick([addon.info().panel, addon.info().panel, 1, 0, 64]);
    // M, N, K, x [M, K], w [⌈N/panel⌉, K, panel], panel, bias [N] | null, activation kind, y [M, N]
    return [
      m,
      n,
      k,
      array(m * k),
      array(Math.ceil(n / Math.max(1, panel)) * k * Math.max(1, panel)),
      panel,
      pick([null, floats(n)]),
      small() % 6,
      floats(m * n),
    ];
  },
  packBf16Panels: () => {
    const n = M() * pick([1, 5]),
      k = K(),
      panel = pick([32, 32, 32, 16, 0]);
    // N, K, w [N, K], panel, out [⌈N/32⌉ · 2⌈K/2⌉ · 32]
    return [n, k, array(n * k), panel, bf16Bits(Math.ceil(n / 32) * Math.ceil(k / 2) * 64)];
  },
  linearForwardPanelsBf16: () => {
    const m = M() * pick([1, 2]),
      n = M() * pick([1, 5]),
      k = K(),
      panel = pick([32, 32, 32, 16, 0]);
    // M, N, K, x [M, K], w [⌈N/32⌉ · 2⌈K/2⌉ · 32], panel, bias [N] | null, activation kind, y [M, N]
    return [
      m,
      n,
      k,
      array(m * k),
      bf16Bits(Math.ceil(n / 32) * Math.ceil(k / 2) * 64),
      panel,
      pick([null, floats(n)]),
      small() % 6,
      floats(m * n),
    ];
  },
  activationForward: () => {
    const n = small() * 7;
    return [small() % 6, array(n), floats(n), 0.1];
  },
  activationBackward: () => {
    const n = small() * 7;
    return [small() % 6, array(n), floats(n), floats(n), floats(n), 1];
  },
  preluForward: () => {
    const r = M(),
      c = M();
    return [r, c, array(r * c), floats(pick([1, c])), floats(r * c)];
  },
  preluBackward: () => {
    const r = M(),
      c = M(),
      ch = pick([1, c]);
    return [r, c, array(r * c), floats(r * c), floats(ch), floats(r * c), floats(ch)];
  },
  maxGroupsForward: () => {
    const r = M(),
      g = M(),
      k = K();
    return [r, g, k, array(r * g * k), floats(r * g), new Int32Array(r * g)];
  },
  maxGroupsBackward: () => {
    const r = M(),
      g = M(),
      k = K(),
      am = new Int32Array(r * g).map(() => Math.floor(rand() * (k + 1)) - (rand() < 0.1 ? 1 : 0));
    return [r, g, k, array(r * g), am, floats(r * g * k)];
  },
  batchNormForwardTrain: () => {
    const n = M(),
      c = M(),
      sp = M(),
      t = n * c * sp;
    return [n, c, sp, array(t), floats(c), floats(c), 1e-5, floats(t), floats(c), floats(c), floats(c)];
  },
  batchNormForwardInfer: () => {
    const n = M(),
      c = M(),
      sp = M(),
      t = n * c * sp;
    return [n, c, sp, array(t), floats(c), floats(c), floats(c), floats(c).map(Math.abs), 1e-5, floats(t)];
  },
  batchNormBackward: () => {
    const n = M(),
      c = M(),
      sp = M(),
      t = n * c * sp;
    return [n, c, sp, array(t), floats(t), floats(c), floats(c), floats(c), floats(t), floats(c), floats(c)];
  },
  batchNormReluForwardTrain: () => GEN.batchNormForwardTrain(),
  batchNormReluForwardInfer: () => GEN.batchNormForwardInfer(),
  batchNormReluBackward: () => {
    const n = M(),
      c = M(),
      sp = M(),
      t = n * c * sp;
    return [n, c, sp, array(t), floats(t), floats(t), floats(c), floats(c), floats(c), floats(t), floats(c), floats(c)];
  },
  expF32: () => {
    const n = small() * 9;
    return [array(n), floats(n)];
  },
  softmax: () => {
    const n = M(),
      c = M();
    return [n, c, array(n * c), floats(n * c)];
  },
  softmaxCrossEntropy: () => {
    const n = M(),
      c = M();
    return [n, c, array(n * c), new Int32Array(n).map(() => Math.floor(rand() * (c + 1))), pick([null, floats(n * c)])];
  },
  addBias: () => {
    const r = M(),
      c = M();
    return [r, c, floats(r * c), array(c)];
  },
  sumRows: () => {
    const r = M(),
      c = M();
    return [r, c, array(r * c), floats(c), rand() < 0.5];
  },
  axpy: () => {
    const n = small() * 5;
    return [n, rand(), array(n), floats(n)];
  },
  firstNonFinite: () => {
    const n = small() * 9;
    return [n, array(n)];
  },
  scale: () => {
    const n = small() * 5;
    return [n, rand(), array(n)];
  },
  fillZero: () => {
    const n = small() * 5;
    return [n, array(n)];
  },
  sgdStep: () => {
    const n = small() * 5;
    return [n, floats(n), array(n), floats(n), 0.1, 0.9, 1e-4, rand() < 0.5, rand() < 0.5];
  },
  adamStep: () => {
    const n = small() * 5;
    return [n, floats(n), array(n), floats(n), floats(n).map(Math.abs), 1e-3, 0.9, 0.999, 1e-8, 0, 1 + small()];
  },
  gatherRows: () => {
    const r = M(),
      c = M(),
      s = M();
    const index = new Int32Array(r).map(() => Math.floor(rand() * (s + 1)) - (rand() < 0.05 ? 1 : 0));
    return [r, c, array(s * c), s, index, floats(r * c)];
  },
  ...windowGenerators(),
};

// Convolution and pooling: a small random window geometry (out-of-range ones included), arrays sized for it.
function windowGenerators() {
  const geometry = (pool) => {
    const k = 1 + (small() % 4),
      pad = small() % (pool ? 1 + Math.floor(k / 2) : 3);
    const g = {
      N: M(),
      C: 1 + (small() % 4),
      H: 1 + small(),
      W: 1 + small(),
      k,
      s: 1 + (small() % 3),
      pad,
      d: pool ? 1 : 1 + (small() % 2),
    };
    const out = (n) => Math.max(0, Math.floor((n + 2 * pad - g.d * (k - 1) - 1) / g.s) + 1);
    g.plane = g.H * g.W;
    g.outPlane = out(g.H) * out(g.W);
    g.head = [g.N, g.C, g.H, g.W, k, k, g.s, g.s, pad, pad, ...(pool ? [] : [g.d, g.d])];
    return g;
  };
  const conv = () => {
    const g = geometry(false);
    g.oc = 1 + (small() % 4);
    g.x = g.N * g.C * g.plane;
    g.w = g.oc * g.C * g.k * g.k;
    g.y = g.N * g.oc * g.outPlane;
    return g;
  };
  const pool = () => {
    const g = geometry(true);
    g.x = g.N * g.C * g.plane;
    g.y = g.N * g.C * g.outPlane;
    return g;
  };
  const argmax = (g) => new Int32Array(g.y).map(() => Math.floor(rand() * (g.plane + 1)) - (rand() < 0.05 ? 1 : 0));
  return {
    conv2dForward: () => {
      const g = conv();
      return [...g.head, g.oc, array(g.x), array(g.w), pick([null, floats(g.oc)]), floats(g.y)];
    },
    conv2dBackwardData: () => {
      const g = conv();
      return [...g.head, g.oc, array(g.y), array(g.w), floats(g.x)];
    },
    conv2dBackwardFilter: () => {
      const g = conv();
      return [...g.head, g.oc, array(g.x), array(g.y), floats(g.w), pick([null, floats(g.oc)])];
    },
    maxPool2dForward: () => {
      const g = pool();
      return [...g.head, array(g.x), floats(g.y), new Int32Array(g.y)];
    },
    maxPool2dBackward: () => {
      const g = pool();
      return [...g.head, array(g.y), argmax(g), floats(g.x)];
    },
    avgPool2dForward: () => {
      const g = pool();
      return [...g.head, array(g.x), floats(g.y)];
    },
    avgPool2dBackward: () => {
      const g = pool();
      return [...g.head, array(g.y), floats(g.x)];
    },
  };
}

function describe(v) {
  if (ArrayBuffer.isView(v)) {
    const sab = v.buffer instanceof SharedArrayBuffer ? ' shared' : '';
    return `${v.constructor.name}(${v.length} @${v.byteOffset}${sab})`;
  }
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

const names = Object.keys(GEN);
const missing = Object.keys(addon).filter((k) => typeof addon[k] === 'function' && !(k in GEN) && k !== 'info');
if (missing.length) {
  console.error(`exports without a fuzz generator: ${missing.join(', ')}`);
  process.exit(1);
}

let computed = 0,
  threw = 0;
const pending = [];
for (let i = 0; i < calls; i++) {
  const name = names[i % names.length];
  const args = GEN[name]();
  const mutations = rand() < 0.2 ? 0 : 1 + (small() % 3);
  for (let m = 0; m < mutations; m++) {
    const at = Math.floor(rand() * (args.length + 1));
    if (at === args.length) {
      if (rand() < 0.5) args.pop();
      else args.push(0);
      continue;
    } // wrong arity
    args[at] = rand() < 0.3 ? args[Math.floor(rand() * args.length)] : hostileValue(args[at]); // aliasing or junk
  }
  if (process.env.FUZZ_TRACE) require('node:fs').writeSync(2, `${i} ${name} ${args.map(describe).join(' | ')}\n`);
  try {
    const result = addon[name](...args);
    if (result instanceof Promise) pending.push(result);
    computed++;
  } catch (e) {
    if (!(e instanceof TypeError || e instanceof RangeError)) {
      console.error(`call ${i}: ${name} threw ${e?.constructor?.name}: ${e?.message}`);
      process.exit(1);
    }
    threw++;
  }
}
Promise.allSettled(pending).then((settled) => {
  const bad = settled.find((r) => r.status === 'rejected' && !(r.reason instanceof RangeError));
  if (bad) {
    console.error(`gemmAsync rejected with ${bad.reason}`);
    process.exit(1);
  }
  console.log(JSON.stringify({ calls, computed, threw }));
});
