// Loop-invariant expressions (src/lang/compile/loop-invariant.ts): which expressions get a per-loop slot, and
// that the slots never change a result — iterations that rebind, assign or sample a name; nested loops; zero
// iterations of an expression that would throw; functions; gradients (finite differences); SMC particles that
// share a loop's slots after a fork (log Ẑ against the exact conjugate log marginal likelihood).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../../src/lang/syntax/parse.js";
import { emitProgram } from "../../../src/lang/compile/emit-program.js";
import { makeBuiltins } from "../../../src/lang/runtime/builtins.js";
import { callFunction } from "../../../src/lang/program.js";
import { Budget } from "../../../src/lang/runtime/budget.js";
import { Rng } from "../../../src/rand/rng.js";
import { ChoiceMap } from "../../../src/trace/choicemap.js";
import { UnconstrainedView } from "../../../src/infer/unconstrained.js";
import { finiteDifference } from "../../../src/ad/grad.js";
import { smc } from "../../../src/infer/smc/smc.js";
import { logMeanExp } from "../../../src/math/log.js";
import { compile, close, lnorm } from "./helpers.js";

/** The generated JavaScript of a program. */
function emitted(source: string): string {
  const builtins = new Set(Object.keys(makeBuiltins(new Budget(), () => { throw new Error("no load"); })));
  return emitProgram(parse(source, "t.borel").program, { globals: [], imports: [], builtins }).code;
}
const slots = (code: string) => (code.match(/\$LI\d+ = \$NC/g) ?? []).length;

test("an expression that reads only names fixed during the loop gets one slot; one reading the counter does not", () => {
  assert.equal(slots(emitted("model m(ys) { mu ~ normal(0, 1)\n for i in 0..len(ys) { observe(normal(mu, 1), ys[i]) } }")), 1);
  assert.equal(slots(emitted("model m(ys) { mu ~ normal(0, 1)\n for i in 0..len(ys) { observe(normal(mu + i, 1), ys[i]) } }")), 0);
  // A name the body assigns, samples or binds (here shadowing the outer one) varies between iterations.
  assert.equal(slots(emitted("model m(ys) { var s = 1\n for i in 0..len(ys) { s = s + 1\n observe(normal(0, s), ys[i]) } }")), 0);
  assert.equal(slots(emitted("model m(ys) { mu ~ normal(0, 1)\n for i in 0..len(ys) { mu ~ normal(0, 1)\n observe(normal(mu, 1), ys[i]) } }")), 0);
  assert.equal(slots(emitted("model m(ys) { let s = 2\n for i in 0..len(ys) { let s = i + 1\n observe(normal(0, s), ys[i]) } }")), 0);
  // Direct loops (no random statement) in fns too; `param` is never invariant.
  assert.equal(slots(emitted("fn f(xs, m) { var t = 0\n for x in xs { t = t + logpdf(normal(m, 1), x) }\n t }")), 1);
  assert.equal(slots(emitted("model m(ys) { for i in 0..len(ys) { observe(normal(param(\"a\", 0.0), 1), ys[i]) } }")), 0);
});

test("slots change no result: assigned vars, shadowing, nested loops, for-each, functions", () => {
  const p = compile(`
model m(ys) {
  mu ~ normal(0, 1)
  var acc = 0
  for i in 0..3 { acc = acc + 1
    observe(normal(acc, 1), ys[i]) }
  let s = 2
  for i in 0..2 { let s = i + 1
    observe(normal(mu, s), ys[i]) }
  for i in 0..3 { for j in 0..2 { observe(normal(mu * i, s), ys[j]) } }
  for y in ys { observe(normal(mu, s), y) }
}
fn f(xs, m) { var t = 0
  for x in xs { t = t + logpdf(normal(m, 2), x) }
  t }`);
  const ys = [0.3, -0.5, 1.2];
  const tr = p.models.m.generate([ys], ChoiceMap.EMPTY, new Rng(1)).trace;
  const mu = tr.get("mu") as number;
  let obs = 0;
  for (let i = 0; i < 3; i++) obs += lnorm(ys[i], i + 1, 1);
  for (let i = 0; i < 2; i++) obs += lnorm(ys[i], mu, i + 1);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 2; j++) obs += lnorm(ys[j], mu * i, 2);
  for (const y of ys) obs += lnorm(y, mu, 2);
  close(tr.observedScore, obs);
  close(callFunction(p, "f", [ys, 0.5]) as number, ys.reduce((a, x) => a + lnorm(x, 0.5, 2), 0));
});

