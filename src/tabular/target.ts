// The label column: class names ↔ class indices, or regression targets standardized on the training rows.
//   classification  classes sorted (numerically when every class is a number), index = position
//   regression      z = (y − mean) / std for training (so the default recipe sees targets near 0 whatever their
//                   units: a target around 25–350 no longer explodes the first steps); predictions y = z·std + mean
// Task inference (overridable): text or booleans, or ≤ 20 distinct whole numbers → classification; else regression.
import { cellNumber, cellText, isMissing } from './cells';
import type { Cell } from './table';

export type Task = 'classification' | 'regression';

export type TargetJSON =
  | { type: 'classes'; name: string; classes: string[] }
  | { type: 'standardized'; name: string; mean: number; std: number };

const MAX_INTEGER_CLASSES = 20;

export function inferTask(cells: Cell[], missing: ReadonlySet<string>): { task: Task; reason: string } {
  const present = cells.filter((c) => !isMissing(c, missing));
  const nums = present.map((c) => cellNumber(c));
  if (present.some((c) => typeof c === 'boolean') || nums.some((n) => n === undefined))
    return { task: 'classification', reason: 'the label holds text' };
  const distinct = new Set(nums).size;
  if (nums.every((n) => Number.isInteger(n)) && distinct <= MAX_INTEGER_CLASSES)
    return { task: 'classification', reason: `${distinct} distinct whole numbers` };
  return { task: 'regression', reason: 'numbers' };
}

export class ClassTarget {
  readonly type = 'classes';
  private readonly index: Map<string, number>;
  constructor(
    readonly name: string,
    readonly classes: string[],
  ) {
    this.index = new Map(classes.map((c, i) => [c, i]));
  }

  static fit(name: string, cells: Cell[]): ClassTarget {
    const texts = [...new Set(cells.map(cellText))];
    const numeric = texts.every((t) => cellNumber(t) !== undefined);
    texts.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (texts.length < 2)
      throw new Error(
        `label ${JSON.stringify(name)} has one class only (${JSON.stringify(texts[0])}); a classifier needs at least two`,
      );
    return new ClassTarget(name, texts);
  }

  /** Class index per cell; a class the training rows never had is an error naming the row. */
  encode(cells: Cell[], where: (i: number) => string): Int32Array {
    return Int32Array.from(cells, (c, i) => {
      const k = this.index.get(cellText(c));
      if (k === undefined)
        throw new Error(
          `${where(i)}: label ${JSON.stringify(cellText(c))} is not one of the trained classes (${this.classes.join(', ')})`,
        );
      return k;
    });
  }

  toJSON(): TargetJSON {
    return { type: 'classes', name: this.name, classes: [...this.classes] };
  }
}

export class RegressionTarget {
  readonly type = 'standardized';
  constructor(
    readonly name: string,
    readonly mean: number,
    readonly std: number,
  ) {}

  static fit(name: string, cells: Cell[], where: (i: number) => string): RegressionTarget {
    const y = numbersOf(name, cells, where);
    const mean = y.reduce((a, v) => a + v, 0) / y.length;
    const std = Math.sqrt(y.reduce((a, v) => a + (v - mean) ** 2, 0) / y.length);
    return new RegressionTarget(name, mean, std < 1e-12 ? 1 : std);
  }

  /** Standardized targets z = (y − mean) / std. */
  encode(cells: Cell[], where: (i: number) => string): Float32Array {
    return Float32Array.from(numbersOf(this.name, cells, where), (v) => (v - this.mean) / this.std);
  }

  /** Back to the label's units: y = z·std + mean. */
  decode(z: number): number {
    return z * this.std + this.mean;
  }

  toJSON(): TargetJSON {
    return { type: 'standardized', name: this.name, mean: this.mean, std: this.std };
  }
}

export type Target = ClassTarget | RegressionTarget;

export function targetFromJSON(j: TargetJSON): Target {
  if (j?.type === 'classes' && Array.isArray(j.classes) && j.classes.length >= 2)
    return new ClassTarget(j.name, j.classes);
  if (j?.type === 'standardized' && Number.isFinite(j.mean) && j.std > 0)
    return new RegressionTarget(j.name, j.mean, j.std);
  throw new Error(`bad saved target ${JSON.stringify(j)?.slice(0, 80)} (expected classes or standardized)`);
}

function numbersOf(name: string, cells: Cell[], where: (i: number) => string): number[] {
  return cells.map((c, i) => {
    const v = cellNumber(c);
    if (v === undefined)
      throw new Error(
        `${where(i)}: label ${JSON.stringify(name)} is ${JSON.stringify(c)}, not a number (regression needs numbers)`,
      );
    return v;
  });
}
