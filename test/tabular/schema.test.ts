// Column typing on tricky tables and the fitted encoders, checked against values computed by hand.
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../src/tabular/csv-reader';
import { TabularPipeline } from '../../src/tabular/pipeline';
import { inferSchema } from '../../src/tabular/schema';
import { tableFromCsvRecords, tableFromRecords, type Table } from '../../src/tabular/table';

const csv = (text: string): Table => tableFromCsvRecords(parseCsvText(text, 't.csv'), 't.csv');
const kinds = (t: Table, opts = {}) => Object.fromEntries(inferSchema(t, opts).columns.map((c) => [c.name, c.kind]));

describe('column inference', () => {
  it('numbers, text, mixed, booleans, dates, all-missing, constant, thousands separators', () => {
    const t = csv(
      [
        'num,txt,mixed,flag,when,empty,const,amount,y',
        '1.5,red,1,yes,2012-01-31,,k,"1,234",a',
        '2,blue,x,no,2012/02/01,NA,k,"2,500",b',
        'NA,red,3,Y,2013-03-04T10:00:00Z,,k,"12",a',
        '-4e2,,4,n,,?,k,"1,000,000",b',
      ].join('\n'),
    );
    expect(kinds(t)).toEqual({
      num: 'numeric',
      txt: 'categorical',
      mixed: 'categorical',
      flag: 'boolean',
      when: 'date',
      empty: 'ignore',
      const: 'ignore',
      amount: 'categorical',
    });
    expect(kinds(t, { columns: { amount: 'numeric' } }).amount).toBe('numeric');
    const s = inferSchema(t);
    expect(s.columns.find((c) => c.name === 'num')!.missing).toBe(1);
    expect(s.task).toBe('classification');
  });

  it('drops ID-like columns: row numbers, an integer column named like an id, unique text; keeps other integers', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({
      rowname: i + 1,
      customer_id: 1000 + 7 * i,
      name: `person ${i}`,
      age: 20 + (i % 12),
      y: i % 2 ? 'yes' : 'no',
    }));
    expect(kinds(tableFromRecords(rows))).toEqual({
      rowname: 'ignore',
      customer_id: 'ignore',
      name: 'ignore',
      age: 'numeric',
    });
  });

  it('task: text labels and few whole numbers → classification, real numbers → regression; errors name the problem', () => {
    const t = csv('a,y\n1,0.5\n2,310.25\n3,27\n');
    expect(inferSchema(t).task).toBe('regression');
    expect(inferSchema(csv('a,y\n1,3\n2,1\n3,2\n')).task).toBe('classification');
    expect(() => inferSchema(t, { label: 'price' })).toThrow(
      /label "price" is not a column of t.csv \(columns: "a", "y"\)/,
    );
    expect(() => inferSchema(t, { columns: { nope: 'numeric' } })).toThrow(/"nope" is not a column/);
    expect(() => inferSchema(t, { columns: { a: 'text' as never } })).toThrow(/expected one of numeric, categorical/);
    expect(() => inferSchema(csv('a,y\n1,\n2,NA\n'))).toThrow(/the label column "y" is empty/);
  });
});

describe('TabularPipeline', () => {
  const t = csv(['x,c,b,y', '1,red,yes,10', '3,blue,no,20', 'NA,red,yes,30', '8,,no,40', '5,green,yes,50'].join('\n'));
  const schema = inferSchema(t, { task: 'regression' });
  const train = [0, 1, 2, 3];
  const p = TabularPipeline.fit(t, train, schema);

  it('numeric: median imputation, a was-missing indicator, standardization fitted on the training rows', () => {
    // training x = 1, 3, (missing → median of 1, 3, 8 = 3), 8: mean 15/4, population std sqrt(((1−3.75)² + 2·(3−3.75)² + (8−3.75)²)/4)
    const mean = 15 / 4;
    const std = Math.sqrt(((1 - mean) ** 2 + 2 * (3 - mean) ** 2 + (8 - mean) ** 2) / 4);
    const x = p.features(t);
    expect(p.inputNames()).toEqual(['x', 'x (missing)', 'c=red', 'c=blue', 'c (missing)', 'c (other)', 'b']);
    const row = (i: number) => Array.from(x.data.subarray(i * 7, i * 7 + 7));
    expect(row(0)[0]).toBeCloseTo((1 - mean) / std, 6);
    expect(row(2)[0]).toBeCloseTo((3 - mean) / std, 6);
    expect([row(0)[1], row(2)[1]]).toEqual([0, 1]);
    // categories by frequency in the training rows (red ×2, blue ×1), then missing, then other (green is unseen)
    expect(row(0).slice(2, 6)).toEqual([1, 0, 0, 0]);
    expect(row(3).slice(2, 6)).toEqual([0, 0, 1, 0]);
    expect(row(4).slice(2, 6)).toEqual([0, 0, 0, 1]);
    // boolean 1/0 standardized: mean ½, std ½
    expect([row(0)[6], row(1)[6]]).toEqual([1, -1]);
  });

  it('regression target standardized on the training rows and back', () => {
    const mean = 25;
    const std = Math.sqrt((15 ** 2 + 5 ** 2 + 5 ** 2 + 15 ** 2) / 4);
    const y = p.labels(t, [0, 4]);
    expect(y[0]).toBeCloseTo((10 - mean) / std, 6);
    expect(y[1]).toBeCloseTo((50 - mean) / std, 6);
    const target = p.target as { decode(z: number): number };
    expect(target.decode(y[1])).toBeCloseTo(50, 4);
  });

  it('survives JSON (as saved in the model file) and finds columns by name in any order', () => {
    const again = TabularPipeline.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    const shuffled = tableFromRecords([{ y: 1, b: 'no', c: 'purple', x: '' }]);
    expect(Array.from(again.features(shuffled).data)).toEqual(Array.from(p.features(shuffled).data));
    expect(() => p.features(tableFromRecords([{ x: 1, c: 'red' }]))).toThrow(/the model needs column "b"/);
    expect(() => p.features(tableFromRecords([{ x: 'abc', c: 'red', b: 'yes' }]))).toThrow(
      /record 0: column "x" is "abc", expected a number or a missing value/,
    );
  });

  it('class labels: sorted names ↔ indices; an unknown label names its row; one class is an error', () => {
    const c = csv('x,y\n1,yes\n2,no\n3,yes\n4,maybe\n');
    const s = inferSchema(c);
    const pc = TabularPipeline.fit(c, [0, 1, 2], s);
    expect(pc.target.type === 'classes' && pc.target.classes).toEqual(['no', 'yes']);
    expect(Array.from(pc.labels(c, [0, 1, 2]))).toEqual([1, 0, 1]);
    expect(() => pc.labels(c, [3])).toThrow(/t.csv:5: label "maybe" is not one of the trained classes \(no, yes\)/);
    expect(() => TabularPipeline.fit(c, [0, 2], s)).toThrow(/label "y" has one class only \("yes"\)/);
  });
});
