// Trains the latent-proposal PFN for Bayesian linear regression (src/pfn/priors/linreg.ts: slope, intercept ~
// N(0, 10²), x ~ U(−2, 2), y ~ N(slope·x + intercept, 0.5²)) — the proposal of issue 7's importance-sampling
// check on linreg.json — and writes examples/pfn/linreg-proposal.int8.pfn (used by test/pfn/proposal.test.ts
// and bench/pfn-proposal.ts). Fixed seed, resumable from its checkpoint.
//   npx tsx bench/pfn-linreg-train.ts [--steps 3000] [--out tmp/pfn-bench/linreg]
import { mkdirSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { linregPrior } from "../src/pfn/priors/linreg.js";
import { trainPFN } from "../src/pfn/train.js";

const opt = (name: string, dflt: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : dflt; };
const steps = Number(opt("steps", "3000")), out = opt("out", "tmp/pfn-bench/linreg");
mkdirSync(out, { recursive: true });
const pfn = await trainPFN(linregPrior(), {
  inputs: "x", outputs: "y", latents: ["slope", "intercept"], rows: 100, minContext: 10, maxContext: 100, batchSize: 32, steps, lr: 1e-3,
  d: 96, heads: 4, layers: 4, ff: 192, headHidden: 192, buckets: 100, seed: 2, modelName: "linreg",
  checkpoint: join(out, "linreg.ckpt"), checkpointEvery: 50, progressEvery: 25,
  onProgress: (p) => console.log(`step ${p.step}/${p.steps}  nll ${p.loss.toFixed(4)}  lr ${p.lr.toExponential(2)}  cpu ${p.cpuSeconds.toFixed(0)}s  wall ${p.seconds.toFixed(0)}s  load ${loadavg()[0].toFixed(1)}`),
});
pfn.save(join(out, "linreg-proposal.f32.pfn"));
const q = pfn.quantize("int8");
q.save("examples/pfn/linreg-proposal.int8.pfn");
const t = pfn.config.training as { steps: number; cpuSeconds: number; seconds: number };
console.log(`done: ${t.steps} steps, ${t.cpuSeconds} CPU s, ${t.seconds} wall s; ${q.toBytes().length} bytes int8`);
