// Enumeration of Borel programs by branching runs (src/infer/enumerate.ts): depth first in place (each choice's
// continuation called per value, src/lang/compile/enumeration-handler.ts), or runs paused before each latent
// choice and forked per value (branching: "paused", the fallback). The generic search by replay (branching:
// false) is the oracle: all walk the same tree, so they must find the same leaves with the same weights — log Z and every posterior mean agree
// to rounding (1e-12 relative: the sums differ only in order). Plus the exact answers of small programs, the
// pruning of impossible runs, the fallback for programs that call embedded models, and the errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileProgram } from "../../src/lang/program.js";
import type { GenerativeFunction } from "../../src/trace/gfi.js";
import { gen } from "../../src/trace/dynamic.js";
import { bernoulli } from "../../src/dist/bernoulli.js";
import { enumerate, enumerateAsync } from "../../src/infer/enumerate.js";
import { isBorelError } from "../../src/util/errors.js";

const close = (a: number, b: number, rel = 1e-12) => assert.ok(Math.abs(a - b) <= rel * Math.max(1e-300, Math.abs(b)), `${a} vs ${b}`);

function model(source: string, name: string, globals: Record<string, unknown> = {}): GenerativeFunction {
  const p = compileProgram(source, `${name}.borel`, { globals });
  if (p.errors.length > 0) throw p.errors[0];
  return (p.models as Record<string, GenerativeFunction>)[name]!;
}

const hmm = model(`
model hmm(ys) {
  z[0] ~ bernoulli(0.5)
  observe(normal(if z[0] { 1 } else { -1 }, 1), ys[0])
  for t in 1..len(ys) {
    z[t] ~ bernoulli(if z[t - 1] { 0.9 } else { 0.1 })
    observe(normal(if z[t] { 1 } else { -1 }, 1), ys[t])
  }
  track last = z[len(ys) - 1]
  return z[0]
}`, "hmm");

const nested = model(`
model coin(bias) {
  heads ~ bernoulli(bias)
  return heads
}
model game(n) {
  pick ~ categorical([0.2, 0.5, 0.3])
  let bias = [0.1, 0.5, 0.9][pick]
  var wins = 0
  for i in 0..n {
    h[i] ~ coin(bias)
    if h[i] { wins = wins + 1 }
  }
  observe(poisson(1 + wins), 2)
  return wins
}`, "game");

/**
 * The three searches on one model — depth first in place (the default), paused runs on a frontier, replay: the
 * same leaves, so the same log Z and posterior means.
 */
function sameAsReplay(gf: GenerativeFunction, args: unknown[], keys: string[], observations: unknown = {}, pruned = false) {
  for (const keepTraces of [false, true]) {
    const b = enumerate(gf, args, observations, { keepTraces, branching: false });
    for (const branching of [true, "paused"] as const) {
      const a = enumerate(gf, args, observations, { keepTraces, branching });
      close(a.logZ!, b.logZ!);
      // Replay also lists the leaves of weight 0 that branching prunes.
      if (!pruned) assert.equal(a.size, b.size);
      for (const k of keys) close(a.mean(k), b.mean(k));
    }
  }
}

test("enumerate by branching: the same leaves as the search by replay (HMM with tracked values and the return value)", () => {
  const ys = [0.3, 1.2, -0.4, 0.9, 1.4, -1.1, 0.2];
  sameAsReplay(hmm, [Float64Array.from(ys)], ["z/0", "z/3", "z/6", "last", "return"]);
  const post = enumerate(hmm, [Float64Array.from(ys)], {}, { keepTraces: false });
  assert.equal(post.size, 2 ** ys.length);
  assert.equal(post.diagnostics.executions, 2 ** ys.length);
});

test("enumerate by branching: choices inside sub-model calls, a categorical and a loop-carried variable", () => {
  sameAsReplay(nested, [3], ["pick", "h/0/heads", "h/2/heads", "return"]);
});

