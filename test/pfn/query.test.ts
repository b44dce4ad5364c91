// PFN inside Borel's inference API: the `pfn` and `pfn_importance` registry methods, the proposal's importance
// weights (hand-computed: log p(z, data) − Σ_a log Bar_a(z_a)), SMC with the proposal at step 0, the static
// query rules, and the CLI command handlers. Tiny networks trained for a few steps.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import { getMethod } from "../../src/infer/registry.js";
import { importance } from "../../src/infer/importance.js";
import { smc } from "../../src/infer/smc/smc.js";
import "../../src/pfn/index.js";
import { trainPFN } from "../../src/pfn/train.js";
import { linregExact, linregPrior } from "../../src/pfn/priors/linreg.js";
import { gpPrior } from "../../src/pfn/priors/gp.js";
import { pfnProposal, latentPosteriors, pfnStepProposal } from "../../src/pfn/proposal.js";
import { checkPfnQuery, type PfnQueryShape } from "../../src/pfn/query-check.js";
import { parsePfnTrainFlags, pfnInfo, pfnPredict, pfnTrain, parseAt } from "../../src/pfn/cli-commands.js";
import { contextFromChoices } from "../../src/pfn/context-from-choices.js";
import { loadPFN, type PFN } from "../../src/pfn/pfn.js";

const tmp = mkdtempSync(join(tmpdir(), "borel-pfnq-"));
test.after(() => rmSync(tmp, { recursive: true, force: true }));
const ARCH = { d: 16, heads: 2, layers: 1, ff: 16, headHidden: 16, buckets: 20, priorSamples: 2000, batchSize: 4, steps: 3, warmup: 1, seed: 1 };

let gpFile = "", propFile = "", proposalPfn: PFN;
test.before(async () => {
  const gp = await trainPFN(gpPrior(), { ...ARCH, inputs: "x", outputs: "y", rows: 10 });
  gpFile = join(tmp, "gp.pfn");
  gp.save(gpFile);
  proposalPfn = await trainPFN(linregPrior(), { ...ARCH, inputs: "x", outputs: "y", rows: 8, latents: ["slope", "intercept"] });
  propFile = join(tmp, "prop.pfn");
  proposalPfn.save(propFile);
});

const xs = [0.5, -1, 1.5, 0.2, -0.3], ys = [0.1, -3.1, 2.0, -0.5, -1.6];

test("registry method pfn: predictive draws at y/j and bar distributions in diagnostics", async () => {
  const m = getMethod("pfn")!;
  assert.ok(m.positional?.[0].type === "string");
  const obs = ChoiceMap.from({ x: [0.1, 0.4], y: [0.5, 0.9] });
  const post = await m.run(gpPrior(), [2], obs, { file: gpFile, at: [0.2, 0.3], samples: 400, format: "stored" }, { seed: 1 });
  assert.equal(post.method, "pfn");
  assert.equal(post.size, 400);
  const pred = post.diagnostics.predictive as { mean: number; sd: number }[];
  assert.equal(pred.length, 2);
  assert.ok(Math.abs(post.mean("y/0") - pred[0].mean) < 4 * pred[0].sd / Math.sqrt(400) + 1e-9);   // Monte Carlo mean: 4 sd of the mean
  await assert.rejects(async () => m.run(gpPrior(), [2], obs, { file: gpFile, samples: 10, format: "stored" }, { seed: 1 }), /needs the query inputs/);
  const extra = ChoiceMap.from({ x: [0.1], y: [0.5], f: 1 });
  await assert.rejects(async () => m.run(gpPrior(), [1], extra, { file: gpFile, at: 0.5, samples: 10, format: "stored" }, { seed: 1 }), /observation 'f' is not a row/);
  await assert.rejects(async () => m.run(gpPrior(), [1], obs, { file: propFile, at: 0.5, samples: 10, format: "stored" }, { seed: 1 }), /predicts latent choices/);
  // No query input, or a non-finite one, is an error naming it.
  await assert.rejects(async () => m.run(gpPrior(), [2], obs, { file: gpFile, at: [], samples: 10, format: "stored" }, { seed: 1 }), /'at' is empty/);
  await assert.rejects(async () => m.run(gpPrior(), [2], obs, { file: gpFile, at: [0.2, Infinity], samples: 10, format: "stored" }, { seed: 1 }), /at\[1\] is Infinity/);
});

