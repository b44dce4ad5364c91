// trainPFN on tiny networks for a few steps: the loss falls on a simple prior, a run resumed from its
// checkpoint ends with exactly the weights of an uninterrupted run, progress reports the running NLL, the
// option checks name the option, and weight files round-trip in f32, int8 and int4 (GPTQ).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gen } from "../../src/trace/dynamic.js";
import { normal } from "../../src/dist/normal.js";
import { uniform } from "../../src/dist/uniform.js";
import { bernoulli } from "../../src/dist/bernoulli.js";
import { trainPFN, type TrainPFNOptions } from "../../src/pfn/train.js";
import { loadPFN, PFN } from "../../src/pfn/pfn.js";
import { BarDistribution } from "../../src/pfn/bar-distribution.js";
import { ClassPrediction } from "../../src/pfn/class-prediction.js";
import { quantizeFromPrior } from "../../src/pfn/calibrate.js";

/** y = a·x + noise with a ~ N(0, 1): learnable in a few steps (the context reveals a). */
const line = gen((t, n: number) => {
  const a = t.sample("a", normal(0, 1)) as number;
  for (let i = 0; i < n; i++) {
    const x = t.sample(["x", i], uniform(-1, 1)) as number;
    t.sample(["y", i], normal(a * x, 0.1));
  }
}, "line");

const TINY: TrainPFNOptions = {
  inputs: "x", outputs: "y", d: 16, heads: 2, layers: 1, ff: 16, headHidden: 16, buckets: 20, priorSamples: 2000,
  rows: 12, batchSize: 8, steps: 6, lr: 3e-3, warmup: 1, seed: 3,
};

const tmp = mkdtempSync(join(tmpdir(), "borel-pfn-"));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

test("a tiny PFN learns: the running NLL falls over 40 steps", async () => {
  const losses: number[] = [];
  const pfn = await trainPFN(line, { ...TINY, steps: 40, progressEvery: 5, onProgress: (p) => losses.push(p.loss) });
  assert.equal(losses.length, 8);
  assert.ok(losses[7] < losses[0] - 0.1, `NLL ${losses[0]} → ${losses[7]}`);
  assert.equal(pfn.kind, "regression");
  assert.equal(pfn.config.borders[0].length, 21);
  const [d] = pfn.predict({ x: [0.5, -0.5], y: [0.4, -0.4] }, [0.25]);
  assert.ok(d instanceof BarDistribution && Number.isFinite(d.mean()) && d.variance() > 0);
});

test("resuming from a checkpoint reproduces the uninterrupted run exactly", async () => {
  const straight = await trainPFN(line, TINY);
  const ck = join(tmp, "resume.ckpt");
  const partial = await trainPFN(line, { ...TINY, checkpoint: ck, checkpointEvery: 1, maxSeconds: 0 });   // stops after 1 step
  assert.equal((partial.config.training as { steps: number }).steps, 1);
  // Resumed with its CPU budget already spent: no further step (rerunning a budgeted script only reloads).
  const spent = (partial.config.training as { cpuSeconds: number }).cpuSeconds;
  const again = await trainPFN(line, { ...TINY, checkpoint: ck, maxCpuSeconds: spent });
  assert.equal((again.config.training as { steps: number }).steps, 1);
  const resumed = await trainPFN(line, { ...TINY, checkpoint: ck });
  assert.equal((resumed.config.training as { steps: number }).steps, 6);
  for (const [n, p] of straight.params!) assert.deepEqual(resumed.params!.get(n)!.data, p.data, `parameter ${n}`);
  await assert.rejects(trainPFN(line, { ...TINY, checkpoint: ck, lr: 1e-2 }), /other training options/);
});

test("option errors name the option", async () => {
  await assert.rejects(trainPFN(line, { ...TINY, inputs: "" }), /'inputs' and 'outputs'/);
  await assert.rejects(trainPFN(line, { ...TINY, batchSize: 0 }), /'batchSize' must be a positive integer/);
  await assert.rejects(trainPFN(line, { ...TINY, maxContext: 12 }), /context range/);
  await assert.rejects(trainPFN(line, { ...TINY, d: 15 }), /not divisible by 2 heads/);
  await assert.rejects(trainPFN(line, { ...TINY, outputs: "z" }), /no choice at 'z\/0'/);
  await assert.rejects(trainPFN(line, { ...TINY, kind: "latent" }), /needs 'latents'/);
  // Before the prior is sampled (priorSamples 10⁹ would take hours: the check must come first).
  await assert.rejects(trainPFN(line, { ...TINY, buckets: 1, priorSamples: 1e9 }), /'buckets' must be an integer ≥ 2/);
});

