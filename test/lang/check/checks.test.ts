// Each static check: the error's code, file:line:col and hint, on a small program that has exactly that
// mistake (and a corrected version that passes).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { check, type CheckContext } from "../../../src/lang/check/check.js";
import { parse } from "../../../src/lang/syntax/parse.js";

/** "code line:col message | hint" for each check error of `src` (which must parse). */
function errs(src: string, ctx: CheckContext = {}): string[] {
  const { program, errors } = parse(src, "c.borel");
  assert.deepEqual(errors.map((e) => e.message), [], src);
  return check(program, ctx).map((e) => {
    assert.equal(e.span?.file, "c.borel");
    return `${e.code} ${e.span!.line}:${e.span!.col} ${e.message} | ${e.hint}`;
  });
}

function only(src: string, ctx?: CheckContext): string {
  const all = errs(src, ctx);
  assert.equal(all.length, 1, all.join("\n"));
  return all[0]!;
}

test("unknown name, with a suggestion by edit distance", () => {
  assert.equal(only("model m() {\n  x ~ nromal(0, 1)\n}"), "unknown-name 2:7 unknown name 'nromal' | did you mean 'normal'?");
  assert.equal(only("model m(sigma) {\n  x ~ normal(0, sigam)\n}"), "unknown-name 2:17 unknown name 'sigam' | did you mean 'sigma'?");
  assert.equal(only("let a = qqq"), "unknown-name 1:9 unknown name 'qqq' | define it first (let qqq = ...), pass it as a parameter, or bind it with --data");
  assert.equal(only("let a = b\nlet b = 1"), "unknown-name 1:9 'b' is used before its definition | 'b' is defined at 2:5; move that definition above this line");
  assert.deepEqual(errs("let a = b", { globals: ["b"] }), []);
  // A line beginning with an operator continues the definition above it: the hint says so.
  assert.match(only("let xs = [10, 20, 30]\n-xs[0]"), /^unknown-name 2:2 'xs' is used before its definition \| this line continues the definition of 'xs' on line 1: a line that begins with an operator/);
});

test("wrong arity and unknown named arguments: distributions, builtins, models, fns", () => {
  assert.equal(only("model m() { x ~ normal(0, 1, 2) }"), "arity 1:30 too many arguments: normal takes 2, got 3 | the distribution is normal(mu, sigma)");
  assert.equal(only("model m() { x ~ normal(0) }"), "arity 1:17 missing argument 'sigma' of normal | the distribution is normal(mu, sigma)");
  assert.equal(only("model m() { x ~ gamma(shape: 8, rte: 2) }"), "unknown-argument 1:33 gamma has no parameter 'rte' | did you mean 'rate'? the distribution is gamma(shape, rate)");
  assert.deepEqual(errs("model m() { x ~ gamma(shape: 8, rate: 2)\n y ~ student_t(3, sigma: 2) }"), []);
  assert.equal(only("let a = pow(2)"), "arity 1:9 missing argument 'y' of pow | the builtin is pow(x, y)");
  assert.equal(only("let a = exp(1, 2)"), "arity 1:16 too many arguments: exp takes 1, got 2 | the builtin is exp(x)");
  assert.equal(only("fn f(a, b) { return a }\nlet c = f(1, c: 2)"), "unknown-argument 2:14 f has no parameter 'c' | the fn is f(a, b)");
  assert.equal(only("model s(a) { x ~ normal(a, 1) }\nmodel m() { z ~ s(1, 2) }"), "arity 2:22 too many arguments: s takes 1, got 2 | the model is s(a)");
  assert.equal(only("let g = fn(x) => x\nlet c = g(1, 2)"), "arity 2:14 too many arguments: g takes 1, got 2 | the fn is g(x)");
  assert.equal(only("fn f(a) { return a }\nlet c = f(a: 1, 2)"), "argument-order 2:17 a positional argument follows a named one | put positional arguments first: f(a)");
  assert.deepEqual(errs("let a = min(1, 2, 3)\nlet b = range(3)\nlet c = slice([1, 2], 1)"), []);
  // logistic is a function of one argument and a distribution of two.
  assert.deepEqual(errs("model m() { x ~ logistic(0, 1)\n let p = logistic(x) }"), []);
  assert.equal(only("model m() { x ~ logistic(0) }"), "not-a-distribution 1:17 `~` needs a distribution, not the result of logistic(...) | the right of ~ is a distribution such as normal(0, 1), or a model call such as z ~ sub(x)");
});

