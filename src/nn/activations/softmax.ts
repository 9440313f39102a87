// Softmax over the last dimension of [N, C]: p_ij = e^{z_ij − m_i} / Σ_k e^{z_ik − m_i}, m_i = max_k z_ik.
//   dz = p ⊙ (dy − Σ_j dy_j·p_j)  per row
// For training, leave it out and use the 'softmax-cross-entropy' loss on the logits (fused, stable, and its
// gradient p − onehot avoids this Jacobian); this layer is for predicting probabilities, or for gradients of
// other losses through a softmax.
import { kernelsFor } from '../../backend';
import type { DType } from '../../tensor';
import type { Tensor } from '../../tensor';
import { Scratch } from '../scratch';
import { checkDType, checkGrad, checkInput, shapeString } from '../input-checks';
import type { ForwardOptions, LayerConfig } from '../layer';
import { Layer } from '../layer';

export class Softmax extends Layer {
  readonly dtype: DType;
  private readonly scratch = new Scratch();
  private y: Tensor | undefined;

  constructor(opts: { dtype?: DType } = {}) {
    super();
    this.dtype = checkDType('Softmax', opts.dtype);
  }

  describe(): string {
    return 'Softmax';
  }

  forward(x: Tensor, _opts?: ForwardOptions): Tensor {
    checkInput(this, x, this.dtype);
    if (x.shape.length !== 2) throw new RangeError(`Softmax: expected input [N, C], got ${shapeString(x.shape)}`);
    const y = this.scratch.tensor('y', x.shape, this.dtype);
    kernelsFor(x.data).softmax(x.rows, x.cols, x.data, y.data);
    this.y = y;
    return y;
  }

  backward(dy: Tensor): Tensor {
    checkGrad(this, dy, this.y);
    const p = (this.y as Tensor).data,
      N = dy.rows,
      C = dy.cols,
      d = dy.data;
    const dx = this.scratch.tensor('dx', dy.shape, this.dtype),
      out = dx.data;
    for (let i = 0; i < N; i++) {
      const o = i * C;
      let dot = 0;
      for (let j = 0; j < C; j++) dot += d[o + j] * p[o + j];
      for (let j = 0; j < C; j++) out[o + j] = p[o + j] * (d[o + j] - dot); // dz = p ⊙ (dy − ⟨dy, p⟩)
    }
    return dx;
  }

  config(): LayerConfig {
    return { type: 'Softmax', dtype: this.dtype };
  }
}
