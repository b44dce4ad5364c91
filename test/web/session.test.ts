// The playground's run logic in Node (the worker is a message loop around it): summaries, figure specs,
// located errors, the method override and stopping through the signal.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runSource } from "../../src/web/session.js";

const coin = `model coin(flips) {
  p ~ beta(1, 1)
  for i in 0..len(flips) { observe(bernoulli(p), flips[i]) }
  return p
}
let n = 3 + 4
n * 2
query coin([true, true, false, true, true]) using importance(particles: 4000)`;

test("a run reports values, summaries and figure specs", async () => {
  const r = await runSource(coin, { seed: 1 });
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.values, ["14"]);
  const q = r.queries[0];
  assert.equal(q.method, "importance");
  const p = q.rows.find((row) => row.key === "p")!;
  assert.ok(Math.abs(p.mean - 5 / 7) < 0.02); // Beta(5, 2): mean 0.714; 4000 particles, ESS ~ 2000
  // An importance posterior knows its model: the posterior predictive check is shown too.
  assert.deepEqual(q.figures.map((f) => f.kind), ["marginal", "ppc"]);
  assert.match(q.header, /^query coin\(\[true, true, false, true, true\]\) using importance/);
});

test("errors are located with line and column, run-time errors too", async () => {
  const syntax = await runSource(coin.replace("len(flips)", "len(flips"), { file: "/x/p.borel" });
  assert.equal(syntax.errors[0].line, 3);
  assert.match(syntax.errors[0].text, /^p\.borel:3:\d+: error: /);
  const runtime = await runSource("model m() { x ~ normal(0, -1) }\nquery m() using importance(particles: 10)");
  assert.equal(runtime.errors.length, 1);
  assert.ok(runtime.errors[0].line !== null, runtime.errors[0].text);
});

test("the method menu overrides the query's method", async () => {
  const r = await runSource(coin, { method: "mh", seed: 2 });
  assert.equal(r.queries[0].method, "mh");
  assert.match(r.queries[0].header, /\[run with mh\(\)\]/);
  assert.deepEqual(r.queries[0].figures.map((f) => f.kind).slice(0, 3), ["marginal", "trace", "rank"]);
});

test("an aborted MCMC run returns its draws so far", async () => {
  const c = new AbortController();
  setTimeout(() => c.abort(), 300);
  const r = await runSource("model m() { a ~ normal(0, 1) }\nquery m() using mh(samples: 5000000, warmup: 10, chains: 1, thin: 100)", { signal: c.signal });
  assert.equal(r.stopped, true);
  assert.equal(r.queries[0].interrupted, true);
  assert.ok(r.queries[0].draws > 0 && r.queries[0].draws < 50000);
});