test("enumerate by branching: constraints on latent addresses (given) are observations, not branches", () => {
  sameAsReplay(nested, [2], ["pick", "return"], { h: { 0: { heads: true } } });
  const post = enumerate(nested, [2], { h: { 0: { heads: true } } });
  assert.equal(post.size, 3 * 2); // pick × the free h/1
});

test("enumerate by branching: a run with weight 0 stops there (pruned), and the answer is exact", () => {
  const dice = model(`
model dice() {
  x ~ uniform_int(1, 6)
  factor(if x > 4 { -inf } else { 0 })
  y ~ uniform_int(1, 6)
  factor(if x + y == 7 { 0 } else { -inf })
  return x * y
}`, "dice");
  const post = enumerate(dice, []);
  // x ∈ 1..4 with y = 7 − x: four equally likely assignments of prior mass 1/36 each.
  close(Math.exp(post.logZ!), 4 / 36);
  close(post.mean("x"), 2.5);
  close(post.mean("return"), (6 + 10 + 12 + 12) / 4);
  assert.equal(post.size, 4);
  // x = 5, 6 stop before y; for x ≤ 4 the five wrong y stop at the second factor.
  assert.equal(post.diagnostics.pruned, 2 + 4 * 5);
  sameAsReplay(dice, [], ["x", "y"], {}, true);
});

test("enumerate by branching: every run impossible is the zero-weight error, not an empty enumeration", () => {
  const never = model(`
model never() {
  x ~ bernoulli(0.5)
  observe(bernoulli(0.0), true)
}`, "never");
  assert.throws(() => enumerate(never, []), (e: unknown) => isBorelError(e) && e.code === "zero-weights");
});

test("enumerate by branching: a recursive program stops at the tolerance with the geometric answer", () => {
  const geo = model(`
model geo() {
  c ~ bernoulli(0.5)
  if c { return 0 } else {
    n ~ geo()
    return 1 + n
  }
}`, "geo");
  const post = enumerate(geo, []);
  assert.equal(post.diagnostics.stoppedBy, "tolerance");
  close(post.mean("return"), 1, 1e-9); // E[failures before the first success] = (1 − p)/p = 1
  close(post.logZ!, 0, 1e-11);
});

test("enumerate by branching: a continuous choice is an error naming its address", () => {
  const cont = model(`
model cont() {
  b ~ bernoulli(0.5)
  x ~ normal(0, 1)
}`, "cont");
  assert.throws(() => enumerate(cont, []), (e: unknown) => isBorelError(e) && e.code === "not-enumerable" && /'x'/.test(e.message));
});

test("enumerate by branching: a program calling an embedded model with latent choices falls back to replay", () => {
  const flip = gen((t, p: number) => t.sample("f", bernoulli(p)), "flip");
  const caller = model(`
model caller() {
  a ~ bernoulli(0.3)
  b ~ flip(if a { 0.9 } else { 0.2 })
  observe(bernoulli(if b { 0.8 } else { 0.1 }), true)
  return a
}`, "caller", { flip });
  const post = enumerate(caller, []);
  // p(a, b, y) summed: a = 1: 0.3·(0.9·0.8 + 0.1·0.1) = 0.219; a = 0: 0.7·(0.2·0.8 + 0.8·0.1) = 0.168.
  close(Math.exp(post.logZ!), 0.219 + 0.168);
  close(post.mean("a"), 0.219 / (0.219 + 0.168));
  close(post.mean("b/f"), (0.3 * 0.9 * 0.8 + 0.7 * 0.2 * 0.8) / (0.219 + 0.168));
});