test("an invariant expression that would throw is evaluated only when reached, as before", () => {
  const zero = compile("model m() { x ~ normal(0, 1)\n for i in 0..0 { observe(normal(0, x * x - 100), 1) } }");
  assert.equal(zero.models.m.generate([], ChoiceMap.EMPTY, new Rng(1)).trace.observedScore, 0);
  const once = compile("model m() { x ~ normal(0, 1)\n for i in 0..2 { observe(normal(0, x * x - 100), 1) } }");
  assert.throws(() => once.models.m.generate([], ChoiceMap.EMPTY, new Rng(1)), /normal: argument 'sigma' must be > 0/);
});

test("gradients through a shared slot match finite differences (a mixture likelihood in a loop)", () => {
  const p = compile(`
model mix(y) {
  mu ~ ordered(normal(0, 2), 2)
  sigma ~ iid(half_normal(2), 2)
  theta ~ beta(5, 5)
  for i in 0..len(y) { observe(mixture([theta, 1 - theta], [normal(mu[0], sigma[0]), normal(mu[1], sigma[1])]), y[i]) }
}`);
  const y = [-2.1, 1.9, 2.4, -1.5, 0.3, 2.8];
  for (const seed of [1, 2, 3]) {
    const tr = p.models.mix.generate([y], ChoiceMap.EMPTY, new Rng(seed)).trace;
    const v = new UnconstrainedView(p.models.mix, tr), th = v.thetaOf(tr), g = new Float64Array(v.dim);
    close(v.logDensityGradient(th, g), v.logDensity(th), 1e-12);
    const fd = finiteDifference((x) => v.logDensity(x), th);
    g.forEach((gi, i) => assert.ok(Math.abs(gi - fd[i]) <= 1e-5 * Math.max(1, Math.abs(fd[i])), `seed ${seed} ∂/∂θ${i}: ${gi} vs ${fd[i]}`));
  }
});

test("SMC particles forked inside a loop share its slots correctly: log Ẑ matches the conjugate normal model", () => {
  // mu ~ N(0, 1), y_i ~ N(mu, 1): y ~ N(0, I + 11ᵀ), log Z in closed form. Particles resample at each
  // observation, inside the loop, after normal(mu, 1) filled its slot in their common ancestor.
  const p = compile("model m(ys) { mu ~ normal(0, 1)\n for i in 0..len(ys) { observe(normal(mu, 1), ys[i]) } }");
  const ys = [0.8, 1.3, 0.2, 1.9, 1.1, 0.6], n = ys.length, sum = ys.reduce((a, b) => a + b, 0), ss = ys.reduce((a, b) => a + b * b, 0);
  const exact = -0.5 * n * Math.log(2 * Math.PI) - 0.5 * Math.log(1 + n) - 0.5 * (ss - (sum * sum) / (1 + n));
  const lz = [1, 2, 3, 4, 5, 6].map((seed) => smc(p.models.m, [ys], {}, { particles: 500, seed, essThreshold: "always" }).logZ!);
  const m = lz.reduce((a, b) => a + b, 0) / lz.length, s2 = lz.reduce((a, b) => a + (b - m) ** 2, 0) / (lz.length - 1);
  const tol = 4 * Math.sqrt(Math.expm1(s2) / lz.length) + 1e-3;
  assert.ok(Math.abs(logMeanExp(lz) - exact) <= tol, `${logMeanExp(lz)} vs ${exact} ± ${tol}`);
});
