// Programs: top-level definitions, imports, load and data bindings, queries (methods from the inference
// registry, kernels, options, given), and inference methods running on compiled models.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileProgram, runQuery, prepareQuery, callFunction } from "../../../src/lang/program.js";
import { Rng } from "../../../src/rand/rng.js";
import { ChoiceMap } from "../../../src/trace/choicemap.js";
import { ParamStore } from "../../../src/trace/params.js";
import { compile, compileError, close } from "./helpers.js";
import { UnconstrainedView } from "../../../src/infer/unconstrained.js";
import { finiteDifference } from "../../../src/ad/grad.js";

function inTempDir(files: Record<string, string>, f: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "borel-prog-"));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("top-level fns, lets and models: hoisted, in order; fns callable from TypeScript", () => {
  const values: unknown[] = [];
  const p = compile(`
let a = double(21)
fn double(x) { 2 * x }
fn fact(n) { if n <= 1 { 1 } else { n * fact(n - 1) } }
a + 1
model m() { x ~ normal(a, 1) }
`, { onValue: (v) => values.push(v) });
  assert.equal(p.values.a, 42);
  assert.deepEqual(values, [43]);
  assert.equal(callFunction(p, "fact", [5]), 120);
  assert.ok(Math.abs((p.models.m.simulate([], new Rng(1)).get("x") as number) - 42) < 6);
});

test("imports: models and functions of another file, relative to the program; cycles are errors", () => {
  inTempDir({
    "lib.borel": "fn sq(x) { x * x }\nmodel prior(s) {\n  v ~ normal(0, s)\n  return sq(v)\n}",
    "main.borel": "import \"lib\"\nmodel m() {\n  z ~ prior(2)\n  return z\n}\nlet nine = sq(3)",
    "a.borel": "import \"b\"\nlet x = 1",
    "b.borel": "import \"a\"\nlet y = 2",
  }, (dir) => {
    const file = join(dir, "main.borel");
    const p = compileProgram(`import "lib"\nmodel m() {\n  z ~ prior(2)\n  return z\n}\nlet nine = sq(3)`, file);
    assert.deepEqual(p.errors, []);
    assert.equal(p.values.nine, 9);
    const t = p.models.m.simulate([], new Rng(2));
    assert.equal(t.retval, (t.get("z/v") as number) ** 2);
    assert.deepEqual(p.models.m.schema()?.addresses.map((a) => a.pattern), ["z/v"]);
    const cyc = compileProgram("import \"b\"\nlet z = 3", join(dir, "a.borel"));
    assert.ok(cyc.errors.some((e) => /import cycle/.test(e.message)), cyc.errors.map((e) => e.message).join("; "));
    // A folder where a file is expected, for import and load (it was "internal error: EISDIR ..."); JSON with
    // a byte-order mark loads (it was "Unexpected token").
    mkdirSync(join(dir, "sub.borel"));
    mkdirSync(join(dir, "data"));
    writeFileSync(join(dir, "bom.json"), "\ufeff[1, 2]");
    const folder = compileProgram("import \"sub\"\nlet q = 1", file);
    assert.equal(folder.errors[0]?.message, "import \"sub\": 'sub.borel' is a folder, not a Borel file");
    assert.match(compileProgram("let d = load(\"data\")", file).errors[0]?.message ?? "", /^load\("data"\): this is a folder, not a data file$/);
    assert.deepEqual(Array.from(compileProgram("let d = load(\"bom.json\")", file).values.d as ArrayLike<number>), [1, 2]);
  });
});

test("load reads JSON next to the program; data bindings (--data NAME=file) are names in the program", () => {
  inTempDir({ "d.json": "{\"y\": [1, 2, 3], \"X\": [[1, 0], [0, 1]]}" }, (dir) => {
    const p = compileProgram("let d = load(\"d.json\")\nlet v = sum(d.y) + len(d.X) + k", join(dir, "p.borel"), { data: { k: 10 } });
    assert.deepEqual(p.errors, []);
    assert.equal(p.values.v, 6 + 2 + 10);
  });
});

