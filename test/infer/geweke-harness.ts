// Geweke's joint-distribution test ("Getting it right", JASA 2004), successive-conditional form: a chain on
// (θ, y) that alternates y ~ p(y | θ) (exact, by simulating the data given θ) with one or more steps of the
// kernel under test on θ given y. If the kernel leaves p(θ | y) invariant the chain leaves p(θ, y) invariant,
// so θ is distributed as the prior. Test functions θ_j and (θ_j − E θ_j)² are compared with their exact prior
// expectations by z = (mean − exact) / MCSE, the MCSE from the bulk-ESS of the chain (posterior 1.4.0's
// mcse_mean). A kernel that is not invariant shifts some mean by many MCSEs.
import { Rng } from "../../src/rand/rng.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import type { Trace } from "../../src/trace/gfi.js";
import { mcseMean } from "../../src/diagnostics/index.js";
import type { Kernel } from "../../src/infer/kernel.js";
import type { GradientTestModel } from "./gradient-models.js";

export interface GewekeResult {
  /** z-score per test function ("mu", "mu^2", ...). */
  z: Record<string, number>;
  maxAbsZ: number;
  /** The test function with the largest |z|. */
  worst: string;
  iterations: number;
}

/** Scalar values of the latent parameters of a trace, by summary key. */
export function paramValues(tr: Trace, params: readonly string[]): number[] {
  return params.map((p) => {
    const m = /^(.*)\[(\d+)\]$/.exec(p);
    const v = tr.get(m ? m[1] : p);
    return m ? (v as Float64Array)[Number(m[2])] : (v as number);
  });
}

function latentChoices(tr: Trace, isData: (k: string) => boolean): ChoiceMap {
  const c = new ChoiceMap();
  for (const ch of tr.choices()) if (!isData(ch.key)) c.set(ch.key, ch.value);
  return c;
}

/** Runs `iterations` sweeps of (data | θ, `steps` kernel steps on θ | data) and scores the test functions. */
export function gewekeJoint(m: GradientTestModel, kernel: Kernel, iterations: number, seed: number, steps = 1): GewekeResult {
  const rng = new Rng(seed);
  let theta = latentChoices(m.model.simulate(m.args, rng), m.isData);
  const draws = m.params.map(() => new Float64Array(iterations));
  for (let i = 0; i < iterations; i++) {
    const withData = m.model.generate(m.args, theta, rng, { latent: theta }).trace;
    const constraints = new ChoiceMap().mergeUnder("", theta);
    for (const ch of withData.choices()) if (m.isData(ch.key)) constraints.set(ch.key, ch.value);
    let tr = m.model.generate(m.args, constraints, rng, { latent: theta }).trace;
    for (let s = 0; s < steps; s++) tr = kernel(tr, rng).trace;
    paramValues(tr, m.params).forEach((v, j) => { draws[j][i] = v; });
    theta = latentChoices(tr, m.isData);
  }
  const z: Record<string, number> = {};
  m.params.forEach((p, j) => {
    const [mean, variance] = m.priorMoments[p];
    const x = draws[j], sq = x.map((v) => (v - mean) ** 2);
    z[p] = (avg(x) - mean) / mcseMean([x]);
    if (Number.isFinite(variance)) z[`${p}^2`] = (avg(sq) - variance) / mcseMean([sq]);
  });
  let worst = "", maxAbsZ = 0;
  for (const [k, v] of Object.entries(z)) if (!(Math.abs(v) <= maxAbsZ)) { maxAbsZ = Math.abs(v); worst = k; }
  return { z, maxAbsZ, worst, iterations };
}

const avg = (x: Float64Array): number => x.reduce((a, b) => a + b, 0) / x.length;

export function describe(r: GewekeResult): string {
  return `max |z| = ${r.maxAbsZ.toFixed(2)} at ${r.worst}; ` + Object.entries(r.z).map(([k, v]) => `${k}: ${v.toFixed(2)}`).join(", ");
}
