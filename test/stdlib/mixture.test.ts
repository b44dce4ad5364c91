// stdlib/models/mixture: mixture_logpdf against its formula; exact enumeration over the assignments model
// has log Z = Σ_i mixture_logpdf(y_i) and responsibilities as posteriors; the marginalized model's joint
// density against a hand-computed sum (Dirichlet, ordered normal, lognormal, mixture likelihood).
import { test } from "node:test";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import { call, close, compile, lnorm, query } from "./helpers.js";

const w = [0.3, 0.7], mus = [-1, 1.5], sigmas = [0.8, 1.2];
const ys = [0.2, -1.4, 2.1, 0.9];
const mix = (y: number, s: number[]) => Math.log(w.reduce((acc, wj, j) => acc + wj * Math.exp(lnorm(y, mus[j], s[j])), 0));

const prog = compile(`
import "stdlib/models/mixture"
let w = vector(${JSON.stringify(w)})
let mus = vector(${JSON.stringify(mus)})
let ys = vector(${JSON.stringify(ys)})
query gaussian_mixture_assignments(ys, w, mus, 1.1) using enumerate()
`);

test("mixture_logpdf is log Σ_j w_j N(y; mu_j, sigma_j)", () => {
  for (const y of ys) close(call(prog, "mixture_logpdf", prog.values.w, prog.values.mus, new Float64Array(sigmas), y) as number, mix(y, sigmas), 1e-12, `y = ${y}`);
});

test("enumerating the assignments: log Z sums the mixture densities; p(z_i = 1) is the responsibility", async () => {
  const post = await query(prog, 0);
  close(post.logZ!, ys.reduce((s, y) => s + mix(y, [1.1, 1.1]), 0), 1e-10, "log Z");
  ys.forEach((y, i) => {
    const r = w[1] * Math.exp(lnorm(y, mus[1], 1.1) - mix(y, [1.1, 1.1]));
    close(post.mean(`z/${i}`), r, 1e-10, `responsibility ${i}`);
  });
});

test("gaussian_mixture: joint density = Dirichlet(1, 1) + ordered normal(0, 10) + lognormal(0, 1) sds + mixture likelihood", () => {
  const mu = [-0.5, 1.2], sd = [0.9, 1.3], weights = [0.4, 0.6];
  const { weight } = prog.models.gaussian_mixture.assess([prog.values.ys, 2], ChoiceMap.from({
    w: new Float64Array(weights), mu: new Float64Array(mu), sigma: new Float64Array(sd),
  }));
  const lognormal = (x: number) => lnorm(Math.log(x), 0, 1) - Math.log(x);
  let expected = 0 /* log Γ(2) */ + Math.log(2) + lnorm(mu[0], 0, 10) + lnorm(mu[1], 0, 10) + lognormal(sd[0]) + lognormal(sd[1]);
  for (const y of ys) expected += Math.log(weights[0] * Math.exp(lnorm(y, mu[0], sd[0])) + weights[1] * Math.exp(lnorm(y, mu[1], sd[1])));
  close(weight, expected, 1e-10, "log density");
});