test("queries: method, options, given (paths and nested records), positional kernels; the query's seed", () => {
  const p = compile(`
model m() {
  x[0] ~ normal(0, 1)
  x[1] ~ normal(x[0], 1)
  s ~ sub()
}
model sub() { a ~ normal(0, 1) }
query m() given {"x/1": 0.5, s: {a: 2}} using importance(particles: 20, seed: 7)
query m() using mcmc(cycle(mh("x"), rw("s/a", scale: 0.5)), samples: 10, warmup: 5, chains: 1)
`);
  const q = prepareQuery(p.queries[0]);
  assert.equal(q.method.name, "importance");
  assert.equal(q.options.particles, 20);
  assert.equal(q.seed, 7);
  assert.deepEqual([...q.observations.entries()], [["x/1", 0.5], ["s/a", 2]]);
  // Arrays of records constrain indexed sub-model calls element by element; arrays of values stay whole.
  const arr = compile(`model c(p) { c ~ bernoulli(p) }
model two(n) { p ~ beta(1, 1)
 for i in 0..n { f[i] ~ c(p) }
 v ~ normal(zeros(2), 1) }
query two(2) given {f: [{c: true}, {c: false}], v: [1, 2]} using importance(particles: 20)`);
  assert.deepEqual([...prepareQuery(arr.queries[0]).observations.entries()], [["f/0/c", true], ["f/1/c", false], ["v", [1, 2]]]);
  const k = prepareQuery(p.queries[1]).options.kernel as { kernel: string; args: { kernel: string; args: unknown[]; options: Record<string, unknown> }[] };
  assert.equal(k.kernel, "cycle");
  assert.deepEqual(k.args.map((a) => [a.kernel, a.args]), [["mh", ["x"]], ["rw", ["s/a"]]]);
  assert.equal(k.args[1].options.scale, 0.5);
  // A choice option named bare is that string; a bound name of the same spelling is its value.
  const bare = compile(`model m() { x ~ normal(0, 1) }
query m() using vi(objective: iwae, steps: 10)
query m() using mcmc(rw("x", space: raw), samples: 10)
let elbo = "iwae"
query m() using vi(objective: elbo, steps: 10)`);
  assert.equal(prepareQuery(bare.queries[0]).options.objective, "iwae");
  assert.equal((prepareQuery(bare.queries[1]).options.kernel as { options: Record<string, unknown> }).options.space, "raw");
  assert.equal(prepareQuery(bare.queries[2]).options.objective, "iwae");
  const hyphen = compile(`model m() { x ~ bernoulli(0.5) }\nquery m() using enumerate(order: depth-first)`);
  assert.equal(prepareQuery(hyphen.queries[0]).options.order, "depth-first");
  // A kernel's address written bare is that address; a bound name is its value; a kernel name stays a kernel.
  const addrs = compile(`model m() { x ~ normal(0, 1)\n z ~ bernoulli(0.5) }
query m() using mcmc(cycle(gibbs(z), nuts(x), mh(x, z)), samples: 10)
let a = "z"
query m() using mcmc(gibbs(a), samples: 10)`);
  const ka = prepareQuery(addrs.queries[0]).options.kernel as { args: { kernel: string; args: unknown[] }[] };
  assert.deepEqual(ka.args.map((a) => [a.kernel, a.args]), [["gibbs", ["z"]], ["nuts", ["x"]], ["mh", ["x", "z"]]]);
  assert.deepEqual((prepareQuery(addrs.queries[1]).options.kernel as { args: unknown[] }).args, ["z"]);
  // A model named like a kernel: inside using, the name is the kernel (a model call would need ~).
  const named = compile(`model mix() { a ~ normal(0, 1)\n b ~ normal(0, 1) }
query mix() using mcmc(mix(mh("a"), rw("b"), weights: [0.5, 0.5]), samples: 10)`);
  assert.equal((prepareQuery(named.queries[0]).options.kernel as { kernel: string }).kernel, "mix");
});

test("unknown methods and options are errors located at the query", () => {
  for (const [using, msg] of [["importnce(particles: 10)", /unknown inference method 'importnce'|unknown method/], ["importance(particle: 10)", /has no option 'particle'|unknown option/]] as const) {
    const src = `model m() { x ~ normal(0, 1) }\nquery m() using ${using}`;
    const p = compileProgram(src, "q.borel");
    const err = p.errors[0] ?? (() => { try { prepareQuery(p.queries[0]); } catch (e) { return e as Error & { span?: { line: number } }; } })();
    assert.ok(err, using);
    assert.match(err!.message, msg);
    assert.equal((err as { span?: { line: number } }).span?.line, 2);
  }
  // Without the static checks, the run-time resolution reports the same, located.
  const p = compileProgram("model m() { x ~ normal(0, 1) }\nquery m() using importnce(particles: 10)", "q.borel", { skipCheck: true });
  assert.throws(() => prepareQuery(p.queries[0]), (e: Error & { span?: { line: number; col: number } }) => /unknown inference method/.test(e.message) && e.span?.line === 2 && e.span.col === 17);
});

