// Every plot type renders and holds the marks it should: one line per chain, one bar per bin and chain,
// one dot per point... counted in the SVG (test/plot/fixtures.ts parses it with linkedom).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseHTML } from "linkedom";
import { gen, normal, bernoulli, BorelError, Posterior, Rng } from "../../src/index.js";
import { enumerate } from "../../src/infer/index.js";
import {
  tracePlot, rankPlot, marginalPlot, pairPlot, ppcPlot, smcPlot, lossPlot, energyPlot, bandPlot, bandSpec, linspace,
  figuresFor, renderFigure, svgToPng, writeFigures, setPlotDocument, ranks, resampleIndices, traceSpec,
} from "../../src/plot/index.js";
import { countMarks, mhPosterior, nutsPosterior, smcPosterior, viPosterior, coin, flips } from "./fixtures.js";

const mh = mhPosterior(), hmc = nutsPosterior(), variational = viPosterior(), particles = await smcPosterior();

test("trace plot: one line per chain in each panel", () => {
  assert.equal(countMarks(tracePlot(mh), "line", "path"), 3);
  assert.equal(countMarks(tracePlot(hmc, { keys: ["mu", "sigma"] }), "line", "path"), 4);
  const spec = traceSpec(hmc, { keys: ["mu"], maxPoints: 50 });
  assert.deepEqual(spec.panels[0].chains.map((c) => c.value.length), [50, 50]);
});

test("rank plot: bins × chains bars per key and a uniform level per chain", () => {
  const svg = rankPlot(hmc, { keys: ["mu", "sigma"], bins: 10 });
  assert.equal(countMarks(svg, "rect", "rect"), 2 * 2 * 10);
  assert.equal(countMarks(svg, "rule", "line"), 2 * 2);
  assert.deepEqual([...ranks([3, 1, 2, 2])], [4, 1, 2.5, 2.5]);
});

test("marginal plot: histogram bars, a density line and the mean per continuous key", () => {
  const svg = marginalPlot(hmc, { bins: 15 });
  assert.equal(countMarks(svg, "rect", "rect"), 2 * 15);
  assert.equal(countMarks(svg, "line", "path"), 2);
  assert.equal(countMarks(svg, "rule", "line"), 2 * 2); // the mean and the baseline
});

test("marginal plot: a bar per value of a discrete key, heights = exact probabilities", () => {
  const m = gen((t) => { const b = t.sample("b", bernoulli(0.3)); t.observe("y", normal(b ? 1 : 0, 1), 0.8); });
  const post = enumerate(m, [], {});
  const svg = marginalPlot(post, { keys: ["b"] });
  assert.equal(countMarks(svg, "bar", "rect"), 2);
  assert.match(svg, />0</);
  assert.match(svg, />1</);
});

test("marginal plot: a point estimate (MAP, one draw) is a marked value with its label, not a one-value histogram", async () => {
  const { mapEstimate } = await import("../../src/infer/index.js");
  const { marginalSpec } = await import("../../src/plot/index.js");
  const { normalModel, ys } = await import("./fixtures.js");
  const est = mapEstimate(normalModel, [ys], {}, { seed: 1 });
  const spec = marginalSpec(est);
  assert.deepEqual(spec.panels.map((p) => p.type), ["point", "point"]);
  assert.match(spec.title, /^Point estimates \(map, 1 draw\)/);
  const svg = marginalPlot(est);
  assert.equal(countMarks(svg, "rect", "rect"), 0);
  assert.equal(countMarks(svg, "dot", "circle"), 2);
  assert.match(svg, new RegExp(`mu = ${Number(est.mean("mu").toPrecision(4))}`.replace(".", "\\.")));
  // A posterior with spread keeps its histograms.
  assert.ok(marginalSpec(hmc).panels.every((p) => p.type === "continuous"));
});

