import { test } from "node:test";
import assert from "node:assert/strict";
import { BorelError, formatError, checkNotNaN } from "../../src/util/errors.js";

test("formatError prints file:line:col, the source line with a caret under the span, and the hint", () => {
  const e = new BorelError("unknown-name", "unknown name 'sigmaa'", {
    span: { file: "m.borel", line: 2, col: 18, endLine: 2, endCol: 23 },
    hint: "did you mean 'sigma'?",
  });
  const out = formatError(e, { source: "model m() {\n  y ~ normal(0, sigmaa)\n}" });
  assert.equal(out, [
    "m.borel:2:18: error: unknown name 'sigmaa'",
    "2 |   y ~ normal(0, sigmaa)",
    "                     ^^^^^^",
    "hint: did you mean 'sigma'?",
  ].join("\n"));
});

test("the caret's indent copies the source line's tabs (it lines up however a terminal expands them)", () => {
  const e = new BorelError("bad-value", "outside the support", { span: { file: "t.borel", line: 1, col: 4, endLine: 1, endCol: 5 } });
  assert.equal(formatError(e, { source: "\t\tx y" }).split("\n")[2], "    \t\t ^^");
});

test("errors name their address; non-Borel errors are internal errors", () => {
  const e = new BorelError("nan", "log density is NaN", { address: ["y", 3] });
  assert.equal(e.address, "y/3");
  assert.match(formatError(e), /at address y\/3/);
  assert.match(formatError(new TypeError("boom")), /^internal error: boom/);
  assert.throws(() => checkNotNaN(NaN, "the likelihood", "y"), /the likelihood produced NaN/);
  assert.equal(checkNotNaN(1, "x"), 1);
});

test("a very long source line shows a window around the column, with the caret under the span (a 2 MB line was printed whole, twice)", () => {
  const source = `let s = "${"a".repeat(100000)}" + nope`;
  const col = source.indexOf("nope") + 1;
  const e = new BorelError("unknown-name", "unknown name 'nope'", { span: { file: "x.borel", line: 1, col, endLine: 1, endCol: col + 3 } });
  const [, shown, caret] = formatError(e, { source }).split("\n");
  assert.ok(shown.length < 200 && shown.startsWith("1 | …"), shown);
  assert.equal(shown.slice(caret.indexOf("^"), caret.indexOf("^") + 4), "nope");
  assert.equal(caret.trim(), "^^^^");
});