test("proposal importance weights are log p(z, data) − Σ log Bar(z) (hand-computed)", () => {
  const model = linregPrior(), data = { x: xs, y: ys };
  const q = pfnProposal(proposalPfn, data), dists = latentPosteriors(proposalPfn, data);
  const post = importance(model, [xs.length], { x: xs, y: ys }, { particles: 5, seed: 3, proposal: q, keepTraces: true });
  for (let i = 0; i < 5; i++) {
    const s = post.draws("slope")[i] as number, b = post.draws("intercept")[i] as number;
    const logp = model.assess([xs.length], ChoiceMap.from({ slope: s, intercept: b, x: xs, y: ys })).weight;
    const logq = dists.get("slope")!.logpdf(s) + dists.get("intercept")!.logpdf(b);
    assert.ok(Math.abs(post.logWeights![i] - (logp - logq)) < 1e-9, `particle ${i}`);
  }
  const wide = latentPosteriors(proposalPfn, data, { temperature: 3 }).get("slope")!;
  assert.ok(wide.variance() > dists.get("slope")!.variance());
  assert.throws(() => pfnProposal(proposalPfn, data, { temperature: 0 }), /temperature/);
});

test("pfn_importance and SMC with the proposal at step 0 estimate log Z of a 2-point data set", async () => {
  // An untrained proposal is close to uniform bucket probabilities, i.e. to the prior (the buckets have equal
  // prior mass, sd ≈ 15 with the tails). With 2 points the posterior still spans several buckets: 4000 particles
  // keep the ESS in the hundreds and the sd of log Ẑ below 0.1, so 0.4 is a > 4 sd tolerance.
  const model = linregPrior(), x2 = [0.5, -1], y2 = [0.1, -3.1], obs = ChoiceMap.from({ x: x2, y: y2 }), exact = linregExact(x2, y2).logZ;
  const a = await getMethod("pfn_importance")!.run(model, [2], obs, { file: propFile, particles: 4000, temperature: 10, format: "stored" }, { seed: 2 });
  const b = smc(model, [2], obs, { mode: "steps", particles: 4000, seed: 2, proposal: pfnStepProposal(proposalPfn, { x: x2, y: y2 }, { temperature: 10 }) });
  for (const p of [a, b]) assert.ok(Math.abs(p.logZ! - exact) < 0.4, `${p.method} log Z ${p.logZ} vs exact ${exact} (ESS ${JSON.stringify(p.diagnostics.ess)})`);
  assert.ok(Math.abs(linregExact(xs, ys).logZ + 15.547444508133744) < 1e-9);   // the closed form on the 5-point data
  assert.throws(() => pfnProposal(loadPFN(gpFile), { x: xs, y: ys }), /a proposal needs one trained with 'latents'/);
});

test("static rules of pfn queries", () => {
  const ok: PfnQueryShape = { method: "pfn", modelArgs: 1, given: { names: ["x", "y"] }, positional: 1, options: ["at"], file: gpFile };
  assert.deepEqual(checkPfnQuery(ok), []);
  const msgs = (q: Partial<PfnQueryShape>) => checkPfnQuery({ ...ok, ...q }).map((e) => e.message).join("\n");
  assert.match(msgs({ options: [] }), /needs the query inputs 'at:'/);
  assert.match(msgs({ given: null }), /needs 'given'/);
  assert.match(msgs({ given: { names: ["u", "y"] } }), /conditions on \{x, y\}/);
  assert.match(msgs({ positional: 0 }), /needs the PFN weights file/);
  assert.match(msgs({ modelArgs: 0 }), /first argument must be the number of rows/);
  assert.match(msgs({ file: propFile }), /is a proposal \(latent\) PFN/);
  assert.match(msgs({ method: "pfn_importance", options: [] }), /not a proposal PFN/);
  assert.deepEqual(checkPfnQuery({ ...ok, method: "importance" }), []);
  assert.match(msgs({ file: join(tmp, "nope.pfn"), given: { names: ["x", "y", "z"] } }), /two names/);
});

