// stdlib/models/regression: the linear predictor exactly; the known-sd model's posterior against its closed
// form (a bivariate Gaussian: precision P = X'X/σ² + I/τ², mean P⁻¹X'y/σ²) with NUTS, within 5 MCSE; the
// multiple-regression density against a hand-computed sum of log densities.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import { call, close, closeMCMC, compile, lnorm, normals, query, solve, uniforms } from "./helpers.js";

const n = 25;
const xs = uniforms(n, 3).map((u) => 4 * u - 2);
const ys = xs.map((x, i) => 0.7 - 1.3 * x + 0.8 * normals(n, 5)[i]);

const prog = compile(`
import "stdlib/models/regression"
query linear_regression_known_sd(${JSON.stringify(xs)}, ${JSON.stringify(ys)}, 0.8, 3) using nuts(samples: 1000, warmup: 500, chains: 2)
`);

test("linear_predictor: intercept + slope * x for each x", () => {
  const v = call(prog, "linear_predictor", 1, 2, new Float64Array([0, 1, -2])) as Float64Array;
  assert.deepEqual([...v], [1, 3, -3]);
});

test("linear_regression_known_sd: NUTS recovers the closed-form Gaussian posterior", async () => {
  const s2 = 0.8 ** 2, t2 = 3 ** 2;
  const sx = xs.reduce((a, b) => a + b, 0), sxx = xs.reduce((a, x) => a + x * x, 0);
  const sy = ys.reduce((a, b) => a + b, 0), sxy = xs.reduce((a, x, i) => a + x * ys[i], 0);
  const P = [[n / s2 + 1 / t2, sx / s2], [sx / s2, sxx / s2 + 1 / t2]];
  const mean = solve(P, [sy / s2, sxy / s2]);
  const det = P[0][0] * P[1][1] - P[0][1] * P[1][0];
  const sd = [Math.sqrt(P[1][1] / det), Math.sqrt(P[0][0] / det)];
  const post = await query(prog, 0);
  closeMCMC(post, "intercept", mean[0], sd[0]);
  closeMCMC(post, "slope", mean[1], sd[1]);
});

test("multiple_regression: the joint density is the sum of the priors and the Gaussian likelihood", () => {
  const X = [[1, 0.5], [0, -1], [2, 1], [-1, 0.3]], y = [1.2, -0.4, 2.5, 0.1];
  const p = compile(`import "stdlib/models/regression"\nlet X = matrix(${JSON.stringify(X)})\nlet y = vector(${JSON.stringify(y)})`);
  const alpha = 0.3, beta = [0.8, -0.2], sigma = 0.7;
  const { weight } = p.models.multiple_regression.assess([p.values.X, p.values.y], ChoiceMap.from({ alpha, beta: new Float64Array(beta), sigma }));
  let expected = lnorm(alpha, 0, 10) + lnorm(beta[0], 0, 10) + lnorm(beta[1], 0, 10) + Math.log(2) + lnorm(sigma, 0, 5);
  X.forEach((row, i) => { expected += lnorm(y[i], alpha + row[0] * beta[0] + row[1] * beta[1], sigma); });
  close(weight, expected, 1e-10, "log density");
});
