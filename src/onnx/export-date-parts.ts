// A table's date column in the graph: milliseconds since 1970-01-01 UTC (float64 [batch, 1], NaN = missing) → the
// six parts nnkit's date encoder reads (src/tabular/cells.ts dateParts), float64 [batch, 6]:
//   elapsed = ms / 86 400 000,  z = ⌊elapsed⌋ (the day number),  dayOfWeek = (z + 3) mod 7 (1970-01-01: Thursday = 3)
//   year, month, day from z by the civil-from-days algorithm (H. Hinnant, "chrono-compatible low-level date
//   algorithms"; all divisions floored, exact in float64), and dayOfYear = z − daysFromCivil(year, 1, 1) + 1.
// Standard ops only (Div, Floor, Mul, Add, Sub, Concat): string dates cannot be parsed by standard ONNX ops at opset
// 13, so the caller passes Date.getTime() (JavaScript) or datetime.timestamp() · 1000 (Python).
import { attr, type GraphBuilder } from './graph-builder';

type Value = string;

class DoubleOps {
  private readonly constants = new Map<number, string>();
  private n = 0;
  constructor(
    private readonly g: GraphBuilder,
    private readonly base: string,
  ) {}

  c(v: number): Value {
    let name = this.constants.get(v);
    if (name === undefined) this.constants.set(v, (name = this.g.doubles(`${this.base}.c${v}`, [], [v])));
    return name;
  }

  op(type: 'Add' | 'Sub' | 'Mul' | 'Div', a: Value | number, b: Value | number): Value {
    const arg = (x: Value | number) => (typeof x === 'number' ? this.c(x) : x);
    return this.g.node(type, `${this.base}_${this.n++}`, [arg(a), arg(b)]);
  }

  /** ⌊a / k⌋ */
  floorDiv(a: Value, k: number): Value {
    return this.g.node('Floor', `${this.base}_${this.n++}`, [this.op('Div', a, k)]);
  }

  /** a − k·⌊a / k⌋ */
  mod(a: Value, k: number): Value {
    return this.op('Sub', a, this.op('Mul', this.floorDiv(a, k), k));
  }
}

/** The six date parts [year, month, day, dayOfWeek, dayOfYear, elapsedDays] of `ms`; returns the [batch, 6] tensor. */
export function datePartsNodes(g: GraphBuilder, ms: string, base: string): string {
  const o = new DoubleOps(g, base);
  const elapsed = o.op('Div', ms, 86_400_000);
  const z = g.node('Floor', `${base}_day`, [elapsed]);
  const dayOfWeek = o.mod(o.op('Add', z, 3), 7);
  const { year, month, day } = civilFromDays(o, z);
  const jan1 = daysFromCivilJan1(o, year);
  const dayOfYear = o.op('Add', o.op('Sub', z, jan1), 1);
  return g.node('Concat', `${base}_parts`, [year, month, day, dayOfWeek, dayOfYear, elapsed], [attr.int('axis', 1)]);
}

function civilFromDays(o: DoubleOps, z: Value): { year: Value; month: Value; day: Value } {
  const z2 = o.op('Add', z, 719_468); // days since 0000-03-01
  const era = o.floorDiv(z2, 146_097);
  const doe = o.op('Sub', z2, o.op('Mul', era, 146_097)); // [0, 146096]
  const yoeNumerator = o.op(
    'Sub',
    o.op('Add', o.op('Sub', doe, o.floorDiv(doe, 1460)), o.floorDiv(doe, 36_524)),
    o.floorDiv(doe, 146_096),
  );
  const yoe = o.floorDiv(yoeNumerator, 365); // [0, 399]
  const doy = o.op(
    'Sub',
    doe,
    o.op('Sub', o.op('Add', o.op('Mul', yoe, 365), o.floorDiv(yoe, 4)), o.floorDiv(yoe, 100)),
  );
  const mp = o.floorDiv(o.op('Add', o.op('Mul', doy, 5), 2), 153); // 0 = March … 11 = February
  const day = o.op('Add', o.op('Sub', doy, o.floorDiv(o.op('Add', o.op('Mul', mp, 153), 2), 5)), 1);
  const month = o.op('Sub', o.op('Add', mp, 3), o.op('Mul', o.floorDiv(mp, 10), 12));
  const marchYear = o.op('Add', yoe, o.op('Mul', era, 400));
  const year = o.op('Add', marchYear, o.floorDiv(o.op('Sub', 14, month), 12)); // January and February: +1
  return { year, month, day };
}

/** The day number of January 1 of `year` (days from civil, with month 1 counted in the previous March year). */
function daysFromCivilJan1(o: DoubleOps, year: Value): Value {
  const y = o.op('Sub', year, 1);
  const era = o.floorDiv(y, 400);
  const yoe = o.op('Sub', y, o.op('Mul', era, 400));
  const doe = o.op(
    'Add',
    o.op('Sub', o.op('Add', o.op('Mul', yoe, 365), o.floorDiv(yoe, 4)), o.floorDiv(yoe, 100)),
    306,
  );
  return o.op('Sub', o.op('Add', o.op('Mul', era, 146_097), doe), 719_468);
}
