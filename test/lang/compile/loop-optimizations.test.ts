// The loop optimizations (loop-invariant slots, batched observation loops in gradient runs, observation loops run
// as plain loops in runs that never pause) change no result:
// random loop programs compiled with and without them give identical traces from `generate` and the same
// log density and gradient in a gradient run (to rounding: a batch sums the terms in another order).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Rng } from "../../../src/rand/rng.js";
import { ChoiceMap } from "../../../src/trace/choicemap.js";
import { select } from "../../../src/trace/selection.js";
import { UnconstrainedView } from "../../../src/infer/unconstrained.js";
import { compile, signature } from "./helpers.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

/** An expression over the loop index i, the model's a, b, choice array u and data x, g; and `e`/`acc` where bound. */
function expr(names: string[]): fc.Arbitrary<string> {
  const leaf = fc.constantFrom("a", "b", "i", "x[i]", "0.5", "(a * 0.3)", "x[g[i]]", "u[g[i]]", ...names);
  return fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, leaf,
      fc.tuple(tie("e"), fc.constantFrom("+", "-", "*"), tie("e")).map(([l, op, r]) => `(${l} ${op} ${r})`),
      tie("e").map((x) => `exp(0.1 * ${x})`)),
  })).e.map((x) => `(${x}) * 0.1`);
}

const body = fc.record({ let: fc.boolean(), acc: fc.boolean(), nested: fc.boolean(), kind: fc.constantFrom("normal", "logit", "poisson", "named", "foreach", "factor") })
  .map((o) => (o.kind === "foreach" ? { ...o, let: false, acc: false } : o))
  .chain((o) => fc.record({
    o: fc.constant(o),
    init: expr([]),
    accExpr: expr(o.let ? ["e"] : []),
    obsExpr: expr([...(o.let ? ["e"] : []), ...(o.acc ? ["acc"] : [])]),
  }));

type Body = typeof body extends fc.Arbitrary<infer T> ? T : never;

function program({ o, init, accExpr, obsExpr }: Body): string {
  const stmts: string[] = [];
  if (o.let) stmts.push(`let e = ${init}`);
  if (o.acc) stmts.push(`acc = acc + ${accExpr}`);
  const obs = o.kind === "logit" ? `observe(bernoulli_logit(${obsExpr}), z[i])`
    : o.kind === "poisson" ? `observe(poisson_log(${obsExpr}), c[i])`
    : o.kind === "named" ? `w[i] ~ normal(${obsExpr}, s) given y[i]`
    : o.kind === "factor" ? `factor(-0.5 * (y[i] - ${obsExpr}) * (y[i] - ${obsExpr}))`
    : `observe(normal(${obsExpr}, s), y[i])`;
  stmts.push(o.nested ? `for j in 0..2 { ${obs.replace("given y[i]", "given y[i] + j").replace("w[i]", "w[i][j]")} }` : obs);
  const loop = o.kind === "foreach"
    ? `for v in y { observe(normal(${obsExpr.replace(/[xu]\[g\[i\]\]|x\[i\]|\bi\b/g, "v")}, s), v) }`
    : `for i in 0..len(y) {\n    ${stmts.join("\n    ")}\n  }`;
  return `model m(x, g, y, z, c) {
  a ~ normal(0, 1)
  b ~ normal(0, 0.5)
  s ~ half_normal(1)
  for j in 0..5 { u[j] ~ normal(0, 1) }
  var acc = 0
  ${loop}
  t ~ normal(acc * 0.01, 1)
  return acc
}`;
}

const args = [[0.3, -1.2, 2.2, 0.8, -0.4], [4, 0, 3, 1, 1], [0.5, -0.7, 1.9, 1.1, 0.2], [1, 0, 1, 1, 0], [2, 0, 5, 1, 3]];

test("loop optimizations change no trace, log density or gradient (random loop programs)", () => {
  fc.assert(fc.property(body, fc.integer({ min: 0, max: 1000 }), (b, seed) => {
    const src = program(b);
    const on = compile(src).models.m, off = compile(src, { optimizeLoops: false }).models.m;
    const ta = on.generate(args, ChoiceMap.EMPTY, new Rng(seed)).trace, tb = off.generate(args, ChoiceMap.EMPTY, new Rng(seed)).trace;
    assert.deepEqual(signature(ta), signature(tb), src);
    // MH's moves (observation loops then run as plain loops, ./emit-direct-loop.ts): regenerate of a choice the
    // loop reads, of one it does not (its iterations are reused), and update with a new value; twice, so the
    // second move starts from a trace the first made.
    let ra = ta, rb = tb;
    for (const [k, what] of [[0, "a"], [1, "t"], [2, "b"], [3, "a"]] as const) {
      const ma = k === 2 ? on.update(ra, args, args.map(() => "same" as const), ChoiceMap.from({ b: 0.3 + k }), new Rng(seed + k))
        : on.regenerate(ra, args, args.map(() => "same" as const), select(what), new Rng(seed + k));
      const mb = k === 2 ? off.update(rb, args, args.map(() => "same" as const), ChoiceMap.from({ b: 0.3 + k }), new Rng(seed + k))
        : off.regenerate(rb, args, args.map(() => "same" as const), select(what), new Rng(seed + k));
      assert.deepEqual(signature(ma.trace), signature(mb.trace), `${src}\nmove ${k}`);
      assert.equal(ma.weight, mb.weight, `${src}\nmove ${k}: weight`);
      ra = ma.trace; rb = mb.trace;
    }
    const va = new UnconstrainedView(on, ta), vb = new UnconstrainedView(off, tb);
    const th = va.thetaOf(ta).map((x, k) => x + 0.1 * Math.sin(seed + k));
    const ga = new Float64Array(va.dim), gb = new Float64Array(vb.dim);
    const la = va.logDensityGradient(th, ga), lb = vb.logDensityGradient(th, gb);
    const near = (p: number, q: number) => p === q || Math.abs(p - q) <= 1e-9 * Math.max(1, Math.abs(q));
    assert.ok(near(la, lb), `${src}\nlog density ${la} vs ${lb}`);
    ga.forEach((g, k) => assert.ok(near(g, gb[k]), `${src}\n∂/∂θ${k}: ${g} vs ${gb[k]}`));
  }), { numRuns: 150 });
});
