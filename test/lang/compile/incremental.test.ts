// Incremental update/regenerate of compiled models (src/lang/compile/incremental.ts): a run that reuses loop
// iterations of the previous trace gives exactly the trace, weight and discard of a full re-run (property
// test over models and random updates, chained), while the random statements executed — counted by
// `RunHandler.executed`, never timed — drop where the program's structure allows it.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Rng } from "../../../src/rand/rng.js";
import { ChoiceMap } from "../../../src/trace/choicemap.js";
import { select } from "../../../src/trace/selection.js";
import type { Argdiff, Trace } from "../../../src/trace/gfi.js";
import type { DynamicTrace } from "../../../src/trace/dynamic-trace.js";
import { incrementalUpdates } from "../../../src/lang/compile/incremental.js";
import { RunHandler } from "../../../src/lang/compile/run-handler.js";
import type { BorelModel } from "../../../src/lang/compile/model.js";
import { compile, signature } from "./helpers.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

const { models } = compile(`
model chain(T, ys) {
  x[0] ~ normal(0, 1)
  var s = 0
  for t in 1..T {
    x[t] ~ normal(0.9 * x[t - 1], 1)
    s = s + x[t]
    observe(normal(x[t], 1), ys[t])
    factor(-0.01 * x[t] * x[t])
    track level = s
  }
  return s
}
model indep(n, ys) {
  mu ~ normal(0, 1)
  for i in 0..n {
    z[i] ~ normal(0, 1)
    observe(normal(z[i], 1), ys[i])
  }
  w ~ normal(mu, 1)
  return w
}
model grid(n, ys) {
  tau ~ half_normal(1)
  for i in 0..n {
    a[i] ~ normal(0, tau)
    for j in 0..3 {
      b[i][j] ~ normal(a[i], 1)
      if b[i][j] > 0 { factor(-0.1) }
    }
  }
  for k in 0..n {
    observe(normal(a[k], 1), ys[k])
  }
  return tau
}
model step(prev) {
  x ~ normal(prev, 1)
  factor(-0.05 * x * x)
  return x
}
model calls(n, ys) {
  var x = 0
  for t in 0..n {
    s[t] ~ step(x)
    x = s[t]
    factor(0.01 * t)
    observe(normal(x, 0.5), ys[t])
  }
  return x
}
model tracked(n, ys) {
  mu ~ normal(0, 1)
  track t = mu
  let u = t
  for i in 0..n {
    observe(normal(t, 1), ys[i])
    observe(normal(u, 2), ys[i])
  }
  return mu
}
model branchy(n, ys) {
  for i in 0..n {
    c[i] ~ bernoulli(0.4)
    if c[i] { u[i] ~ normal(1, 1) } else { v[i] ~ normal(-1, 2) }
  }
  for y in ys {
    observe(normal(0, 3), y)
  }
  return n
}
`) as unknown as { models: Record<string, BorelModel> };

const ys = Float64Array.from({ length: 40 }, (_, i) => Math.sin(i / 3));
const ys2 = Float64Array.from(ys, (y, i) => y + (i % 3) - 1);
const N: Record<string, number> = { chain: 12, indep: 10, grid: 5, calls: 8, branchy: 9, tracked: 6 };
const argsOf = (name: string, n: number, data: Float64Array<ArrayBufferLike> = ys): unknown[] => [n, name === "branchy" ? data.subarray(0, n) : data];


/** Runs `f` with incremental updates off, then on: both results, and the random statements each executed. */
function fullAndIncremental<T>(f: () => T): { full: T; inc: T; fullWork: number; incWork: number } {
  try {
    incrementalUpdates.enabled = false;
    let c = RunHandler.executed;
    const full = f();
    const fullWork = RunHandler.executed - c;
    incrementalUpdates.enabled = true;
    c = RunHandler.executed;
    const inc = f();
    return { full, inc, fullWork, incWork: RunHandler.executed - c };
  } finally {
    incrementalUpdates.enabled = true;
  }
}

