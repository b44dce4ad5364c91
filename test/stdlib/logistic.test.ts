// stdlib/models/logistic: logistic_probability exactly; the one-predictor model's posterior means against
// 2-D grid quadrature over (alpha, beta), with NUTS within 5 MCSE; the matrix model with one column has
// the same density as the one-predictor model.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import { call, close, closeMCMC, compile, lnorm, query, uniforms } from "./helpers.js";

const n = 30;
const xs = uniforms(n, 11).map((u) => 4 * u - 2);
const ys = xs.map((x, i) => (uniforms(n, 12)[i] < 1 / (1 + Math.exp(-(0.4 + 1.5 * x))) ? 1 : 0));

const prog = compile(`
import "stdlib/models/logistic"
let xs = vector(${JSON.stringify(xs)})
let ys = ${JSON.stringify(ys)}
query logistic_regression_1d(xs, ys) using nuts(samples: 1000, warmup: 500, chains: 2)
`);

const logLik = (a: number, b: number) => xs.reduce((s, x, i) => {
  const eta = a + b * x;
  return s + (ys[i] ? -Math.log1p(Math.exp(-eta)) : -Math.log1p(Math.exp(eta)));
}, 0);

/** Posterior mean and sd of alpha and beta by quadrature on a 0.01 grid over [−6, 6] × [−4, 8]. */
function quadrature() {
  let z = 0;
  const m = [0, 0], m2 = [0, 0];
  for (let a = -6; a <= 6; a += 0.01) {
    for (let b = -4; b <= 8; b += 0.01) {
      const w = Math.exp(lnorm(a, 0, 5) + lnorm(b, 0, 5) + logLik(a, b) + 20);
      z += w; m[0] += w * a; m[1] += w * b; m2[0] += w * a * a; m2[1] += w * b * b;
    }
  }
  return [0, 1].map((j) => [m[j] / z, Math.sqrt(m2[j] / z - (m[j] / z) ** 2)]);
}

test("logistic_probability is logistic(alpha + beta · x)", () => {
  close(call(prog, "logistic_probability", 0.5, new Float64Array([1, -2]), new Float64Array([0.3, 0.4])) as number, 1 / (1 + Math.exp(-(0.5 + 0.3 - 0.8))));
});

test("logistic_regression_1d: NUTS posterior means and sds match quadrature", async () => {
  const [[ma, sa], [mb, sb]] = quadrature();
  const post = await query(prog, 0);
  closeMCMC(post, "alpha", ma, sa);
  closeMCMC(post, "beta", mb, sb);
});

test("logistic_regression with a one-column matrix has the density of logistic_regression_1d", () => {
  const X = prog.values.xs as Float64Array;
  const p = compile(`import "stdlib/models/logistic"\nlet X = matrix(${JSON.stringify([...X].map((x) => [x]))})`);
  const a = p.models.logistic_regression.assess([p.values.X, prog.values.ys], ChoiceMap.from({ alpha: 0.2, beta: new Float64Array([1.1]) }));
  const b = prog.models.logistic_regression_1d.assess([X, prog.values.ys], ChoiceMap.from({ alpha: 0.2, beta: 1.1 }));
  close(a.weight, b.weight, 1e-10, "log density");
  close(b.weight, lnorm(0.2, 0, 5) + lnorm(1.1, 0, 5) + logLik(0.2, 1.1), 1e-10, "hand-computed");
  assert.ok(Number.isFinite(a.weight));
});
