// Every PFN example runs: the pretrained GP PFN predicts near the exact GP (its mean within 0.25 of the exact
// mean and its 95% interval overlapping the exact one at every grid point — a network of the benchmark's
// quality; a broken file or network misses by far more).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "../..");

test("examples/pfn/gp-predict.ts prints PFN and exact GP predictives that agree", () => {
  const out = execFileSync(join(root, "node_modules/.bin/tsx"), ["examples/pfn/gp-predict.ts"], { cwd: root, encoding: "utf8" });
  const rows = out.trim().split("\n").slice(1).map((l) => l.match(/-?\d+\.\d+/g)!.map(Number));
  assert.equal(rows.length, 6);
  for (const [x, m, lo, hi, em, elo, ehi] of rows) {
    assert.ok(Math.abs(m - em) < 0.25, `x=${x}: PFN mean ${m} vs exact ${em}`);
    assert.ok(lo < ehi && elo < hi, `x=${x}: intervals [${lo}, ${hi}] and [${elo}, ${ehi}] overlap`);
  }
});

test("examples/pfn/gp.borel: the pfn query's predictive means agree with the exact GP's", async () => {
  const { runJson, ensureBundle } = await import("../cli/run-cli.js");
  const { gpPredictive } = await import("../../src/pfn/priors/gp.js");
  ensureBundle();
  const q = (await runJson("examples/pfn/gp.borel")).queries[0]!;
  const xs = [0.05, 0.18, 0.3, 0.42, 0.55, 0.7, 0.81, 0.93], ys = [0.2, 0.9, 1.1, 0.4, -0.5, -1.0, -0.6, 0.3], at = [0.1, 0.25, 0.5, 0.75, 0.9];
  const exact = gpPredictive(xs, ys, at);
  const predictive = q.diagnostics.predictive as { mean: number; sd: number }[];
  assert.equal(predictive.length, at.length);
  predictive.forEach((d, j) => {
    assert.ok(Math.abs(d.mean - exact.mean[j]!) < 0.25, `x=${at[j]}: PFN mean ${d.mean} vs exact ${exact.mean[j]}`);
    assert.ok(Math.abs(d.sd / Math.sqrt(exact.variance[j]!) - 1) < 0.5, `x=${at[j]}: PFN sd ${d.sd} vs exact ${Math.sqrt(exact.variance[j]!)}`);
  });
});
