// Issue #21 item 6: a distributed search's id hashed the CSV's path, not its content, so after editing the file a
// rerun ran no trials and returned the old scores. The id now includes the data's SHA-256 and every setting. (Ids and hashing only,
// no kernels: one run.)
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { searchIdOf } from '../../src/cli/search';
import { dataFingerprint } from '../../src/search/data-fingerprint';
import { logUniform } from '../../src/search/spaces';

describe('the search id', () => {
  it('changes when the CSV it trains on changes, not only when its path does', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'nnkit-id-')), 'data.csv');
    const options = {
      space: { lr: logUniform(1e-3, 1) },
      stages: [{ trials: 4, epochs: 2 }],
      data: { kind: 'csv' as const, path: file },
    };
    writeFileSync(file, 'a,b,label\n1,2,0\n3,4,1\n');
    const before = searchIdOf(options, await dataFingerprint(options.data));
    expect(searchIdOf(options, await dataFingerprint(options.data))).toBe(before); // same content: resumes
    writeFileSync(file, 'a,b,label\n1,2,1\n3,4,0\n');
    expect(searchIdOf(options, await dataFingerprint(options.data))).not.toBe(before);
    expect(await dataFingerprint({ kind: 'digits' })).toBe(''); // embedded: fixed by the nnkit version
  });

  it('changes with every search setting: space, stages, strategy, seed, folds, validation fraction', async () => {
    const base = {
      space: { lr: logUniform(1e-3, 1) },
      stages: [{ trials: 4, epochs: 2 }],
      data: { kind: 'digits' as const },
    };
    const variants = [
      base,
      { ...base, space: { lr: logUniform(1e-3, 0.5) } },
      { ...base, stages: [{ trials: 4, epochs: 3 }] },
      { ...base, strategy: 'grid' as const },
      { ...base, seed: 1 },
      { ...base, folds: 3 },
      { ...base, validationFraction: 0.3 },
    ];
    const ids = variants.map((v) => searchIdOf(v));
    expect(new Set(ids).size).toBe(variants.length);
  });
});
