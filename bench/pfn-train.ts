// Trains the PFNs of benchmarks (b) and (c) with fixed seeds (resumable from their checkpoints):
//   npx tsx bench/pfn-train.ts lc       learning curves (src/pfn/priors/lc.ts)        → tmp/pfn-bench/lc/lc.f32.pfn
//   npx tsx bench/pfn-train.ts tabular  binary classification (priors/tabular.ts)    → tmp/pfn-bench/tabular/tabular.f32.pfn
//   [--steps N] [--out DIR] (a longer run in its own folder: its checkpoint records the other schedule)
//   [--init FILE.f32.pfn --lr L --seed S] continues from trained weights with a new schedule (a warm restart)
// (the GP PFN of benchmark (a) has its own script, bench/pfn-gp-train.ts). Progress lines show the running NLL,
// CPU and wall seconds and the load average.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { lcPrior } from "../src/pfn/priors/lc.js";
import { tabularPrior } from "../src/pfn/priors/tabular.js";
import { trainPFN, type TrainPFNOptions } from "../src/pfn/train.js";
import { loadPFN } from "../src/pfn/pfn.js";
import type { GenerativeFunction } from "../src/trace/gfi.js";
import { arg, load } from "./pfn-lib.js";

export const PRESETS: Record<string, { model: () => GenerativeFunction; opts: TrainPFNOptions }> = {
  lc: { model: () => lcPrior(), opts: { inputs: "x", outputs: "y", rows: 50, minContext: 2, maxContext: 40, batchSize: 32, steps: 5000, lr: 1e-3, d: 128, heads: 4, layers: 4, ff: 256, headHidden: 256, buckets: 256, seed: 3, modelName: "lc" } },
  tabular: { model: () => tabularPrior(), opts: { inputs: "x", outputs: "y", rows: 100, minContext: 2, maxContext: 80, batchSize: 32, steps: 2000, lr: 1e-3, d: 96, heads: 4, layers: 4, ff: 192, headHidden: 192, seed: 4, modelName: "tabular" } },
};

const name = process.argv[2];
if (process.argv[1]?.endsWith("pfn-train.ts")) {
  const preset = PRESETS[name];
  if (!preset) { console.error(`usage: npx tsx bench/pfn-train.ts ${Object.keys(PRESETS).join("|")} [--steps N]`); process.exit(1); }
  const out = arg("out", join("tmp/pfn-bench", name)), steps = Number(arg("steps", String(preset.opts.steps)));
  mkdirSync(out, { recursive: true });
  const init = arg("init", ""), lr = arg("lr", ""), seed = arg("seed", "");
  const { d: _d, heads: _h, layers: _l, ff: _f, headHidden: _hh, buckets: _b, ...rest } = preset.opts;
  const pfn = await trainPFN(preset.model(), {
    ...(init ? { ...rest, init: loadPFN(init) } : preset.opts), ...(lr ? { lr: Number(lr) } : {}), ...(seed ? { seed: Number(seed) } : {}), steps, checkpoint: join(out, `${name}.ckpt`), checkpointEvery: 25, progressEvery: 25,
    onProgress: (p) => console.log(`step ${p.step}/${p.steps}  nll ${p.loss.toFixed(4)}  lr ${p.lr.toExponential(2)}  cpu ${p.cpuSeconds.toFixed(0)}s  wall ${p.seconds.toFixed(0)}s  load ${load()}`),
  });
  pfn.save(join(out, `${name}.f32.pfn`));
  console.log(`done: ${JSON.stringify(pfn.config.training)}`);
}
