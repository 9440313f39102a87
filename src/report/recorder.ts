// A training callback that records what the HTML report draws beyond the history: per-layer update/weight ratios
// ‖Δw‖/‖w‖ of each Dense/Maxout weight (about 100 samples over the run), and histograms of every activation
// layer's outputs on a fixed probe batch at the end of the first and of the last epoch.
import { activationKind } from '../babysit/probe';
import { updateRatio } from '../babysit/update-ratio';
import type { Layer } from '../nn/layer';
import type { BatchInfo, Callbacks, TrainContext } from '../train/callbacks';
import type { History } from '../train/history';
import type { ReportData } from './html';
import { histogram, type Histogram } from './svg';

const WEIGHTED = new Set(['Dense', 'Maxout']);

export class ReportRecorder implements Callbacks {
  readonly updateRatios: ReportData['updateRatios'] = [];
  readonly activations: ReportData['activations'] = [];
  private first: Histogram[] | undefined;
  private every = 1;
  private before: Float32Array[] | undefined;
  private weighted: { name: string; w: Float32Array }[] = [];

  onTrainStart(ctx: TrainContext): void {
    this.every = Math.max(1, Math.floor((ctx.epochs * ctx.batchesPerEpoch) / 100));
    this.weighted = ctx.layers.flatMap((l, i) => {
      const w = l.parameters()[0];
      return WEIGHTED.has(l.config().type) && w?.value instanceof Float32Array
        ? [{ name: `${i}: ${l.describe()}`, w: w.value }]
        : [];
    });
    this.updateRatios.push(...this.weighted.map((w) => ({ layer: w.name, points: [] as [number, number][] })));
  }

  onBeforeStep(_ctx: TrainContext, b: BatchInfo): void {
    this.before = b.step % this.every === 0 ? this.weighted.map((w) => w.w.slice()) : undefined;
  }

  onBatchEnd(_ctx: TrainContext, b: BatchInfo): void {
    if (!this.before) return;
    this.weighted.forEach((w, k) => {
      const r = updateRatio(this.before![k], w.w);
      if (Number.isFinite(r)) this.updateRatios[k].points.push([b.step + 1, r]);
    });
    this.before = undefined;
  }

  onEpochEnd(ctx: TrainContext): void {
    if (ctx.epoch === 1 || !this.first) this.first = probe(ctx);
  }

  onTrainEnd(ctx: TrainContext, _h: History): void {
    if (!this.first) return;
    const last = probe(ctx);
    const names = activationLayers(ctx.layers).map(({ layer, index }) => `${index}: ${layer.describe()}`);
    names.forEach((layer, k) => this.activations.push({ layer, first: this.first![k], last: last[k] }));
  }
}

/** The activation layers (babysit/probe.ts's activationKind) before the output layer. */
function activationLayers(layers: readonly Layer[]): { layer: Layer; index: number }[] {
  return layers
    .map((layer, index) => ({ layer, index }))
    .filter(({ layer, index }) => index < layers.length - 1 && activationKind(layer) !== undefined);
}

/** Forward the probe batch in eval mode; histogram each activation layer's output. */
function probe(ctx: TrainContext): Histogram[] {
  const keep = new Set(activationLayers(ctx.layers).map((a) => a.index));
  const out: Histogram[] = [];
  let h = ctx.probe;
  ctx.layers.forEach((l, i) => {
    h = l.forward(h, { training: false });
    if (keep.has(i)) out.push(histogram(h.data, 40));
  });
  return out;
}
