// The MCMC driver: chains, thinning, warmup adaptation, initial values, per-chain random streams (same draws on
// worker threads as in this thread), the closure warning, progress, interruption, save / load / resume.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gen } from "../../src/trace/dynamic.js";
import { normal } from "../../src/dist/normal.js";
import { uniform } from "../../src/dist/uniform.js";
import "../../src/infer/index.js";
import { mcmc, mcmcAsync, resume } from "../../src/infer/mcmc.js";
import { mhKernel } from "../../src/infer/kernels/mh.js";
import { randomWalk } from "../../src/infer/kernels/random-walk.js";
import type { Kernel } from "../../src/infer/kernel.js";
import type { KernelSpec } from "../../src/infer/registry.js";
import { loadPosterior, savePosterior } from "../../src/posterior/file.js";
import { coin } from "./driver-model.js";

const MODULE = fileURLToPath(new URL("./driver-model.ts", import.meta.url));
const flips = Float64Array.from({ length: 40 }, (_, i) => Number(i % 4 !== 0));
const OBS = { flips };
const SPEC: KernelSpec = { kernel: "rw", args: ["p"], options: { scale: 0.5 } };

test("chains, thinning and warmup: draw counts, stats per draw, acceptance in the diagnostics", () => {
  const post = mcmc(coin, [40], OBS, randomWalk("p"), { samples: 300, warmup: 200, thin: 3, chains: 3, seed: 1 });
  assert.deepEqual(post.chainLengths, [300, 300, 300]);
  assert.equal(post.stat("accepted").length, 900);
  assert.equal((post.diagnostics.acceptance as number[]).length, 3);
  const rate = post.diagnostics.acceptanceRate as number;
  assert.ok(rate > 0.3 && rate < 0.6, `warmup adapts the scale towards 0.44: acceptance ${rate}`);
  assert.ok(Math.abs(post.mean("p") - 31 / 42) < 0.03);
  assert.equal(post.chainStates!.length, 3);
});

test("same seed, same draws; each chain's draws depend only on the seed and its index", () => {
  const a = mcmc(coin, [40], OBS, mhKernel("p"), { samples: 100, warmup: 10, chains: 3, seed: 5 });
  const b = mcmc(coin, [40], OBS, mhKernel("p"), { samples: 100, warmup: 10, chains: 3, seed: 5 });
  const c = mcmc(coin, [40], OBS, mhKernel("p"), { samples: 100, warmup: 10, chains: 2, seed: 5 });
  assert.deepEqual([...a.values("p")], [...b.values("p")]);
  assert.deepEqual([...a.values("p").subarray(0, 200)], [...c.values("p")]);
});

test("chains on worker threads give the same draws as in this thread (model as module + export, kernel as spec)", async () => {
  const seq = mcmc(coin, [40], OBS, SPEC, { samples: 200, warmup: 100, chains: 3, seed: 9 });
  const fractions: number[] = [];
  const par = await mcmcAsync({ module: MODULE, export: "coin" }, [40], OBS, SPEC, { samples: 200, warmup: 100, chains: 3, seed: 9, workers: 2, onProgress: (f) => fractions.push(f) });
  assert.deepEqual([...par.values("p")], [...seq.values("p")]);
  assert.deepEqual([...par.stat("scale")], [...seq.stat("scale")]);
  assert.equal(fractions.at(-1), 1);
  // In parallel: no warning that the chains ran sequentially (a short run may still warn about convergence).
  assert.deepEqual((par.diagnostics.warnings as string[]).filter((w) => /sequential/.test(w)), []);
  // A factory export with arguments works the same way.
  const f = await mcmcAsync({ module: MODULE, export: "normalModel", factoryArgs: [2] }, [3], { y: new Float64Array([0.5, 1, 1.5]) }, { kernel: "elliptical", args: ["mu"], options: {} }, { samples: 50, warmup: 0, chains: 2, seed: 1, workers: 2 });
  assert.equal(f.size, 100);
});