test("inference on compiled models: NUTS (gradients through the runtime) and SMC directly on the loop program", async () => {
  // mu ~ N(0, 1), y_i ~ N(mu, 1): the posterior of mu is N(Σy/(n+1), 1/(n+1)); log Z is a Gaussian log density.
  const ys = [1.2, 0.8, 1.9, 1.4, 0.3];
  const p = compile(`
model gauss(ys) {
  mu ~ normal(0, 1)
  for i in 0..len(ys) {
    observe(normal(mu, 1), ys[i])
  }
  return mu
}
query gauss(ys) using nuts(samples: 400, warmup: 300, chains: 2)
query gauss(ys) using smc(particles: 2000)
`, { data: { ys } });
  const n = ys.length, s = ys.reduce((a, b) => a + b, 0), postMean = s / (n + 1);
  const nuts = await runQuery(p.queries[0], { seed: 1 });
  // 800 draws, posterior sd 0.41: Monte Carlo sd of the mean ≈ 0.41/√(ESS ≈ 300) ≈ 0.024; tolerance 0.1 > 4 of those.
  assert.ok(Math.abs(nuts.mean("mu") - postMean) < 0.1, `NUTS mean ${nuts.mean("mu")} vs ${postMean}`);
  const smc = await runQuery(p.queries[1], { seed: 2 });
  // log Z = log N(y; 0, I + 11ᵀ): det = n + 1, (I + 11ᵀ)⁻¹ = I − 11ᵀ/(n + 1).
  const quad = ys.reduce((a, y) => a + y * y, 0) - (s * s) / (n + 1);
  const logZ = -0.5 * (n * Math.log(2 * Math.PI) + Math.log(n + 1) + quad);
  assert.ok(Math.abs((smc.logZ as number) - logZ) < 0.1, `SMC log Z ${smc.logZ} vs ${logZ}`);
  close(smc.mean("mu"), postMean, 0.1);
});

test("a choice array named like a data array in scope starts as that array: `ys[i] ~ d given ys[i]` observes the data", () => {
  const p = compile(`
let zs = [0.5, -0.25]
model m(ys) {
  mu ~ normal(0, 10)
  for i in 0..len(ys) { ys[i] ~ normal(mu, 1) given ys[i] }
  for j in 0..len(zs) { zs[j] ~ normal(mu, 2) given zs[j] }
  return [len(ys), ys[0], zs[1]]
}
model explicit(ys) {
  mu ~ normal(0, 10)
  for i in 0..len(ys) { observe(normal(mu, 1), ys[i]) }
  for j in 0..len(zs) { observe(normal(mu, 2), zs[j]) }
}`);
  const ys = [5, 5.2, 4.8], constraints = ChoiceMap.from({ mu: 4.5 });
  const a = p.models.m.generate([ys], constraints, new Rng(1)), b = p.models.explicit.generate([ys], constraints, new Rng(1));
  assert.ok(Math.abs(a.weight - b.weight) < 1e-12, `${a.weight} vs ${b.weight}`);
  assert.deepEqual(a.trace.retval, [3, 5, -0.25]);
  assert.equal(a.trace.get("ys/2"), 4.8);
});

test("arithmetic treats an array of equal-length numeric rows as the matrix it spells; ragged rows get a hint", () => {
  const p = compile(`
let X = [[1, 2], [3, 4], [5, 6]]
let Xw = X * [1, -1]
let X2 = X * 2
let Xm = matrix(X) * [1, -1]
`);
  assert.deepEqual(Array.from(p.values.Xw as Float64Array), [-1, -1, -1]);
  assert.deepEqual(Array.from(p.values.Xm as Float64Array), [-1, -1, -1]);
  const X2 = p.values.X2 as { rows: number; cols: number; data: Float64Array };
  assert.deepEqual([X2.rows, X2.cols, Array.from(X2.data)], [3, 2, [2, 4, 6, 8, 10, 12]]);
  const err = compileProgram("let r = [[1, 2], [3]] * [1, 1]", "ragged.borel").errors[0];
  assert.ok(err && /needs numbers or vectors/.test(err.message) && /rows of equal length make a matrix/.test(String(err.hint)), String(err?.message));
  const t = compile("let T = transpose([[1, 2], [3, 4], [5, 6]]) * [1, 1, 1]");
  assert.deepEqual(Array.from(t.values.T as Float64Array), [9, 12]);
  assert.match(compileProgram("let r = transpose(3)", "t.borel").errors[0].message, /transpose needs a matrix, got a number/);
  assert.match(compileProgram("let r = sum([[1, 2], 3])", "t.borel").errors[0].message, /got an array containing an array of length 2|containing a number/);
});

