// The training graph (tape AD over the tensor kernels) against finite differences, and against the inference
// network (cached context keys/values): same logits, invariance to the order of the context rows, queries that
// do not see each other. Tiny networks on the TypeScript reference backend (f64 accumulation) so that central
// differences in f64-rounded parameters are accurate to ~1e-3 relative.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/rand/rng.js";
import { getBackend, setBackend, tsBackend } from "../../src/tensor/backend.js";
import { paramNodes, pfnLogits, type GraphBatch } from "../../src/pfn/graph.js";
import { Tape } from "../../src/pfn/grad/tape.js";
import { crossEntropy } from "../../src/pfn/grad/loss.js";
import { initParams, type ParamSet } from "../../src/pfn/params.js";
import { PFNNetwork } from "../../src/pfn/network.js";
import type { PFNConfig } from "../../src/pfn/config.js";

function config(kind: PFNConfig["kind"] = "regression"): PFNConfig {
  return {
    d: 8, heads: 2, layers: 2, ff: 12, headHidden: 10, kind, inputs: "x", outputs: "y", xDim: 2, xMean: [0, 0], xSd: [1, 1], yMean: 0, ySd: 1,
    outputsWidth: 5, borders: kind === "latent" ? [[0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5]] : [[0, 1, 2, 3, 4, 5]], ...(kind === "latent" ? { latents: ["a", "b"] } : {}),
  };
}

/** Parameters with the zero-initialized projections randomized too (so every gradient path is exercised). */
function randomParams(c: PFNConfig, seed: number): ParamSet {
  const ps = initParams(c, new Rng(seed)), rng = new Rng(seed + 1);
  for (const [n, p] of ps) if (/\.(wo|w2|b\w*)$/.test(n) || n.startsWith("enc.b")) for (let i = 0; i < p.data.length; i++) p.data[i] = 0.3 * rng.normal();
  return ps;
}

function batch(c: PFNConfig, B: number, T: number, nc: number, seed: number): GraphBatch {
  const rng = new Rng(seed);
  return { x: Float32Array.from({ length: B * T * c.xDim }, () => rng.normal()), yContext: Float32Array.from({ length: B * nc }, () => rng.normal()), batch: B, rows: T, context: nc };
}

function lossOf(c: PFNConfig, ps: ParamSet, bt: GraphBatch, targets: Int32Array, grads: Map<string, Float32Array> | null): number {
  const tp = new Tape();
  const loss = crossEntropy(tp, pfnLogits(tp, paramNodes(tp, ps, grads), c, bt), targets);
  if (grads) tp.backward(loss);
  return loss.data[0];
}

for (const kind of ["regression", "latent"] as const) {
  test(`tape gradients match central differences (${kind})`, () => {
    const prev = getBackend();
    setBackend(tsBackend);
    try {
      const c = config(kind), ps = randomParams(c, 1), B = 2, nc = 3, T = kind === "latent" ? nc + 2 : 6;
      const bt = batch(c, B, T, nc, 2), targets = Int32Array.from({ length: B * (T - nc) }, (_, i) => (i * 3) % 5);
      const grads = new Map([...ps].map(([n, p]) => [n, new Float32Array(p.data.length)]));
      lossOf(c, ps, bt, targets, grads);
      const rng = new Rng(9);
      let checked = 0;
      for (const [name, p] of ps) {
        for (let r = 0; r < 2; r++) {
          const i = rng.int(p.data.length), old = p.data[i], h = 1e-2;
          p.data[i] = old + h; const up = lossOf(c, ps, bt, targets, null);
          p.data[i] = old - h; const dn = lossOf(c, ps, bt, targets, null);
          p.data[i] = old;
          const fd = (up - dn) / (2 * h), g = grads.get(name)![i];
          assert.ok(Math.abs(fd - g) <= 2e-3 + 2e-2 * Math.abs(fd), `${name}[${i}]: tape ${g} vs finite difference ${fd}`);
          checked++;
        }
      }
      assert.ok(checked > 40);
    } finally { setBackend(prev); }
  });
}

test("inference with cached context equals the training graph; context order and other queries do not matter", () => {
  const c = config(), ps = randomParams(c, 3), T = 7, nc = 4, bt = batch(c, 1, T, nc, 4);
  const tp = new Tape(), ref = pfnLogits(tp, paramNodes(tp, ps, null), c, bt).data;
  const net = PFNNetwork.build(c, ps), D = c.xDim, K = c.outputsWidth;
  const cache = net.condition(bt.x.slice(0, nc * D), bt.yContext, nc);
  const got = net.queryLogits(cache, bt.x.slice(nc * D), T - nc);
  for (let i = 0; i < ref.length; i++) assert.ok(Math.abs(ref[i] - got[i]) < 1e-4, `logit ${i}: ${ref[i]} vs ${got[i]}`);
  // reversed context rows
  const xr = new Float32Array(nc * D), yr = new Float32Array(nc);
  for (let i = 0; i < nc; i++) { xr.set(bt.x.subarray((nc - 1 - i) * D, (nc - i) * D), i * D); yr[i] = bt.yContext[nc - 1 - i]; }
  const rev = net.queryLogits(net.condition(xr, yr, nc), bt.x.slice(nc * D), T - nc);
  for (let i = 0; i < ref.length; i++) assert.ok(Math.abs(rev[i] - got[i]) < 1e-4);
  // one query alone gives the same logits as within the group
  const one = net.queryLogits(cache, bt.x.slice((nc + 1) * D, (nc + 2) * D), 1);
  for (let j = 0; j < K; j++) assert.ok(Math.abs(one[j] - got[K + j]) < 1e-5);
});

test("an empty context predicts from the prior; a wrong shape is a named error", () => {
  const c = config(), ps = randomParams(c, 5), net = PFNNetwork.build(c, ps);
  const z = net.queryLogits(net.condition(new Float32Array(0), new Float32Array(0), 0), new Float32Array([0.1, 0.2]), 1);
  assert.equal(z.length, c.outputsWidth);
  assert.ok([...z].every(Number.isFinite));
  const tp = new Tape();
  assert.throws(() => crossEntropy(tp, tp.input(new Float32Array(10), 2, 5), new Int32Array(3)), /3 targets for 2 rows/);
});
