// Gradient check by centered finite differences in float64 (docs/design.md §4). For a scalar loss
//   L(x, θ) = Σ w ⊙ layer.forward(x)        (w fixed, random, seeded)
// or, with opts.loss, L = loss.forward(layer.forward(x), targets) (the training objective itself),
// the analytic gradients (backward(w) for x, accumulated grads for every parameter θ) are compared with
//   (L(· + ε) − L(· − ε)) / 2ε
// element by element. relError = |analytic − numeric| / max(|analytic|, |numeric|, floor): relative for gradients
// above `floor`, absolute (scaled by 1/floor) below it, where float64 round-off (~1e-10·|L|/ε) dominates.
// The check runs on a float64 copy of the layer (cloneLayer), so the caller's layer, its running statistics and
// gradients are untouched; Dropout masks are frozen during the check. Near a kink (ReLU at 0, a Maxout tie) the
// difference quotient is not the derivative: draw inputs away from kinks.
import type { Loss, Targets } from './losses';
import { Rng } from './random';
import { Dropout } from './nn/dropout';
import type { Layer } from './nn/layer';
import { cloneLayer } from './nn/registry';
import { Chain } from './nn/chain';
import { Tensor } from './tensor';

export interface GradCheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Seed of the weights w of L = Σ w ⊙ y (default 0). */
  seed?: number;
  /** Forward in training mode (default: the layer's mode). */
  training?: boolean;
  /** Denominator floor of the relative error (default 1e-3). */
  floor?: number;
  /** Check at most this many elements per array, spread evenly (default: all). */
  maxPerArray?: number;
  /** Check L = loss(forward(x), targets) instead of Σ w ⊙ forward(x). The loss must accept float64 output. */
  loss?: { loss: Loss; targets: Targets };
}

export interface GradCheckResult {
  /** Worst relative error over every checked element. */
  maxRelError: number;
  /** Where it occurred: "input[3]" or "<param name>[i]". */
  where: string;
  analytic: number;
  numeric: number;
  /** Elements checked. */
  checked: number;
  /** Worst relative error per array ("input", "weight", "0.gamma", ...). */
  perArray: Record<string, number>;
}

export function gradCheck(layer: Layer, input: Tensor, opts: GradCheckOptions = {}): GradCheckResult {
  const eps = opts.eps ?? 1e-6,
    floor = opts.floor ?? 1e-3;
  const net = cloneLayer(layer, 'float64');
  const training = opts.training ?? layer.training;
  const x = input.to('float64');
  freezeDropout(net, false);
  const rng = new Rng(opts.seed ?? 0);

  const first = net.forward(x, { training });
  const w = Tensor.from(
    Array.from({ length: first.size }, () => rng.uniform(-1, 1)),
    first.shape,
    'float64',
  );
  const loss = (): number => {
    if (opts.loss) return opts.loss.loss.forward(net.forward(x, { training }), opts.loss.targets);
    const y = net.forward(x, { training }).data;
    let s = 0;
    for (let i = 0; i < y.length; i++) s += w.data[i] * y[i];
    return s;
  };
  freezeDropout(net, true);
  net.zeroGrad();
  loss();
  const dx = Float64Array.from(net.backward(opts.loss ? opts.loss.loss.backward() : w).data);

  const arrays: { name: string; value: Float64Array | Float32Array; grad: ArrayLike<number> }[] = [
    { name: 'input', value: x.data, grad: dx },
    ...net.parameters().map((p) => ({ name: p.name, value: p.value, grad: Float64Array.from(p.grad) })),
  ];
  const result: GradCheckResult = { maxRelError: 0, where: '', analytic: 0, numeric: 0, checked: 0, perArray: {} };
  for (const a of arrays) {
    const n = a.value.length,
      stride = opts.maxPerArray && n > opts.maxPerArray ? n / opts.maxPerArray : 1;
    let worst = 0;
    for (let f = 0; f < n; f += stride) {
      const i = Math.floor(f);
      const old = a.value[i];
      a.value[i] = old + eps;
      const up = loss();
      a.value[i] = old - eps;
      const down = loss();
      a.value[i] = old;
      const numeric = (up - down) / (2 * eps),
        analytic = a.grad[i];
      const err = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), floor);
      result.checked++;
      if (!(err <= worst)) worst = err; // NaN wins
      if (!(err <= result.maxRelError))
        Object.assign(result, { maxRelError: err, where: `${a.name}[${i}]`, analytic, numeric });
    }
    result.perArray[a.name] = worst;
  }
  return result;
}

function freezeDropout(layer: Layer, on: boolean): void {
  if (layer instanceof Dropout) layer.freezeMask = on;
  if (layer instanceof Chain) for (const l of layer.layers) freezeDropout(l, on);
}
