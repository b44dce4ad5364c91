// The REPL as a child process with piped stdin (`borel repl`): 50 malformed inputs — syntax errors, failed
// static checks, run-time errors, unfinished inputs abandoned with two empty lines, bad colon commands —
// each reported with formatError and never a stack trace, after which `1 + 1` still prints 2. Then a
// session: definitions used by later inputs, a query's summary table, multi-line input, :seed, :load,
// :names, :quit.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBundle, runCli } from "../cli/run-cli.js";

const MALFORMED = [
  "let = 3", ")", "}", "]", "1 +* 2", "let x = ", "@", "\"unterminated", "model m() { x ~ }", "fn f(x { x }",
  "query nothing() using importance()", "undefined_name + 1", "1 / \"a\"", "len(1, 2)", "normal(0, -1)",
  "zeros(1e12)", "x ~ normal(0, 1)", "observe(normal(0, 1), 1)", "return 1", "model m() { y ~ normal(0, 1) }\nm()",
  "model q() { z ~ 3 }", "model d() { a ~ normal(0, 1); a ~ normal(0, 1) }", "let a = 1; a = 2", "for i in 0..3 { }",
  "import \"nope\"", "import \"../../../etc/passwd\"", "load(\"/etc/passwd\")", "{a: 1}.b", "[1, 2][5]", "constructor",
  ":bogus", ":seed abc", ":load /nonexistent/file.borel", ":load", "/* a comment never closed\n\n", "model m() {\n\n",
  "1 +\n\n", "-\"a\"", "true + 1", "sum(\"abc\")", "matrix([[1, 2], [3]])", "logpdf(normal(0, 1))", "fn f(1) {}",
  "let let = 1", "query", "model 3x() {}", "gamma(shape: 1, scale: 2)", "pow(2)", "(fn(n) => n)(1, 2)", "globalThis",
];

before(() => ensureBundle());

test("50 malformed inputs are reported without stack traces; then 1 + 1 prints 2", async () => {
  assert.equal(MALFORMED.length, 50);
  const r = await runCli(["repl"], { input: `${MALFORMED.join("\n")}\n1 + 1\n` });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split("\n").at(-1), "2", `stdout:\n${r.stdout}`);
  assert.doesNotMatch(r.stderr, /^\s+at .*\(.*:\d+:\d+\)$/m, "a stack trace");
  assert.doesNotMatch(r.stderr, /Uncaught|internal error/);
  // Every input is answered by an error ("<repl N>:line:col: error: ..." or "error: ..." for commands); the
  // few that cross lines (an unfinished `let x = ` continued by the next input) answer once for two.
  const errors = r.stderr.split("\n").filter((l) => /^(<repl \d+>:\d+:\d+: )?error: /.test(l) || /^\S+:\d+:\d+: error: /.test(l));
  assert.ok(errors.length >= 45, `${errors.length} errors reported:\n${r.stderr}`);
  assert.match(r.stderr, /<repl \d+>:1:5: error: expected a name but found '='\n1 \| let = 3\n {8}\^/);
});

test("a session: definitions, a query, multi-line input, :seed, :load, :names, :quit", async () => {
  const dir = mkdtempSync(join(tmpdir(), "borel-repl-"));
  writeFileSync(join(dir, "lib.borel"), "fn triple(x) { 3 * x }\nlet loaded = triple(2)\n");
  const input = [
    "model coin(flips) {", "  p ~ beta(1, 1)", "  for f in flips { observe(bernoulli(p), f) }", "  return p", "}",
    "fn sq(x) { x * x }", "sq(4) + 1", ":seed 3", ":seed",
    "query coin([true, true, true, false]) using importance(particles: 4000)",
    `:load ${join(dir, "lib.borel")}`, "loaded + triple(1)", ":names", ":quit", "1 + 1",
  ].join("\n");
  const r = await runCli(["repl"], { input: `${input}\n` });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  const out = r.stdout.split("\n");
  assert.ok(out.includes("17"), r.stdout);
  assert.ok(out.includes("seed 3"), r.stdout);
  // Beta(4, 2): mean 2/3; 4,000 prior particles give a Monte Carlo error near 0.005.
  const row = out.find((l) => /^p\s/.test(l));
  assert.ok(row && Math.abs(Number(row.split(/\s+/)[1]) - 2 / 3) < 0.03, r.stdout);
  assert.ok(out.includes("9"), r.stdout);
  assert.ok(out.some((l) => /^models: coin$/.test(l)) && out.some((l) => /^functions: .*sq.*triple|^functions: .*triple.*sq/.test(l)), r.stdout);
  assert.ok(!out.includes("2"), "input after :quit is not run");
});

test("a program file given to `borel repl FILE` is loaded first", async () => {
  const r = await runCli(["repl", "examples/coin.borel"], { input: "len(flips)\n" });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^p\s+0\.69/m);
  assert.equal(r.stdout.trim().split("\n").at(-1), "100");
});

test("a colon command typed inside an unfinished statement abandons the statement and runs", async () => {
  const r = await runCli(["repl"], { input: "let a = 5\nfoo(\n1 +\n:names\n:quit\n1 + 1\n" });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /the unfinished statement was abandoned/);
  assert.match(r.stdout, /values: a/);
  assert.ok(!r.stdout.split("\n").includes("2"), "input after :quit is not run");
});

test("redefining a name notes the earlier definitions that keep the old one", async () => {
  const input = "model a() {\n x ~ normal(0, 1)\n return 1\n}\nmodel b() {\n y ~ a()\n return y\n}\nfn c() { len([a]) }\nlet d = 4\nmodel a() {\n x ~ normal(0, 1)\n return 2\n}\n";
  const r = await runCli(["repl"], { input });
  assert.equal(r.code, 0, r.stderr);
  const notes = r.stderr.split("\n").filter((l) => l.startsWith("note:"));
  assert.deepEqual(notes, ["note: 'a' is redefined, but 'b', 'c' were defined with the old 'a' and still use it: enter those definitions again to use the new one"]);
});

test("two empty lines abandon an unfinished statement quietly (it was run, and reported a missing '}')", async () => {
  const r = await runCli(["repl"], { input: "model m() {\n  x ~ normal(0, 1)\n\n\nlet y = 2\ny\n" });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /the unfinished statement was abandoned/);
  assert.doesNotMatch(r.stderr, /expected '\}'/);
  assert.equal(r.stdout.trim().split("\n").at(-1), "2");
});
