// The CNN recipe of `nnkit train --model`: a compact architecture string → layers, for images [N, C, H, W].
// Grammar: blocks separated by ',', layers within a block by '-' (the split into blocks is only for reading):
//   conv<F>[k<K>][s<S>]  Conv2d to F channels, kernel K (default 3), stride S (default 1), padding ⌊K/2⌋ ("same"
//                        at stride 1); no bias when a bn follows (the BatchNorm's β takes its place, as usual)
//   bn                   BatchNorm over the channels (or features); fused with a directly following relu
//   relu | tanh | sigmoid | elu | lrelu     activations
//   pool[<K>]            MaxPool2d, kernel and stride K (default 2);   avgpool[<K>]: AvgPool2d likewise
//   gap                  GlobalAvgPool2d ([N, C, H, W] → [N, C])
//   drop<p>              Dropout(p), e.g. drop0.25
//   fc<N>                Dense to N features (a Flatten is inserted before the first fc on images)
// The output layer Dense(→ classes, Xavier) is appended unless the string already ends with fc<classes>.
// Layer i is seeded seed·1000 + i. `cnn` names DEFAULT_CNN.
//   conv32-bn-relu-pool,conv64-bn-relu-pool,fc128-bn-relu-drop0.25  on [1, 28, 28]:
//   Conv2d(1→32) BN+ReLU MaxPool → Conv2d(32→64) BN+ReLU MaxPool → Flatten Dense(3136→128) BN+ReLU Dropout
//   → Dense(128→10)
import { Model } from '../model';
import { ELU } from '../nn/activations/elu';
import { LeakyReLU } from '../nn/activations/leaky-relu';
import { ReLU } from '../nn/activations/relu';
import { Sigmoid } from '../nn/activations/sigmoid';
import { Tanh } from '../nn/activations/tanh';
import { AvgPool2d } from '../nn/avg-pool2d';
import { BatchNorm } from '../nn/batch-norm';
import { Conv2d } from '../nn/conv2d';
import { Dense } from '../nn/dense';
import { Dropout } from '../nn/dropout';
import { Flatten } from '../nn/flatten';
import { GlobalAvgPool2d } from '../nn/global-avg-pool2d';
import type { Layer } from '../nn/layer';
import { MaxPool2d } from '../nn/max-pool2d';

/** The default CNN (`--model cnn`): two conv-BN-ReLU-pool stages and a hidden dense layer with BatchNorm and
 *  dropout. Fashion-MNIST, 10 epochs of the CLI defaults: 93.02 % test; without the BatchNorm and dropout after fc128
 *  91.57 % (93 % of its ReLUs dead after epoch 1 at lr 0.1) — docs/conv.md. */
export const DEFAULT_CNN = 'conv32-bn-relu-pool,conv64-bn-relu-pool,fc128-bn-relu-drop0.25';

const ACTIVATIONS: Record<string, () => Layer> = {
  relu: () => new ReLU(),
  tanh: () => new Tanh(),
  sigmoid: () => new Sigmoid(),
  elu: () => new ELU(),
  lrelu: () => new LeakyReLU(),
};

/** What flows between layers: an image [C, H, W] or, after flattening, a feature count. */
type Flow = { image: [number, number, number] } | { features: number };

const width = (f: Flow): number => ('features' in f ? f.features : f.image[0] * f.image[1] * f.image[2]);

class Builder {
  readonly layers: Layer[] = [];
  constructor(
    private flow: Flow,
    private readonly seed: number,
    private readonly spec: string,
  ) {}

  private fail(token: string, why: string): never {
    throw new RangeError(`model ${JSON.stringify(this.spec)}: ${JSON.stringify(token)} ${why}`);
  }

  private image(token: string): [number, number, number] {
    if ('features' in this.flow) this.fail(token, 'needs an image input [C, H, W], but an fc or gap came before it');
    return this.flow.image;
  }

  private nextSeed(): number {
    return this.seed * 1000 + this.layers.length;
  }

  conv(token: string, filters: number, k: number, s: number, bias: boolean): void {
    const [c, h, w] = this.image(token);
    const conv = new Conv2d(c, filters, k, { stride: s, padding: Math.floor(k / 2), bias, seed: this.nextSeed() });
    const [oh, ow] = conv.outputSize(h, w);
    if (oh === 0 || ow === 0) this.fail(token, `does not fit the ${h}×${w} input`);
    this.layers.push(conv);
    this.flow = { image: [filters, oh, ow] };
  }

