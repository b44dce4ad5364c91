// Small conjugate models for simulation-based calibration (test/infer/*sbc*): the data are random choices
// (t.sample) so that SBC can simulate them, then constrain them; each data set is one iid vector choice "y"
// (fast: one record per run).
import { gen } from "../../src/trace/dynamic.js";
import { normal } from "../../src/dist/normal.js";
import { beta } from "../../src/dist/beta.js";
import { gamma } from "../../src/dist/gamma.js";
import { bernoulli } from "../../src/dist/bernoulli.js";
import { iid } from "../../src/dist/iid.js";
import type { GenerativeFunction } from "../../src/trace/gfi.js";

export interface SBCModel {
  name: string;
  model: GenerativeFunction;
  args: unknown[];
  observed: (key: string) => boolean;
  params: string[];
}

const isData = (k: string) => k === "y";

/** mu ~ N(0, 1); y = (y_i) iid N(mu, 1), i < n. */
export const normalNormal = (n: number): SBCModel => ({
  name: "normal-normal",
  model: gen((t) => {
    const mu = t.sample("mu", normal(0, 1)) as number;
    t.sample("y", iid(normal(mu, 1), n));
  }, "normalNormal"),
  args: [], observed: isData, params: ["mu"],
});

/** p ~ Beta(2, 2); y iid Bernoulli(p). */
export const betaBernoulli = (n: number): SBCModel => ({
  name: "beta-bernoulli",
  model: gen((t) => {
    const p = t.sample("p", beta(2, 2)) as number;
    t.sample("y", iid(bernoulli(p), n));
  }, "betaBernoulli"),
  args: [], observed: isData, params: ["p"],
});

/** tau ~ Gamma(3, 2) (rate); mu ~ N(0, 1/sqrt(tau)); y iid N(mu, 1/sqrt(tau)). */
export const normalGamma = (n: number): SBCModel => ({
  name: "normal-gamma",
  model: gen((t) => {
    const tau = t.sample("tau", gamma(3, 2)) as number;
    const mu = t.sample("mu", normal(0, 1 / Math.sqrt(tau))) as number;
    t.sample("y", iid(normal(mu, 1 / Math.sqrt(tau)), n));
  }, "normalGamma"),
  args: [], observed: isData, params: ["mu", "tau"],
});

/** K independent groups: mu_k ~ N(0, 1); y_k iid N(mu_k, 1), n per group (data "y/k"). */
export const normalGroups = (K: number, n: number): SBCModel => ({
  name: "normal-groups",
  model: gen((t) => {
    for (let k = 0; k < K; k++) {
      const mu = t.sample(["mu", k], normal(0, 1)) as number;
      t.sample(["y", k], iid(normal(mu, 1), n));
    }
  }, "normalGroups"),
  args: [], observed: (k) => k.startsWith("y/"), params: Array.from({ length: K }, (_, k) => `mu/${k}`),
});

/** K coins: p_k ~ Beta(2, 2); y_k iid Bernoulli(p_k), n flips each (data "y/k"). */
export const coins = (K: number, n: number): SBCModel => ({
  name: "beta-bernoulli coins",
  model: gen((t) => {
    for (let k = 0; k < K; k++) {
      const p = t.sample(["p", k], beta(2, 2)) as number;
      t.sample(["y", k], iid(bernoulli(p), n));
    }
  }, "coins"),
  args: [], observed: (k) => k.startsWith("y/"), params: Array.from({ length: K }, (_, k) => `p/${k}`),
});