test("~ on something that is not a distribution", () => {
  assert.equal(only("model m() { x ~ 3 }"), "not-a-distribution 1:17 `~` needs a distribution, not the number 3 | the right of ~ is a distribution such as normal(0, 1), or a model call such as z ~ sub(x)");
  assert.equal(only("model m() { x ~ normal }"), "not-a-distribution 1:17 `~` needs a distribution, not the distribution constructor 'normal' itself (call it: normal(...)) | the right of ~ is a distribution such as normal(0, 1), or a model call such as z ~ sub(x)");
  assert.equal(only("model m() { x ~ exp(1) }"), "not-a-distribution 1:17 `~` needs a distribution, not the result of exp(...) | the right of ~ is a distribution such as normal(0, 1), or a model call such as z ~ sub(x)");
  assert.equal(only("model m() { observe(2 * 3, 1) }"), "not-a-distribution 1:21 observe needs a distribution, not an arithmetic or logical expression | observe(d, v) needs a distribution d, e.g. observe(normal(mu, 1), y)");
  assert.equal(only("let lp = logpdf(1, 2)"), "not-a-distribution 1:17 logpdf needs a distribution first, not the number 1 | logpdf(normal(0, 1), x)");
  // A value that may hold a distribution, and a fn that may return one, are accepted.
  assert.deepEqual(errs("fn prior() { return normal(0, 1) }\nmodel m(d) { x ~ d\n y ~ prior() }"), []);
});

test("duplicate static addresses; exclusive branches and early returns may reuse one", () => {
  assert.equal(only("model m() {\n  x ~ normal(0, 1)\n  x ~ normal(0, 2)\n}"), "duplicate-address 3:3 duplicate address 'x': it is also sampled at 2:3 | each random choice needs its own address: rename one, or index them (x[0], x[1])");
  assert.equal(only("model m() {\n  for i in 0..3 {\n    x ~ normal(0, 1)\n  }\n}"), "duplicate-address 3:5 address 'x' repeats on every iteration of the loop at 2:3 | index the choice by the loop variable, e.g. x[i] ~ ...");
  assert.equal(only("model m() {\n  y[0] ~ normal(0, 1)\n  y[0] ~ normal(0, 1)\n}"), "duplicate-address 3:3 duplicate address 'y/0': it is also sampled at 2:3 | each random choice needs its own address: rename one, or index them (x[0], x[1])");
  assert.equal(only("model m() {\n  y ~ normal(0, 1)\n  for i in 0..3 { y[i] ~ normal(0, 1) }\n}"), "duplicate-address 3:19 'y' is a choice with 0 indices at 2:3 and with 1 here | an address is either a value (x) or a family of indexed choices (x[i]); use two names");
  assert.deepEqual(errs(`model m(c) {
  if c { x ~ normal(0, 1) } else if c { x ~ normal(1, 1) } else { x ~ normal(2, 1) }
  if c { y ~ normal(0, 1)
    return y }
  y ~ normal(1, 1)
  for i in 0..3 { z[i] ~ normal(0, 1)
    w[i][0] ~ normal(0, 1)
    w[i][1] ~ normal(0, 1) }
  v[0] ~ normal(0, 1)
  v[1] ~ normal(0, 1)
  return x
}`), []);
});

test("return outside a model or fn (the parser reports it at the top level; the checker on any tree)", () => {
  const { program } = parse("model m() { return 1 }", "c.borel");
  const ret = (program.items[0] as { body: { stmts: unknown[] } }).body.stmts[0];
  const bad = { ...program, items: [ret as never] };
  const e = check(bad);
  assert.deepEqual(e.map((x) => `${x.code} ${x.span!.line}:${x.span!.col} ${x.message} | ${x.hint}`), [
    "return-outside 1:13 `return` outside a model or fn | return ends a model or fn body; at the top level, bind the value with let",
  ]);
  assert.equal(parse("return 1", "c.borel").errors[0]!.message, "`return` is not allowed at the top level");
});

