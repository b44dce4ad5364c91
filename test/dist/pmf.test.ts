// Properties of discrete distributions: the pmf sums to 1 (infinite supports truncated where the remaining
// tail mass is below 1e-12, checked against the cdf), enumerate() lists exactly the values with positive mass,
// and the cdf equals the running sum of the pmf. Tolerances: |Σ p − 1| < 1e-9; |cdf − Σ| < 1e-9.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Distribution } from "../../src/dist/distribution.js";
import { forEachCase } from "./families.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

let worst = 0;

/** Σ_k p(k) over the support, walking up from the lower bound until the tail beyond is < 1e-12. */
function pmfSum(d: Distribution): { total: number; maxCdfErr: number } {
  if (d.enumerate) {
    let total = 0;
    for (const v of d.enumerate()) total += Math.exp(d.logpdf(v));
    return { total, maxCdfErr: 0 };
  }
  const s = d.support;
  assert.equal(s.kind, "integer");
  const low = (s as { low: number }).low, mean = d.mean() as number, sd = Math.sqrt(d.variance() as number);
  let total = 0, maxCdfErr = 0;
  for (let k = low; k < low + 5e6; k++) {
    total += Math.exp(d.logpdf(k));
    if (d.cdf && (k - low) % 7 === 0) maxCdfErr = Math.max(maxCdfErr, Math.abs(d.cdf(k) - total));
    // Stop beyond the mean once the cdf says the tail is negligible (or, without a cdf, 60 sd out).
    if (k > mean && (d.cdf ? 1 - d.cdf(k) < 1e-13 : k > mean + 60 * sd + 50)) break;
  }
  return { total, maxCdfErr };
}

test("discrete pmfs sum to 1 and match their cdfs (all scalar discrete cases)", () => {
  const ran = forEachCase(
    (_c, d) => d.discrete && d.size === -1,
    (c, p, d) => {
      const { total, maxCdfErr } = pmfSum(d);
      worst = Math.max(worst, Math.abs(total - 1));
      assert.ok(Math.abs(total - 1) < 1e-9, `${c.id}(${p.join(", ")}): Σ p = ${total}`);
      assert.ok(maxCdfErr < 1e-9, `${c.id}(${p.join(", ")}): cdf differs from the running sum by ${maxCdfErr}`);
    },
    20,
  );
  for (const id of ["bernoulli", "binomial", "poisson", "neg_binomial", "neg_binomial_2", "geometric", "categorical", "uniform_int", "mixture_poisson", "truncated_poisson", "delta"])
    assert.ok(ran.includes(id), `${id} was not checked`);
  if (process.env.BOREL_REPORT) console.log(`max |Σp − 1| = ${worst.toExponential(2)}`);
});

test("enumerate lists every value with positive mass and nothing else", () => {
  forEachCase(
    (_c, d) => d.discrete && d.size === -1 && typeof d.enumerate === "function",
    (c, p, d) => {
      const values = (d.enumerate as () => unknown[])();
      assert.ok(values.length > 0, c.id);
      for (const v of values) assert.ok(d.logpdf(v) > -Infinity, `${c.id}(${p}): enumerated ${String(v)} has zero mass`);
      if (d.support.kind === "integer" && Number.isFinite(d.support.high)) {
        const listed = new Set(values.map(Number));
        for (let k = d.support.low; k <= d.support.high; k++)
          if (!listed.has(k)) assert.equal(d.logpdf(k), -Infinity, `${c.id}(${p}): ${k} has mass but is not enumerated`);
      }
    },
    10,
  );
});

test("non-integer and out-of-range values have log mass −Infinity", () => {
  forEachCase(
    (_c, d) => d.discrete && d.size === -1 && d.support.kind === "integer",
    (c, _p, d) => {
      const low = (d.support as { low: number }).low;
      assert.equal(d.logpdf(low + 0.5), -Infinity, `${c.id} at a half-integer`);
      assert.equal(d.logpdf(low - 1), -Infinity, `${c.id} below the support`);
    },
    3,
  );
});