test("matrices whose entries are random choices keep their gradient (M * v row by row in gradient runs)", () => {
  const p = compile(`
model m() {
  a ~ gamma(3, 2)
  b ~ normal(0, 1)
  let R = [[a, b], [-b, a]]
  observe(normal(R * [1, 2], 1), [0.5, -0.3])
  observe(normal(matrix([[b, 1], [a, a]]) * [b, 2], 1), [0.1, 0.2])
  observe(normal(transpose(matrix([[a, b, 1]])) * [2], 1), [1, 0, 1])
  // A covariance built with matrix() from random values (AD rows), as a GP kernel matrix is.
  f ~ mvnormal([0, 0], matrix(map(fn(i) => map(fn(j) => if i == j { a + 1 } else { b / 4 }, range(2)), range(2))))
}`);
  const model = p.models.m;
  for (const seed of [1, 2]) {
    const tr = model.generate([], ChoiceMap.EMPTY, new Rng(seed)).trace;
    const v = new UnconstrainedView(model, tr), th = v.thetaOf(tr), g = new Float64Array(v.dim);
    const lp = v.logDensityGradient(th, g), fd = finiteDifference((x) => v.logDensity(x), th);
    assert.ok(Math.abs(lp - v.logDensity(th)) < 1e-10);
    // Before, matrix(...) dropped the gradient of its entries, and [[a, b], ...] * v was an error in gradient runs;
    // mvnormal then took matrix()'s AD rows for a malformed cov, a zero density (−∞) in gradient runs only.
    g.forEach((gi, i) => assert.ok(Math.abs(gi - fd[i]) <= 1e-5 * Math.max(1, Math.abs(fd[i])), `seed ${seed} ∂/∂θ${i}: ${gi} vs ${fd[i]}`));
  }
});

test("cholesky: the lower factor of data and of random entries (gradient through it), and its errors", () => {
  const L = compile("let L = cholesky([[4, 2], [2, 3]])").values.L as { rows: number; cols: number; data: Float64Array };
  assert.deepEqual([L.rows, L.cols], [2, 2]);
  [2, 0, 1, Math.SQRT2].forEach((v, i) => close(L.data[i], v));
  for (const [src, re] of [["let L = cholesky([[1, 2], [2, 1]])", /not positive definite/], ["let L = cholesky([[1, 0.5], [0.2, 1]])", /needs a symmetric matrix/],
    ["let L = cholesky([[1, 2, 3], [4, 5, 6]])", /needs a square matrix/], ["let L = cholesky(3)", /cholesky needs a matrix, got a number/]] as const)
    assert.match(compileProgram(src, "c.borel").errors[0]?.message ?? "", re, src);
  // A non-centred Gaussian: f = cholesky(K(a)) * z, K from a random scale; the gradient matches finite differences.
  const p = compile(`
model m() {
  a ~ gamma(3, 2)
  z ~ iid(normal(0, 1), 3)
  let K = matrix(map(fn(i) => map(fn(j) => a * exp(-0.5 * (i - j) * (i - j)) + if i == j { 0.1 } else { 0 }, range(3)), range(3)))
  let f = cholesky(K) * z
  observe(normal(f, 0.5), [0.3, -0.2, 0.8])
}`);
  for (const seed of [1, 2]) {
    const tr = p.models.m.generate([], ChoiceMap.EMPTY, new Rng(seed)).trace;
    const v = new UnconstrainedView(p.models.m, tr), th = v.thetaOf(tr), g = new Float64Array(v.dim);
    const lp = v.logDensityGradient(th, g), fd = finiteDifference((x) => v.logDensity(x), th);
    assert.ok(Math.abs(lp - v.logDensity(th)) < 1e-10);
    g.forEach((gi, i) => assert.ok(Math.abs(gi - fd[i]) <= 1e-5 * Math.max(1, Math.abs(fd[i])), `seed ${seed} ∂/∂θ${i}: ${gi} vs ${fd[i]}`));
  }
  // Where the matrix is not positive definite the density is zero in a gradient run (a rejected trajectory), as in Stan.
  const q = compile("model m() {\n  r ~ normal(0, 1)\n  f ~ mvnormal_chol([0, 0], cholesky([[1, r], [r, 1]]))\n}");
  const tr = q.models.m.generate([], ChoiceMap.EMPTY, new Rng(1)).trace;
  const v = new UnconstrainedView(q.models.m, tr), th = v.thetaOf(tr), r = v.layout.slots.find((s) => s.key === "r")!.offset;
  th[r] = 0.5;
  assert.ok(Number.isFinite(v.logDensity(th)));
  th[r] = 1.5;
  assert.equal(v.logDensity(th), -Infinity);
});

