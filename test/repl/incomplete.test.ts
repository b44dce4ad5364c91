// When the REPL continues an input on the next line (src/repl/incomplete.ts), and its colon commands.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isIncomplete } from "../../src/repl/incomplete.js";
import { isCommand, runReplCommand } from "../../src/repl/commands.js";
import { Session } from "../../src/repl/session.js";
import type { CliIO } from "../../src/cli/io.js";

test("unfinished inputs continue; complete or wrong ones do not", () => {
  for (const s of ["model m() {", "model m() {\n  x ~ normal(0, 1)", "1 +", "f(1,", "let x =", "/* note", "[1, 2", "if true { 1 } else"]) assert.ok(isIncomplete(s), s);
  for (const s of ["1 + 1", "let = 3", ")", "model m() { x ~ }", "\"abc", "let x = (1, ", "model m() {} }", ""]) assert.ok(!isIncomplete(s), s);
});

function capture(): CliIO & { text: () => string } {
  let out = "";
  return { out: (s) => { out += s; }, err: (s) => { out += s; }, errIsTTY: false, text: () => out };
}

test("colon commands: :seed, :names, :help, :quit, unknown ones", async () => {
  const io = capture();
  const s = new Session(io, { seed: 4, data: { d: [1, 2] } });
  assert.ok(isCommand(" :seed") && !isCommand("a : b") && !isCommand(":"));
  assert.equal(await runReplCommand(":seed", s), "seed 4");
  assert.equal(await runReplCommand(":seed 9", s), "seed 9");
  assert.equal(s.seed, 9);
  assert.match(await runReplCommand(":seed 1.5", s), /^error: /);
  await s.evaluate("fn f(x) { x }\nmodel m() { x ~ normal(0, 1) }\nlet k = len(d)\nk");
  assert.equal(io.text(), "2\n");
  assert.equal(await runReplCommand(":names", s), "models: m\nfunctions: f\nvalues: d, k");
  assert.match(await runReplCommand(":help", s), /:load FILE/);
  assert.equal(await runReplCommand(":q", s), "quit");
  assert.match(await runReplCommand(":what", s), /unknown command ':what'/);
});

test("an input with an error defines nothing; a later definition shadows an earlier one", async () => {
  const io = capture();
  const s = new Session(io);
  await s.evaluate("let a = 1\nlet b = nope");
  assert.equal(s.names.has("a"), false);
  assert.match(io.text(), /<repl \d+>:2:9: error: unknown name 'nope'/);
  await s.evaluate("fn g() { 1 }");
  await s.evaluate("fn g() { 2 }");
  await s.evaluate("g()");
  assert.match(io.text(), /\n2\n$/);
});

test("an error raised in a function an earlier input defined shows that input's line, named by its number", async () => {
  const io = capture();
  const s = new Session(io, {});
  await s.evaluate("fn f(n) { return f(n) }");
  await s.evaluate("f(1)");
  assert.match(io.text(), /<repl 1>:1:18: error: recursion too deep[^\n]*\n1 \| fn f\(n\) \{ return f\(n\) \}\n {21}\^/);
});

test("interrupting a running query stops it, for NUTS too (a REPL model is not portable: it ran in one synchronous call)", async () => {
  for (const method of ["nuts(samples: 2000000)", "mh(samples: 2000000)"]) {
    const io = capture();
    const s = new Session(io, { seed: 1 });
    await s.evaluate("model m() { x ~ normal(0, 1) }");
    const running = s.evaluate(`query m() using ${method}`);
    // The run yields to the event loop between chunks, so a timer (a Ctrl-C) gets its turn.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(s.interrupt(), true, method);
    await running;
    assert.match(io.text(), /interrupted: finishing the current step/, method);
    assert.match(io.text(), /warning: the run was interrupted: these are the draws so far/, method);
  }
});
