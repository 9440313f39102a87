// The Backend interface: every kernel nnkit runs, declared once. `js/` implements it in TypeScript (the readable
// reference, always present, also on Float64Array for gradient checks); `native.ts` implements it with the C++
// addon (Float32Array only). Layers and optimizers call kernels only through this interface.
//
// Conventions: row-major, explicit dimensions, outputs written into caller-owned buffers, nothing allocated.
// Arguments are validated by each implementation; a bad call throws TypeError/RangeError naming the argument.

import type { Conv2dShape, Pool2dShape } from './window2d';

export type FloatArray = Float32Array | Float64Array;
export type BackendName = 'native' | 'js';
export type SimdLevel = 'avx512' | 'avx2' | 'sse2' | 'neon' | 'none';

/** Elementwise activations with no learned parameter. */
export type ElementwiseActivation = 'identity' | 'sigmoid' | 'tanh' | 'relu' | 'leaky-relu' | 'elu';
export const ELEMENTWISE_ACTIVATIONS: readonly ElementwiseActivation[] = [
  'identity',
  'sigmoid',
  'tanh',
  'relu',
  'leaky-relu',
  'elu',
];

/** The panel width of packBf16Panels / linearForwardPanelsBf16 on the native backend (the bf16 GEMM's tile width,
 *  on every CPU); the JS reference takes any width ≥ 1. */
export const BF16_PANEL = 32;

/** The activations linearForward fuses; others run as their own step. */
export type LinearActivation = 'identity' | 'relu';

export interface BackendInfo {
  name: BackendName;
  simd: SimdLevel;
  /** gemmBf16 runs on the CPU's bf16 instructions (AVX512_BF16, allowed by NNKIT_SIMD); false: it is emulated on
   *  fp32 kernels (same rounding of the inputs, fp32 speed). */
  bf16: boolean;
  /** The panel width linearForwardPanels takes on this backend (native: the fp32 GEMM tile width, e.g. 32 with
   *  AVX-512); 0: the backend has no panel form of its own (JS reads any width, [K,N] fastest). */
  panel: number;
  threads: number;
  version: string;
}

export interface Backend {
  readonly name: BackendName;
  info(): BackendInfo;

  /** C[M,N] = alpha·op(A)·op(B) + beta·C (BLAS sgemm, row-major). op(A) is A [M,K] (lda ≥ K) or, with transA,
   *  Aᵀ where A is stored [K,M] (lda ≥ M); likewise B. beta = 0 ignores what C held (NaN included). */
  gemm(
    transA: boolean,
    transB: boolean,
    M: number,
    N: number,
    K: number,
    alpha: number,
    A: FloatArray,
    lda: number,
    B: FloatArray,
    ldb: number,
    beta: number,
    C: FloatArray,
    ldc: number,
  ): void;
  /** gemm without blocking the event loop (native: on a libuv worker thread; JS: in slices of rows between turns of
   *  the loop). A, B and C are read at the call; C is written when the promise resolves. */
  gemmAsync(
    transA: boolean,
    transB: boolean,
    M: number,
    N: number,
    K: number,
    alpha: number,
    A: FloatArray,
    lda: number,
    B: FloatArray,
    ldb: number,
    beta: number,
    C: FloatArray,
    ldc: number,
  ): Promise<void>;

  /** The dense layer's inference step: y [M,N] = act(x [M,K] · op(w) + bias [N]), act 'identity' or 'relu'
   *  (bias may be null); w is [N,K] when wOutIn (Dense's layout, op(w) = wᵀ), else [K,N] (a frozen model's
   *  transposed copy, op(w) = w). One call: the native backend fuses bias and ReLU into its small-batch kernels. */
  linearForward(
    M: number,
    N: number,
    K: number,
    x: FloatArray,
    w: FloatArray,
    wOutIn: boolean,
    bias: FloatArray | null,
    activation: LinearActivation,
    y: FloatArray,
  ): void;
  /** linearForward with w in full-K panels of `panel` columns: [⌈N/panel⌉, K, panel], panel i holding columns
   *  i·panel … as [K, panel] row-major, the columns past N zero (a frozen model's weights, written once in the
   *  layout both the native small-batch kernel and the packed GEMM read in place). Native takes only its own width,
   *  info().panel; the JS reference any width ≥ 1. */
  linearForwardPanels(
    M: number,
    N: number,
    K: number,
    x: FloatArray,
    w: FloatArray,
    panel: number,
    bias: FloatArray | null,
    activation: LinearActivation,
    y: FloatArray,
  ): void;