type Op = { kind: "regenerate" | "update" | "grow" | "data"; mask: number; seed: number };
const op = fc.record({ kind: fc.constantFrom<Op["kind"]>("regenerate", "update", "grow", "data"), mask: fc.integer({ min: 0, max: 2 ** 30 - 1 }), seed: fc.integer({ min: 0, max: 1e6 }) });

/** Latent keys of a trace picked by the bits of `mask` (about one in `every`). */
function pick(t: Trace, mask: number, every: number): string[] {
  const keys = [...t.choices()].filter((c) => !c.observed).map((c) => c.key);
  return keys.filter((_, i) => ((mask >>> (i % 30)) & 1) === 1 && (mask >>> ((i + 7) % 30)) % every === 0);
}

/** The state of a sequence of updates: the trace, the loop bound and the data it was made with. */
interface State { t: DynamicTrace; n: number; data: Float64Array<ArrayBufferLike> }

/** Applies one random update: its result and the new state's bound and data. */
function apply(m: BorelModel, name: string, { t, n, data }: State, o: Op) {
  const rng = () => new Rng(o.seed);
  const keys = pick(t, o.mask, 3);
  if (o.kind === "regenerate") return { n, data, r: m.regenerate(t, argsOf(name, n, data), ["same", "same"], select(...keys), rng()) };
  const fresh = m.simulate(argsOf(name, n, data), new Rng(o.seed + 1));
  const c = new ChoiceMap();
  for (const k of keys) { const ch = fresh.choice(k); if (ch !== undefined) c.set(k, ch.value); }
  if (o.kind === "update") return { n, data, r: m.update(t, argsOf(name, n, data), ["same", "same"], c, rng()) };
  if (o.kind === "data") {
    const other = data === ys ? ys2 : ys;
    return { n, data: other, r: m.update(t, argsOf(name, n, other), ["same", "changed"], c, rng()) };
  }
  const diffs: Argdiff[] = [{ grow: 1 }, name === "branchy" ? "changed" : "same"];
  return { n: n + 1, data, r: m.update(t, argsOf(name, n + 1, data), diffs, c, rng()) };
}

test("incremental update and regenerate give exactly the traces, weights and discards of full re-runs", () => {
  fc.assert(fc.property(fc.constantFrom(...Object.keys(N)), fc.integer({ min: 0, max: 1e6 }), fc.array(op, { minLength: 1, maxLength: 4 }), (name, s, ops) => {
    const m = models[name];
    let state: State = { t: m.simulate(argsOf(name, N[name]), new Rng(s)), n: N[name], data: ys };
    for (const o of ops) {
      const { full, inc } = fullAndIncremental(() => apply(m, name, state, o));
      assert.deepEqual(signature(inc.r.trace), signature(full.r.trace));
      assert.equal(inc.r.weight, full.r.weight);
      if ("discard" in full.r) assert.deepEqual((inc.r as typeof full.r & { discard: ChoiceMap }).discard.toObject(), (full.r as { discard: ChoiceMap }).discard.toObject());
      // Continue from the incremental trace: its log (partly adopted from the previous one) is used next.
      state = { t: inc.r.trace as DynamicTrace, n: inc.n, data: inc.data };
    }
  }), { numRuns: 120 });
});

test("growing a loop's bound runs only the new iteration: O(1) random statements per SMC-style step", () => {
  const m = models.chain;
  let t = m.generate([2, ys], ChoiceMap.EMPTY, new Rng(1)).trace;
  for (let T = 3; T <= 30; T++) {
    const obs = new ChoiceMap().set(`x/${T - 1}`, ys[T - 1]);
    const { full, inc, fullWork, incWork } = fullAndIncremental(() => m.update(t, [T, ys], [{ grow: 1 }, "same"], obs, new Rng(T)));
    assert.equal(inc.weight, full.weight);
    // x[0], then the new iteration's x, observe and factor — a full re-run does 1 + 3 (T − 1) − 1 of them.
    assert.equal(incWork, 4);
    assert.equal(fullWork, 1 + 3 * (T - 1));
    t = inc.trace;
  }
});

