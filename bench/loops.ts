// Models written with loops against the same models written with vectors, in a gradient run (what NUTS,
// HMC, VI and MAP evaluate thousands of times): µs per log-density gradient, and the ratio loop / vector.
// A loop of lets and one elementwise observation runs as one vectorized observation in gradient runs
// (src/lang/compile/emit-batch.ts), and loop-invariant expressions are computed once per loop
// (src/lang/compile/loop-invariant.ts), so the ratio should be near 1. Synthetic data, fixed seeds.
//   npx tsx bench/loops.ts
import { Rng } from "../src/rand/rng.js";
import { ChoiceMap } from "../src/trace/choicemap.js";
import { UnconstrainedView } from "../src/infer/unconstrained.js";
import { compileProgram } from "../src/lang/program.js";
import type { GenerativeFunction } from "../src/trace/gfi.js";

const rng = new Rng("bench-loops");
const n = 3000;
const x = Array.from({ length: n }, () => 100 * rng.double());
const y = x.map((xi) => Number(rng.double() < 1 / (1 + Math.exp(-(0.6 - 0.006 * xi)))));
const z = Array.from({ length: 1000 }, () => (rng.double() < 0.6 ? 2.9 : -2.7) + rng.normal());

const CASES: { name: string; loop: string; vector: string; args: unknown[] }[] = [
  {
    name: `logistic regression, ${n} rows`,
    loop: "model m(x, y) { a ~ normal(0, 10)\n b ~ normal(0, 10)\n for i in 0..len(y) { observe(bernoulli_logit(a + b * x[i] / 100), y[i]) } }",
    vector: "model m(x, y) { a ~ normal(0, 10)\n b ~ normal(0, 10)\n obs ~ bernoulli_logit(a + b * vector(x) / 100) given y }",
    args: [x, y],
  },
  {
    name: "named observations y[i] ~ normal(...) given ys[i], 3000 rows",
    loop: "model m(x, ys) { a ~ normal(0, 10)\n b ~ normal(0, 10)\n s ~ half_normal(2)\n for i in 0..len(ys) { y[i] ~ normal(a + b * x[i] / 100, s) given ys[i] } }",
    vector: "model m(x, ys) { a ~ normal(0, 10)\n b ~ normal(0, 10)\n s ~ half_normal(2)\n y ~ normal(a + b * vector(x) / 100, s) given ys }",
    args: [x, x.map((xi) => 1 + xi / 50 + rng.normal())],
  },
  {
    name: "two-component mixture, 1000 points",
    loop: "model m(y) { mu ~ ordered(normal(0, 2), 2)\n s ~ iid(half_normal(2), 2)\n w ~ beta(5, 5)\n for i in 0..len(y) { observe(mixture([w, 1 - w], [normal(mu[0], s[0]), normal(mu[1], s[1])]), y[i]) } }",
    vector: "model m(y) { mu ~ ordered(normal(0, 2), 2)\n s ~ iid(half_normal(2), 2)\n w ~ beta(5, 5)\n obs ~ iid(mixture([w, 1 - w], [normal(mu[0], s[0]), normal(mu[1], s[1])]), len(y)) given y }",
    args: [z],
  },
];

function microseconds(source: string, args: unknown[]): { us: number; lp: number } {
  const p = compileProgram(source, "bench-loops.borel");
  if (p.errors.length > 0) throw p.errors[0];
  const model = p.models.m as GenerativeFunction;
  const tr = model.generate(args, ChoiceMap.EMPTY, new Rng(1)).trace;
  const v = new UnconstrainedView(model, tr), th = v.thetaOf(tr), g = new Float64Array(v.dim);
  for (let i = 0; i < 100; i++) v.logDensityGradient(th, g);
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < 200; i++) v.logDensityGradient(th, g);
    const c = process.cpuUsage(t0);
    times.push((c.user + c.system) / 200);
  }
  return { us: times.sort((a, b) => a - b)[2], lp: v.logDensityGradient(th, g) };
}

console.log("case".padEnd(64) + "loop µs".padStart(10) + "vector µs".padStart(11) + "loop/vector".padStart(13) + "  |Δ log p|");
for (const c of CASES) {
  const a = microseconds(c.loop, c.args), b = microseconds(c.vector, c.args);
  console.log(c.name.padEnd(64) + a.us.toFixed(0).padStart(10) + b.us.toFixed(0).padStart(11) + (a.us / b.us).toFixed(2).padStart(13) + `  ${Math.abs(a.lp - b.lp).toExponential(1)}`);
}
