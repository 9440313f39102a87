// The preprocessing statistics stored in a model file's header must be usable before they are applied to inputs:
// every statistic a finite number, standardization's σ > 0, PCA's whitening denominator λ + ε > 0. Checked at save
// (a diverged or degenerate fit is refused) and at load (an edited header is refused instead of predicting NaN).
// Returns what is wrong ('preprocessing.steps[1].std[3] is 0, expected > 0'), or undefined when all is well.
export function preprocessingProblem(json: unknown, at = 'preprocessing'): string | undefined {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return `${at} is not an object`;
  const j = json as Record<string, unknown>;
  switch (j.kind) {
    case 'standardize':
      return (
        finiteArray(j.mean, `${at}.mean`) ??
        finiteArray(j.std, `${at}.std`, j.scale === false ? undefined : (v) => v > 0, '> 0')
      );
    case 'pca': {
      const eps = typeof j.eps === 'number' && Number.isFinite(j.eps) && j.eps >= 0 ? j.eps : undefined;
      if (eps === undefined) return `${at}.eps is ${JSON.stringify(j.eps)}, expected a finite number ≥ 0`;
      return (
        finiteArray(j.mean, `${at}.mean`) ??
        finiteArray(j.components, `${at}.components`) ??
        finiteArray(j.eigenvalues, `${at}.eigenvalues`, j.whiten ? (v) => v + eps > 0 : undefined, '> −eps')
      );
    }
    case 'pipeline':
      if (!Array.isArray(j.steps)) return `${at}.steps is not a list`;
      for (let i = 0; i < j.steps.length; i++) {
        const p = preprocessingProblem(j.steps[i], `${at}.steps[${i}]`);
        if (p) return p;
      }
      return undefined;
    default:
      return nonFiniteNumber(j, at); // a kind this check does not know: at least no non-finite number
  }
}

function finiteArray(v: unknown, at: string, valid?: (x: number) => boolean, expected = 'finite'): string | undefined {
  if (!Array.isArray(v))
    return `${at} is ${v === undefined ? 'missing' : JSON.stringify(v)}, expected a list of numbers`;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) return `${at}[${i}] is ${String(x)}, expected a finite number`;
    if (valid && !valid(x)) return `${at}[${i}] is ${x}, expected ${expected}`;
  }
  return undefined;
}

function nonFiniteNumber(v: unknown, at: string): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : `${at} is ${v}, expected a finite number`;
  if (v === null || typeof v !== 'object') return undefined;
  for (const [k, x] of Object.entries(v)) {
    const p = nonFiniteNumber(x, Array.isArray(v) ? `${at}[${k}]` : `${at}.${k}`);
    if (p) return p;
  }
  return undefined;
}
