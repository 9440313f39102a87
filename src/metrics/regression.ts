// Regression metrics on targets y and predictions ŷ (same units), as scikit-learn defines them:
//   R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²      (1 when exact; 0 for always predicting ȳ)
//   MAE = mean |y − ŷ|,   RMSE = sqrt(mean (y − ŷ)²)
// A constant y has no variance: R² is 1 for exact predictions and 0 otherwise (sklearn's convention).

export interface RegressionMetrics {
  r2: number;
  mae: number;
  rmse: number;
}

export function regressionMetrics(y: ArrayLike<number>, yHat: ArrayLike<number>): RegressionMetrics {
  const n = y.length;
  if (n === 0 || yHat.length !== n)
    throw new RangeError(`regressionMetrics: ${n} targets and ${yHat.length} predictions (need the same, ≥ 1)`);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i] / n;
  let sse = 0,
    sst = 0,
    sae = 0;
  for (let i = 0; i < n; i++) {
    const e = y[i] - yHat[i];
    sse += e * e;
    sae += Math.abs(e);
    sst += (y[i] - mean) ** 2;
  }
  const r2 = sst > 0 ? 1 - sse / sst : sse === 0 ? 1 : 0;
  return { r2, mae: sae / n, rmse: Math.sqrt(sse / n) };
}
