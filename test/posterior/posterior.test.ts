// Posterior extensions: summaries as summarizeDraws computes them, per-draw stats, histograms and marginals,
// expectations, posterior predictive draws, pointwise log-likelihoods with PSIS-LOO and WAIC (from traces, from
// recorded values and by re-running the model), CSV and JSON export.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gen } from "../../src/trace/dynamic.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import { Rng } from "../../src/rand/rng.js";
import { normal } from "../../src/dist/normal.js";
import { bernoulli } from "../../src/dist/bernoulli.js";
import { iid } from "../../src/dist/iid.js";
import { loo, summarizeDraws, waic, mcseMean } from "../../src/diagnostics/index.js";
import { Posterior } from "../../src/posterior/posterior.js";
import { posteriorFromJSON, posteriorToJSON } from "../../src/posterior/serialize.js";
import { mcmc } from "../../src/infer/mcmc.js";
import { cycle } from "../../src/infer/kernel.js";
import { ellipticalSlice } from "../../src/infer/kernels/elliptical.js";
import { gibbsKernel } from "../../src/infer/kernels/gibbs.js";
import { mhKernel } from "../../src/infer/kernels/mh.js";
import { importance } from "../../src/infer/importance.js";
import { isBorelError } from "../../src/util/errors.js";
import { savePosterior } from "../../src/posterior/file.js";

// mu ~ N(0, 2), w (vector of 2) ~ N(0, 1) each, flag ~ Bernoulli(0.3) (only when mu > 0: a key missing in some
// draws); y_i ~ N(mu, 1) observed one by one, z (vector, iid) observed at once.
const ys = [0.4, 1.1, 0.9, 1.6, 0.2];
const zs = new Float64Array([0.3, -0.2, 0.5]);
const model = gen((t) => {
  const mu = t.sample("mu", normal(0, 2)) as number;
  const w = t.sample("w", iid(normal(0, 1), 2)) as Float64Array;
  if (mu > 0) t.sample("flag", bernoulli(0.3));
  ys.forEach((y, i) => t.observe(["y", i], normal(mu, 1), y));
  t.sample("z", iid(normal(w[0], 1), zs.length));
  t.track("mu2", mu * mu);
  return mu;
}, "posteriorModel");
const DATA = { z: zs };
const kernel = cycle(mhKernel("mu"), ellipticalSlice("w"), gibbsKernel("flag"));
const post = mcmc(model, [], DATA, kernel, { samples: 400, warmup: 100, chains: 3, seed: 1, keepTraces: true });

test("summaries: rank-normalized R-hat, bulk/tail ESS and MCSE as summarizeDraws gives them; vector elements as w[j]", () => {
  const s = post.summary();
  assert.ok(s.has("w[0]") && s.has("w[1]") && s.has("mu") && s.has("mu2") && s.has("return"));
  const ref = summarizeDraws(post.chains("mu"));
  const row = s.get("mu")!;
  assert.equal(row.rhat, ref.rhat);
  assert.equal(row.ess_bulk, ref.ess_bulk);
  assert.equal(row.ess_tail, ref.ess_tail);
  assert.equal(row.mcse_mean, mcseMean(post.chains("mu")));
  assert.match(post.summaryTable(), /mu .*\n|mu2/);
  assert.deepEqual(post.chainLengths, [400, 400, 400]);
  // flag exists only when mu > 0: summarized over the draws that have it.
  const hasFlag = post.values("flag").filter((v) => !Number.isNaN(v)).length;
  assert.equal(hasFlag, post.values("mu").filter((m) => m > 0).length);
});