test("weight files round-trip in f32, int8 and int4; quantized predictions stay close", async () => {
  const pfn = await trainPFN(line, { ...TINY, steps: 10 });
  const ctx = { x: [0.5, -0.2, 0.9], y: [0.3, -0.1, 0.6] }, q = [0.1, -0.7];
  const ref = pfn.predict(ctx, q) as BarDistribution[];
  const back = PFN.fromBytes(pfn.toBytes());
  (back.predict(ctx, q) as BarDistribution[]).forEach((d, i) => assert.ok(Math.abs(d.mean() - ref[i].mean()) < 1e-6));
  for (const [format, tol] of [["int8", 0.05], ["int4", 0.25]] as const) {
    const qz = format === "int4" ? quantizeFromPrior(pfn, line, "int4", { datasets: 4 }) : pfn.quantize("int8");
    assert.ok(qz.bytes < pfn.bytes, `${format} is smaller`);
    const file = join(tmp, `w.${format}.pfn`);
    qz.save(file);
    const loaded = loadPFN(file);
    assert.equal(loaded.format, format);
    const a = qz.predict(ctx, q) as BarDistribution[], b = loaded.predict(ctx, q) as BarDistribution[];
    a.forEach((d, i) => {
      assert.ok(Math.abs(d.mean() - b[i].mean()) < 1e-6, `${format} file round trip`);
      assert.ok(Math.abs(d.mean() - ref[i].mean()) < tol, `${format} mean ${d.mean()} vs f32 ${ref[i].mean()}`);
    });
    assert.throws(() => loaded.quantize("int8"), /quantize from an f32 network/);
  }
  const bytes = pfn.toBytes();
  bytes[bytes.length - 5] ^= 0xff;
  assert.throws(() => PFN.fromBytes(bytes), /checksum/);
  writeFileSync(join(tmp, "junk.pfn"), "not a pfn");
  assert.throws(() => loadPFN(join(tmp, "junk.pfn")), /not a Borel tensor file/);
  assert.throws(() => loadPFN(join(tmp, "missing.pfn")), /cannot read the weights file/);
  assert.throws(() => pfn.predict({ x: [1, 2], y: [1] }, [0]), /2 inputs but 1 outputs/);
  assert.throws(() => pfn.predict(ctx, [[1, 2]]), /queries\[0\] has 2 features/);
});

test("a discrete output trains a classification PFN", async () => {
  const coin = gen((t, n: number) => {
    const w = t.sample("w", normal(0, 2)) as number;
    for (let i = 0; i < n; i++) {
      const x = t.sample(["x", i], normal(0, 1)) as number;
      t.sample(["y", i], bernoulli(1 / (1 + Math.exp(-w * x))));
    }
  }, "logistic");
  const pfn = await trainPFN(coin, { ...TINY, steps: 4 });
  assert.equal(pfn.kind, "classification");
  assert.deepEqual(pfn.config.classes, [0, 1]);
  const [p] = pfn.predict({ x: [1, -1], y: [true, false] }, [0.5]);
  assert.ok(p instanceof ClassPrediction);
  assert.ok(Math.abs(p.prob(true) + p.prob(0) - 1) < 1e-12);
  assert.throws(() => p.prob(2), /not one of the classes/);
  // A discrete output with a fractional value is named as such (it said "takes 1 values; up to 32 classes").
  const { delta } = await import("../../src/dist/delta.js");
  const half = gen((t, n: number) => { for (let i = 0; i < n; i++) { t.sample(["x", i], normal(0, 1)); t.sample(["y", i], delta(2.5)); } }, "half");
  await assert.rejects(trainPFN(half, { ...TINY, steps: 1 }), /the discrete output 'y' takes the value 2\.5, not an integer/);
});

