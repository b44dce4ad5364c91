// Which engine trains a PFN faster on these 2 cores: @tensorflow/tfjs on its wasm backend (autodiff by
// tf.variableGrads, Adam by tf.train.adam), or Borel's own tensor kernels with the PFN tape AD (src/pfn/grad)
// and AdamW (src/pfn/optimizer.ts)? Both run the same step: the same architecture (post-LN blocks, GELU,
// PFN attention mask via context-only keys, MLP head) on the same batch shape, forward + backward + update.
//   npx tsx bench/pfn-engines.ts [B,T,nc,d,layers] [--threads 2]
// Prints ms per step for each engine and the ratio. Timings are distorted when `uptime` shows a load average
// far above 2; the load is printed with the result.
import { loadavg } from "node:os";
import { Rng } from "../src/rand/rng.js";
import { createTfjsBackend } from "../src/tensor/tfjs-backend.js";
import { setThreads } from "../src/tensor/pool.js";
import { initParams } from "../src/pfn/params.js";
import { paramNodes, pfnLogits, type GraphBatch } from "../src/pfn/graph.js";
import { Tape } from "../src/pfn/grad/tape.js";
import { crossEntropy } from "../src/pfn/grad/loss.js";
import { AdamW } from "../src/pfn/optimizer.js";
import type { PFNConfig } from "../src/pfn/config.js";

const arg = process.argv.find((a) => /^\d+(,\d+){4}$/.test(a)) ?? "32,100,25,128,4";
const [B, T, nc, d, L] = arg.split(",").map(Number);
const threads = process.argv.includes("--threads") ? Number(process.argv[process.argv.indexOf("--threads") + 1]) : 1;
const K = 100, H = 4, ff = 2 * d, hh = 2 * d, R = 5;
const c: PFNConfig = { d, heads: H, layers: L, ff, headHidden: hh, kind: "regression", inputs: "x", outputs: "y", xDim: 1, xMean: [0], xSd: [1], yMean: 0, ySd: 1, outputsWidth: K, borders: [[]] };
const rng = new Rng(1);
const bt: GraphBatch = { x: Float32Array.from({ length: B * T }, () => rng.normal()), yContext: Float32Array.from({ length: B * nc }, () => rng.normal()), batch: B, rows: T, context: nc };
const targets = Int32Array.from({ length: B * (T - nc) }, () => rng.int(K));

function time(f: () => void): number {
  f();
  const t0 = performance.now();
  for (let i = 0; i < R; i++) f();
  return (performance.now() - t0) / R;
}

async function borel(): Promise<number> {
  if (threads > 1) await setThreads(threads);
  const ps = initParams(c, new Rng(2)), grads = new Map([...ps].map(([n, p]) => [n, new Float32Array(p.data.length)]));
  const opt = new AdamW(ps, { lr: 1e-4, steps: 100, warmup: 1 });
  const ms = time(() => {
    for (const g of grads.values()) g.fill(0);
    const tp = new Tape();
    tp.backward(crossEntropy(tp, pfnLogits(tp, paramNodes(tp, ps, grads), c, bt), targets));
    opt.step(grads);
  });
  if (threads > 1) await setThreads(1);
  return ms;
}

async function tfjs(): Promise<number> {
  const { tf } = await createTfjsBackend("wasm");
  const ps = initParams(c, new Rng(2)), v = new Map([...ps].map(([n, p]) => [n, tf.variable(tf.tensor2d(p.data, [...p.shape]), true, n.replace(/\./g, "_"))]));
  const P = (n: string) => v.get(n)!;
  const x = tf.tensor2d(bt.x, [B * T, 1]), dh = d / H;
  const yPad = new Float32Array(B * T), mask = new Float32Array(B * T);
  for (let b = 0; b < B; b++) for (let i = 0; i < nc; i++) { yPad[b * T + i] = bt.yContext[b * nc + i]; mask[b * T + i] = 1; }
  const y = tf.tensor2d(yPad, [B * T, 1]), m = tf.tensor2d(mask, [B * T, 1]);
  const oneHot = tf.oneHot(tf.tensor1d(targets, "int32"), K);
  const ln = (h: any, g: any, b: any) => { const mo = tf.moments(h, -1, true); return h.sub(mo.mean).div(mo.variance.add(1e-5).sqrt()).mul(g).add(b); };
  const gelu = (h: any) => h.mul(tf.erf(h.mul(Math.SQRT1_2)).add(1).mul(0.5));
  const loss = () => {
    let h: any = x.matMul(P("enc.wx")).add(P("enc.bx")).add(y.matMul(P("enc.wy")).add(P("enc.by")).mul(m));
    for (let l = 0; l < L; l++) {
      const p = (n: string) => P(`b${l}.${n}`);
      const qkv = h.matMul(p("wqkv")).add(p("bqkv")).reshape([B, T, 3, H, dh]).transpose([2, 0, 3, 1, 4]);
      const [q, k, vv] = tf.unstack(qkv);
      const kc = k.slice([0, 0, 0, 0], [B, H, nc, dh]), vc = vv.slice([0, 0, 0, 0], [B, H, nc, dh]);
      const a = tf.softmax(tf.matMul(q, kc, false, true).mul(1 / Math.sqrt(dh))).matMul(vc).transpose([0, 2, 1, 3]).reshape([B * T, d]);
      h = ln(h.add(a.matMul(p("wo")).add(p("bo"))), p("ln1g"), p("ln1b"));
      h = ln(h.add(gelu(h.matMul(p("w1")).add(p("b1"))).matMul(p("w2")).add(p("b2"))), p("ln2g"), p("ln2b"));
    }
    const hq = h.reshape([B, T, d]).slice([0, nc, 0], [B, T - nc, d]).reshape([B * (T - nc), d]);
    const z = gelu(hq.matMul(P("head.w1")).add(P("head.b1"))).matMul(P("head.w2")).add(P("head.b2"));
    return tf.logSoftmax(z).mul(oneHot).sum().neg().div(B * (T - nc)) as any;
  };
  const opt = tf.train.adam(1e-4);
  return time(() => { tf.tidy(() => { opt.minimize(loss); }); });
}

const load0 = loadavg()[0];
const tb = await borel(), tt = await tfjs();
console.log(`PFN training step, B=${B} T=${T} context=${nc} d=${d} layers=${L} heads=${H} ff=${ff} buckets=${K}`);
console.log(`  Borel kernels + tape AD (${threads} thread${threads > 1 ? "s" : ""}): ${tb.toFixed(0)} ms/step`);
console.log(`  tfjs wasm + tf.variableGrads:        ${tt.toFixed(0)} ms/step`);
console.log(`  ratio tfjs/Borel: ${(tt / tb).toFixed(2)}   (load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)})`);