test("regenerating a late choice of a chain re-runs the chain from that choice on", () => {
  const m = models.chain, t = m.simulate([30, ys], new Rng(2));
  const { full, inc, fullWork, incWork } = fullAndIncremental(() => m.regenerate(t, [30, ys], ["same", "same"], select("x/25"), new Rng(3)));
  assert.deepEqual(signature(inc.trace), signature(full.trace));
  assert.equal(inc.weight, full.weight);
  assert.equal(fullWork, 1 + 3 * 29);
  assert.equal(incWork, 1 + 3 * 5);   // x[0], then iterations 25 … 29
});

test("a loop that does not depend on the changed choice is reused whole", () => {
  const m = models.indep, t = m.simulate([10, ys], new Rng(4));
  const { full, inc, fullWork, incWork } = fullAndIncremental(() => m.regenerate(t, [10, ys], ["same", "same"], select("mu"), new Rng(5)));
  assert.deepEqual(signature(inc.trace), signature(full.trace));
  assert.equal(inc.weight, full.weight);
  assert.equal(fullWork, 2 + 2 * 10);
  assert.equal(incWork, 2);   // mu and w; the 10 iterations are reused
});

test("a choice whose value is kept re-scores its loop's records without dirtying the loops that read it", () => {
  const m = models.grid, t = m.simulate([5, ys], new Rng(6));
  // tau is resampled: the outer loop re-runs (each a[i]'s density changes), but a[i] keeps its value, so the
  // inner loops over b and the observation loop are reused.
  const tau = fullAndIncremental(() => m.regenerate(t, [5, ys], ["same", "same"], select("tau"), new Rng(7)));
  assert.deepEqual(signature(tau.inc.trace), signature(tau.full.trace));
  assert.equal(tau.inc.weight, tau.full.weight);
  assert.equal(tau.incWork, 1 + 5);
  assert.ok(tau.fullWork >= 1 + 5 * 4 + 5);
  // New data: the first loop does not read ys (reused); the observation loop does (re-run).
  const other = Float64Array.from(ys, (y) => y + 1);
  const data = fullAndIncremental(() => m.update(t, [5, other], ["same", "changed"], ChoiceMap.EMPTY, new Rng(8)));
  assert.deepEqual(signature(data.inc.trace), signature(data.full.trace));
  assert.equal(data.inc.weight, data.full.weight);
  assert.equal(data.incWork, 1 + 5);
  // A changed value that a loop reads stops its reuse: a[2] is constrained, so b[2][·] re-run from there.
  const a2 = fullAndIncremental(() => m.update(t, [5, ys], ["same", "same"], new ChoiceMap().set("a/2", 0.5), new Rng(9)));
  assert.deepEqual(signature(a2.inc.trace), signature(a2.full.trace));
  assert.equal(a2.inc.weight, a2.full.weight);
  assert.ok(a2.incWork > 1 + 3 && a2.incWork < a2.fullWork, `${a2.incWork} of ${a2.fullWork}`);
});

test("nested loops: a choice deep in the grid re-runs from its outer iteration, and sub-model calls are reused", () => {
  const g = models.grid, tg = g.simulate([5, ys], new Rng(9));
  const a = fullAndIncremental(() => g.regenerate(tg, [5, ys], ["same", "same"], select("b/4/2"), new Rng(10)));
  assert.deepEqual(signature(a.inc.trace), signature(a.full.trace));
  assert.equal(a.inc.weight, a.full.weight);
  assert.ok(a.incWork < a.fullWork / 2, `${a.incWork} of ${a.fullWork}`);
  const c = models.calls, tc = c.simulate([8, ys], new Rng(11));
  const b = fullAndIncremental(() => c.regenerate(tc, [8, ys], ["same", "same"], select("s/6/x"), new Rng(12)));
  assert.deepEqual(signature(b.inc.trace), signature(b.full.trace));
  assert.equal(b.inc.weight, b.full.weight);
  // Iterations 6 and 7: the call (and the sub-model's own choice and factor), the factor, the observation.
  assert.equal(b.incWork, 2 * 5);
  assert.equal(b.fullWork, 8 * 5);
});
