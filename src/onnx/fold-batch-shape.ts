// PyTorch's `x.view(x.size(0), -1)` in a graph: Reshape(x, Concat(Unsqueeze(Gather(Shape(x), 0)), [-1])). The
// shape arithmetic is folded to the constant [0, −1] (Reshape's 0 copies the input's batch size, every tensor on
// the chain has the same batch), so the Reshape imports as a Flatten and Shape no longer counts as a second reader
// of x. Symbolic values: Shape(t) → "shape"; Gather(shape, 0, axis 0) → "batch" (scalar) or "batch1" ([0]);
// Unsqueeze(batch, axes [0]) → "batch1"; Concat(batch1, constant ints…, axis 0) → the ints with the batch as 0.
import type { NodeProto } from './schema';
import type { TensorValue } from './tensor-values';

export type BatchSymbol = 'shape' | 'batch' | 'batch1';

export type Folded = { symbol: BatchSymbol } | { value: TensorValue };

const attrOf = (n: NodeProto, name: string) => n.attributes.find((a) => a.name === name);

/** The folded value of `n`, when it is a step of the pattern above; undefined otherwise. */
export function foldBatchShape(
  n: NodeProto,
  symbols: ReadonlyMap<string, BatchSymbol>,
  constant: (name: string) => TensorValue | undefined,
): Folded | undefined {
  if (n.domain !== '' || n.outputs.length !== 1) return undefined;
  const [a, b] = n.inputs;
  const ints = (name: string | undefined) => (name ? constant(name)?.ints : undefined);
  if (n.opType === 'Shape' && !attrOf(n, 'start') && !attrOf(n, 'end') && !constant(a)) return { symbol: 'shape' };
  if (n.opType === 'Gather' && symbols.get(a) === 'shape' && (attrOf(n, 'axis')?.i ?? 0) === 0) {
    const index = constant(b);
    if (index?.ints?.length !== 1 || index.ints[0] !== 0) return undefined;
    return { symbol: index.dims.length === 0 ? 'batch' : 'batch1' };
  }
  if (n.opType === 'Unsqueeze' && symbols.get(a) === 'batch') {
    const axes = attrOf(n, 'axes')?.ints ?? ints(b);
    return axes?.length === 1 && axes[0] === 0 ? { symbol: 'batch1' } : undefined;
  }
  if (n.opType === 'Concat' && symbols.get(a) === 'batch1' && (attrOf(n, 'axis')?.i ?? 0) === 0) {
    const rest = n.inputs.slice(1).map(ints);
    if (rest.some((r) => r === undefined)) return undefined;
    const shape = [0, ...rest.flatMap((r) => r as number[])];
    return { value: { dims: [shape.length], ints: shape } };
  }
  return undefined;
}