test("enumerate by branching: the execution limit truncates with the unexplored mass reported", () => {
  const ys = Float64Array.from([0.3, 1.2, -0.4, 0.9, 1.4]);
  const post = enumerate(hmm, [ys], {}, { maxExecutions: 8 });
  assert.equal(post.diagnostics.executions, 8);
  assert.equal(post.diagnostics.complete, false);
  const left = post.diagnostics.truncatedMass as number;
  assert.ok(left > 0 && left < 1, `truncated mass ${left}`);
  // The prior masses of the leaves found and the mass left add up to 1.
  const z = [0, 1, 2, 3, 4].map((t) => post.draws(`z/${t}`) as unknown[]);
  let found = 0;
  for (let d = 0; d < post.size; d++) {
    let p = 0.5;
    for (let t = 1; t < 5; t++) p *= Boolean(z[t]![d]) === Boolean(z[t - 1]![d]) ? 0.9 : 0.1;
    found += p;
  }
  close(found + left, 1, 1e-12);
  // Likely-first: the 8 leaves found are the 8 paths of largest prior mass (0.5·0.9^4 first).
  assert.ok(found > 0.5 * 0.9 ** 4);
});

test("enumerate by branching: runs that never finish end in located errors or a stopped search, not exhausted memory", () => {
  // Every run recurses forever: each branch dives to the call-depth budget, as generate does.
  const inf = model(`
model inf() {
  x ~ bernoulli(0.5)
  y ~ inf()
  return x
}`, "inf");
  assert.throws(() => enumerate(inf, []), (e: unknown) => isBorelError(e) && e.code === "recursion-depth");
  // 2^60 assignments: the search stops once the frontier holds maxFrontier subtrees, with the mass left reported.
  const wide = model(`
model wide() {
  for i in 0..60 {
    x[i] ~ bernoulli(0.5)
  }
  observe(bernoulli(if x[0] { 0.9 } else { 0.1 }), true)
}`, "wide");
  const post = enumerate(wide, [], {}, { maxFrontier: 5000, keepTraces: false });
  assert.equal(post.diagnostics.stoppedBy, "max-frontier");
  assert.ok((post.diagnostics.truncatedMass as number) > 0.99);
  assert.match(String(post.diagnostics.warnings), /5000 subtrees waiting \(maxFrontier\)/);
  assert.ok(post.size > 10 && post.size < 5000);
});

test("enumerate by branching: a choice's other values wait as one subtree, so wide choices do not flood the frontier", () => {
  const sum3 = (hi: number, total: number) => model(`
model sum3() {
  a ~ uniform_int(0, ${hi})
  b ~ uniform_int(0, ${hi})
  c ~ uniform_int(0, ${hi})
  factor(if a + b + c == ${total} { 0 } else { -inf })
  return a
}`, "sum3");
  // 3000 runs of 3 choices add at most 3 subtrees each (one per choice), not 600.
  const post = enumerate(sum3(200, 300), [], {}, { maxExecutions: 3000, maxFrontier: 20_000, keepTraces: false });
  assert.equal(post.diagnostics.stoppedBy, "max-executions");
  assert.equal(post.diagnostics.executions, 3000);
  // The exact answer on a small version: a + b + c = 6 over 0..4 each (19 of the 125 assignments; mean of a 2).
  const exact = enumerate(sum3(4, 6), []);
  close(Math.exp(exact.logZ!), 19 / 125);
  close(exact.mean("a"), 2);
  assert.equal(exact.size, 19);
});

