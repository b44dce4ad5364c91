/**
 * A small tabular binary-classification prior (issue 7 benchmark (c)): each dataset is a logistic-regression
 * task or a random-MLP task with equal probability, over D = 2 standard-normal features.
 *
 *   x/i/j ~ N(0, 1)
 *   logistic:    w ~ N(0, 2²)^D, b ~ N(0, 1),                          η(x) = w·x + b
 *   random MLP:  W1 ~ N(0, 1.5²)^{H×D}, b1 ~ N(0, 1)^H, w2 ~ N(0, 1)^H, b2 ~ N(0, 1), s ~ LogNormal(1, 0.5),
 *                η(x) = s·(w2·tanh(W1 x + b1) + b2)/√H   (H = 8 hidden units)
 *   y/i ~ Bernoulli(σ(η(x/i)))
 *
 * @example
 * ```ts
 * const ds = simulateDataset(tabularPrior(), 50, rng, { inputs: "x", outputs: "y" });
 * ```
 */
import { gen } from "../../trace/dynamic.js";
import { normal } from "../../dist/normal.js";
import { lognormal } from "../../dist/lognormal.js";
import { bernoulli } from "../../dist/bernoulli.js";
import { iid } from "../../dist/iid.js";
import { logistic } from "../../math/log.js";

export const TAB_FEATURES = 2;
const HIDDEN = 8;

export function tabularPrior(D = TAB_FEATURES) {
  return gen((t, n: number) => {
    const mlp = t.sample("mlp", bernoulli(0.5)) as boolean;
    let eta: (x: number[]) => number;
    if (!mlp) {
      const w = t.sample("w", iid(normal(0, 2), D)) as Float64Array, b = t.sample("b", normal(0, 1)) as number;
      eta = (x) => x.reduce((s, v, j) => s + v * w[j], b);
    } else {
      const W1 = t.sample("W1", iid(normal(0, 1.5), HIDDEN * D)) as Float64Array, b1 = t.sample("b1", iid(normal(0, 1), HIDDEN)) as Float64Array;
      const w2 = t.sample("w2", iid(normal(0, 1), HIDDEN)) as Float64Array, b2 = t.sample("b2", normal(0, 1)) as number;
      const s = t.sample("scale", lognormal(1, 0.5)) as number;
      eta = (x) => {
        let o = b2;
        for (let h = 0; h < HIDDEN; h++) { let a = b1[h]; for (let j = 0; j < D; j++) a += W1[h * D + j] * x[j]; o += w2[h] * Math.tanh(a); }
        return (s * o) / Math.sqrt(HIDDEN);
      };
    }
    for (let i = 0; i < n; i++) {
      const x = Array.from({ length: D }, (_, j) => t.sample(["x", i, j], normal(0, 1)) as number);
      t.sample(["y", i], bernoulli(logistic(eta(x))));
    }
  }, "tabular");
}