test("pair plot: histograms on the diagonal, one dot per point below", () => {
  const svg = pairPlot(hmc, { keys: ["mu", "sigma"], maxPoints: 100, bins: 20 });
  assert.equal(countMarks(svg, "dot", "circle"), 100);
  assert.equal(countMarks(svg, "rect", "rect"), 2 * 20);
  assert.throws(() => pairPlot(mh), BorelError); // one key only
});

test("pair plot of weighted draws: points resampled by weight, so 4 enumerated atoms keep their probabilities", async () => {
  const { pairSpec } = await import("../../src/plot/index.js");
  const m = gen((t) => { const a = t.sample("a", bernoulli(0.3)); const b = t.sample("b", bernoulli(a ? 0.9 : 0.2)); t.observe("y", bernoulli(b ? 0.8 : 0.1), true); });
  const post = enumerate(m, [], {});
  // P(y | a) = 0.9·0.8 + 0.1·0.1 = 0.73, P(y | ¬a) = 0.2·0.8 + 0.8·0.1 = 0.24: P(a | y) = 0.219 / 0.387 = 0.566
  const py = (pa: number) => pa * 0.8 + (1 - pa) * 0.1, pA = (0.3 * py(0.9)) / (0.3 * py(0.9) + 0.7 * py(0.2));
  const spec = pairSpec(post, { keys: ["a", "b"], maxPoints: 1000 });
  assert.equal(spec.columns[0].length, 1000);
  const share = spec.columns[0].filter((x) => x === 1).length / 1000;
  assert.ok(Math.abs(share - pA) <= 0.001, `${share} vs ${pA}`); // systematic resampling: within 1/1000
  assert.match(spec.title, /1000 points resampled from 4 weighted draws/);
});

test("posterior predictive check: a density per replicate plus the observed one; a statistic for discrete data", () => {
  assert.equal(countMarks(ppcPlot(hmc, { draws: 20, seed: 1 }), "line", "path"), 21);
  const stat = ppcPlot(mh, { seed: 1 });
  assert.equal(countMarks(stat, "rect", "rect"), 30);
  assert.equal(countMarks(stat, "rule", "line"), 2);
  assert.match(stat, /T\(y\) = 0\.6667/); // 20 heads of 30
  // A posterior without its model (built from draws alone, or loaded from a file) needs a source.
  assert.throws(() => ppcPlot(new Posterior({ method: "t", chains: [[coin.simulate([flips], new Rng(1))]] })), /does not know its model/);
  // Every method's posterior knows its model now, weighted ones too (SMC here).
  assert.ok(countMarks(ppcPlot(particles, { draws: 5, seed: 1 }), "line", "path") + countMarks(ppcPlot(particles, { draws: 5, seed: 1 }), "rect", "rect") > 0);
  assert.equal(countMarks(ppcPlot(mh, { mode: "density", draws: 5, source: { model: coin, args: [flips], observations: mh.source!.observations } }), "line", "path"), 6);
});

