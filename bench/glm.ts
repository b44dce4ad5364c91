/**
 * Batched GLM log-likelihood + gradient (one GEMM pair for P parameter vectors) vs P separate evaluations:
 * a plain scalar-loop JS implementation and, when it loads, Borel's reverse-mode AD (`src/ad` `gradient`).
 * Logistic regression (bernoulli-logit), N = 1000, D = 5 by default, and a wider D = 50 case.
 * Run: `npx tsx bench/glm.ts`. Medians of 7 runs after 2 warm-ups; µs per parameter vector.
 */
import { Rng } from "../src/rand/rng.js";
import { BatchedGlm, glmLogLikGrad } from "../src/tensor/glm.js";
import { setThreads } from "../src/tensor/pool.js";

const rng = new Rng("bench-glm");
function median(f: () => void): number {
  for (let i = 0; i < 2; i++) f();
  const ts: number[] = [];
  for (let i = 0; i < 7; i++) { const t = performance.now(); f(); ts.push(performance.now() - t); }
  return ts.sort((a, b) => a - b)[3];
}

// Borel's AD, if src/ad is usable right now (it is being written in parallel)
let adGrad: ((x: Float32Array, y: Float64Array, n: number, d: number, th: Float64Array) => number) | null = null;
try {
  const ad = await import("../src/ad/index.js");
  const m = ad.m as any;
  adGrad = (x, y, n, d, th) => {
    const X = { rows: n, cols: d, data: Float64Array.from(x) };
    const r = ad.gradient((t: any) => m.sub(m.dot(y, m.matVec(X, t)), m.sum(m.softplus(m.matVec(X, t)))), th);
    return r.value;
  };
} catch (e) {
  console.log(`src/ad could not be loaded (${(e as Error).message.split("\n")[0]}): AD baseline skipped`);
}

for (const [n, d] of [[1000, 5], [1000, 50]]) {
  const x = Float32Array.from({ length: n * d }, () => rng.normal() * 0.5);
  const y = Float64Array.from({ length: n }, () => (rng.double() < 0.5 ? 1 : 0));
  const adX = adGrad ? x : null;
  const glmF = new BatchedGlm(x, y, n, d, { family: "bernoulli-logit" });
  const glmQ = new BatchedGlm(x, y, n, d, { family: "bernoulli-logit", design: "int8" });
  console.log(`\nLogistic regression N=${n} D=${d}: µs per parameter vector (log-likelihood + gradient)`);
  console.log("     P   scalar JS   Borel AD   batched f32 1T   batched f32 2T   batched int8 1T   batched int8 2T   speed-up f32 2T vs scalar");
  for (const p of [1, 16, 64, 256]) {
    const th = Float64Array.from({ length: p * d }, () => rng.normal() * 0.3);
    const ths = Float32Array.from(th);
    const scalar = median(() => { for (let t = 0; t < p; t++) glmLogLikGrad(x, y, n, d, th.subarray(t * d, t * d + d), "bernoulli-logit"); }) / p;
    const ad = adGrad && adX ? median(() => { for (let t = 0; t < p; t++) adGrad!(adX, y, n, d, th.slice(t * d, t * d + d)); }) / p : NaN;
    const res: number[] = [];
    for (const glm of [glmF, glmQ]) for (const thr of [1, 2]) {
      await setThreads(thr);
      res.push(median(() => glm.evaluate(ths, p)) / p);
    }
    await setThreads(1);
    const f = (v: number) => (Number.isNaN(v) ? "n/a" : (v * 1000).toFixed(2)).padStart(10);
    console.log(`${String(p).padStart(6)} ${f(scalar)} ${f(ad)} ${f(res[0]).padStart(16)} ${f(res[1]).padStart(16)} ${f(res[2]).padStart(17)} ${f(res[3]).padStart(17)}   ${(scalar / res[1]).toFixed(1).padStart(10)}x`);
  }
  glmF.dispose(); glmQ.dispose();
}
