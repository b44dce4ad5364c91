/**
 * Mean cross-entropy of logits [N, K] against target classes (buckets) on the tape:
 *   loss = (1/N) Σ_i (logsumexp(z_i) − z_i[t_i]),   d loss / d z_i = (softmax(z_i) − onehot(t_i)) / N.
 * For a bar distribution this is the NLL up to the target's bucket-shape term (−log width or the half-normal
 * tail's log density), which does not depend on the logits; `trainPFN` adds it back when it reports the loss.
 *
 * @example
 * ```ts
 * const loss = crossEntropy(tp, logits, Int32Array.from(targets));
 * loss.data[0];   // mean over rows
 * ```
 */
import { BorelError } from "../../util/errors.js";
import type { TNode, Tape } from "./tape.js";

export function crossEntropy(tp: Tape, logits: TNode, targets: Int32Array): TNode {
  const N = logits.rows, K = logits.cols, z = logits.data;
  if (targets.length !== N) throw new BorelError("shape", `crossEntropy: ${targets.length} targets for ${N} rows`);
  const probs = new Float32Array(N * K);
  let total = 0;
  for (let i = 0; i < N; i++) {
    const o = i * K, t = targets[i];
    if (!(t >= 0 && t < K)) throw new BorelError("bad-parameter", `crossEntropy: target ${t} of row ${i} is outside 0..${K - 1}`);
    let mx = -Infinity;
    for (let j = 0; j < K; j++) if (z[o + j] > mx) mx = z[o + j];
    let s = 0;
    for (let j = 0; j < K; j++) { const e = Math.exp(z[o + j] - mx); probs[o + j] = e; s += e; }
    for (let j = 0; j < K; j++) probs[o + j] /= s;
    total += mx + Math.log(s) - z[o + t];
  }
  if (!Number.isFinite(total)) throw new BorelError("nan", `crossEntropy: the loss is ${total}`, { hint: "lower the learning rate or check the inputs for huge values" });
  return tp.output(Float32Array.of(total / N), 1, 1, [logits], (out) => {
    const g = out.grad![0] / N, dz = logits.g();
    for (let i = 0; i < N; i++) {
      const o = i * K;
      for (let j = 0; j < K; j++) dz[o + j] += g * probs[o + j];
      dz[o + targets[i]] -= g;
    }
  });
}