test("SMC plot: one ESS line, a dot per resampling, a bar per step", async () => {
  const steps = (particles.diagnostics.essHistory as number[]).length;
  assert.ok(steps >= 6); // at least one step per observation
  const svg = smcPlot(particles);
  assert.equal(countMarks(svg, "line", "path"), 1);
  assert.equal(countMarks(svg, "dot", "circle"), (particles.diagnostics.resampled as number[]).length);
  assert.equal(countMarks(svg, "rect", "rect"), steps);
  assert.throws(() => smcPlot(hmc), /no SMC history/);
  // Steps are whole numbers: the step axes' tick labels are 0, 1, 2, ... (no 0.5), the same on both panels.
  const { document } = parseHTML(`<html><body>${svg}</body></html>`);
  const labels = [...document.querySelectorAll("g[aria-label='x-axis tick label'] text")].map((t) => t.textContent);
  assert.ok(labels.length >= 2 && labels.every((l) => /^\d+$/.test(l ?? "")), labels.join(" "));
  const { integerTicks } = await import("../../src/plot/smc.js");
  assert.deepEqual(integerTicks(4), [0, 1, 2, 3]);
  assert.deepEqual(integerTicks(100), [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  assert.deepEqual(integerTicks(1), [0]);
});

test("loss plot: the ELBO per step and its moving average", () => {
  assert.equal(countMarks(lossPlot(variational), "line", "path"), 2);
  assert.equal(countMarks(lossPlot({ values: [3, 2, 1.5, 1.2, 1.1], label: "training loss" }), "line", "path"), 2);
  assert.throws(() => lossPlot(hmc), /no objective trace/);
});

test("energy plot: two histograms for NUTS", () => {
  assert.equal(countMarks(energyPlot(hmc, { bins: 25 }), "rect", "rect"), 50);
  assert.throws(() => energyPlot(mh), /no 'energy' stat/);
});

test("band plot: two interval areas, the median, the observed points", () => {
  const normalQ = (m: number) => ({ quantile: (q: number) => m + Math.SQRT2 * erfinv(2 * q - 1) });
  const spec = bandSpec((xs) => xs.map((x) => normalQ(Math.sin(x))), linspace(0, 6, 40), { x: [1, 2, 3], y: [0.8, 0.9, 0.1] });
  assert.ok(Math.abs(spec.q95[0] - spec.q50[0] - 1.6449) < 1e-3);
  const svg = bandPlot(spec);
  assert.equal(countMarks(svg, "area", "path"), 2);
  assert.equal(countMarks(svg, "line", "path"), 1);
  assert.equal(countMarks(svg, "dot", "circle"), 3);
});

test("figuresFor picks the figures of each method; specs survive structured cloning", () => {
  assert.deepEqual(figuresFor(hmc).map((f) => f.kind), ["marginal", "trace", "rank", "pair", "energy"]);
  assert.deepEqual(figuresFor(particles).map((f) => f.kind), ["marginal", "pair", "smc"]);
  assert.deepEqual(figuresFor(variational).map((f) => f.kind), ["marginal", "pair", "loss"]);
  for (const spec of figuresFor(hmc)) assert.equal(renderFigure(structuredClone(spec)), renderFigure(spec));
});

test("PNG through resvg; figures written to a file or a folder", () => {
  const png = svgToPng(tracePlot(mh));
  assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  const dir = mkdtempSync(join(tmpdir(), "borel-plot-"));
  assert.deepEqual(writeFigures(hmc, `${dir}/`).map((f) => f.slice(dir.length + 1)), ["marginal.svg", "trace.svg", "rank.svg", "pair.svg", "energy.svg"]);
  assert.equal(readdirSync(dir).length, 5);
  writeFigures(mh, join(dir, "all.png"));
  assert.equal(readFileSync(join(dir, "all.png"))[1], 0x50);
  // A path without an extension is a folder; another extension is an error, not an SVG under that name.
  assert.deepEqual(writeFigures(mh, join(dir, "figs")).map((f) => f.slice(dir.length + 1)), ["figs/marginal.svg", "figs/trace.svg", "figs/rank.svg"]);
  assert.throws(() => writeFigures(mh, join(dir, "all.pdf")), /neither a \.svg nor a \.png file nor a folder/);
});

test("an injected document is used; unknown keys are located errors", () => {
  const { document } = parseHTML("<html><body></body></html>");
  let made = 0; // Plot creates its elements from the document's root element
  const spy = new Proxy(document, { get: (t, k) => { if (k === "documentElement") made++; return Reflect.get(t, k); } });
  setPlotDocument(spy);
  try {
    tracePlot(mh);
  } finally {
    setPlotDocument(null);
  }
  assert.ok(made > 0);
  assert.throws(() => tracePlot(hmc, { keys: ["nope"] }), (e: BorelError) => e.code === "unknown-address");
  assert.deepEqual(resampleIndices([0, 1, 0, 3], 4), [1, 3, 3, 3]);
});

/** Inverse error function (Giles 2010), enough for the test's quantiles. */
function erfinv(x: number): number {
  let w = -Math.log((1 - x) * (1 + x)), p: number;
  if (w < 5) {
    w -= 2.5;
    p = [2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941]
      .reduce((acc, c) => acc * w + c, 0);
  } else {
    w = Math.sqrt(w) - 3;
    p = [-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682]
      .reduce((acc, c) => acc * w + c, 0);
  }
  return p * x;
}

test("pair plot: every divergent draw is drawn (in red), not only those a subsample happens to pick", async () => {
  const { gen } = await import("../../src/trace/dynamic.js");
  const { normal } = await import("../../src/dist/normal.js");
  const { halfCauchy } = await import("../../src/dist/half_cauchy.js");
  const { nuts } = await import("../../src/infer/nuts.js");
  // Centered eight schools: NUTS diverges in the funnel's neck.
  const y = [28, 8, -3, 7, -1, 1, 18, 12], s = [15, 10, 16, 11, 9, 11, 10, 18];
  const schools = gen((t) => {
    const mu = t.sample("mu", normal(0, 5)) as number, tau = t.sample("tau", halfCauchy(5)) as number;
    for (let j = 0; j < 8; j++) t.observe(["y", j], normal(t.sample(["theta", j], normal(mu, tau)), s[j]!), y[j]);
  }, "schools");
  const post = nuts(schools, [], {}, { samples: 300, warmup: 300, chains: 2, seed: 5 });
  const div = post.sampleStats.get("divergent")!;
  const nDiv = div.filter((d) => d > 0).length;
  assert.ok(nDiv > 0, "the centered parameterization diverges");
  const svg = pairPlot(post, { keys: ["mu", "tau"], maxPoints: 50 });
  assert.equal((svg.match(/fill="#d62728"/g) ?? []).length, Math.min(nDiv, 50), `${nDiv} divergences`);
  assert.match(svg, new RegExp(`all ${Math.min(nDiv, 50)} divergent transitions in red`));
});

test("count options (bins, maxPoints, maxKeys, draws, window) are checked: a negative or fractional count was a RangeError, maxPoints 1 drew blank panels", () => {
  const bad = (f: () => unknown, re: RegExp) => assert.throws(f, (e: BorelError) => e.code === "bad-option" && re.test(e.message));
  bad(() => marginalPlot(hmc, { bins: -3 }), /marginalPlot: 'bins' must be a positive integer, got -3/);
  bad(() => marginalPlot(hmc, { bins: 0 }), /'bins'/);
  bad(() => pairPlot(hmc, { bins: 2.5 }), /pairPlot: 'bins' must be a positive integer, got 2\.5/);
  bad(() => pairPlot(hmc, { maxPoints: -5 }), /pairPlot: 'maxPoints'/);
  bad(() => tracePlot(hmc, { maxPoints: 1 }), /tracePlot: 'maxPoints' must be an integer ≥ 2, got 1/);
  bad(() => rankPlot(hmc, { bins: 0 }), /rankPlot: 'bins'/);
  bad(() => energyPlot(hmc, { bins: NaN }), /energyPlot: 'bins'/);
  bad(() => ppcPlot(hmc, { draws: 0 }), /ppcPlot: 'draws'/);
  bad(() => lossPlot({ values: [3, 2, 1] }, { window: -1 }), /lossPlot: 'window'/);
  bad(() => marginalPlot(hmc, { maxKeys: 0 }), /'maxKeys' must be a positive integer/);
  bad(() => marginalPlot(hmc, { keys: [] }), /'keys' is empty/);
  assert.equal(countMarks(tracePlot(hmc, { keys: ["mu"], maxPoints: 2 }), "line", "path"), 2);
});