  /** bf16 weights for linearForwardPanelsBf16: w [N,K] (Dense's layout) → out, full-K panels of `panel` columns of
   *  bf16 pairs: panel i holds ⌈K/2⌉·panel pairs from out[2·i·⌈K/2⌉·panel], pair (q, l) = bf16(w[i·panel + l, 2q]),
   *  bf16(w[i·panel + l, 2q + 1]) (gemmBf16's rounding), 0 past N and past K: with panel = BF16_PANEL, the bf16
   *  GEMM's B panels over all of K. Native takes only BF16_PANEL, the JS reference any width ≥ 1. */
  packBf16Panels(N: number, K: number, w: FloatArray, panel: number, out: Uint16Array): void;
  /** linearForwardPanels with bf16 weights (packBf16Panels) and x rounded to bf16: y [M,N] = act(bf16(x) · W +
   *  bias [N]), the products of bf16 values summed in fp32 (a frozen model with precision 'bf16'). Native: AVX512_BF16
   *  where info().bf16 (half the weight bytes of linearForwardPanels), else a portable loop (slower than fp32). */
  linearForwardPanelsBf16(
    M: number,
    N: number,
    K: number,
    x: FloatArray,
    w: Uint16Array,
    panel: number,
    bias: FloatArray | null,
    activation: LinearActivation,
    y: FloatArray,
  ): void;

  /** gemm with op(A) and op(B) rounded to bf16 (round to nearest even; fp32 denormals to 0; NaN stays NaN) and
   *  the products summed in fp32: the matrix product of mixed-precision training. Float64Array inputs are rounded
   *  to float32 first. A or B may instead be a Uint16Array of bf16 bits (toBf16Bits; lda / ldb in its elements),
   *  used as it is: half the bytes to read, nothing to round (a bf16 copy of weights kept beside the fp32 ones).
   *  On CPUs with AVX512_BF16 (info().bf16) about twice gemm's speed. */
  gemmBf16(
    transA: boolean,
    transB: boolean,
    M: number,
    N: number,
    K: number,
    alpha: number,
    A: FloatArray | Uint16Array,
    lda: number,
    B: FloatArray | Uint16Array,
    ldb: number,
    beta: number,
    C: FloatArray,
    ldc: number,
  ): void;

  /** y = f(x) elementwise over x.length values; param = slope (leaky-relu) or alpha (elu). y may be x. */
  activationForward(kind: ElementwiseActivation, x: FloatArray, y: FloatArray, param: number): void;
  /** dx = dy · f'(x) using x and/or y = f(x). dx may be dy. */
  activationBackward(
    kind: ElementwiseActivation,
    x: FloatArray,
    y: FloatArray,
    dy: FloatArray,
    dx: FloatArray,
    param: number,
  ): void;
  /** PReLU over x [rows, cols]: y = x > 0 ? x : a·x, slope a of length 1 (shared) or cols (per channel). */
  preluForward(rows: number, cols: number, x: FloatArray, slope: FloatArray, y: FloatArray): void;
  /** dx = dy·(x > 0 ? 1 : a); dslope += Σ dy·x over x ≤ 0 (accumulates). */
  preluBackward(
    rows: number,
    cols: number,
    x: FloatArray,
    dy: FloatArray,
    slope: FloatArray,
    dx: FloatArray,
    dslope: FloatArray,
  ): void;
  /** Maxout: x [rows, groups·k] (group g owns columns g·k..g·k+k−1) → y [rows, groups], argmax within group. */
  maxGroupsForward(rows: number, groups: number, k: number, x: FloatArray, y: FloatArray, argmax: Int32Array): void;
  /** dx [rows, groups·k] = dy routed to each group's winner, zero elsewhere. */
  maxGroupsBackward(rows: number, groups: number, k: number, dy: FloatArray, argmax: Int32Array, dx: FloatArray): void;

  /** BatchNorm training pass over x [N, C, S]: writes y, per-channel batch mean, biased variance and
   *  invStd = 1/sqrt(var + eps). y = gamma·(x − mean)·invStd + beta. */
  batchNormForwardTrain(
    N: number,
    C: number,
    S: number,
    x: FloatArray,
    gamma: FloatArray,
    beta: FloatArray,
    eps: number,
    y: FloatArray,
    mean: FloatArray,
    variance: FloatArray,
    invStd: FloatArray,
  ): void;
  /** y = gamma·(x − runningMean)/sqrt(runningVar + eps) + beta. */
  batchNormForwardInfer(
    N: number,
    C: number,
    S: number,
    x: FloatArray,
    gamma: FloatArray,
    beta: FloatArray,
    runningMean: FloatArray,
    runningVar: FloatArray,
    eps: number,
    y: FloatArray,
  ): void;
  /** Fused: dbeta = Σ dy, dgamma = Σ dy·x̂, dx = gamma·invStd/M·(M·dy − dbeta − x̂·dgamma), M = N·S.
   *  dgamma and dbeta are overwritten. */
  batchNormBackward(
    N: number,
    C: number,
    S: number,
    x: FloatArray,
    dy: FloatArray,
    gamma: FloatArray,
    mean: FloatArray,
    invStd: FloatArray,
    dx: FloatArray,
    dgamma: FloatArray,
    dbeta: FloatArray,
  ): void;
  /** BatchNorm fused with ReLU (one pass over y less than batchNormForwardTrain then activationForward('relu');
   *  bench/batchnorm.js): batchNormForwardTrain, then y = max(0, y). */
  batchNormReluForwardTrain(
    N: number,
    C: number,
    S: number,
    x: FloatArray,
    gamma: FloatArray,
    beta: FloatArray,
    eps: number,
    y: FloatArray,
    mean: FloatArray,
    variance: FloatArray,
    invStd: FloatArray,
  ): void;
  /** batchNormForwardInfer, then y = max(0, y). */
  batchNormReluForwardInfer(
    N: number,
    C: number,
    S: number,
    x: FloatArray,
    gamma: FloatArray,
    beta: FloatArray,
    runningMean: FloatArray,
    runningVar: FloatArray,
    eps: number,
    y: FloatArray,
  ): void;
  /** batchNormBackward of g = dy·1[y > 0], y = batchNormReluForwardTrain's output (the ReLU backward fused in). */
  batchNormReluBackward(
    N: number,
    C: number,
    S: number,
    x: FloatArray,
    y: FloatArray,
    dy: FloatArray,
    gamma: FloatArray,
    mean: FloatArray,
    invStd: FloatArray,
    dx: FloatArray,
    dgamma: FloatArray,
    dbeta: FloatArray,
  ): void;

