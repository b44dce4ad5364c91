// Posterior-predictive regression in one forward pass with a pretrained PFN (no training needed): the network
// in gp1d.int8.pfn was trained by bench/pfn-gp-train.ts (fixed seed) on datasets simulated from the 1-D GP
// prior of src/pfn/priors/gp.ts (x ~ U(0, 1), RBF lengthscale 0.2, signal sd 1, noise sd 0.1). Given eight
// observed points it predicts y on a grid; the exact GP predictive is printed beside it.
//   npx tsx examples/pfn/gp-predict.ts
import { fileURLToPath } from "node:url";
import { loadPFN, gpPredictive, type BarDistribution } from "../../src/pfn/index.js";

const pfn = loadPFN(fileURLToPath(new URL("./gp1d.int8.pfn", import.meta.url)));
const context = { x: [0.05, 0.18, 0.3, 0.42, 0.55, 0.7, 0.81, 0.93], y: [0.2, 0.9, 1.1, 0.4, -0.5, -1.0, -0.6, 0.3] };
const grid = [0.1, 0.25, 0.5, 0.75, 0.9, 1.0];

const conditioned = pfn.condition(context);          // context keys/values cached once
const preds = conditioned.predict(grid) as BarDistribution[];
const exact = gpPredictive(context.x, context.y, grid);
console.log("x      PFN mean  PFN 95% interval    exact mean  exact 95% interval");
preds.forEach((d, i) => {
  const [lo, hi] = d.interval(0.95), m = exact.mean[i], s = Math.sqrt(exact.variance[i]);
  console.log(`${grid[i].toFixed(2)}   ${d.mean().toFixed(3).padStart(7)}   [${lo.toFixed(3)}, ${hi.toFixed(3)}]`.padEnd(42) +
    `${m.toFixed(3).padStart(7)}     [${(m - 1.96 * s).toFixed(3)}, ${(m + 1.96 * s).toFixed(3)}]`);
});
