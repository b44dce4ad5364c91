// A model module for the MCMC driver tests: worker threads load it by path and export name.
import { gen } from "../../src/trace/dynamic.js";
import { beta } from "../../src/dist/beta.js";
import { normal } from "../../src/dist/normal.js";
import { bernoulli } from "../../src/dist/bernoulli.js";
import { iid } from "../../src/dist/iid.js";

/** p ~ Beta(1, 1); flips iid Bernoulli(p) observed at "flips". */
export const coin = gen((t, n: number) => {
  const p = t.sample("p", beta(1, 1)) as number;
  t.sample("flips", iid(bernoulli(p), n));
  return p;
}, "coin");

/** A factory (module + export + factoryArgs): mu ~ N(0, s), y iid N(mu, 1). */
export function normalModel(s: number) {
  return gen((t, n: number) => {
    const mu = t.sample("mu", normal(0, s)) as number;
    t.sample("y", iid(normal(mu, 1), n));
  }, "normalModel");
}

/** A model whose body throws, to check that worker errors come back. */
export const broken = gen((t) => {
  t.sample("x", normal(0, 1));
  throw new Error("deliberate failure");
}, "broken");
