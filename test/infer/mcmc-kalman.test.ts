// MCMC on the state-space model of examples/data/ssm.json against its Kalman filter: the posterior of the
// last state (filtering = smoothing at the end) has mean filterMeanLast and variance filterVarLast.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gen } from "../../src/trace/dynamic.js";
import { normal } from "../../src/dist/normal.js";
import { nuts } from "../../src/infer/nuts.js";
import type { Real } from "../../src/ad/var.js";
import { kalman, PHI } from "./smc-models.js";

const data = JSON.parse(readFileSync(new URL("../../examples/data/ssm.json", import.meta.url), "utf8"));
const ys: number[] = data.ys ?? data.y;

// x_0 ~ N(0, 1), x_k ~ N(0.9 x_{k−1}, 1), y_k ~ N(x_k, 1); arithmetic through t.m so gradients flow.
const ssm = gen((t, T: number) => {
  let x: Real = 0;
  for (let k = 0; k < T; k++) {
    x = t.sample(["x", k], normal(k === 0 ? 0 : t.m.mul(PHI, x), 1)) as Real;
    t.sample(["y", k], normal(x, 1));
  }
}, "ssm");

test("NUTS on the 100-step state-space model matches the Kalman filter at the last state", () => {
  const T = ys.length;
  const exact = kalman(ys);
  const post = nuts(ssm, [T], { y: ys }, { samples: 600, warmup: 400, chains: 2, seed: 11 });
  const row = post.summary().get(`x/${T - 1}`)!;
  assert.ok(row.rhat !== null && row.rhat < 1.05, `rhat ${row.rhat}`);
  // Tolerances from the run's own Monte Carlo error: 4 MCSE for the mean; the sample variance's relative
  // error is about √(2/ESS), so 4 of those for the variance.
  assert.ok(Math.abs(row.mean - exact.mean) < 4 * (row.mcse_mean as number), `mean ${row.mean} vs ${exact.mean} (mcse ${row.mcse_mean})`);
  const ess = row.ess_bulk as number;
  assert.ok(Math.abs(row.sd ** 2 / exact.variance - 1) < 4 * Math.sqrt(2 / ess), `var ${row.sd ** 2} vs ${exact.variance} (ess ${ess})`);
});