test("assignment to a let, a parameter, a loop variable, a choice, or an outer var", () => {
  assert.equal(only("model m() {\n  let a = 1\n  a = 2\n}"), "assign-immutable 3:3 cannot assign to 'a' (declared with let) | declare it with var to make it mutable: var a = ...");
  assert.equal(only("fn f(p) { p = 2\n return p }"), "assign-immutable 1:11 cannot assign to the parameter 'p' | parameters are immutable; copy it: var p2 = p");
  assert.equal(only("model m() { for i in 0..3 { i = 2 } }"), "assign-immutable 1:29 cannot assign to the loop variable 'i' | loop variables change only with the loop; copy it into a var first");
  assert.equal(only("model m() { x ~ normal(0, 1)\n x = 2 }"), "assign-immutable 2:2 cannot assign to the random choice 'x' | only a var can be assigned");
  assert.equal(only("fn f() { var s = 0\n let g = fn(x) { s = x }\n return s }"), "assign-immutable 2:18 cannot assign to the var 's' of an enclosing function | a var can only be assigned in the model or fn that declares it; return the new value instead");
  assert.deepEqual(errs("fn f(xs) { var s = 0\n for x in xs { s = s + x }\n return s }"), []);
});

test("a model called without ~", () => {
  assert.equal(only("model s() { x ~ normal(0, 1) }\nmodel m() { let v = s() + 1 }"), "model-call 2:21 model 's' is called without ~ | a model call is a random choice: write z ~ s(...) inside a model, or run it with query s(...) using ...");
  assert.deepEqual(errs("model s() { x ~ normal(0, 1) }\nmodel m() { z ~ s() }"), []);
});

test("~, observe, factor, track and param inside a fn or lambda", () => {
  assert.equal(only("fn f() {\n  x ~ normal(0, 1)\n  return x\n}"), "model-only 2:3 `~` is not allowed inside a fn | fns are deterministic: make it a model and call it with ~ (z ~ m(...))");
  assert.equal(only("fn f() { observe(normal(0, 1), 1) }"), "model-only 1:10 observe is not allowed inside a fn | fns are deterministic: make it a model and call it with ~ (z ~ m(...))");
  assert.equal(only("model m() { let g = fn(x) { factor(x) } }"), "model-only 1:29 factor is not allowed inside an anonymous fn | fns are deterministic: make it a model and call it with ~ (z ~ m(...))");
  assert.equal(only("fn f() { track t = 1 }"), "model-only 1:10 `track` is not allowed inside a fn | fns are deterministic: make it a model and call it with ~ (z ~ m(...))");
  assert.equal(only('let w = param("w", 0)'), "model-only 1:9 param(...) is not allowed at the top level | param(...) belongs in a model body");
  assert.equal(only("model m() { let v = observe(normal(0, 1), 1) }"), "model-only 1:21 observe(...) is a statement and has no value | write observe(d, v) on its own line in a model body");
  assert.deepEqual(errs('model m() { let w = param("w", 0.5)\n track t = w }'), []);
  assert.equal(only("model m() { observe(normal(0, 1)) }"), "arity 1:13 observe needs exactly two positional arguments: observe(d, v) | observe(normal(mu, 1), y): the distribution, then the observed value");
  assert.equal(only("model m() { factor(d: 1) }"), "arity 1:13 factor needs exactly one positional argument: factor(e) | factor(-0.5 * x * x): the term added to the log weight");
});

test("a non-integer literal range bound", () => {
  assert.equal(only("model m() { for i in 0..2.5 { } }"), "range-bound 1:25 range bound 2.5 is not an integer | ranges count whole steps: use 2 or 3 (a..b is a, a+1, ..., b−1)");
  assert.equal(only("model m() { for i in -0.5..2 { } }"), "range-bound 1:22 range bound -0.5 is not an integer | ranges count whole steps: use -1 or 0 (a..b is a, a+1, ..., b−1)");
  assert.equal(only('model m() { for i in 0.."n" { } }'), "range-bound 1:25 a range bound must be an integer | write for i in 0..n { ... } with integers a and b");
  assert.equal(only("model m() { for x in 10 { } }"), "range-bound 1:22 `for x in` needs an array, not a number | to count, write for x in 0..10 { ... }");
  assert.deepEqual(errs("model m(n) { for i in 0..1e3 { }\n for j in -2..n { } }"), []);
});

