// Checks every field of R posterior 1.4.0's output (test/fixtures/diagnostics/expected.json) for every variable of
// draws.json, through summarizeDraws and through the individual functions, to |a − e| ≤ 1e-8 · max(1, |e|).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  essBasic, essBulk, essMean, essQuantile, essSd, essSdSquared, essTail, mcseMean, mcseQuantile, mcseSd,
  quantile, mean, sd, rhat, rhatBasic, summarizeDraws, type DrawsSummary,
} from "../../src/diagnostics/index.js";

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/diagnostics/${name}`, import.meta.url), "utf8"));
const draws = fixture("draws.json") as { variables: Record<string, number[][]>; nchains: number; niterations: number };
const expected = fixture("expected.json") as { results: Record<string, Record<string, number | null | string[]>> };

const TOL = 1e-8;
let maxAbs = 0;
let maxRel = 0;
let fields = 0;

function close(actual: number, exp: number | null, what: string): void {
  fields++;
  if (exp === null) {
    assert.ok(Number.isNaN(actual), `${what}: expected NA, got ${actual}`);
    return;
  }
  const err = Math.abs(actual - exp);
  maxAbs = Math.max(maxAbs, err);
  maxRel = Math.max(maxRel, err / Math.max(1, Math.abs(exp)));
  assert.ok(err <= TOL * Math.max(1, Math.abs(exp)), `${what}: got ${actual}, expected ${exp} (|diff| = ${err})`);
}

/** Every expected.json field computed by the individual functions. */
function individually(chains: number[][]): Record<string, number> {
  const all = chains.flat();
  return {
    mean: mean(all), sd: sd(all), q05: quantile(all, 0.05), q50: quantile(all, 0.5), q95: quantile(all, 0.95),
    rhat: rhat(chains), rhat_basic: rhatBasic(chains), rhat_basic_nosplit: rhatBasic(chains, { split: false }),
    ess_bulk: essBulk(chains), ess_tail: essTail(chains), ess_basic: essBasic(chains),
    ess_basic_nosplit: essBasic(chains, { split: false }), ess_mean: essMean(chains), ess_sd: essSd(chains),
    "ess_sd_posterior_ge_1.6.1": essSdSquared(chains), ess_q05: essQuantile(chains, 0.05),
    ess_q95: essQuantile(chains, 0.95), mcse_mean: mcseMean(chains), mcse_sd: mcseSd(chains),
    mcse_q05: mcseQuantile(chains, 0.05), mcse_q95: mcseQuantile(chains, 0.95),
  };
}

test("fixture shape: 9 variables of 4 chains × 200 draws, the same variables in draws and expected", () => {
  assert.deepEqual(Object.keys(draws.variables).sort(), Object.keys(expected.results).sort());
  for (const chains of Object.values(draws.variables)) {
    assert.equal(chains.length, draws.nchains);
    for (const c of chains) assert.equal(c.length, draws.niterations);
  }
});

for (const [name, exp] of Object.entries(expected.results)) {
  test(`posterior 1.4.0 reference: ${name}`, () => {
    const chains = draws.variables[name]!;
    const summary = summarizeDraws(chains);
    const single = individually(chains);
    for (const [field, e] of Object.entries(exp)) {
      if (field === "warnings") {
        assert.deepEqual(summary.warnings, e, `${name}.warnings`);
        continue;
      }
      assert.ok(field in summary, `summarizeDraws has no field ${field}`);
      close(summary[field as keyof DrawsSummary] as number, e as number | null, `${name}.${field} (summarizeDraws)`);
      assert.ok(field in single, `no individual function checked for ${field}`);
      close(single[field]!, e as number | null, `${name}.${field} (individual function)`);
    }
    // median is q50 under another name
    assert.equal(summary.median, summary.q50);
  });
}

test("report: fields checked and largest errors", (t) => {
  // 9 variables × 21 numeric fields, each checked twice (summarizeDraws and the individual function)
  assert.equal(fields, 2 * 9 * 21);
  t.diagnostic(`checked ${fields} values; max abs error ${maxAbs.toExponential(2)}, max rel error ${maxRel.toExponential(2)}`);
});