  /** p [N, C] = softmax of z over each row (max-subtracted). */
  softmax(N: number, C: number, z: FloatArray, p: FloatArray): void;
  /** Mean cross-entropy of softmax(z) against class labels; writes dlogits = (p − onehot)/N unless null. */
  softmaxCrossEntropy(N: number, C: number, z: FloatArray, labels: Int32Array, dlogits: FloatArray | null): number;

  /** y [rows, cols] += b [cols]. */
  addBias(rows: number, cols: number, y: FloatArray, b: FloatArray): void;
  /** out [cols] = Σ over rows of x [rows, cols] (+= when accumulate). */
  sumRows(rows: number, cols: number, x: FloatArray, out: FloatArray, accumulate: boolean): void;
  /** y += alpha·x over n values. */
  axpy(n: number, alpha: number, x: FloatArray, y: FloatArray): void;
  /** x *= alpha over n values. */
  scale(n: number, alpha: number, x: FloatArray): void;
  /** x = 0 over n values (the gradients before each step; native: split over the threads for large arrays). */
  fillZero(n: number, x: FloatArray): void;
  /** The index of the first NaN or ±Inf among x's first n values, or -1 when all are finite. */
  firstNonFinite(n: number, x: FloatArray): number;
  /** torch.optim.SGD step: g = grad + wd·w; v = first ? g : μ·v + g; w −= lr·(nesterov ? g + μ·v : v). */
  sgdStep(
    n: number,
    w: FloatArray,
    grad: FloatArray,
    velocity: FloatArray,
    lr: number,
    momentum: number,
    weightDecay: number,
    nesterov: boolean,
    first: boolean,
  ): void;
  /** torch.optim.Adam step number `step` ≥ 1 with L2 weight decay added to the gradient. */
  adamStep(
    n: number,
    w: FloatArray,
    grad: FloatArray,
    m: FloatArray,
    v: FloatArray,
    lr: number,
    beta1: number,
    beta2: number,
    eps: number,
    weightDecay: number,
    step: number,
  ): void;
  /** dst [rows, cols] row i = src [srcRows, cols] row index[i] (a mini-batch of shuffled rows); index[i] in
   *  [0, srcRows). */
  gatherRows(rows: number, cols: number, src: FloatArray, srcRows: number, index: Int32Array, dst: FloatArray): void;
  /** Convolution (window2d.ts) of x [N, C, H, W] with weight [OC, C, kH, kW] (+ bias [OC] unless null) →
   *  y [N, OC, OH, OW]; formulas in js/conv2d.ts. */
  conv2dForward(
    s: Conv2dShape,
    outChannels: number,
    x: FloatArray,
    weight: FloatArray,
    bias: FloatArray | null,
    y: FloatArray,
  ): void;
  /** dx [N, C, H, W] (overwritten) from dy [N, OC, OH, OW]. */
  conv2dBackwardData(s: Conv2dShape, outChannels: number, dy: FloatArray, weight: FloatArray, dx: FloatArray): void;
  /** dweight += Σ_n dy_n·im2col(x_n)ᵀ, dbias += Σ dy (accumulate, like parameter gradients). */
  conv2dBackwardFilter(
    s: Conv2dShape,
    outChannels: number,
    x: FloatArray,
    dy: FloatArray,
    dweight: FloatArray,
    dbias: FloatArray | null,
  ): void;
  /** Max pooling x [N, C, H, W] → y [N, C, OH, OW]; argmax = h·W + w of each window's first maximum. */
  maxPool2dForward(s: Pool2dShape, x: FloatArray, y: FloatArray, argmax: Int32Array): void;
  /** dx (overwritten) = dy scattered to the argmax pixels, summed where windows overlap. */
  maxPool2dBackward(s: Pool2dShape, dy: FloatArray, argmax: Int32Array, dx: FloatArray): void;
  /** Average pooling, padding counted as zeros (divisor kH·kW, PyTorch's count_include_pad). */
  avgPool2dForward(s: Pool2dShape, x: FloatArray, y: FloatArray): void;
  avgPool2dBackward(s: Pool2dShape, dy: FloatArray, dx: FloatArray): void;
}
