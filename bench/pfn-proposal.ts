// Issue 7: PFN as an importance-sampling / SMC proposal on the linear regression of linreg.json (slope,
// intercept ~ N(0, 10²), noise sd 0.5, x ~ U(−2, 2)). IS with N = 1000 over --seeds seeds with the PFN proposal
// (examples/pfn/linreg-proposal.int8.pfn, and the f32 weights when bench/pfn-linreg-train.ts left them) and with
// the prior: mean ESS/N (target: PFN ≥ 10× the prior's), log-mean-exp of Ẑ over seeds against the closed-form
// log p(x, y) (target: within 3 standard errors), and SMC (steps mode) with the PFN proposing at step 0.
//   npx tsx bench/pfn-proposal.ts [--seeds 50] [--data ../shared/data/bench/linreg.json]
import { existsSync, readFileSync } from "node:fs";
import { linregExact, linregPrior } from "../src/pfn/priors/linreg.js";
import { loadPFN, type PFN } from "../src/pfn/pfn.js";
import { proposalCheck } from "../src/pfn/proposal-check.js";
import { pfnStepProposal, latentPosteriors } from "../src/pfn/proposal.js";
import { smc } from "../src/infer/smc/smc.js";
import { arg, load, table } from "./pfn-lib.js";

const dataPath = arg("data", existsSync("../shared/data/bench/linreg.json") ? "../shared/data/bench/linreg.json" : "test/fixtures/pfn/linreg.json");
const S = Number(arg("seeds", "50"));
const { xs, ys } = JSON.parse(readFileSync(dataPath, "utf8")) as { xs: number[]; ys: number[] };
const exact = linregExact(xs, ys), model = linregPrior(), t0 = performance.now();
console.log(`# PFN proposal on linreg (${dataPath}, n = ${xs.length}); exact log p(x, y) = ${exact.logZ.toFixed(4)}, posterior slope ${exact.mean[0].toFixed(4)} ± ${exact.sd[0].toFixed(4)}, intercept ${exact.mean[1].toFixed(4)} ± ${exact.sd[1].toFixed(4)}; load average ${load()}\n`);
const nets: [string, PFN][] = [["int8", loadPFN("examples/pfn/linreg-proposal.int8.pfn")]];
if (existsSync("tmp/pfn-bench/linreg/linreg-proposal.f32.pfn")) nets.unshift(["f32", loadPFN("tmp/pfn-bench/linreg/linreg-proposal.f32.pfn")]);
console.log(`training: ${JSON.stringify(nets[0][1].config.training)}\n`);
const rows: (string | number)[][] = [];
let priorFrac = NaN;
for (const [name, pfn] of nets) {
  const q = latentPosteriors(pfn, { x: xs, y: ys });
  const r = proposalCheck(model, [xs.length], { x: xs, y: ys }, pfn, { seeds: S, particles: 1000, priorSeeds: name === nets[0][0] ? S : 2 });
  if (name === nets[0][0]) priorFrac = r.prior.essFraction;
  const dev = (r.logMeanZ - exact.logZ) / r.logMeanZSe;
  rows.push([`PFN ${name}`, `${q.get("slope")!.mean().toFixed(3)} ± ${Math.sqrt(q.get("slope")!.variance()).toFixed(3)}`, `${q.get("intercept")!.mean().toFixed(3)} ± ${Math.sqrt(q.get("intercept")!.variance()).toFixed(3)}`,
    r.pfn.essFraction, r.pfn.essFraction / priorFrac, r.logMeanZ, r.logMeanZSe, dev,
    `${r.pfn.essFraction / priorFrac >= 10 ? "met" : "missed"} / ${Math.abs(dev) <= 3 ? "met" : "missed"}`]);
}
rows.push(["prior", "N(0, 10²)", "N(0, 10²)", priorFrac, 1, "", "", "", ""]);
console.log(table(["proposal", "q(slope)", "q(intercept)", "ESS/N", "× prior", "log mean Ẑ", "se", "(log mean Ẑ − exact)/se", "targets (10× / 3 se)"], rows));
const sm = [0, 1, 2, 3, 4].map((s) => smc(model, [xs.length], { x: xs, y: ys }, { mode: "steps", particles: 1000, seed: s, proposal: pfnStepProposal(nets[0][1], { x: xs, y: ys }) }).logZ!);
console.log(`\nSMC (steps mode, 1000 particles, PFN ${nets[0][0]} proposal at step 0, systematic resampling at ESS < N/2): log Ẑ over 5 seeds ${sm.map((v) => v.toFixed(3)).join(", ")} (exact ${exact.logZ.toFixed(3)})`);
console.log(`\nbenchmark wall time ${((performance.now() - t0) / 1000).toFixed(0)} s; load average ${load()}`);