test("CLI handlers: flags, train, predict, info", async () => {
  const lines: string[] = [], io = { out: (l: string) => lines.push(l), err: () => {} };
  const flags = parsePfnTrainFlags({ out: join(tmp, "cli.pfn"), steps: "2", d: "8", heads: "2", layers: "1", ff: "8", buckets: "10", rows: "6", "batch-size": "2", format: "int8" });
  assert.equal(flags.batchSize, 2);
  assert.throws(() => parsePfnTrainFlags({ out: "a", steps: "x" }), /--steps must be an integer/);
  assert.throws(() => parsePfnTrainFlags({ out: "a", stepz: "1" }), /unknown flag --stepz/);
  assert.throws(() => parsePfnTrainFlags({ steps: "1" }), /--out FILE is required/);
  // An output path in a missing folder fails before any training step.
  await assert.rejects(pfnTrain({ ...flags, out: join(tmp, "no", "such", "x.pfn"), priorSamples: 1000, model: gpPrior() }, io), /--out .*cannot write in .*\(ENOENT\)/);
  const r = await pfnTrain({ ...flags, priorSamples: 1000, model: gpPrior() }, io);
  assert.match(lines[0], /wrote .*cli\.pfn \(int8/);
  assert.equal(r.steps, 2);
  const dataFile = join(tmp, "data.json");
  writeFileSync(dataFile, JSON.stringify({ x: [0.1, 0.9], y: [0.2, -0.4] }));
  const rows = pfnPredict({ weights: r.file, dataFile, at: "0.2,0.5", json: true }, io) as { mean: number }[];
  assert.throws(() => pfnPredict({ weights: r.file, dataFile: join(tmp, "missing.json"), at: "0.2" }, io), /--data: cannot read '.*missing\.json' \(ENOENT\)/);
  assert.equal(rows.length, 2);
  assert.deepEqual(JSON.parse(lines[1]).length, 2);
  pfnInfo(r.file, io);
  assert.match(lines[2], /regression PFN of gp1d/);
  assert.deepEqual(parseAt("[[1,2],[3,4]]"), [[1, 2], [3, 4]]);
  assert.throws(() => parseAt("a,b"), /--at must be numbers/);
  assert.deepEqual(contextFromChoices(ChoiceMap.from({ x: [[1, 2]], y: [3] }), "x", "y"), { x: [[1, 2]], y: [3] });
  assert.throws(() => contextFromChoices(ChoiceMap.from({ x: [1, 2], y: [3] }), "x", "y"), /the data has 2 'x' rows but 1 'y' value \(row 1 has no 'y\/1'\)/);
  assert.throws(() => contextFromChoices(ChoiceMap.from({ x: [1, 2], y: [3, 4, 5] }), "x", "y"), /the data has 2 'x' rows but 3 'y' values \(row 2 has no 'x\/2'\)/);
});

test("parseAt: empty items and broken JSON are --at errors (\"\" and \"0.1,,0.5\" predicted at 0; \"[1,\" was an internal SyntaxError)", () => {
  for (const at of ["", "0.1,,0.5", "0.1,", "[1,", "[]"]) assert.throws(() => parseAt(at), (e: any) => e.code === "bad-option" && /--at must be numbers/.test(e.message), at);
  assert.deepEqual(parseAt(" 0.1 , 0.5 "), [0.1, 0.5]);
});

test("a latent PFN's own temperature (withTemperature, kept in its file) widens its latent predictions and proposal (it was ignored)", () => {
  const base = proposalPfn.condition({ x: xs, y: ys }).predictLatents();
  const hot = proposalPfn.withTemperature(3);
  const wide = hot.condition({ x: xs, y: ys }).predictLatents();
  // Logits / 3: the log-probabilities are base's divided by 3, renormalized.
  for (const a of ["slope", "intercept"]) {
    const l = base.get(a)!.logProbs.map((v) => v / 3), lse = Math.log(l.reduce((s, v) => s + Math.exp(v), 0));
    wide.get(a)!.logProbs.forEach((v, k) => assert.ok(Math.abs(v - (l[k] - lse)) < 1e-5, `${a} bucket ${k}: ${v} vs ${l[k] - lse}`));
    assert.ok(Math.max(...wide.get(a)!.logProbs) < Math.max(...base.get(a)!.logProbs), a);
  }
  // The proposal's own option divides further: τ = 3 on the network equals 3 in pfnProposal's option.
  const viaOption = latentPosteriors(proposalPfn, { x: xs, y: ys }, { temperature: 3 });
  for (const a of ["slope", "intercept"]) assert.ok(Math.abs(viaOption.get(a)!.variance() - wide.get(a)!.variance()) < 1e-6 * wide.get(a)!.variance(), a);
  const file = join(tmp, "hot.pfn");
  hot.save(file);
  assert.equal(loadPFN(file).condition({ x: xs, y: ys }).predictLatents().get("slope")!.variance(), wide.get("slope")!.variance());
});
