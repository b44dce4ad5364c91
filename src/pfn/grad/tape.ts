/**
 * A small reverse-mode tape over f32 matrices, for training PFNs on Borel's own kernels. Every value is a
 * row-major [rows, cols] matrix (`TNode`); each op computes its output eagerly and records a closure that,
 * run in reverse order by `backward`, adds the output's gradient into its inputs' gradients. Gradients are
 * allocated lazily; parameter nodes wrap the optimizer's arrays and their gradient buffers (reused across
 * steps), so a training step allocates only activations.
 *
 * @example
 * ```ts
 * const tp = new Tape();
 * const x = tp.input(data, 32, 8), w = tp.param(wData, wGrad, 8, 4);
 * const loss = crossEntropy(tp, linear(tp, x, w), targets);
 * tp.backward(loss);           // wGrad now holds d loss / d w
 * ```
 */
import { BorelError } from "../../util/errors.js";

export class TNode {
  grad: Float32Array | null;
  constructor(readonly data: Float32Array, readonly rows: number, readonly cols: number, readonly needsGrad: boolean, grad: Float32Array | null = null) {
    if (data.length !== rows * cols) throw new BorelError("shape", `tape: ${data.length} values for a [${rows}, ${cols}] matrix`);
    this.grad = grad;
  }
  /** The gradient buffer (allocated at first use). */
  g(): Float32Array { return (this.grad ??= new Float32Array(this.data.length)); }
  /** Adds `d` to the gradient; a node without one takes `d` itself (no copy: `d` must be fresh). */
  accumulate(d: Float32Array): void {
    if (this.grad === null) { this.grad = d; return; }
    const g = this.grad;
    for (let i = 0; i < g.length; i++) g[i] += d[i];
  }
}

export class Tape {
  private readonly backs: (() => void)[] = [];

  /** A constant input (no gradient). */
  input(data: Float32Array, rows: number, cols: number): TNode { return new TNode(data, rows, cols, false); }

  /** A parameter: gradients accumulate into `grad` (the caller zeroes it between steps). */
  param(data: Float32Array, grad: Float32Array, rows: number, cols: number): TNode { return new TNode(data, rows, cols, true, grad); }

  /** The output node of an op whose gradient is needed when any input needs one. */
  output(data: Float32Array, rows: number, cols: number, inputs: readonly TNode[], back: (out: TNode) => void): TNode {
    const needs = inputs.some((n) => n.needsGrad), out = new TNode(data, rows, cols, needs);
    if (needs) this.backs.push(() => { if (out.grad) back(out); });
    return out;
  }

  /** Runs the recorded closures in reverse with d loss / d loss = 1 (loss must be a 1×1 node). */
  backward(loss: TNode): void {
    if (loss.data.length !== 1) throw new BorelError("shape", `tape.backward: the loss must be a scalar, got [${loss.rows}, ${loss.cols}]`);
    loss.g()[0] = 1;
    for (let i = this.backs.length - 1; i >= 0; i--) this.backs[i]();
    this.backs.length = 0;
  }
}