test("a summary at a key without scalar draws says why: a vector (per element w[j]), values that are not numbers, w/j for w[j]", () => {
  // It used to say "no draws at 'w'" while listing 'w' among the known keys.
  const p = importance(gen((t) => { t.sample("w", iid(normal(0, 1), 3)); t.track("label", "a"); }, "m"), [], {}, { particles: 5, seed: 1 });
  const err = (code: string, re: RegExp) => (e: Error & { code?: string; hint?: string }) => e.code === code && re.test(`${e.message} | ${e.hint}`);
  assert.throws(() => p.mean("w"), err("not-scalar", /'w' holds vectors of 3 elements: summaries are per element, at 'w\[0\]' … 'w\[2\]'/));
  assert.throws(() => p.quantile("label", 0.5), err("not-scalar", /'label' holds values that are not numbers \(e\.g\. the string "a"\).*marginal\("label"\)/));
  assert.throws(() => p.sd("w/1"), err("unknown-address", /no draws at 'w\/1' \| did you mean 'w\[1\]'\?/));
  assert.throws(() => p.mean("nope"), err("unknown-address", /no draws at 'nope' \| known keys: w\[0\], w\[1\], w\[2\], w, label/));
});

test("histogram and marginal", () => {
  const h = post.histogram("mu", { bins: 12 });
  assert.equal(h.edges.length, 13);
  assert.ok(Math.abs(h.mass.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  // A range keeps the mass of all draws (it was renormalized to the range, inflating a zoomed density).
  const v = post.values("mu"), lo = post.quantile("mu", 0.5), hi = h.edges[12];
  const zoom = post.histogram("mu", { bins: 3, range: [lo, hi] });
  const inside = v.filter((x) => x >= lo && x <= hi).length / v.length;
  assert.ok(Math.abs(zoom.mass.reduce((a, b) => a + b, 0) - inside) < 1e-12, `${zoom.mass} vs ${inside}`);
  for (const bad of [[1, 0], [0, NaN], [0, 0]] as [number, number][]) assert.throws(() => post.histogram("mu", { range: bad }), /'range' must be \[low, high\] with finite low < high/);
  const m = post.marginal("flag");
  const trueFrac = post.draws("flag").filter((v) => v === true).length / post.draws("flag").filter((v) => v !== undefined).length;
  assert.ok(Math.abs(m.find((e) => e.value === true)!.probability - trueFrac) < 1e-12);
  assert.ok(Math.abs(m.reduce((a, e) => a + e.probability, 0) - 1) < 1e-12);
});

test("expectations: by key without traces and over traces agree; probabilities of events", () => {
  const a = post.expect((d) => (d.get("mu") as number) ** 2);
  const b = post.expectation((t) => (t.get("mu") as number) ** 2);
  assert.ok(Math.abs(a - b) < 1e-12 && Math.abs(a - post.mean("mu2")) < 1e-12);
  assert.ok(Math.abs(post.probability((d) => (d.get("mu") as number) > 0) - post.values("mu").filter((m) => m > 0).length / post.size) < 1e-12);
});

test("posterior predictive: replicated observe-style and constraint-style data, one per draw", () => {
  const rep = post.predictive({ seed: 3 });
  assert.deepEqual(rep.keys.sort(), ["y/0", "y/1", "y/2", "y/3", "y/4", "z"].sort());
  assert.equal(rep.columns.get("y/0")!.length, post.size);
  // E[y_rep] = E[mu]; Var[y_rep] = Var[mu] + 1 (checked within 5 standard errors of the 1200 replicates).
  const yr = rep.values("y/2"), mean = yr.reduce((a, b) => a + b, 0) / yr.length;
  const sd = Math.sqrt(post.sd("mu") ** 2 + 1);
  assert.ok(Math.abs(mean - post.mean("mu")) < 5 * sd / Math.sqrt(yr.length), `${mean} vs ${post.mean("mu")}`);
  const zr = rep.values("z[1]"), zmean = zr.reduce((a, b) => a + b, 0) / zr.length;
  assert.ok(Math.abs(zmean - post.mean("w[0]")) < 5 * Math.sqrt(post.sd("w[0]") ** 2 + 1) / Math.sqrt(zr.length));
  // The latent values of each draw were kept: new arguments or data would give predictions elsewhere.
  assert.ok(rep.weights.every((w) => Math.abs(w - 1 / post.size) < 1e-15));
});

test("pointwise log-likelihoods and LOO/WAIC: from traces, recorded, and by re-running the model agree", () => {
  const ll = post.pointwiseLogLik();
  assert.deepEqual(ll.keys, ["y/0", "y/1", "y/2", "y/3", "y/4", "z[0]", "z[1]", "z[2]"]);
  const mu = post.values("mu"), w0 = post.values("w[0]");
  const lnorm = (x: number, m: number) => -0.5 * (x - m) ** 2 - 0.5 * Math.log(2 * Math.PI);
  for (let s = 0; s < post.size; s += 97) {
    assert.ok(Math.abs(ll.columns[1][s] - lnorm(ys[1], mu[s])) < 1e-12);
    assert.ok(Math.abs(ll.columns[7][s] - lnorm(zs[2], w0[s])) < 1e-12);
  }
  const l = post.loo(), wa = post.waic();
  const direct = loo(ll.columns, { rEff: l.pointwise.ess.length ? undefined : 1 });
  assert.ok(Number.isFinite(l.elpd_loo) && Math.abs(wa.elpd_waic - waic(ll.columns).elpd_waic) < 1e-12);
  assert.ok(Math.abs(l.elpd_loo - direct.elpd_loo) < 0.05, "r_eff changes only the Pareto smoothing slightly");
  const recorded = mcmc(model, [], DATA, kernel, { samples: 400, warmup: 100, chains: 3, seed: 1, pointwiseLogLik: true });
  assert.deepEqual(recorded.pointwiseLogLik().columns.map((c) => [...c]), ll.columns.map((c) => [...c]));
  assert.equal(recorded.traces, null);
  const rerun = recorded.pointwiseLogLik({ recorded: null });
  for (let j = 0; j < ll.keys.length; j++) for (let s = 0; s < post.size; s += 131) assert.ok(Math.abs(rerun.columns[j][s] - ll.columns[j][s]) < 1e-12);
  assert.equal(recorded.loo().elpd_loo, l.elpd_loo);
  assert.throws(() => importance(model, [], DATA, { particles: 50, seed: 1 }).loo(), /unweighted/);
});

test("CSV: chain, draw, one column per scalar key (w[j], booleans 0/1, empty when absent), stats with __", () => {
  const csv = post.toCSV({ stats: true });
  const lines = csv.trim().split("\n");
  assert.equal(lines.length, post.size + 1);
  const header = lines[0].split(",");
  assert.deepEqual(header.slice(0, 2), ["chain", "draw"]);
  for (const k of ["mu", "w[0]", "w[1]", "flag", "mu2", "return", "accepted__"]) assert.ok(header.includes(k), `${k} in ${header}`);
  const row = lines[401].split(",");
  assert.equal(row[0], "2");
  assert.equal(row[1], "1");
  const muCol = header.indexOf("mu"), flagCol = header.indexOf("flag");
  assert.equal(Number(row[muCol]), post.values("mu")[400]);
  assert.equal(row[flagCol], post.values("mu")[400] > 0 ? String(post.values("flag")[400]) : "");
  // Line by line (the CLI streams them: a large CSV exceeds V8's longest string): the same text.
  const streamed = [...post.csvLines({ stats: true })];
  assert.equal(streamed.length, post.size + 1);
  assert.ok(streamed.every((l) => l.endsWith("\n") && l.indexOf("\n") === l.length - 1));
  assert.equal(streamed.join(""), csv);
});

test("JSON round trip keeps draws, vectors, holes, stats, weights and chain states", () => {
  const back = posteriorFromJSON(JSON.parse(JSON.stringify(posteriorToJSON(post))));
  for (const k of post.scalarKeys()) assert.deepEqual([...back.values(k)], [...post.values(k)], k);
  assert.ok(back.draws("w")[5] instanceof Float64Array);
  assert.deepEqual([...back.stat("accepted")], [...post.stat("accepted")]);
  assert.deepEqual(back.chainLengths, post.chainLengths);
  assert.deepEqual(back.chainStates, post.chainStates);
  assert.equal(back.summaryTable(), post.summaryTable());
  const is = importance(model, [], DATA, { particles: 300, seed: 2 });
  const isBack = posteriorFromJSON(JSON.parse(JSON.stringify(posteriorToJSON(is))));
  assert.deepEqual([...isBack.weights()], [...is.weights()]);
  assert.equal(isBack.mean("mu"), is.mean("mu"));
  assert.throws(() => posteriorFromJSON({}), /not a saved Borel posterior/);
  // Return values the summaries cannot use (a string field) are kept by draw, and survive the file (they were lost).
  const named = gen((t) => { const p = t.sample("p", normal(0, 1)) as number; return { p, label: p > 0 ? "up" : "down" }; }, "named");
  const np = importance(named, [], {}, { particles: 50, seed: 3 });
  const npBack = posteriorFromJSON(JSON.parse(JSON.stringify(posteriorToJSON(np))));
  assert.ok(np.returns !== null && np.returns.length === 50);
  assert.deepEqual(npBack.returns, np.returns);
  assert.equal(posteriorFromJSON(JSON.parse(JSON.stringify(posteriorToJSON(post)))).returns, null);
});

test("a posterior from traces (importance sampling) keeps working: weighted summaries, predictive from traces' model", () => {
  const is = importance(model, [], DATA, { particles: 500, seed: 4 });
  assert.ok(is.weighted && is.summary().get("mu")!.rhat === null);
  const rep = is.predictive({ model, args: [], rng: new Rng(1) });
  assert.equal(rep.columns.get("z")!.length, 500);
  // It knows its model and data, as MCMC posteriors do: the same replicates without them.
  const again = is.predictive({ rng: new Rng(1) });
  assert.deepEqual(again.columns.get("z"), rep.columns.get("z"));
  assert.ok(new Posterior({ method: "x", chains: [] }).size === 0);
});

test("lazy warnings: computed once, on the first read of diagnostics.warnings, after the warnings already there", () => {
  const post = new Posterior({ method: "t", draws: [{ length: 1, columns: new Map([["x", [1]]]), choiceKeys: new Set(["x"]) }], diagnostics: { warnings: ["first"] } });
  let calls = 0;
  post.addWarningsLazily(() => { calls++; return ["second"]; });
  post.addWarningsLazily(() => { calls++; return ["third"]; });
  assert.equal(calls, 0);
  assert.deepEqual(post.diagnostics.warnings, ["first", "second", "third"]);
  assert.deepEqual(JSON.parse(JSON.stringify(post.diagnostics)).warnings, ["first", "second", "third"]);
  assert.equal(calls, 2);
  post.diagnostics.warnings = ["replaced"];
  assert.deepEqual(post.diagnostics.warnings, ["replaced"]);
  // Without earlier warnings the list starts empty.
  const bare = new Posterior({ method: "t", draws: [{ length: 1, columns: new Map([["x", [1]]]), choiceKeys: new Set(["x"]) }] });
  bare.addWarningsLazily(() => []);
  assert.deepEqual(bare.diagnostics.warnings, []);
});

test("summary rows: the choices first — one first met in a later draw too — then tracked values, then the return value", () => {
  // A geometric recursion: deeper addresses appear only in later draws, after 'depth' and 'return' were met.
  const geo = gen((t): number => {
    let k = 0;
    while (t.sample(["s", k], bernoulli(0.5)) === false) k++;
    t.track("depth", k);
    return k;
  }, "geo");
  const post = importance(geo, [], {}, { particles: 200, seed: 3 });
  const keys = [...post.summary().keys()];
  const firstOther = keys.indexOf("depth");
  assert.ok(firstOther > 0 && keys.indexOf("return") === keys.length - 1, keys.join(" "));
  assert.ok(keys.slice(0, firstOther).every((k) => k.startsWith("s/")) && keys.length - firstOther === 2, keys.join(" "));
});

test("the summary table of a single draw (a MAP estimate) shows its undefined sd as '-' and says '1 draw'", async () => {
  const { formatSummaryTable } = await import("../../src/posterior/table.js");
  const t = formatSummaryTable(new Map([["mu", { mean: 1.5, sd: NaN, q05: 1.5, q50: 1.5, q95: 1.5, rhat: null, ess_bulk: null, ess_tail: null, mcse_mean: null }]]), { method: "map", draws: 1, logZ: null });
  assert.equal(t.split("\n")[0], "map, 1 draw");
  assert.match(t.split("\n")[2]!, /^mu\s+1\.500\s+-\s+1\.500/);
  assert.doesNotMatch(t, /NaN/);
});

test("an exact (enumerated) posterior: a constant column has exactly its value as mean and sd 0, whatever the weights' rounding", async () => {
  const { enumerate } = await import("../../src/infer/enumerate.js");
  const { compileProgram } = await import("../../src/lang/program.js");
  const p = compileProgram(`
model inner(p) {
  a ~ bernoulli(p)
  track pp = p
}
model outer() {
  x ~ inner(0.3)
  y ~ inner(0.6)
}`, "consts.borel");
  const post = enumerate((p.models as Record<string, never>).outer, [], {});
  // Leaves in the order 0.42, 0.28, 0.18, 0.12: Σ w·0.3 rounds to 0.30000000000000004.
  assert.equal(post.mean("x/pp"), 0.3);
  assert.equal(post.sd("x/pp"), 0);
  assert.equal(post.summary().get("y/pp")!.sd, 0);
  assert.ok(Math.abs(post.mean("x/a") - 0.3) < 1e-15 && post.sd("x/a") > 0.45);
});

test("a tracked record is summarized field by field, as a return value is (it was silently left out)", () => {
  const m = gen((t) => {
    const x = t.sample("x", normal(0, 1)) as number;
    t.track("r", { a: x, b: { c: 2 * x }, s: "text" });
  });
  for (const post of [importance(m, [], {}, { particles: 50, seed: 1 }), mcmc(m, [], {}, mhKernel("x"), { samples: 50, warmup: 0, chains: 1, seed: 1 })]) {
    const keys = [...post.summary().keys()];
    assert.ok(keys.includes("r.a") && keys.includes("r.b.c"), keys.join(" "));
    assert.ok(Math.abs(post.mean("r.b.c") - 2 * post.mean("x")) < 1e-9);
  }
});

test("quantile takes one probability or an array of them; anything else names the call (it said 'weightedQuantile: ... got 0.1,0.9')", async () => {
  const post = new Posterior({ method: "t", draws: [{ length: 5, columns: new Map([["x", [1, 2, 3, 4, 5]]]), choiceKeys: new Set(["x"]) }] });
  // Type-7 quantiles of 1..5: the median 3, the extremes 1 and 5 (to rounding).
  assert.ok(Math.abs(post.quantile("x", 0.5) - 3) < 1e-12);
  const qs = post.quantile("x", [0, 0.5, 1]);
  assert.equal(qs.length, 3);
  [1, 3, 5].forEach((e, i) => assert.ok(Math.abs(qs[i] - e) < 1e-12, `${qs}`));
  assert.throws(() => post.quantile("x", 1.5), /quantile\('x', p\): p must be a probability in \[0, 1\] \(or an array of them\), got 1\.5/);
  assert.throws(() => post.quantile("x", "0.5" as never), /got "0\.5"/);
});

test("bad exports and damaged files are errors naming the problem; a scalar named like a vector element is refused; warnings follow the table", async () => {
  const post = importance(model, [], {}, { particles: 20, seed: 3 });
  for (const p of [0, -1, 1.5, 101]) assert.throws(() => post.toCSV({ precision: p }), /toCSV: 'precision' must be an integer from 1 to 100/);
  const json = posteriorToJSON(post);
  const damaged = (edit: (j: Record<string, unknown>) => void) => { const j = structuredClone(json) as unknown as Record<string, unknown>; edit(j); return j; };
  assert.throws(() => posteriorFromJSON(damaged((j) => { delete j.columns; })), /saved posterior: 'columns' is missing/);
  assert.throws(() => posteriorFromJSON(damaged((j) => { (j.columns as Record<string, unknown[]>).mu!.length = 2; })), /column 'mu' has 2 values for 20 draws/);
  assert.throws(() => posteriorFromJSON(damaged((j) => { j.chainLengths = "x"; })), /'chainLengths' must be a list of draw counts/);
  assert.equal(posteriorFromJSON(structuredClone(json)).mean("mu"), post.mean("mu"));
  // "v[0]" beside a vector v: element 0 of v and the scalar would share a column name.
  const clash = gen((t) => { t.sample("v", iid(normal(0, 1), 2)); t.sample("v[0]", normal(100, 1)); });
  assert.throws(() => importance(clash, [], {}, { particles: 10, seed: 1 }).mean("v[0]"), /two columns named 'v\[0\]'/);
  // A record field named with a dot beside the nested field it spells: both would be 'return.a.b' (one was dropped).
  for (const ret of [(x: number) => ({ "a.b": x, a: { b: 2 } }), (x: number) => ({ a: { b: 2 }, "a.b": x })]) {
    const dotted = gen((t) => ret(t.sample("x", normal(0, 1)) as number));
    assert.throws(() => importance(dotted, [], {}, { particles: 10, seed: 1 }).mean("x"), /two fields of the record at 'return' are both summarized as 'return\.a\.b'/);
  }
  // A truncated enumeration's warning is printed after the table (and only its header without it).
  const { enumerate } = await import("../../src/infer/enumerate.js");
  const flips = gen((t) => { for (let i = 0; i < 8; i++) t.sample(["b", i], bernoulli(0.5)); });
  const cut = enumerate(flips, [], {}, { maxExecutions: 10 });
  assert.match(cut.summaryTable(), /\nwarning: enumeration stopped after 10 runs .* log Z is a lower bound, and the summaries leave out .* \(raise max_executions or use a sampler\)$/);
  assert.doesNotMatch(cut.summaryTable({ warnings: false }), /warning/);
});

test("a tracked quantity that is NaN in every draw is left out of the summary and named in a note, not a crash", () => {
  const m = gen((t) => { const x = t.sample("x", normal(0, 1)) as number; t.track("nan", NaN); t.track("half", x > 0 ? NaN : x); return x; });
  const post = importance(m, [], {}, { particles: 200, seed: 1 });
  assert.deepEqual([...post.summary().keys()].sort(), ["half", "return", "x"]);
  assert.deepEqual(post.valuelessKeys(), ["nan"]);
  assert.match(post.summaryTable(), /\nnote: no draw of positive weight has a number at 'nan' .*left out of the table$/);
  assert.ok(post.summary().get("half")!.mean < 0);
});

test("misuse of the Posterior API is a BorelError naming the fix, not a TypeError", () => {
  const post = importance(model, [], {}, { particles: 20, seed: 3 });
  for (const key of [undefined, 3, null]) assert.throws(() => post.mean(key as never), (e: unknown) => isBorelError(e) && /the key must be a string/.test(e.message));
  assert.throws(() => post.quantile("mu", NaN), /got NaN/);
  assert.throws(() => post.expect(3 as never), (e: unknown) => isBorelError(e) && /expect needs a function/.test(e.message));
  assert.throws(() => savePosterior(post, "/nonexistent-folder/x.json"), (e: unknown) => isBorelError(e) && /cannot write the posterior file/.test(e.message));
});

test("samples: 0 (warmup only) keeps no draws and says so", () => {
  const post = mcmc(model, [], {}, mhKernel("mu"), { samples: 0, warmup: 20, chains: 1, seed: 1 });
  assert.equal(post.size, 0);
  assert.match(post.summaryTable(), /warning: samples: 0 — the chains ran their warmup and kept no draws/);
  assert.throws(() => post.probability(() => true), /no draws/);
});

test("DrawRecorder: draws beyond the value limit are a clear error, counting repeated rows (an enumeration of 10⁸ runs died of V8's out-of-memory abort)", async () => {
  const { DrawRecorder, MAX_STORED_VALUES } = await import("../../src/posterior/recorder.js");
  assert.ok(MAX_STORED_VALUES >= 1e7, "room for the 10⁷ draws of one value that draw counts allow");
  const model = gen((t) => { t.sample("a", normal(0, 1)); t.sample("b", normal(0, 1)); }, "two");
  const rng = new Rng(1), trace = model.simulate([], rng), rec = new DrawRecorder({ maxValues: 7 });
  for (let i = 0; i < 3; i++) rec.add(i === 0 ? trace : model.simulate([], rng));   // 6 values
  assert.throws(() => rec.add(trace), (e: unknown) => isBorelError(e) && e.code === "too-many-values" && /hold 7 values \(3 draws of 2 values\)/.test(e.message) && /thin/.test(e.hint ?? ""));
  const repeated = new DrawRecorder({ maxValues: 5 });
  repeated.add(trace); repeated.add(trace);
  assert.throws(() => repeated.add(trace), /too|hold 5 values/);
});

test("an address reached only by draws of zero weight has no summary row and a note (importance threw 'every log weight is -Infinity')", () => {
  const model = gen((t) => { const a = t.sample("a", bernoulli(0.5)); if (a) { t.sample("b", normal(0, 1)); t.factor(-Infinity); } return a; }, "rejectedBranch");
  const p = importance(model, [], {}, { particles: 400, seed: 2 });
  assert.equal(p.mean("a"), 0);
  assert.ok(Math.abs(p.logZ! - Math.log(0.5)) < 4 * Math.sqrt(1 / 400), `log Z ${p.logZ}`);
  assert.ok(!p.summary().has("b"));
  assert.deepEqual(p.valuelessKeys(), ["b"]);
  assert.match(p.summaryTable(), /no draw of positive weight has a number at 'b' \(NaN or absent in every draw, or only in draws of zero weight\)/);
  assert.throws(() => p.mean("b"), (e: unknown) => isBorelError(e) && e.code === "no-draws" && /no draw of positive weight has a value at 'b'/.test(e.message));
  assert.throws(() => p.quantile("b", 0.5), /no draw of positive weight/);
});

test("a tracked record's string field is kept as a column of its own (it was dropped), beside its numeric fields", () => {
  const m = gen((t) => { const x = t.sample("x", normal(0, 1)) as number; t.track("fit", { mu: x, tag: x > 0 ? "pos" : "neg" }); }, "labelled");
  const post = importance(m, [], {}, { particles: 300, seed: 4 });
  assert.ok(post.summary().has("fit.mu"));
  const tags = post.draws("fit.tag") as unknown[];
  assert.equal(tags.length, 300);
  const xs = post.values("x");
  assert.ok(tags.every((tag, i) => tag === (xs[i] > 0 ? "pos" : "neg")));
});

test("chains of unequal length (an interrupted run): mean, sd and quantiles use every draw; the diagnostics the chains cut to equal length", () => {
  const m = gen((t) => { t.sample("mu", normal(0, 1)); }, "m");
  const rng = new Rng(5);
  const chains = [300, 100].map((n) => Array.from({ length: n }, () => m.simulate([], rng)));
  const post = new Posterior({ method: "mcmc", chains });
  const v = Array.from(post.values("mu")), mu = v.reduce((a, b) => a + b) / v.length;
  const sorted = [...v].sort((a, b) => a - b), q50 = (sorted[199] + sorted[200]) / 2;
  const row = post.summary().get("mu")!;
  assert.ok(Math.abs(post.mean("mu") - mu) < 1e-12 && Math.abs(row.mean - mu) < 1e-12, `${post.mean("mu")} vs ${mu}`);
  assert.ok(Math.abs(row.q50 - q50) < 1e-12 && Math.abs(post.quantile("mu", 0.5) - q50) < 1e-12);
  assert.ok(Math.abs(row.sd - Math.sqrt(v.reduce((s, x) => s + (x - mu) ** 2, 0) / 399)) < 1e-12);
  const cut = summarizeDraws([post.values("mu").subarray(0, 100), post.values("mu").subarray(300, 400)]);
  assert.equal(row.rhat, cut.rhat);
  assert.equal(row.ess_bulk, cut.ess_bulk);
});

test("a vector whose length varies between draws has a column per element of the longest draw (the first draw's length decided: v[2] was lost)", async () => {
  const { uniformInt } = await import("../../src/dist/uniform_int.js");
  const m = gen((t) => { const n = t.sample("n", uniformInt(1, 3)) as number; t.sample("v", iid(normal(5, 1), n)); }, "m");
  const post = importance(m, [], {}, { particles: 1000, seed: 3 });
  assert.equal((post.draws("v")[0] as Float64Array).length, 1);
  assert.deepEqual(post.scalarKeys(), ["n", "v[0]", "v[1]", "v[2]"]);
  const longest = post.draws("v").map((v) => (v as Float64Array).length === 3);
  // v[2] exists in the draws with n = 3 only: its mean is over them (weights equal: no observations).
  const v2 = post.draws("v").flatMap((v) => ((v as Float64Array).length === 3 ? [(v as Float64Array)[2]] : []));
  assert.ok(longest.some(Boolean) && Math.abs(post.mean("v[2]") - v2.reduce((a, b) => a + b) / v2.length) < 1e-12);
  assert.equal(post.toCSV().split("\n")[0], "chain,draw,log_weight,n,v[0],v[1],v[2]");
  assert.throws(() => post.mean("v"), /'v' holds vectors of 3 elements \(in the longest draws\)/);
});

test("expect and probability: a key no draw has is an error naming the near ones (a typo gave NaN and 0); summary names such as w[0] read the element", () => {
  const m = gen((t) => { t.sample("p", normal(0, 1)); t.sample("w", iid(normal(2, 1), 2)); }, "m");
  const post = importance(m, [], {}, { particles: 200, seed: 1 });
  assert.throws(() => post.expect((d) => d.get("P") as number), (e: unknown) => isBorelError(e) && /no draws at 'P'/.test(e.message) && /\bp\b/.test(e.hint ?? ""));
  assert.throws(() => post.probability((d) => (d.get("P") as number) > 0), /no draws at 'P'/);
  assert.ok(Math.abs(post.expect((d) => d.get("w[1]") as number) - post.mean("w[1]")) < 1e-12);
  assert.ok(Math.abs(post.expect((d) => (d.get("w") as Float64Array)[0]) - post.mean("w[0]")) < 1e-12);
});

test("posterior predictive at new arguments predicts at the new points too (data given as constraints; y/3, y/4 were dropped)", () => {
  const reg = gen((t, xs: number[]) => {
    const b = t.sample("b", normal(0, 5)) as number;
    xs.forEach((x, i) => t.sample(["y", i], normal(b * x, 1)));
  }, "reg");
  const data = ChoiceMap.from({ y: { 0: 2.1, 1: 3.9, 2: 6.2 } });
  const post = importance(reg, [[1, 2, 3]], data, { particles: 4000, seed: 2 });
  const rep = post.predictive({ seed: 2, args: [[1, 2, 3, 10, 20]] });
  assert.deepEqual(rep.keys, ["y/0", "y/1", "y/2", "y/3", "y/4"]);
  // E[y at x = 20] = 20·E[b]; sd ≥ 1 (the noise): within 4 standard errors of 4000 weighted draws (ESS > 1000).
  const w = rep.weights, y4 = rep.values("y/4");
  let m = 0;
  for (let i = 0; i < w.length; i++) m += w[i] * y4[i];
  assert.ok(Math.abs(m - 20 * post.mean("b")) < 4 * Math.sqrt(1 + 400 * post.sd("b") ** 2) / Math.sqrt(1000), `${m} vs ${20 * post.mean("b")}`);
});

test("a choice that is a number in some draws and a vector in others has both columns (the first draw's shape decided, the rest were dropped)", async () => {
  const m = gen((t) => {
    const c = t.sample("c", bernoulli(0.3)) as boolean;
    if (c) t.sample("x", normal(10, 1)); else t.sample("x", iid(normal(0, 1), 2));
  }, "shapes");
  const post = importance(m, [], {}, { particles: 400, seed: 1 });
  assert.deepEqual(post.scalarKeys(), ["c", "x", "x[0]", "x[1]"]);
  const numbers = post.draws("x").filter((v) => typeof v === "number") as number[];
  assert.ok(numbers.length > 50 && Math.abs(post.mean("x") - numbers.reduce((a, b) => a + b) / numbers.length) < 1e-12);
  assert.equal(post.toCSV().split("\n")[0], "chain,draw,log_weight,c,x,x[0],x[1]");
});
