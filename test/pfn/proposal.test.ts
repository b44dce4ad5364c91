// The amortized-proposal check of issue 7 on linreg.json, with the pretrained proposal
// examples/pfn/linreg-proposal.int8.pfn (bench/pfn-linreg-train.ts, fixed seed): importance sampling with
// N = 1000 reaches at least 10× the prior proposal's ESS/N, and log-mean-exp of Ẑ over 20 seeds lies within
// 3 standard errors of the closed-form log p(x, y) (−222.7147). The prior's ESS is ≈ 1 of 1000 here (posterior
// sd 0.04 against a prior sd of 10), so the first check needs ESS/N ≥ ~0.01 from the PFN.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { linregExact, linregPrior } from "../../src/pfn/priors/linreg.js";
import { loadPFN } from "../../src/pfn/pfn.js";
import { proposalCheck } from "../../src/pfn/proposal-check.js";

const root = join(import.meta.dirname, "../..");

test("PFN proposal on linreg.json: ESS/N ≥ 10× the prior's; Ẑ unbiased within 3 se of the exact log Z", () => {
  const { xs, ys } = JSON.parse(readFileSync(join(root, "test/fixtures/pfn/linreg.json"), "utf8")) as { xs: number[]; ys: number[] };
  const exact = linregExact(xs, ys).logZ;
  const pfn = loadPFN(join(root, "examples/pfn/linreg-proposal.int8.pfn"));
  const r = proposalCheck(linregPrior(), [xs.length], { x: xs, y: ys }, pfn, { seeds: 20, particles: 1000, priorSeeds: 5 });
  assert.ok(r.pfn.essFraction >= 10 * r.prior.essFraction, `ESS/N ${r.pfn.essFraction} vs prior ${r.prior.essFraction}`);
  assert.ok(Math.abs(r.logMeanZ - exact) <= 3 * r.logMeanZSe, `log mean Ẑ ${r.logMeanZ} ± ${r.logMeanZSe} vs exact ${exact}`);
});