test("enumerate: countable supports (poisson, geometric) are searched by increasing value until the tolerance, both ways", () => {
  // n ~ poisson(3), a count 5 observed with mean n + 0.1: Z = Σ_n Pois(n; 3) · Pois(5; n + 0.1), by the series.
  const lf = (n: number) => { let s = 0; for (let i = 2; i <= n; i++) s += Math.log(i); return s; };
  const lpois = (k: number, l: number) => k * Math.log(l) - l - lf(k);
  let z = 0, m = 0;
  for (let n = 0; n < 200; n++) { const w = Math.exp(lpois(n, 3) + lpois(5, n + 0.1)); z += w; m += w * n; }
  const counts = model(`
model counts() {
  n ~ poisson(3)
  observe(poisson(n + 0.1), 5)
  return n
}`, "counts");
  for (const branching of [true, false]) {
    const post = enumerate(counts, [], {}, { branching });
    close(post.logZ!, Math.log(z), 1e-10);
    close(post.mean("n"), m / z, 1e-10);
    assert.equal(post.diagnostics.stoppedBy, "tolerance");
  }
  // A geometric number of failures: p(k) = 0.7^k · 0.3, and P(k ≥ 3 | k ≥ 1) = 0.7^2 by the memoryless property.
  const geo = model(`
model geo() {
  k ~ geometric(0.3)
  factor(if k >= 1 { 0 } else { -inf })
  return k >= 3
}`, "geo");
  const post = enumerate(geo, []);
  close(post.mean("return"), 0.49, 1e-10);
  close(post.logZ!, Math.log(0.7), 1e-10);
  // A continuous choice is still an error naming its address.
  const cont = model(`model c() {\n  x ~ gamma(2, 1)\n}`, "c");
  assert.throws(() => enumerate(cont, []), (e: unknown) => isBorelError(e) && e.code === "not-enumerable" && /'x' \(gamma\(2, 1\)\) is not discrete/.test(e.message));
});

test("enumerate by branching: depth first in place by default; a limit, a countable support or an embedded model fall back", () => {
  const ys = Float64Array.from([0.3, 1.2, -0.4, 0.9, 1.4]);
  assert.equal(enumerate(hmm, [ys]).diagnostics.search, "depth-first");
  assert.equal(enumerate(hmm, [ys], {}, { branching: "paused" }).diagnostics.search, "paused");
  assert.equal(enumerate(hmm, [ys], {}, { branching: false }).diagnostics.search, "replay");
  // The execution limit: the likely-first search (the truncation test above checks its order).
  assert.equal(enumerate(hmm, [ys], {}, { maxExecutions: 8 }).diagnostics.search, "paused");
  // Exactly as many leaves as the limit allows: the depth-first search completes.
  const full = enumerate(hmm, [ys], {}, { maxExecutions: 32 });
  assert.equal(full.diagnostics.search, "depth-first");
  assert.equal(full.diagnostics.complete, true);
  const counts = model(`
model counts() {
  n ~ poisson(3)
  observe(poisson(n + 0.1), 5)
}`, "counts");
  assert.equal(enumerate(counts, []).diagnostics.search, "paused");
  assert.throws(() => enumerate(hmm, [ys], {}, { branching: "yes" as never }), (e: unknown) => isBorelError(e) && e.code === "bad-option" && /'branching'/.test(e.message));
});

test("enumerate by branching: deep trees — 250 nested choices in place, deeper ones by the paused search, no stack overflow", () => {
  // Each x[i] has two values (false first) but a factor keeps only one: one leaf of prior mass 0.5^n. Keeping
  // false, each choice still has true to run when the next one opens: n nested open choices. Keeping true, each
  // choice is done when the next opens: the search's own stack stays short however long the chain.
  const chain = (n: number, keep: boolean) => model(`
model chain() {
  for i in 0..${n} {
    x[i] ~ bernoulli(0.5)
    factor(if x[i] == ${keep} { 0 } else { -inf })
  }
  return x[${n - 1}]
}`, "chain");
  for (const [n, keep, search] of [[250, false, "depth-first"], [1000, false, "paused"], [3000, true, "depth-first"]] as const) {
    const post = enumerate(chain(n, keep), [], {}, { keepTraces: false });
    assert.equal(post.diagnostics.search, search, `${n} ${keep}`);
    close(post.logZ!, n * Math.log(0.5));
    assert.equal(post.size, 1);
    assert.equal(post.diagnostics.pruned, n);
  }
});

