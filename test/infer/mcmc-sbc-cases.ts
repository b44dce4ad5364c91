// Models and MH variants for simulation-based calibration of the MCMC kernels (test/infer/mcmc-sbc*.test.ts).
// Each MCMC replication runs one chain: warmup, then L = 99 draws thinned so that they are nearly independent.
import { gen } from "../../src/trace/dynamic.js";
import type { Trace } from "../../src/trace/gfi.js";
import type { Rng } from "../../src/rand/rng.js";
import type { ChoiceMap } from "../../src/trace/choicemap.js";
import { normal } from "../../src/dist/normal.js";
import { beta } from "../../src/dist/beta.js";
import { gamma } from "../../src/dist/gamma.js";
import { bernoulli } from "../../src/dist/bernoulli.js";
import { iid } from "../../src/dist/iid.js";
import type { GenerativeFunction } from "../../src/trace/gfi.js";
import { tempered } from "../../src/infer/smc/tempered-model.js";
import type { SBCAlgorithm } from "../../src/infer/sbc.js";
import { mcmc } from "../../src/infer/mcmc.js";
import { cycle, repeat } from "../../src/infer/kernel.js";
import { cycleAny, type AnyKernel } from "../../src/infer/kernels/adaptive.js";
import { mhKernel } from "../../src/infer/kernels/mh.js";
import { singleSiteMH } from "../../src/infer/kernels/single-site.js";
import { randomWalk } from "../../src/infer/kernels/random-walk.js";
import { mhProposal } from "../../src/infer/kernels/proposal-mh.js";
import { normalGroups, type SBCModel } from "./sbc-models.js";

/** K coins: p_k ~ Beta(2, 2); y_k iid Bernoulli(p_k), n per coin (data "y/k"). */
export const betaGroups = (K: number, n: number): SBCModel => ({
  name: "beta-groups",
  model: gen((t) => {
    for (let k = 0; k < K; k++) {
      const p = t.sample(["p", k], beta(2, 2)) as number;
      t.sample(["y", k], iid(bernoulli(p), n));
    }
  }, "betaGroups"),
  args: [], observed: (k) => k.startsWith("y/"), params: Array.from({ length: K }, (_, k) => `p/${k}`),
});

/** K groups: tau_k ~ Gamma(3, 2) (rate), mu_k ~ N(0, 1/tau_k); y_k iid N(mu_k, 1/tau_k), n per group. */
export const normalGammaGroups = (K: number, n: number): SBCModel => ({
  name: "normal-gamma groups",
  model: gen((t) => {
    for (let k = 0; k < K; k++) {
      const tau = t.sample(["tau", k], gamma(3, 2)) as number;
      const mu = t.sample(["mu", k], normal(0, 1 / Math.sqrt(tau))) as number;
      t.sample(["y", k], iid(normal(mu, 1 / Math.sqrt(tau)), n));
    }
  }, "normalGammaGroups"),
  args: [], observed: (k) => k.startsWith("y/"), params: Array.from({ length: K }, (_, k) => [`tau/${k}`, `mu/${k}`]).flat(),
});

/** Symmetric Gaussian drift of every parameter on its raw value (moves outside the support are rejected). */
const driftProposal = (params: readonly string[], scale: number) => gen((q, t: Trace) => {
  for (const p of params) q.sample(p, normal(t.get(p) as number, scale));
}, "drift");

export interface Variant {
  name: string;
  kernel: (m: SBCModel) => AnyKernel;
}

export const VARIANTS: Variant[] = [
  { name: "MH by regenerate", kernel: (m) => cycle(...m.params.map((p) => mhKernel(p))) },
  { name: "single-site MH", kernel: (m) => repeat(singleSiteMH(), m.params.length) },
  { name: "adaptive random walk", kernel: (m) => cycleAny(...m.params.map((p) => randomWalk(p))) },
  { name: "custom-proposal MH", kernel: (m) => cycle(...m.params.map((p) => mhProposal(driftProposal([p], 0.3)))) },
];

export const MODELS: SBCModel[] = [normalGroups(3, 10), normalGammaGroups(2, 12), betaGroups(4, 20)];

/** One chain per replication: `warmup` steps, then 99 draws `thin` steps apart; β < 1 tempers the likelihood. */
export const mcmcAlgorithm = (v: Variant, m: SBCModel, thin: number, beta = 1, warmup = 150): SBCAlgorithm =>
  (g: GenerativeFunction, args: unknown[], obs: ChoiceMap, rng: Rng) =>
    mcmc(beta === 1 ? g : tempered(g, beta), args, obs, v.kernel(m), { samples: 99, warmup, thin, chains: 1, rng });
