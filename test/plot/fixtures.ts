// Small posteriors for the plot tests (fast: each runs in well under a second), and a mark counter that
// parses the SVG with linkedom and counts the shapes each Observable Plot mark drew.
import { DOMParser } from "linkedom";
import { gen, normal, beta, bernoulli, halfNormal } from "../../src/index.js";
import { mcmc, nuts, mhKernel, vi } from "../../src/infer/index.js";
import { compileProgram, runQuery } from "../../src/lang/index.js";

export const flips = Array.from({ length: 30 }, (_, i) => i % 3 !== 0);

export const coin = gen((t, fl: boolean[]) => {
  const p = t.sample("p", beta(1, 1));
  fl.forEach((f, i) => t.observe(["flip", i], bernoulli(p), f));
  return p;
}, "coin");

export const ys = [1.2, 0.4, 2.1, 1.7, 0.9, 1.4, 2.6, 0.1];
export const normalModel = gen((t, y: number[]) => {
  const mu = t.sample("mu", normal(0, 5));
  const sigma = t.sample("sigma", halfNormal(2));
  y.forEach((v, i) => t.observe(["y", i], normal(mu, sigma), v));
}, "normal_model");

export const mhPosterior = () => mcmc(coin, [flips], {}, mhKernel("p"), { samples: 200, warmup: 100, chains: 3, seed: 1 });
export const nutsPosterior = () => nuts(normalModel, [ys], {}, { samples: 150, warmup: 150, chains: 2, seed: 2 });
export const viPosterior = () => vi(normalModel, [ys], {}, { steps: 300, seed: 3 });

const walk = `
model walk(ys) {
  x[0] ~ normal(0, 1)
  for i in 0..len(ys) {
    if i > 0 { x[i] ~ normal(x[i - 1], 0.3) }
    y[i] ~ normal(x[i], 0.5) given ys[i]
  }
}
query walk([0.1, 0.3, -0.2, 0.5, 0.4, 0.8]) using smc(particles: 200)
`;
export async function smcPosterior() {
  const prog = compileProgram(walk, "walk.borel");
  if (prog.errors.length) throw prog.errors[0];
  return runQuery(prog.queries[0], { seed: 4 });
}

/** Number of `shape` elements drawn by the Plot marks labelled `mark` ("line", "rect", "bar", "dot", "area", "rule"). */
export function countMarks(svg: string, mark: string, shape: string): number {
  const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
  return doc.querySelectorAll(`g[aria-label="${mark}"] ${shape}`).length;
}
