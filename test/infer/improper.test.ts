// Improper priors (flat, half_flat, iid of them) with the methods that can use them: every gradient-based
// method starts such a choice as Stan does (uniform(−2, 2) on its unconstrained scale), and methods that must
// sample the prior say they cannot.
//
// Exact answers: with mu ~ flat() and y_i ~ N(mu, 1), the posterior of mu is N(ȳ, 1/n); with s ~ half_flat()
// and y_i ~ N(0, s), the density's mode on s is √(mean y²) (MAP without the Jacobian). NUTS means are checked
// within 5 of their reported Monte Carlo standard errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gen } from "../../src/trace/dynamic.js";
import { normal } from "../../src/dist/normal.js";
import { flat } from "../../src/dist/flat.js";
import { halfFlat } from "../../src/dist/half_flat.js";
import { iid } from "../../src/dist/iid.js";
import { Rng } from "../../src/rand/rng.js";
import { nuts } from "../../src/infer/nuts.js";
import { mapEstimate } from "../../src/infer/map.js";
import { vi } from "../../src/infer/vi/vi.js";
import { mcmc } from "../../src/infer/mcmc.js";
import { mhKernel } from "../../src/infer/kernels/mh.js";
import { importance } from "../../src/infer/importance.js";
import { compileProgram } from "../../src/lang/program.js";
import { improperStart } from "../../src/trace/improper-start.js";
import type { GenerativeFunction } from "../../src/trace/gfi.js";

const ys = Float64Array.from([4.1, 5.3, 3.8, 6.0, 4.9, 5.5, 4.4, 5.1, 6.3, 4.7, 5.8, 3.9]);
const ybar = ys.reduce((a, b) => a + b) / ys.length, postSd = 1 / Math.sqrt(ys.length);
const flatMean = gen((t) => { const mu = t.sample("mu", flat()); t.observe("y", iid(normal(mu, 1), ys.length), ys); }, "flatMean");

test("improper starts: uniform(−2, 2) on the unconstrained scale, mapped onto the support", () => {
  const rng = new Rng(1);
  for (let i = 0; i < 200; i++) {
    const x = improperStart(flat(), rng, "x") as number, s = improperStart(halfFlat(), rng, "s") as number;
    assert.ok(x > -2 && x < 2, `flat start ${x}`);
    assert.ok(s > Math.exp(-2) && s < Math.exp(2), `half_flat start ${s}`);
  }
  const v = improperStart(iid(halfFlat(), 3), rng, "v") as Float64Array;
  assert.equal(v.length, 3);
  assert.ok(v.every((e) => e > Math.exp(-2) && e < Math.exp(2)));
});

test("nuts with a flat prior: the posterior of a normal mean is N(ȳ, 1/n)", () => {
  const post = nuts(flatMean, [], {}, { samples: 1000, warmup: 500, chains: 2, seed: 3 });
  const mcse = post.summary().get("mu")!.mcse_mean as number;
  assert.ok(Math.abs(post.mean("mu") - ybar) < 5 * mcse, `mean ${post.mean("mu")} vs ${ybar} (mcse ${mcse})`);
  assert.ok(Math.abs(post.sd("mu") / postSd - 1) < 0.1, `sd ${post.sd("mu")} vs ${postSd}`);
});

test("map with a half_flat prior finds the likelihood's mode; vi with a flat prior fits N(ȳ, 1/n)", () => {
  const scale = gen((t) => { const s = t.sample("s", halfFlat()); t.observe("y", iid(normal(0, s), ys.length), ys); }, "halfFlatScale");
  const mode = Math.sqrt(ys.reduce((a, y) => a + y * y, 0) / ys.length);
  assert.ok(Math.abs(mapEstimate(scale, [], {}, { seed: 1 }).mean("s") - mode) < 1e-4);
  const q = vi(flatMean, [], {}, { seed: 2 });
  assert.ok(Math.abs(q.mean("mu") - ybar) < 0.25 * postSd, `vi mean ${q.mean("mu")} vs ${ybar}`);
  assert.ok(Math.abs(q.sd("mu") / postSd - 1) < 0.2, `vi sd ${q.sd("mu")} vs ${postSd}`);
});

test("a Borel program with flat and half_flat runs under nuts; MH and importance sampling say the prior cannot be sampled", () => {
  const program = compileProgram(`model m(ys) {
  mu ~ flat()
  s ~ half_flat()
  for i in 0..len(ys) { y[i] ~ normal(mu, s) given ys[i] }
}`, "flat.borel");
  assert.deepEqual(program.errors, []);
  const m = (program.models as Record<string, GenerativeFunction>).m!;
  const post = nuts(m, [ys], {}, { samples: 500, warmup: 500, chains: 1, seed: 4 });
  assert.ok(Math.abs(post.mean("mu") - ybar) < 5 * (post.summary().get("mu")!.mcse_mean as number));
  assert.throws(() => mcmc(m, [ys], {}, mhKernel("mu"), { samples: 10, chains: 1, seed: 1 }), /flat\(\) is an improper prior and cannot be sampled/);
  assert.throws(() => importance(m, [ys], {}, { particles: 10, seed: 1 }), /improper prior and cannot be sampled/);
});