test("unknown method, kernel or option in using; bad literal option values", () => {
  const m = "model m() { x ~ normal(0, 1) }\n";
  assert.match(only(`${m}query m() using importanse()`), /^unknown-method 2:17 unknown inference method 'importanse' \| did you mean 'importance'\? methods: .*importance/);
  assert.match(only(`${m}query m() using mcmc(elliptical_slice("x"))`), /^unknown-kernel 2:22 unknown kernel 'elliptical_slice' \| did you mean 'elliptical'\?/);
  assert.equal(only(`${m}query m() using importance(particle: 10)`), "unknown-option 2:28 importance has no option 'particle' | did you mean 'particles'? options of importance: particles, proposal, seed");
  assert.equal(only(`${m}query m() using importance(particles: 2.5)`), "bad-option 2:39 importance: option 'particles' must be an integer, got 2.5 | particles: number of particles");
  assert.deepEqual(errs(`${m}query m() using importance(10)`), []);
  assert.equal(only(`${m}query m() using importance(10, 20)`), "unknown-option 2:32 importance takes at most 1 positional argument, got 2 | by position, importance(particles); name the others: options of importance: particles, proposal, seed");
  assert.equal(only(`${m}query m() using enumerate(10)`), "unknown-option 2:27 enumerate takes no positional arguments, got 1 | name the option, e.g. enumerate(max_executions: ...); options of enumerate: max_executions, max_frontier, order, tolerance, seed");
  // An option of another type that also takes names: those names bare are fine, others are unknown names.
  const smcm = "model s(ys) {\n  x ~ normal(0, 1)\n  observe(normal(x, 1), ys[0])\n}\n";
  assert.deepEqual(errs(`${smcm}query s([1]) using smc(particles: 10, ess_threshold: always)`), []);
  assert.match(only(`${smcm}query s([1]) using smc(particles: 10, ess_threshold: allways)`), /^unknown-name 5:54 unknown name 'allways'/);
  // Two bare addresses for a one-address kernel: one error (not also "unknown name"), with the cycle to write.
  const two = "model a() {\n  b ~ bernoulli(0.1)\n  e ~ bernoulli(0.2)\n  r ~ bernoulli(0.5) given true\n}\n";
  assert.equal(only(`${two}query a() using mcmc(gibbs(b, e), samples: 10)`), "unknown-option 6:31 gibbs takes at most 1 positional argument, got 2 | gibbs moves one address: cycle(gibbs(b), gibbs(e)) moves each in turn");
  assert.equal(only(`${two}query a() using mcmc(gibbs("b", "e"), samples: 10)`), "unknown-option 6:33 gibbs takes at most 1 positional argument, got 2 | gibbs moves one address: cycle(gibbs(\"b\"), gibbs(\"e\")) moves each in turn");
  assert.match(only(`${m}query m() using mcmc(cycle(mh("x"), gibs("x")), samples: 100)`), /^unknown-kernel 2:37 unknown kernel 'gibs' \| did you mean 'gibbs'\? kernels: /);
  assert.equal(only(`${m}query m() using mcmc(rw("x", scal: 1))`), "unknown-option 2:30 rw has no option 'scal' | did you mean 'scale'? options of rw: scale, space, target, adapt, seed");
  assert.deepEqual(errs(`${m}query m() using mcmc(cycle(mh("x"), rw("x", scale: 0.5)), samples: 100, seed: 3)`), []);
  // A method in kernel position: one error with a hint, and its kernel arguments are not "unknown names".
  assert.equal(only(`${m}query m() using smc(rejuvenate: mcmc(cycle(rw("x"), mh("x"))))`).split(" | ")[0], "unknown-kernel 2:33 unknown kernel 'mcmc'");
  assert.match(only(`${m}query m() using smc(rejuvenate: mcmc(rw("x")))`), /mcmc is an inference method, not a kernel/);
  // A kernel's name not called: one error saying to call it; a kernel or method name outside a query says where it goes.
  assert.equal(only(`${m}query m() using smc(rejuvenate: mh)`), "unknown-kernel 2:33 smc: option 'rejuvenate' names the kernel 'mh' without calling it | a kernel is made by a call: write mh(...) with its arguments, e.g. mh() or mh(\"x\") (docs/inference.md lists each kernel's arguments)");
  assert.match(only(`${m}query m() using mcmc(rw, samples: 10)`), /^unknown-kernel 2:22 mcmc: option 'kernel' \(argument 1\) names the kernel 'rw' without calling it/);
  assert.equal(only("let k = rw(\"x\")"), "unknown-name 1:9 unknown name 'rw' | 'rw' is an MCMC kernel: it is written inside a query's using clause (query m(args) using mcmc(rw(...))), not as a value");
  assert.match(only("let k = nuts"), /^unknown-name 1:9 unknown name 'nuts' \| 'nuts' is an inference method and an MCMC kernel: it is written inside a query's using clause \(query m\(args\) using nuts\(\.\.\.\)\)/);
  // A program's own binding of that name is its value.
  assert.deepEqual(errs(`${m}let mh = 3\nlet y = mh + 1`), []);
  // A choice option names its value bare (as the language reference writes `objective: elbo`) or quoted.
  assert.deepEqual(errs(`${m}query m() using vi(objective: iwae)`), []);
  assert.deepEqual(errs(`${m}query m() using smc(resample: stratified, particles: 10)`), []);
  assert.equal(only(`${m}query m() using vi(objective: elb)`), "bad-option 2:31 vi: objective cannot be 'elb' | objective: one of elbo, iwae");
  assert.deepEqual(errs(`${m}let iwae = "iwae"\nquery m() using vi(objective: iwae)`), []);
  // Written as a call (`iwae(5)`): one error saying to write the name, its settings being the method's options.
  assert.equal(only(`${m}query m() using vi(objective: iwae(k: 5))`).split(" | ")[0], "bad-option 2:31 vi: objective is a name, not a call: write objective: iwae");
  // A hyphenated value written bare parses as a subtraction of names: it is that value when no name is bound.
  assert.deepEqual(errs(`${m}query m() using enumerate(order: depth-first)`), []);
  assert.equal(only(`${m}query m() using enumerate(order: depth-last)`), "bad-option 2:34 enumerate: order cannot be 'depth-last' | order: one of likely-first, depth-first");
});

test("names spelled like automatic observation addresses (obs_LINE_COL) are reserved, for choices and tracked values", () => {
  assert.equal(only("model m() { obs_1_2 ~ normal(0, 1) }"), "bad-address 1:13 'obs_1_2' cannot be the address of a random choice: names obs_LINE_COL are the automatic addresses of observe statements | choose another name, e.g. 'y_1_2'");
  assert.equal(only("model m() { x ~ normal(0, 1)\n track obs_7_1 = x }").split(" | ")[0], "bad-address 2:8 'obs_7_1' cannot be a tracked name: names obs_LINE_COL are the automatic addresses of observe statements");
  assert.deepEqual(errs("model m() { obs ~ normal(0, 1)\n obs_a ~ normal(0, 1)\n obs_1 ~ normal(0, 1) }"), []);
});

test("given: addresses the model cannot produce", () => {
  assert.equal(only("model m() { x ~ normal(0, 1)\n y ~ normal(x, 1) }\nquery m() given {yy: 1} using importance()"), "unknown-address 3:18 model 'm' has no address 'yy' | did you mean 'y'? addresses of m: x, y");
  assert.deepEqual(errs('model m() { x ~ normal(0, 1)\n for i in 0..2 { y[i] ~ normal(x, 1) } }\nquery m() given {"y/0": 1, "y/1": 2} using importance()'), []);
  // A tracked name is not a choice: the hint says so and how to condition on it.
  assert.match(only("model m() { p ~ beta(1, 1)\n track odds = p / (1 - p) }\nquery m() given {odds: 2} using importance()"),
    /^unknown-address 3:18 model 'm' has no address 'odds' \| 'odds' is a tracked value, computed from the choices, not a choice a query can fix: condition on it with factor or observe/);
});

test("load and import paths outside the program's folder", () => {
  const dir = mkdtempSync(join(tmpdir(), "borel-check-"));
  mkdirSync(join(dir, "prog"));
  mkdirSync(join(dir, "prog", "data"));
  writeFileSync(join(dir, "secret.json"), "[1]");
  writeFileSync(join(dir, "prog", "data", "ok.json"), "[1]");
  symlinkSync(join(dir, "secret.json"), join(dir, "prog", "data", "link.json"));
  const ctx = { fileDir: join(dir, "prog") };
  assert.equal(only('let a = load("../secret.json")', ctx), "path-outside 1:14 load: '../secret.json' leaves the program's folder | load reads data files (JSON, CSV, TSV) inside the program's folder tree; copy the data next to the program");
  assert.equal(only('let a = load("/etc/passwd")'), "path-outside 1:14 load: '/etc/passwd' is an absolute path | load reads data files (JSON, CSV, TSV) inside the program's folder tree; copy the data next to the program");
  assert.match(only('let a = load("data/link.json")', ctx), /^path-outside 1:14 load: 'data\/link.json' resolves \(through a symbolic link\) to .*secret.json, outside the program's folder/);
  assert.equal(only('import "../lib"', ctx), "path-outside 1:1 import '../lib' leaves the program's folder | imports are read from stdlib/ or from the program's folder tree");
  assert.deepEqual(errs('let a = load("data/ok.json")\nlet b = load("data/./ok.json")', ctx), []);
});

test("imports: names and model signatures from the imported file; a missing import is reported", () => {
  const dir = mkdtempSync(join(tmpdir(), "borel-import-"));
  writeFileSync(join(dir, "lib.borel"), "model sub(a) { x ~ normal(a, 1) }\nfn twice(v) { return 2 * v }\nlet K = 3\n");
  const ctx = { fileDir: dir };
  assert.deepEqual(errs('import "lib"\nmodel m() { z ~ sub(K)\n let t = twice(z) }', ctx), []);
  assert.equal(only('import "lib"\nmodel m() { z ~ sub(1, 2) }', ctx), "arity 2:24 too many arguments: sub takes 1, got 2 | the model is sub(a)");
  assert.match(only('import "nope"\nlet a = 1', ctx), /^import 1:1 cannot find the import "nope" \| looked for .*nope.borel/);
  assert.deepEqual(errs('import "lib"\nlet a = whatever', { importedNames: ["whatever"] }), []);
});

test("duplicate definitions, parameters and record fields", () => {
  assert.equal(only("model m() { }\nfn m() { }"), "duplicate 2:4 'm' is already defined at 1:7 | give each model and fn its own name");
  // A top-level let named like a model or fn (either order): bodies would see one and top-level code the other.
  assert.equal(only("fn f() { return 100 }\nlet f = 2"), "duplicate 2:5 'f' is already defined at 1:4 | a top-level let cannot share its name with a model or fn: rename one of them");
  assert.equal(only("let g = 2\nmodel g() { }"), "duplicate 2:7 'g' is already defined at 1:5 | a top-level let cannot share its name with a model or fn: rename one of them");
  assert.deepEqual(errs("let a = 1\nlet a = 2\nfn f() { return 1 }"), []);
  assert.equal(only("fn f(a, a) { return a }"), "duplicate 1:9 parameter 'a' appears twice | give each parameter its own name");
  assert.equal(only("let r = {a: 1, a: 2}"), "duplicate 1:16 field 'a' appears twice in this record | give each field its own name");
});

test("scoping: lets are block-scoped, ~ names live for the rest of the model, fns and models are hoisted", () => {
  assert.equal(only("model m() {\n  if true { let a = 1 }\n  let b = a\n}"), "unknown-name 3:11 unknown name 'a' | define it first (let a = ...), pass it as a parameter, or bind it with --data");
  assert.deepEqual(errs(`model hmm(ys, T) {
  z[0] ~ categorical([0.5, 0.5])
  for t in 1..T {
    z[t] ~ categorical(if z[t - 1] == 0 { [0.9, 0.1] } else { [0.2, 0.8] })
    observe(normal(helper(z[t]), 1), ys[t])
  }
  if T > 2 { w ~ normal(0, 1) }
  return [z, w]
}
fn helper(k) { return if k == 0 { -1 } else { fact(3) } }
fn fact(n) { return if n <= 1 { 1 } else { n * fact(n - 1) } }
model ar(n) {
  for i in 0..n { x[i] ~ normal(if i == 0 { 0 } else { x[i - 1] }, 1) }
}
query hmm([0, 1, 2], 3) using importance(particles: 10)`), []);
});

test("a tracked name that is also a choice's name: a plain choice, an indexed family, a call (track x beside x[i] ~ ... ran, one column for both)", () => {
  const hint = "give the tracked value another name (e.g. 'x_value')";
  assert.equal(only("model m(n) {\n  for i in 0..n { x[i] ~ normal(0, 1) }\n  track x = 3\n}"), `duplicate-address 3:3 'x' is both a tracked name and the address of a random choice (x/* at 2:19) | ${hint}`);
  assert.equal(only("model m(n) {\n  track x = 3\n  for i in 0..n { x[i] ~ normal(0, 1) }\n}"), `duplicate-address 2:3 'x' is both a tracked name and the address of a random choice (x/* at 3:19) | ${hint}`);
  assert.equal(only("model s() { a ~ normal(0, 1); return a }\nmodel m() {\n  x ~ s()\n  track x = 1\n}"), `duplicate-address 4:3 'x' is both a tracked name and the address of a random choice (x at 3:3) | ${hint}`);
  // Exclusive arms may share the name; another model's choice of that name does not clash.
  assert.deepEqual(errs("model m(c) {\n  if c { x ~ normal(0, 1) } else { track x = 3 }\n}\nmodel k() { track x = 1 }"), []);
});

test("named arguments in any order: logpdf's distribution, load's path and param's name are found by name", () => {
  assert.deepEqual(errs("let lp = logpdf(x: 1, d: normal(0, 1))"), []);
  assert.equal(only("let lp = logpdf(x: normal(0, 1), d: 2)"), "not-a-distribution 1:37 logpdf needs a distribution first, not the number 2 | logpdf(normal(0, 1), x)");
  assert.match(only('let a = load(path: "/etc/passwd")'), /^path-outside 1:20 load: '\/etc\/passwd' is an absolute path/);
  assert.match(only("model m() { let w = param(init: 1.0, name: 3) }"), /^bad-option 1:44 param needs the parameter's name as a string/);
});

test("a random choice named like a distribution hides it: calling the name is a located error saying so (it was 'cannot call a number' at run time)", () => {
  assert.equal(only("model m() {\n  beta ~ normal(0, 1)\n  p ~ beta(1, 1)\n}\n"),
    "not-callable 3:7 'beta' is a random choice here (2:3), not the distribution beta | the choice hides beta(...) from its line on: rename the choice (e.g. beta_ ~ ...)");
  // A sub-model's value may be a function: calling it is not flagged.
  assert.deepEqual(errs("model mk() {\n  a ~ normal(0, 1)\n  return fn(x) => a * x\n}\nmodel m() {\n  f ~ mk()\n  observe(normal(f(2), 1), 0.5)\n}\n"), []);
});

test("a random choice written with = or R's <- says to write ~ (it said 'define it first (let x = ...)')", () => {
  assert.equal(only("model m() {\n  x = normal(0, 1)\n}"), "unknown-name 2:3 unknown name 'x': '=' assigns to an existing var | a random choice is written x ~ ..., a new value let x = ...");
  assert.equal(only("model m() {\n  y <- normal(0, 1)\n}"), "unknown-name 2:3 unknown name 'y': `<-` is not assignment in Borel (this reads as y < -...) | a random choice is written y ~ ..., a value let y = ...");
  // An unknown name assigned something else keeps the general hint.
  assert.match(only("model m() {\n  z = 3\n}"), /^unknown-name 2:3 unknown name 'z' \| define it first/);
});
