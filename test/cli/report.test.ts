// The report of a query (src/cli/report.ts, json-value.ts, show.ts, text-report.ts) on posteriors built by
// hand: JSON-safe values, summary rows, the three shapes of `return`, and the human-readable forms.
import { test } from "node:test";
import assert from "node:assert/strict";
import { jsonValue } from "../../src/cli/json-value.js";
import { ParamStore } from "../../src/trace/params.js";
import { returnReport } from "../../src/cli/report.js";
import { showValue } from "../../src/cli/show.js";
import { queryText, summaryText, SHOWN_ROWS } from "../../src/cli/text-report.js";
import { fromJSON } from "../../src/lang/index.js";
import { Posterior } from "../../src/posterior/posterior.js";
import type { Trace } from "../../src/trace/gfi.js";
import { normal } from "../../src/dist/normal.js";
import { dirichlet } from "../../src/dist/dirichlet.js";

/** A minimal trace: latent choices and a return value. */
function trace(choices: Record<string, unknown>, retval: unknown): Trace {
  const cs = Object.entries(choices).map(([key, value]) => ({ key, address: [key], value, observed: false, logpdf: 0 }));
  return { retval, score: 0, choices: () => cs, tracked: () => [] } as unknown as Trace;
}

test("jsonValue: non-finite numbers as strings, typed arrays and Borel values as JSON, models and functions described", () => {
  assert.deepEqual(jsonValue({ a: NaN, b: [Infinity, -Infinity, 1], c: new Float64Array([2, NaN]), d: undefined }), { a: "NaN", b: ["Infinity", "-Infinity", 1], c: [2, "NaN"], d: null });
  assert.deepEqual(jsonValue(fromJSON({ r: { x: [1, 2] }, m: [[1, 2], [3, 4]] })), { r: { x: [1, 2] }, m: [[1, 2], [3, 4]] });
  assert.equal(jsonValue(normal(0, 1)), "distribution normal");
  assert.deepEqual(jsonValue(new Map([["k", 1n]])), { k: "1" });
  assert.equal(JSON.stringify(jsonValue(() => 1)), '"function"');
  // VI's learned parameters (a ParamStore) by name, through its toJSON.
  assert.deepEqual(jsonValue({ params: new ParamStore({ m: 2.5, s: new Float64Array([1, NaN]) }) }), { params: { m: 2.5, s: [1, "NaN"] } });
});