test("`track name = e` also names the value for the rest of the block; a choice's address cannot be tracked", () => {
  const p = compile(`
model m() {
  a ~ normal(0, 1)
  track twice = 2 * a
  for i in 0..2 { track sq = i * i }
  return twice + 1
}`);
  const tr = p.models.m.simulate([], new Rng(4));
  const a = tr.get("a") as number;
  assert.ok(Math.abs((tr.retval as number) - (2 * a + 1)) < 1e-12);
  const tracked = new Map(tr.tracked());
  assert.equal(tracked.get("twice"), 2 * a);
  // A tracked name may not be a choice's address: the posterior would have one column for both (a static error).
  assert.match(compileError(`model m() {\n  a ~ normal(0, 1)\n  track a = a + 100\n}`)!.message, /both a tracked name and the address of a random choice/);
});

test("param names may be computed (one parameter per index); a non-string literal is a located error", () => {
  const p = compile(`
model g(n) {
  for j in 0..n { th[j] ~ normal(param("m" + j, j * 1.0), 1) }
}`);
  const store = new ParamStore();
  p.models.g.simulate([3], new Rng(1), { params: store });
  assert.deepEqual(["m0", "m1", "m2"].map((k) => store.get(k)), [0, 1, 2]);
  const err = compileProgram("model g() {\n  x ~ normal(param(3, 0.0), 1)\n}", "p.borel").errors[0];
  assert.ok(err && /param needs the parameter's name as a string/.test(err.message) && err.span?.line === 2, String(err?.message));
});

test("named constants pi, inf and Infinity: readable everywhere, shadowable, inlined; calling one is a located error", () => {
  const p = compile(`
let a = pi
let b = -inf
let c = Infinity
fn area(r) { return pi * r * r }
fn shadow() { let pi = 3; return pi }
model m() {
  x ~ truncated(normal(0, 1), 0, inf)
  factor(if x > 10 { -inf } else { 0 })
}
`);
  assert.equal(p.values.a, Math.PI);
  assert.equal(p.values.b, -Infinity);
  assert.equal(p.values.c, Infinity);
  assert.equal(callFunction(p, "area", [2]), 4 * Math.PI);
  assert.equal(callFunction(p, "shadow", []), 3);
  assert.ok((p.models.m.simulate([], new Rng(1)).get("x") as number) >= 0);
  const bad = compileProgram("let y = pi(2)", "c.borel");
  assert.equal(bad.errors.length, 1);
  assert.match(String(bad.errors[0].message), /cannot call a number/);
  assert.equal(bad.errors[0].span?.line, 1);
});

test("matrices: + - * / with a number entry by entry (either side), elementwise builtins and reductions over the entries", () => {
  const p = compileProgram(`let M = [[1, 2], [3, 4]]
let A = matrix(M)
let plus = A + 1
let minus = 1 - M
let half = M / 2
let e = exp(A)
let f = floor(A / 3)
let s = sum(A)
let mu = mean(M)
let big = max(A)
let ok = A * 2`, "mat.borel");
  assert.deepEqual(p.errors, []);
  const data = (k: string) => Array.from((p.values[k] as { data: Float64Array }).data);
  assert.deepEqual(data("plus"), [2, 3, 4, 5]);
  assert.deepEqual(data("minus"), [0, -1, -2, -3]);
  assert.deepEqual(data("half"), [0.5, 1, 1.5, 2]);
  assert.deepEqual(data("e"), [1, 2, 3, 4].map(Math.exp));
  assert.deepEqual(data("f"), [0, 0, 1, 1]);
  assert.deepEqual(data("ok"), [2, 4, 6, 8]);
  assert.deepEqual([p.values.s, p.values.mu, p.values.big], [10, 2.5, 4]);
  // What stays undefined is still a located error: a matrix plus a vector.
  const bad = compileProgram("let A = matrix([[1, 2], [3, 4]])\nlet x = A + [1, 2]", "bad.borel");
  assert.match(String(bad.errors[0]?.message), /'\+' is not defined for a 2×2 matrix and/);
});

test("a row of a two-index choice family (w[i] after w[i][j] ~ ...) is a vector: arithmetic, exp, softmax, returns (it was a 'choice array' they refused)", async () => {
  const p = compile(`
model m() {
  for i in 0..2 { for j in 0..3 { w[i][j] ~ normal(i + j, 0.001) } }
  let r = w[1]
  track s = softmax(r)
  track e = exp(r) + r * 2
  track first = w[1][0]
  return w[1]
}
query m() using importance(particles: 20)
`);
  const post = await runQuery(p.queries[0]!, { seed: 1 });
  for (let j = 0; j < 3; j++) {
    close(post.mean(`return[${j}]`), 1 + j, 0.01);
    close(post.mean(`e[${j}]`), Math.exp(1 + j) + 2 * (1 + j), 0.2);
  }
  const z = [1, 2, 3].map(Math.exp), total = z.reduce((a, b) => a + b);
  close(post.mean("s[2]"), z[2]! / total, 0.01);
  close(post.mean("first"), 1, 0.01);
});

test("given: one address written two ways (a key of its own and inside its parent's value) is an error, as a key written twice is (one value won silently)", async () => {
  for (const [given, message] of [
    ['{"x/0": 5.0, x: [1.0, 2.0]}', /address 'x\/0' is given twice: on its own and within 'x'/],
    ['{z: {mu: 1.0}, "z/mu": 2.0}', /address 'z\/mu' is given twice/],
  ] as const) {
    // (The given block is evaluated where the query stands: compiling the program reports it, located.)
    assert.throws(() => compile(`
model sub() { mu ~ normal(0, 1) }
model m() {
  x[0] ~ normal(0, 1)
  x[1] ~ normal(0, 1)
  z ~ sub()
}
query m() given ${given} using importance(particles: 10)
`), message);
  }
  // Disjoint paths under one parent are fine.
  const ok = compile(`
model m() {
  x[0] ~ normal(0, 1)
  x[1] ~ normal(0, 1)
}
query m() given {"x/0": 1.0, "x/1": 2.0} using importance(particles: 10)
`);
  const post = await runQuery(ok.queries[0]!, { seed: 1 });
  assert.equal(post.size, 10);
});

test("method options by position, in the reference's order (importance(1000), mh(samples, warmup, chains), smc(particles, resample, ...), vi(guide, ...)); too many or one given twice are located errors", async () => {
  const p = compile(`
model coin(flips) {
  p ~ beta(1, 1)
  for i in 0..len(flips) { observe(bernoulli(p), flips[i]) }
}
model g(flips) { p ~ beta(exp(param("a", 0)), exp(param("b", 0))) }
let flips = [true, true, false, true]
query coin(flips) using importance(300)
query coin(flips) using mh(40, 10, 1)
query coin(flips) using smc(200, stratified, always)
query coin(flips) using rejection(50, 1000)
query coin(flips) using vi(g, elbo, 20, 0.01)
`);
  const [imp, mh, smc, rej, vi] = p.queries.map((q) => prepareQuery(q));
  assert.equal(imp!.options.particles, 300);
  assert.deepEqual([mh!.options.samples, mh!.options.warmup, mh!.options.chains], [40, 10, 1]);
  assert.deepEqual([smc!.options.particles, smc!.options.resample, smc!.options.ess_threshold], [200, "stratified", "always"]);
  assert.deepEqual([rej!.options.samples, rej!.options.max_tries], [50, 1000]);
  assert.deepEqual([vi!.options.objective, vi!.options.steps, vi!.options.lr], ["elbo", 20, 0.01]);
  const post = await runQuery(p.queries[0]!, { seed: 1 });
  assert.equal(post.size, 300);
  const bad = compileProgram(`
model m() { x ~ normal(0, 1) }
query m() using importance(100, 2)
query m() using importance(100, particles: 5)
`, "bad.borel");
  assert.deepEqual(bad.errors.map((e) => `${e.span?.line}: ${e.message}`), [
    "3: importance takes at most 1 positional argument, got 2",
    "4: option 'particles' of importance is given twice",
  ]);
});
