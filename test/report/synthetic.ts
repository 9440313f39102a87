// A report built from a synthetic history (5 epochs, 50 batches, one layer's ratios and histograms), shared by the
// report tests.
import { histogram, type ReportData } from '../../src/report';

export function syntheticReport(): ReportData {
  const epochs = Array.from({ length: 5 }, (_, i) => ({
    epoch: i + 1,
    trainLoss: 2 / (i + 1),
    trainAccuracy: 0.5 + 0.08 * i,
    valLoss: 2.2 / (i + 1),
    valAccuracy: 0.48 + 0.08 * i,
    lr: 0.1 * Math.cos((Math.PI * i) / 10),
    seconds: 1.5,
    samplesPerSec: 1000,
  }));
  const normal = (n: number, mu: number, s: number) =>
    Array.from({ length: n }, (_, i) => mu + s * Math.sin(i * 12.9898) * Math.cos(i * 4.1414));
  return {
    title: 'nnkit training report <test>',
    settings: { dataset: 'digits', backend: 'js', layers: '64-32-10' },
    epochs,
    batchLoss: Array.from({ length: 50 }, (_, i) => 2.3 * Math.exp(-i / 15) + 0.05),
    updateRatios: [
      { layer: 'Dense(64→32)', points: Array.from({ length: 10 }, (_, i) => [i * 5 + 1, 1e-3 * (1 + i / 10)]) },
    ],
    activations: [{ layer: 'ReLU #1', first: histogram(normal(500, 0, 1)), last: histogram(normal(500, 0.5, 2)) }],
    test: { loss: 0.12, accuracy: 0.97 },
    findings: ['loss decreased steadily'],
  };
}