test("return: a summary row for numbers, rows for vectors, a row per numeric field of a record (nested ones as paths), values with probabilities otherwise, null for none", () => {
  const num = new Posterior({ method: "t", chains: [[trace({ x: 1 }, 1), trace({ x: 3 }, 3)]] });
  assert.deepEqual(Object.keys(returnReport(num)!), ["mean", "sd", "q05", "q50", "q95", "rhat", "ess_bulk", "ess_tail", "mcse_mean"]);
  assert.equal((returnReport(num) as { mean: number }).mean, 2);
  const vec = new Posterior({ method: "t", chains: [[trace({}, new Float64Array([1, 2])), trace({}, new Float64Array([3, 4]))]] });
  assert.deepEqual((returnReport(vec) as { mean: number }[]).map((r) => r.mean), [2, 3]);
  const str = new Posterior({ method: "t", chains: [[trace({}, "a"), trace({}, "b"), trace({}, "a")]], logWeights: [0, Math.log(2), 0] });
  assert.deepEqual(returnReport(str), { values: [["a", 0.5], ["b", 0.5]] });
  // A record of numeric fields: a row per field; a record with another kind of field: its values.
  const rec = new Posterior({ method: "t", chains: [[trace({}, fromJSON({ k: 1, v: [1, 2] })), trace({}, fromJSON({ k: 3, v: [3, 4] }))]] });
  const byField = returnReport(rec) as Record<string, { mean: number }>;
  assert.deepEqual(Object.keys(byField), ["k", "v[0]", "v[1]"]);
  assert.deepEqual([byField.k!.mean, byField["v[0]"]!.mean, byField["v[1]"]!.mean], [2, 2, 3]);
  const mixed = new Posterior({ method: "t", chains: [[trace({}, fromJSON({ k: 1, s: "a" })), trace({}, fromJSON({ k: 1, s: "a" }))]] });
  assert.deepEqual(returnReport(mixed), { values: [[{ k: 1, s: "a" }, 1]] });
  // Nested numeric records flatten to paths ("fit.mu"); with a string field anywhere, the whole values are listed
  // (and the text report shows the numeric fields as rows and lists the rest).
  const nested = new Posterior({ method: "t", chains: [[trace({}, fromJSON({ fit: { mu: 1, tag: "x" }, n: 2 })), trace({}, fromJSON({ fit: { mu: 3, tag: "y" }, n: 2 }))]] });
  assert.deepEqual(returnReport(nested), { values: [[{ fit: { mu: 1, tag: "x" }, n: 2 }, 0.5], [{ fit: { mu: 3, tag: "y" }, n: 2 }, 0.5]] });
  assert.deepEqual([...nested.summary().keys()], ["return.fit.mu", "return.n"]);
  assert.match(queryText({ name: "m", span: { line: 1, col: 1, endLine: 1, endCol: 1 } } as never, undefined, nested), /return\.fit\.mu +2\.000[^]*other return fields \(most probable first\):\n {2}0\.5000 {2}\{"fit":\{"tag":"x"\}\}/);
  const numeric = new Posterior({ method: "t", chains: [[trace({}, fromJSON({ fit: { mu: 1 } })), trace({}, fromJSON({ fit: { mu: 3 } }))]] });
  assert.deepEqual(Object.keys(returnReport(numeric) as object), ["fit.mu"]);
  assert.equal(returnReport(new Posterior({ method: "t", chains: [[trace({ x: 1 }, undefined)]] })), null);
});

test("summaryText: at most SHOWN_ROWS rows plus the return value, with a note", () => {
  const choices = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`a${i}`, i]));
  const post = new Posterior({ method: "t", chains: [[trace(choices, 1), trace(choices, 2)]] });
  const lines = summaryText(post).split("\n");
  assert.equal(lines.length, 1 + 1 + SHOWN_ROWS + 1 + 1);
  assert.match(lines.at(-2)!, /^return /);
  assert.equal(lines.at(-1), "... 18 more rows (borel run --json lists every address)");
});

test("showValue: REPL echo of Borel values", () => {
  assert.equal(showValue(2), "2");
  assert.equal(showValue("a\"b"), '"a\\"b"');
  assert.equal(showValue(fromJSON({ a: [true, false], "b c": [1, 2] })), '{a: [true, false], "b c": [1, 2]}');
  assert.equal(showValue(new Float64Array(25)), `[${Array(20).fill(0).join(", ")}, ... 5 more]`);
  assert.equal(showValue(fromJSON([[1, 2], [3, 4]])), "2×2 matrix [[1, 2],\n  [3, 4]]");
  assert.equal(showValue(normal(0, 1)), "<distribution normal(0, 1)>");
  assert.equal(showValue(dirichlet([1, 2])), "<distribution dirichlet([1, 2])>");
  assert.equal(String(dirichlet(new Float64Array(9).fill(0.5))), "dirichlet([0.5, 0.5, 0.5, 0.5, … (9 elements)])");
  assert.equal(showValue(undefined), "nothing");
});

test("tracked values summaries cannot use (strings, mixed arrays) are listed by frequency (they were left out)", async () => {
  const { compileProgram, runQuery } = await import("../../src/lang/index.js");
  const prog = compileProgram(`model m() {
  b ~ bernoulli(0.25)
  track label = if b { "yes" } else { "no" }
}
query m() using enumerate()`, "/virtual/t.borel");
  const post = await runQuery(prog.queries[0], { seed: 0 });
  const text = queryText(prog.queries[0], undefined, post);
  assert.match(text, /values of label \(most probable first\):\n {2}0\.7500 {2}"no"\n {2}0\.2500 {2}"yes"/);
});
