// A table model (model.tabular) exported with its numeric preprocessing: onnxruntime takes the raw numeric columns
// (NaN for a missing cell) and gives what nnkit computes from the encoded rows: logits for classification, values
// in the label's units for regression (the standardized target decoded in the graph). Text and date columns:
// export-tabular-columns.test.ts.
import * as ort from 'onnxruntime-node';
import { expect, it } from 'vitest';
import { setBackend } from '../../src/backend';
import { Model } from '../../src/model';
import { Tanh } from '../../src/nn/activations/tanh';
import { Dense } from '../../src/nn/dense';
import { decodeModel } from '../../src/onnx/schema';
import { TabularPipeline } from '../../src/tabular/pipeline';
import { inferSchema } from '../../src/tabular/schema';
import { tableFromRecords, type Table } from '../../src/tabular/table';
import { Tensor } from '../../src/tensor';
import { describeEachBackend } from '../helpers/backends';
import { rng, worstRatio } from '../helpers/random';

/** 60 rows: three numeric columns (b and c with missing cells; float32 values, so both sides read the same
 *  inputs), a class label and a numeric target. */
function records(): Record<string, unknown>[] {
  const r = rng(3);
  return Array.from({ length: 60 }, (_, i) => ({
    a: Math.fround(100 * r() - 20),
    b: i % 7 === 3 ? null : Math.fround(5 * r()),
    c: i % 11 === 5 ? 'NA' : Math.fround(1000 + 50 * r()),
    kind: ['low', 'mid', 'high'][i % 3],
    price: 250 + 80 * r(),
  }));
}

function tableModel(table: Table, label: string, outputs: number): Model {
  const schema = inferSchema(table, { label, columns: label === 'price' ? { kind: 'ignore' } : { price: 'ignore' } });
  const pipeline = TabularPipeline.fit(
    table,
    Array.from({ length: table.length }, (_, i) => i),
    schema,
  );
  const model = new Model([new Dense(pipeline.width, 5), new Tanh(), new Dense(5, outputs)]);
  model.tabular = pipeline;
  return model.eval();
}

/** The raw numeric columns a, b, c of every row, NaN where a cell is missing. */
function rawColumns(table: Table): Float32Array {
  return Float32Array.from({ length: 3 * table.length }, (_, k) => {
    const cell = table.cell(Math.floor(k / 3), k % 3);
    return typeof cell === 'number' ? cell : NaN;
  });
}

describeEachBackend('exportONNX of table models', (b) => {
  it('classification: raw columns with missing cells in, logits out; class names and input columns in the metadata', async () => {
    setBackend(b.name);
    const table = tableFromRecords(records());
    const model = tableModel(table, 'kind', 3);
    const bytes = await model.exportONNX();
    const session = await ort.InferenceSession.create(bytes);
    const got = (await session.run({ input: new ort.Tensor('float32', rawColumns(table), [60, 3]) })).output.data;
    const want = model.forward(model.tabular!.features(table), { training: false }).data;
    expect(worstRatio(got as Float32Array, want, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    const meta = decodeModel(bytes, 'table model').metadata;
    expect(JSON.parse(meta.input_columns)).toEqual(['a', 'b', 'c']);
    expect(JSON.parse(meta.class_names)).toEqual(
      model.tabular!.toJSON().target.type === 'classes' ? ['high', 'low', 'mid'] : [],
    );
  });

  it('regression: the output is in the label’s units', async () => {
    setBackend(b.name);
    const table = tableFromRecords(records());
    const model = tableModel(table, 'price', 1);
    const session = await ort.InferenceSession.create(await model.exportONNX());
    const got = (await session.run({ input: new ort.Tensor('float32', rawColumns(table), [60, 3]) })).output.data;
    const z = model.forward(model.tabular!.features(table), { training: false }).data;
    const target = model.tabular!.toJSON().target as { mean: number; std: number };
    const want = Array.from(z, (v) => v * target.std + target.mean);
    expect(worstRatio(got as Float32Array, want, 1e-4, 1e-5)).toBeLessThanOrEqual(1);
  });
});

it('{ preprocessing: false } exports the layers, which take encoded rows (model.tabular.features)', async () => {
  const table = tableFromRecords(records().map((r, i) => ({ ...r, color: ['red', 'blue'][i % 2] })));
  const model = tableModel(table, 'kind', 3);
  const session = await ort.InferenceSession.create(await model.exportONNX({ preprocessing: false }));
  const x = model.tabular!.features(table);
  const got = (await session.run({ input: new ort.Tensor('float32', x.data as Float32Array, x.shape as number[]) }))
    .output;
  expect(
    worstRatio(got.data as Float32Array, model.forward(x, { training: false }).data, 1e-6, 1e-5),
  ).toBeLessThanOrEqual(1);
  expect(new Tensor(got.data as Float32Array, got.dims as number[]).shape).toEqual([60, 3]);
});