  pool(token: string, k: number, avg: boolean): void {
    const [c, h, w] = this.image(token);
    if (k > h || k > w) this.fail(token, `needs at least ${k}×${k} pixels, the input is ${h}×${w}`);
    this.layers.push(avg ? new AvgPool2d(k) : new MaxPool2d(k));
    this.flow = { image: [c, Math.floor(h / k), Math.floor(w / k)] };
  }

  gap(token: string): void {
    this.layers.push(new GlobalAvgPool2d());
    this.flow = { features: this.image(token)[0] };
  }

  fc(n: number, init?: 'xavier'): void {
    if ('image' in this.flow) this.layers.push(new Flatten());
    this.layers.push(new Dense(width(this.flow), n, { seed: init ? this.seed * 1000 + 999 : this.nextSeed(), init }));
    this.flow = { features: n };
  }

  bn(relu: boolean): void {
    const channels = 'image' in this.flow ? this.flow.image[0] : this.flow.features;
    this.layers.push(new BatchNorm(channels, { relu }));
  }

  dropout(p: number): void {
    this.layers.push(new Dropout(p, { seed: this.nextSeed() })); // its mask stream, seeded like the weights
  }

  push(layer: Layer): void {
    this.layers.push(layer);
  }
}

/** The layers an architecture string stands for, for samples of `sampleShape` [C, H, W] and `outputs` classes. */
export function buildCnnLayers(spec: string, sampleShape: readonly number[], outputs: number, seed: number): Layer[] {
  if (typeof spec !== 'string' || spec.trim() === '') throw new RangeError('model: the architecture string is empty');
  if (sampleShape.length !== 3) throw new RangeError(`model: a CNN needs images [C, H, W], got [${sampleShape}]`);
  const text = spec === 'cnn' ? DEFAULT_CNN : spec;
  const tokens = text.split(',').flatMap((block) => block.split('-'));
  const b = new Builder({ image: [sampleShape[0], sampleShape[1], sampleShape[2]] }, seed, spec);
  let m: RegExpMatchArray | null;
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    if ((m = /^conv(\d+)(?:k(\d+))?(?:s(\d+))?$/.exec(t))) {
      b.conv(
        t,
        positive(m[1], t, spec),
        m[2] ? positive(m[2], t, spec) : 3,
        m[3] ? positive(m[3], t, spec) : 1,
        next !== 'bn',
      );
    } else if (t === 'bn') b.bn(next === 'relu');
    else if (t === 'relu' && tokens[i - 1] === 'bn')
      return; // fused into the BatchNorm
    else if (t in ACTIVATIONS) b.push(ACTIVATIONS[t]());
    else if ((m = /^(avg)?pool(\d*)$/.exec(t))) b.pool(t, m[2] ? positive(m[2], t, spec) : 2, m[1] !== undefined);
    else if (t === 'gap') b.gap(t);
    else if ((m = /^drop(0?\.\d+)$/.exec(t))) b.dropout(Number(m[1]));
    else if ((m = /^fc(\d+)$/.exec(t))) {
      const n = positive(m[1], t, spec);
      if (i === tokens.length - 1 && n === outputs) b.fc(n, 'xavier');
      else b.fc(n);
    } else
      throw new RangeError(
        `model ${JSON.stringify(spec)}: unknown layer ${JSON.stringify(t)}; expected conv<F>[k<K>][s<S>], bn, ` +
          `${Object.keys(ACTIVATIONS).join(', ')}, pool[<K>], avgpool[<K>], gap, drop<p> or fc<N>`,
      );
  });
  const last = tokens[tokens.length - 1];
  if (last !== `fc${outputs}`) b.fc(outputs, 'xavier');
  return b.layers;
}

function positive(digits: string, token: string, spec: string): number {
  const n = Number(digits);
  if (!(Number.isSafeInteger(n) && n >= 1))
    throw new RangeError(`model ${JSON.stringify(spec)}: ${JSON.stringify(token)} needs whole numbers ≥ 1`);
  return n;
}

/** The recipe's model for an architecture string (or 'cnn'). */
export function buildCnn(spec: string, sampleShape: readonly number[], outputs: number, seed: number): Model {
  return new Model(buildCnnLayers(spec, sampleShape, outputs, seed));
}
