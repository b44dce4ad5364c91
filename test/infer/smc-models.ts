// Models and exact oracles for the SMC tests: the linear-Gaussian state-space model of examples/data/ssm.json
// (x_0 ~ N(0, 1), x_k = 0.9 x_{k−1} + N(0, 1), y_k = x_k + N(0, 1); the data file's x_1 is our step 0) as an
// unfold and as a gen loop with a step argument, and its Kalman filter.
import { gen } from "../../src/trace/dynamic.js";
import { unfold } from "../../src/combinators/unfold.js";
import { normal } from "../../src/dist/normal.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";

export const PHI = 0.9;

/** The same state-space model as a Borel program (each observation point an SMC step). */
export const SSM_BOREL = `
model ssm(ys) {
  x[0] ~ normal(0, 1)
  observe(normal(x[0], 1), ys[0])
  for t in 1..len(ys) {
    x[t] ~ normal(0.9 * x[t - 1], 1)
    observe(normal(x[t], 1), ys[t])
  }
}`;

/** One step of the state-space model: returns the new state. */
export const ssmStep = gen((t, k: number, prev: number) => {
  const x = t.sample("x", normal(k === 0 ? 0 : PHI * prev, 1)) as number;
  t.sample("y", normal(x, 1));
  return x;
}, "ssmStep");

export const ssmUnfold = unfold(ssmStep);

/** The same model as a loop whose first argument is the number of steps (observations at "y/k"). */
export const ssmLoop = gen((t, T: number) => {
  let x = 0;
  for (let k = 0; k < T; k++) {
    x = t.sample(["x", k], normal(k === 0 ? 0 : PHI * x, 1)) as number;
    t.sample(["y", k], normal(x, 1));
  }
}, "ssmLoop");

/** Observations of the unfold form: {k: {y}} → keys "k/y". */
export const unfoldObservations = (ys: readonly number[]) => {
  const c = new ChoiceMap();
  ys.forEach((y, k) => c.set(`${k}/y`, y));
  return c;
};

/** Kalman filter: log p(y_0..y_{T−1}) and the last filtering mean and variance. */
export function kalman(ys: readonly number[], phi = PHI, q = 1, r = 1, m0 = 0, p0 = 1): { logZ: number; mean: number; variance: number; means: number[] } {
  let m = m0, P = p0, logZ = 0;
  const means: number[] = [];
  ys.forEach((y, k) => {
    if (k > 0) { m = phi * m; P = phi * phi * P + q; }
    const S = P + r;
    logZ += -0.5 * Math.log(2 * Math.PI * S) - (0.5 * (y - m) ** 2) / S;
    const K = P / S;
    m += K * (y - m);
    P *= 1 - K;
    means.push(m);
  });
  return { logZ, mean: m, variance: P, means };
}