test("a closure model runs its chains sequentially and says so", async () => {
  const post = await mcmcAsync(coin, [40], OBS, randomWalk("p"), { samples: 50, warmup: 20, chains: 2, seed: 1, workers: 2 });
  assert.equal(post.size, 100);
  assert.match((post.diagnostics.warnings as string[])[0], /sequentially.*closure/);
});

test("worker errors come back as BorelErrors naming the chain", async () => {
  await assert.rejects(mcmcAsync({ module: MODULE, export: "broken" }, [], {}, SPEC, { samples: 10, chains: 2, workers: 2 }), /deliberate failure|broken/);
});

test("progress is reported up to 1; an abort returns the draws so far", async () => {
  const seen: number[] = [];
  const ctl = new AbortController();
  const post = mcmc(coin, [40], OBS, mhKernel("p"), {
    samples: 1000, warmup: 0, chains: 2, seed: 2, signal: ctl.signal,
    onProgress: (f) => { seen.push(f); if (f >= 0.25) ctl.abort(); },
  });
  assert.ok(seen.every((f, i) => i === 0 || f >= seen[i - 1]));
  assert.equal(post.diagnostics.interrupted, true);
  assert.ok(post.size >= 400 && post.size < 600, `${post.size} draws`);
  // The async path stops on a timer's abort too, and returns what it has.
  const ctl2 = new AbortController();
  setTimeout(() => ctl2.abort(), 150);
  const p2 = await mcmcAsync(coin, [40], OBS, mhKernel("p"), { samples: 1e7, warmup: 0, chains: 1, seed: 3, signal: ctl2.signal });
  assert.equal(p2.diagnostics.interrupted, true);
  assert.ok(p2.size > 0 && p2.size < 1e7);
  // On workers: stop once they report progress (each worker checks a shared flag every step).
  const ctl3 = new AbortController(), seen3: [number, string][] = [];
  const p3 = await mcmcAsync({ module: MODULE, export: "coin" }, [40], OBS, SPEC, { samples: 1e7, warmup: 0, chains: 2, seed: 3, workers: 2, signal: ctl3.signal, onProgress: (f, s) => { seen3.push([f, s]); if (f > 0) ctl3.abort(); } });
  assert.equal(p3.diagnostics.interrupted, true);
  // The last report is the steps the chains ran, not 100%, and says the run was interrupted.
  const [lastF, lastS] = seen3.at(-1)!;
  assert.ok(lastF > 0 && lastF < 1, `last progress ${lastF}`);
  assert.match(lastS, /interrupted/);
  assert.ok(p3.size > 0 && p3.chainLengths.every((n) => n < 1e7), `${p3.chainLengths}`);
});

test("initial values: given, or drawn from the prior until the density is positive", () => {
  const stay: Kernel = (t) => ({ trace: t, stats: { accepted: false } });
  const post = mcmc(coin, [40], OBS, stay, { samples: 5, warmup: 0, chains: 2, init: (c: number) => ({ p: [0.2, 0.3][c] }) });
  assert.deepEqual([...post.values("p")], [0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.3, 0.3, 0.3, 0.3]);
  // Hard constraint x > 0.95: most prior draws have density 0 and are redrawn.
  const hard = gen((t) => { const x = t.sample("x", uniform(0, 1)) as number; t.factor(x > 0.95 ? 0 : -Infinity); }, "hard");
  const h = mcmc(hard, [], {}, randomWalk("x"), { samples: 200, warmup: 100, chains: 2, seed: 4 });
  assert.ok(h.values("x").every((x) => x > 0.95));
  assert.throws(() => mcmc(hard, [], {}, stay, { samples: 1, chains: 1, init: { x: 0.5 } }), /no initial trace/);
});

