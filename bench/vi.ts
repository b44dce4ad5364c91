// Variational inference on the benchmark regressions (issue 5): automatic mean-field and full-rank guides
// (ADVI in the unconstrained space) against the exact conjugate posterior of the linear regression
// (linreg_stan_exact.json) and against a long NUTS run on the logistic regression (logreg.json): time to fit,
// steps, and the error of the posterior means and sds in units of the posterior sd. Then IWAE(8): the
// mean-field guide on the logistic regression, and a custom guide on eight schools (non-centered) against its
// exact moments, with the default convergence check — the guide's own draws and the importance-weighted ones
// vi returns for IWAE (an IWAE-trained guide is broader than the posterior).
//   npx tsx bench/vi.ts
// Reads ../shared/data/bench (say so and stop when it is missing).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gen } from "../src/trace/dynamic.js";
import { normal } from "../src/dist/normal.js";
import { halfCauchy } from "../src/dist/half_cauchy.js";
import { lognormal } from "../src/dist/lognormal.js";
import { bernoulliLogit } from "../src/dist/bernoulli_logit.js";
import { vi } from "../src/infer/vi/vi.js";
import { nuts } from "../src/infer/nuts.js";
import { inverseDecay } from "../src/infer/vi/optim.js";
import { elbo, iwae } from "../src/infer/vi/objectives.js";
import type { Posterior } from "../src/posterior/posterior.js";

const dir = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "shared", "data", "bench");
if (!existsSync(join(dir, "linreg_stan.json"))) {
  console.log(`bench/vi.ts: ${dir} is missing (the team's shared data); nothing to run.`);
  process.exit(0);
}
const read = (f: string) => JSON.parse(readFileSync(join(dir, f), "utf8"));
const lin = read("linreg_stan.json"), linExact = read("linreg_stan_exact.json").params, lr = read("logreg.json");

const linreg = gen((t, x: Float64Array, y: Float64Array, sigma: number) => {
  const slope = t.sample("slope", normal(0, 10));
  const intercept = t.sample("intercept", normal(0, 10));
  t.observe("y", normal(t.m.add(intercept, t.m.mul(slope, x)), sigma), y);
}, "linreg");
const X = { rows: lr.N, cols: lr.D, data: Float64Array.from((lr.X as number[][]).flat()) };
const logreg = gen((t, y: Float64Array) => {
  const alpha = t.sample("alpha", normal(0, 5));
  const b = t.sample("beta", normal(new Float64Array(X.cols), 5));
  t.observe("y", bernoulliLogit(t.m.add(alpha, t.m.matVec(X, b))), y);
}, "logreg");

type Ref = Record<string, { mean: number; sd: number }>;
function errors(post: Posterior, ref: Ref): string {
  let dm = 0, ds = 0;
  for (const [k, r] of Object.entries(ref)) { dm = Math.max(dm, Math.abs(post.mean(k) - r.mean) / r.sd); ds = Math.max(ds, Math.abs(post.sd(k) / r.sd - 1)); }
  return `max |Δmean|/sd ${dm.toFixed(3)}, max |sd ratio − 1| ${ds.toFixed(3)}`;
}

const logregRef: Ref = {};
{
  const ref = nuts(logreg, [Float64Array.from(lr.y)], {}, { samples: 4000, warmup: 1000, chains: 4, seed: 99 });
  for (const k of ref.scalarKeys()) logregRef[k] = { mean: ref.mean(k), sd: ref.sd(k) };
}
const cases: [string, () => Posterior, Ref][] = [];
for (const family of ["mean_field", "full_rank"] as const) {
  cases.push([`linreg ${family}`, () => vi(linreg, [Float64Array.from(lin.x), Float64Array.from(lin.y), lin.sigma], {}, { family, steps: 4000, lr: inverseDecay(0.05, 500), particles: 2, average: true, tolerance: 0, seed: 1, samples: 4000 }), linExact]);
  cases.push([`logreg ${family}`, () => vi(logreg, [Float64Array.from(lr.y)], {}, { family, steps: 4000, lr: inverseDecay(0.05, 500), particles: 2, average: true, tolerance: 0, seed: 1, samples: 4000 }), logregRef]);
}
console.log("ADVI (Adam, 4000 steps, 2 particles, Polyak averaging) against exact / long-NUTS posteriors; errors in posterior sds");
for (const [name, run, ref] of cases) {
  const t0 = performance.now();
  const post = run();
  const ms = performance.now() - t0;
  console.log(`${name.padEnd(22)} ${ms.toFixed(0).padStart(6)} ms  ${errors(post, ref)}  Pareto k ${(post.diagnostics.paretoK as number).toFixed(2)}`);
}

const es = read("eight_schools.json");
const schools = gen((t, y: Float64Array, sigma: Float64Array) => {
  const mu = t.sample("mu", normal(0, 5)), tau = t.sample("tau", halfCauchy(5));
  const z = t.sample("theta_tilde", normal(new Float64Array(y.length), 1));
  t.observe("y", normal(t.m.add(mu, t.m.mul(tau, z)), sigma), y);
}, "eight_schools_noncentered");
const schoolsGuide = gen((t, y: Float64Array) => {
  t.sample("mu", normal(t.param("mu_loc", 0), t.m.exp(t.param("mu_ls", 0))));
  t.sample("tau", lognormal(t.param("tau_loc", 0), t.m.exp(t.param("tau_ls", 0))));
  t.sample("theta_tilde", normal(t.param("z_loc", new Float64Array(y.length)), t.m.exp(t.param("z_ls", new Float64Array(y.length)))));
}, "guide");
// Exact moments by quadrature over (mu, tau) (examples/eight_schools.borel).
const schoolsExact: Ref = { mu: { mean: 4.3968, sd: 3.3177 }, tau: { mean: 3.5977, sd: 3.22 } };
const esArgs = [Float64Array.from(es.y), Float64Array.from(es.sigma)];
const iwaeCases: [string, (reweight: boolean) => Posterior, Ref][] = [
  ["logreg mean_field", (reweight) => vi(logreg, [Float64Array.from(lr.y)], {}, { objective: iwae(8), steps: 4000, lr: inverseDecay(0.05, 500), average: true, tolerance: 0, seed: 1, samples: 4000, reweight }), logregRef],
  ["schools custom guide", (reweight) => vi(schools, esArgs, {}, { guide: schoolsGuide, objective: iwae(8), steps: 5000, lr: 0.01, seed: 1, samples: 4000, reweight }), schoolsExact],
];
console.log("\nIWAE(8), default convergence check where no tolerance is given; the guide's draws, then the weighted ones");
for (const [name, run, ref] of iwaeCases)
  for (const reweight of [false, true]) {
    const t0 = performance.now();
    const post = run(reweight);
    const ms = performance.now() - t0;
    console.log(`${(name + (reweight ? " weighted" : " guide")).padEnd(30)} ${ms.toFixed(0).padStart(6)} ms ${String(post.diagnostics.steps).padStart(5)} steps  ${errors(post, ref)}  Pareto k ${(post.diagnostics.paretoK as number).toFixed(2)}`);
  }
{
  const post = vi(schools, esArgs, {}, { guide: schoolsGuide, objective: elbo(1), steps: 5000, lr: 0.01, seed: 1, samples: 4000 });
  console.log(`${"schools custom guide ELBO".padEnd(30)} ${"".padStart(9)} ${String(post.diagnostics.steps).padStart(5)} steps  ${errors(post, schoolsExact)}  Pareto k ${(post.diagnostics.paretoK as number).toFixed(2)}`);
}