test("init: training continues from given weights, keeping their borders; disagreeing options are errors", async () => {
  const trained = await trainPFN(line, { ...TINY, steps: 40 });
  const file = join(tmp, "init.f32.pfn");
  trained.save(file);
  const init = loadPFN(file);
  const { d: _d, heads: _h, layers: _l, ff: _f, headHidden: _hh, buckets: _b, ...rest } = TINY;
  // A step with a vanishing learning rate leaves the weights where they were (weight decay scales with lr too).
  const still = await trainPFN(line, { ...rest, init, steps: 1, lr: 1e-12, warmup: 1 });
  for (const [n, p] of trained.params!) {
    const q = still.params!.get(n)!.data;
    for (let i = 0; i < q.length; i++) assert.ok(Math.abs(q[i] - p.data[i]) < 1e-9, `parameter ${n}[${i}]`);
  }
  assert.deepEqual(still.config.borders, trained.config.borders);
  assert.equal(still.config.training!.steps, 1);
  // The first step's NLL (on 64 datasets, the same for both) is that of the trained net, not of a fresh one.
  const first = async (o: TrainPFNOptions) => { let l = NaN; await trainPFN(line, { ...o, steps: 1, batchSize: 64, progressEvery: 1, onProgress: (p) => { l = p.loss; } }); return l; };
  const warm = await first({ ...rest, init, seed: 9 }), cold = await first({ ...TINY, seed: 9 });
  assert.ok(warm < cold - 0.1, `warm ${warm} vs cold ${cold}`);
  await assert.rejects(trainPFN(line, { ...rest, init, d: 32 }), /'d' = 32 disagrees with the init weights' d = 16/);
  await assert.rejects(trainPFN(line, { ...rest, init, outputs: "x", inputs: "y" }), /init weights predict y from x/);
  await assert.rejects(trainPFN(line, { ...rest, init: init.quantize("int8") }), /'init' must hold f32 weights/);
});

test("predict: strings and nulls in x, y or the queries are named and quoted ('1' read as 'is 1'; '0.5' as 'has 3 features')", async () => {
  const pfn = await trainPFN(line, { ...TINY, steps: 1 });
  assert.throws(() => pfn.predict({ x: [1, 2], y: [1, 2] }, ["0.5"] as never), /queries\[0\] is "0.5", not a number or a row of numbers/);
  assert.throws(() => pfn.predict({ x: [1, 2], y: ["1", 2] as never }, [0.5]), /context.y\[0\] is "1", not a number or boolean/);
  assert.throws(() => pfn.predict({ x: [1, null] as never, y: [1, 2] }, [0.5]), /context.x\[1\] is null/);
  assert.throws(() => pfn.predict({ x: [[1], ["2"]] as never, y: [1, 2] }, [0.5]), /context.x\[1\] is "2", not a number/);
  assert.equal(pfn.predict({ x: [Float64Array.from([1]), [2]], y: [1, true] }, [0.5]).length, 1);
});

test("lr, weightDecay, clip, warmup and kind are checked (lr −1 ascended the loss, clip 0 froze the weights, a continuous output as classification was a TypeError)", async () => {
  await assert.rejects(trainPFN(line, { ...TINY, lr: -1 }), /'lr' must be a positive number, got -1/);
  await assert.rejects(trainPFN(line, { ...TINY, lr: NaN }), /'lr' must be a positive number, got NaN/);
  await assert.rejects(trainPFN(line, { ...TINY, weightDecay: -0.1 }), /'weightDecay' must be a number ≥ 0/);
  await assert.rejects(trainPFN(line, { ...TINY, clip: 0 }), /'clip' must be > 0/);
  await assert.rejects(trainPFN(line, { ...TINY, warmup: -1 }), /'warmup' must be an integer ≥ 0/);
  await assert.rejects(trainPFN(line, { ...TINY, kind: "ordinal" as never }), /'kind' must be regression, classification or latent/);
  await assert.rejects(trainPFN(line, { ...TINY, kind: "classification" }), /'y' is continuous; kind "classification" needs a discrete output/);
  const free = await trainPFN(line, { ...TINY, steps: 2, clip: Infinity, warmup: 0 });
  assert.equal((free.config.training as { steps: number }).steps, 2);
});