test("save, load and resume: the chains go on from their last state with their adapted scales", () => {
  const dir = mkdtempSync(join(tmpdir(), "borel-mcmc-"));
  try {
    const post = mcmc(coin, [40], OBS, randomWalk("p"), { samples: 150, warmup: 300, chains: 2, seed: 6 });
    const file = join(dir, "coin.json");
    savePosterior(post, file);
    const back = loadPosterior(file);
    assert.deepEqual([...back.values("p")], [...post.values("p")]);
    assert.deepEqual(back.chainStates, post.chainStates);
    const more = resume(back, { model: coin, args: [40], observations: OBS, kernel: randomWalk("p"), samples: 100 });
    const again = resume(post, { model: coin, kernel: randomWalk("p"), samples: 100 });
    assert.deepEqual(more.chainLengths, [250, 250]);
    assert.deepEqual([...more.values("p")], [...again.values("p")], "resuming from disk and from memory agree");
    const c0 = more.chains("p")[0];
    assert.deepEqual([...c0.subarray(0, 150)], [...post.chains("p")[0]]);
    const scale = more.stat("scale");
    assert.equal(scale[150], scale[149], "the adapted scale carries over");
    assert.equal(more.chainStates![0].segment, 2);
    assert.equal(more.chainStates![0].steps, 250);
    // Without the model or the kernel: errors that say what to pass (a missing kernel crashed inside the driver).
    assert.throws(() => resume(back, { samples: 10 } as never), /resume: options need the model/);
    assert.throws(() => resume(back, { model: coin, samples: 10 } as never), /resume: options need the kernel the chains ran with/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("resume with another kind of kernel than the chains ran with is an error saying so (a TypeError inside the kernel before)", async () => {
  const { nutsKernel } = await import("../../src/infer/nuts.js");
  const { halfNormal } = await import("../../src/dist/half_normal.js");
  const ys = [4.1, 5.3, 3.8, 6.0];
  const m = gen((t, y: number[]) => {
    const mu = t.sample("mu", normal(0, 10)) as number, s = t.sample("s", halfNormal(5)) as number;
    y.forEach((v, i) => t.observe(["y", i], normal(mu, s), v));
  }, "ms");
  const rw = mcmc(m, [ys], {}, randomWalk("mu"), { samples: 50, warmup: 50, chains: 1, seed: 1 });
  const nu = mcmc(m, [ys], {}, nutsKernel(), { samples: 50, warmup: 50, chains: 1, seed: 1 });
  assert.throws(() => resume(rw, { model: m, kernel: nutsKernel(), samples: 10 }), /resume: the chains' saved adaptation belongs to another kind of kernel/);
  assert.throws(() => resume(nu, { model: m, kernel: randomWalk("mu"), samples: 10 }), /belongs to another kind of kernel/);
  // The right kernels resume (a NUTS state's metric is tuned to its size; a fresh one is empty: same shape).
  assert.equal(resume(rw, { model: m, kernel: randomWalk("mu"), samples: 10 }).size, 60);
  assert.equal(resume(nu, { model: m, kernel: nutsKernel(), samples: 10 }).size, 60);
});

test("mcmcAsync and resume name an unknown option, as mcmc does (they ignored it: 'sampels' ran the default 1000)", async () => {
  await assert.rejects(mcmcAsync(coin, [5], {}, mhKernel("p"), { sampels: 10 } as never), /mcmcAsync: unknown option 'sampels'/);
  const post = mcmc(coin, [5], {}, mhKernel("p"), { samples: 20, warmup: 0, chains: 1, seed: 1 });
  assert.throws(() => resume(post, { model: coin, kernel: mhKernel("p"), samples: 3, sampels: 3 } as never), /resume: unknown option 'sampels'/);
});

test("mh's posterior says mh (it said mcmc), also resumed", async () => {
  const { mh } = await import("../../src/infer/mh.js");
  const post = mh(coin, [5], {}, { samples: 20, warmup: 5, chains: 1, seed: 1 });
  assert.equal(post.method, "mh");
  assert.equal(resume(post, { model: coin, kernel: (await import("../../src/infer/kernels/single-site.js")).singleSiteMH(), samples: 5 }).method, "mh");
});
