// A table's text columns in the graph: string [batch, 1] per column (cells as text, trimmed: what nnkit's cellText
// gives), looked up with the ai.onnx.ml LabelEncoder (opset 2; the standard ONNX-ML domain that onnxruntime runs):
//   categorical  slot = the category's slot, a missing token's missing slot (the "other" slot when training had no
//                missing cells), else "other"  →  one-hot: Cast<float>(Equal(slot, [0 … slots − 1]))  [batch, slots]
//                                               embedding: Cast<float>(slot)  [batch, 1]
//   boolean      1 for true/yes/y/t/1, 0 for false/no/n/f/0, NaN for a missing token, +∞ for anything else (nnkit
//                refuses such a cell; here it makes the outputs non-finite rather than a silent guess)  [batch, 1]
// Missing tokens and boolean words match case-insensitively, as in nnkit: the lookup lists every upper/lower-case
// spelling of words of up to 8 letters, and the lower, UPPER and Capitalized spellings of longer ones.
import type { CategoricalJSON } from '../tabular/column-encoders';
import { attr, type GraphBuilder } from './graph-builder';
import { DATA_TYPE } from './schema';

const ML: [string, number] = ['ai.onnx.ml', 2];
const TRUE = ['true', 'yes', 'y', 't', '1'];
const FALSE = ['false', 'no', 'n', 'f', '0'];

/** The spellings of `word` that nnkit's case-insensitive comparison accepts (see the cap above). */
export function caseVariants(word: string): string[] {
  const lower = word.toLowerCase();
  const letters = [...lower].filter((ch) => ch.toUpperCase() !== ch);
  if (letters.length > 8)
    return [...new Set([lower, lower.toUpperCase(), lower.charAt(0).toUpperCase() + lower.slice(1)])];
  let variants = [''];
  for (const ch of lower) {
    const up = ch.toUpperCase();
    variants = variants.flatMap((v) => (up === ch ? [v + ch] : [v + ch, v + up]));
  }
  return variants;
}

/** LabelEncoder(x) with string keys; `values` [name, numbers] and the default for other strings. */
function lookup(
  g: GraphBuilder,
  x: string,
  base: string,
  table: Map<string, number>,
  values: 'int64s' | 'floats',
  fallback: number,
): string {
  const keys = [...table.keys()];
  const found =
    values === 'int64s'
      ? attr.ints('values_int64s', [...table.values()])
      : attr.floats('values_floats', [...table.values()]);
  const other = values === 'int64s' ? attr.int('default_int64', fallback) : attr.float('default_float', fallback);
  return g.node('LabelEncoder', base, [x], [attr.strings('keys_strings', keys), found, other], ML);
}

/** A categorical column's block: one-hot [batch, slots] or the slot index [batch, 1] (float). */
export function categoricalBlock(g: GraphBuilder, c: CategoricalJSON, x: string, base: string): string {
  const slots = c.categories.length + (c.missingSlot ? 1 : 0) + 1,
    other = slots - 1;
  const table = new Map<string, number>(c.categories.map((name, i) => [name, i]));
  for (const token of c.missing) for (const v of caseVariants(token)) table.set(v, c.missingSlot ? other - 1 : other);
  const slot = lookup(g, x, `${base}_slot`, table, 'int64s', other);
  if (c.encoding === 'embedding') return g.node('Cast', `${base}_index`, [slot], [attr.int('to', DATA_TYPE.FLOAT)]);
  const range = g.int64s(
    `${base}.slots`,
    Array.from({ length: slots }, (_, i) => i),
  );
  const hot = g.node('Equal', `${base}_is`, [slot, range]);
  return g.node('Cast', `${base}_onehot`, [hot], [attr.int('to', DATA_TYPE.FLOAT)]);
}

/** A boolean column as a float [batch, 1]: 1, 0, NaN (missing) or +∞ (not a boolean). */
export function booleanPart(g: GraphBuilder, missing: string[], x: string, base: string): string {
  const table = new Map<string, number>();
  TRUE.forEach((w) => caseVariants(w).forEach((v) => table.set(v, 1)));
  FALSE.forEach((w) => caseVariants(w).forEach((v) => table.set(v, 0)));
  for (const token of missing) for (const v of caseVariants(token)) table.set(v, NaN); // missing first, as nnkit
  return lookup(g, x, `${base}_value`, table, 'floats', Infinity);
}