test("enumerate by branching: an abort keeps the runs found, with the prior mass not yet explored reported", () => {
  const ys = Float64Array.from([0.3, 1.2, -0.4, 0.9, 1.4, -1.1]);
  // A signal that turns aborted once 20 runs have been counted (read once per run).
  let reads = 0;
  const signal = { get aborted() { return ++reads > 20; } } as AbortSignal;
  const post = enumerate(hmm, [ys], {}, { signal, keepTraces: false });
  assert.equal(post.diagnostics.search, "depth-first");
  assert.equal(post.diagnostics.stoppedBy, "aborted");
  assert.equal(post.size, 21);
  // The mass left is 1 minus the prior mass of the 21 paths found (0.5 · 0.9/0.1 per step).
  const z = [0, 1, 2, 3, 4, 5].map((t) => post.draws(`z/${t}`) as unknown[]);
  let found = 0;
  for (let d = 0; d < post.size; d++) {
    let p = 0.5;
    for (let t = 1; t < 6; t++) p *= Boolean(z[t]![d]) === Boolean(z[t - 1]![d]) ? 0.9 : 0.1;
    found += p;
  }
  close(post.diagnostics.truncatedMass as number, 1 - found, 1e-12);
  assert.match(String(post.diagnostics.warnings), /log Z is a lower bound/);
});

test("enumerate by branching: a loop of factors run directly still prunes the runs it rejects before their next choice", () => {
  // n queens (examples/queens.borel): the inner loop of factors runs as a plain loop; a clash must stop the run
  // there, or the search would walk all n^n boards. 4 solutions of 6^6 boards; 746 runs, as the paused search.
  const queens = model(`
model queens(n) {
  for r in 0..n {
    q[r] ~ uniform_int(0, n - 1)
    for s in 0..r {
      factor(if q[s] == q[r] || abs(q[s] - q[r]) == r - s { -inf } else { 0 })
    }
  }
  return q[0]
}`, "queens");
  const a = enumerate(queens, [6], {}, { keepTraces: false }), b = enumerate(queens, [6], {}, { keepTraces: false, branching: "paused" });
  assert.equal(a.diagnostics.search, "depth-first");
  close(a.logZ!, Math.log(4 / 6 ** 6));
  close(a.mean("return"), 2.5);
  assert.equal(a.size, 4);
  assert.equal(a.diagnostics.executions, b.diagnostics.executions);
  assert.equal(a.diagnostics.pruned, b.diagnostics.pruned);
});

test("enumerate by branching: an address used twice in some runs is an error in every search, short runs and long ones", () => {
  // x[k] is sampled again when b is true (the static check cannot see that k may repeat an index).
  for (const n of [3, 100]) {
    const twice = model(`
model twice(n) {
  b ~ bernoulli(0.5)
  for i in 0..n {
    x[i] ~ bernoulli(0.5)
    factor(if x[i] { 0 } else { -inf })
  }
  let k = if b { n - 1 } else { n }
  x[k] ~ bernoulli(0.5)
}`, "twice");
    for (const branching of [true, "paused", false] as const)
      for (const keepTraces of [false, true])
        assert.throws(() => enumerate(twice, [n], {}, { branching, keepTraces }),
          (e: unknown) => isBorelError(e) && e.code === "duplicate-address" && e.message.includes(`'x/${n - 1}'`), `n ${n}, ${branching}, keepTraces ${keepTraces}`);
  }
});

test("enumerateAsync gives the event loop turns: an AbortSignal set by a timer stops the depth-first search, with the runs so far", async () => {
  const wide = model(`
model wide() {
  for i in 0..22 { b[i] ~ bernoulli(0.5) }
}`, "wide");
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 50);
  const post = await enumerateAsync(wide, [], {}, { maxExecutions: 1e7, signal: ac.signal });
  assert.equal(post.diagnostics.aborted, true);
  assert.equal(post.diagnostics.stoppedBy, "aborted");
  assert.ok(post.size > 0 && post.size < 2 ** 22, `${post.size} runs`);
  assert.ok((post.diagnostics.truncatedMass as number) > 0);
});
