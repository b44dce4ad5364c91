// Models for the gradient-method tests (Geweke joint tests, SBC, exact checks). The data are random choices
// (t.sample) at "y" so that the harnesses can simulate them and then constrain them; each model lists its
// latent parameters' scalar keys and their exact prior moments (for Geweke's comparison with the prior).
import { gen } from "../../src/trace/dynamic.js";
import { normal } from "../../src/dist/normal.js";
import { halfCauchy } from "../../src/dist/half_cauchy.js";
import { halfNormal } from "../../src/dist/half_normal.js";
import { lognormal } from "../../src/dist/lognormal.js";
import { bernoulliLogit } from "../../src/dist/bernoulli_logit.js";
import { iid } from "../../src/dist/iid.js";
import { Rng } from "../../src/rand/rng.js";
import type { GenerativeFunction } from "../../src/trace/gfi.js";
import type { Scalar } from "../../src/ad/var.js";

export interface GradientTestModel {
  name: string;
  model: GenerativeFunction;
  args: unknown[];
  /** Scalar keys of the latent parameters (summary keys: "theta_tilde[3]"). */
  params: string[];
  /** Prior mean and variance of each parameter in `params` (Infinity/NaN where they do not exist). */
  priorMoments: Record<string, [number, number]>;
  isData: (key: string) => boolean;
}

const isY = (k: string) => k === "y";

/** mu ~ N(0, 1); y_1..n iid N(mu, 1). */
export const normalNormal = (n = 5): GradientTestModel => ({
  name: "normal-normal",
  model: gen((t) => {
    const mu = t.sample("mu", normal(0, 1));
    t.sample("y", iid(normal(mu, 1), n));
  }, "normalNormal"),
  args: [], params: ["mu"], priorMoments: { mu: [0, 1] }, isData: isY,
});

/** (a, b) ~ N(0, [[1, ρ], [ρ, 1]]) written as a ~ N(0, 1), b | a ~ N(ρa, √(1 − ρ²)); y = (a, b) + N(0, s²) noise. */
export const correlatedGaussian = (rho = 0.9, s = 0.5): GradientTestModel => ({
  name: "correlated 2-D Gaussian",
  model: gen((t) => {
    const a = t.sample("a", normal(0, 1));
    const b = t.sample("b", normal(t.m.mul(rho, a), Math.sqrt(1 - rho * rho)));
    t.sample("y", normal(t.m.stack([a, b] as Scalar[]), s));
  }, "correlatedGaussian"),
  args: [], params: ["a", "b"], priorMoments: { a: [0, 1], b: [0, 1] }, isData: isY,
});

/** Non-centered eight schools with a half-normal(5) scale (finite prior variance for Geweke). */
export const eightSchoolsNC = (scale: "half_normal" | "half_cauchy" = "half_normal"): GradientTestModel => {
  const sigma = new Float64Array([15, 10, 16, 11, 9, 11, 10, 18]);
  const tt: Record<string, [number, number]> = {};
  for (let j = 0; j < 8; j++) tt[`theta_tilde[${j}]`] = [0, 1];
  return {
    name: `eight schools (non-centered, ${scale.replace("_", "-")} tau)`,
    model: gen((t) => {
      const mu = t.sample("mu", normal(0, 5));
      const tau = t.sample("tau", scale === "half_normal" ? halfNormal(5) : halfCauchy(5));
      const thetaTilde = t.sample("theta_tilde", normal(new Float64Array(8), 1));
      t.sample("y", normal(t.m.add(mu, t.m.mul(tau, thetaTilde)), sigma));
    }, "eightSchoolsNC"),
    args: [],
    params: ["mu", "tau", ...Object.keys(tt)],
    priorMoments: { mu: [0, 25], tau: [5 * Math.sqrt(2 / Math.PI), 25 * (1 - 2 / Math.PI)], ...tt },
    isData: isY,
  };
};

/** Logistic regression: alpha ~ N(0, 1), beta ~ N(0, 1)^D, y_i ~ bernoulli_logit(alpha + X_i β), X fixed. */
export const logisticRegression = (N = 40, D = 2): GradientTestModel => {
  const r = new Rng("logreg-design");
  const X = { rows: N, cols: D, data: Float64Array.from({ length: N * D }, () => r.normal()) };
  const b: Record<string, [number, number]> = {};
  for (let j = 0; j < D; j++) b[`beta[${j}]`] = [0, 1];
  return {
    name: `logistic regression (N=${N})`,
    model: gen((t) => {
      const alpha = t.sample("alpha", normal(0, 1));
      const beta = t.sample("beta", normal(new Float64Array(D), 1));
      t.sample("y", bernoulliLogit(t.m.add(alpha, t.m.matVec(X, beta))));
    }, "logisticRegression"),
    args: [], params: ["alpha", ...Object.keys(b)], priorMoments: { alpha: [0, 1], ...b }, isData: isY,
  };
};

/**
 * sigma ~ lognormal(0, 1); y_1..n iid N(0, sigma): a positive parameter, weakly informed, so that leaving out
 * the Jacobian (a factor 1/σ) moves the posterior of log σ by about its variance (a strong negative control).
 */
export const normalScale = (n = 1): GradientTestModel => ({
  name: "normal scale",
  model: gen((t) => {
    const sigma = t.sample("sigma", lognormal(0, 1));
    t.sample("y", iid(normal(0, sigma), n));
  }, "normalScale"),
  args: [], params: ["sigma"], priorMoments: { sigma: [Math.exp(0.5), (Math.E - 1) * Math.E] }, isData: isY,
});

export const GRADIENT_TEST_MODELS = [normalNormal(), correlatedGaussian(), eightSchoolsNC(), logisticRegression()];
