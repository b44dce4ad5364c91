// The sandbox: a Borel program cannot reach the host. Each escape attempt below is refused with a clear,
// located BorelError — by the static checks, by the compiler (user names are mangled; the only free name of
// the generated code is the runtime object), or at run time (own-key member access, budgets, load paths).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileProgram, prepareQuery, type CompileOptions } from "../../src/lang/program.js";
import { parse } from "../../src/lang/syntax/parse.js";
import { emitProgram } from "../../src/lang/compile/emit-program.js";
import { makeBuiltins } from "../../src/lang/runtime/builtins.js";
import { Budget } from "../../src/lang/runtime/budget.js";
import { noLoader } from "../../src/lang/runtime/load.js";
import { Rng } from "../../src/rand/rng.js";
import { formatError, isBorelError, type BorelError } from "../../src/util/errors.js";

/** The error a program stops with (static or at run time; `run` simulates model `m` with those arguments). */
function refusal(source: string, o: Opts & { file?: string } = {}): BorelError {
  const p = compileProgram(source, o.file ?? "s.borel", o);
  let err: unknown = p.errors[0];
  if (err === undefined && o.queries) {
    try { prepareQuery(p.queries[0]); } catch (e) { err = e; }
  }
  if (err === undefined && o.run) {
    try { p.models.m.simulate(o.run, new Rng(1)); } catch (e) { err = e; }
  }
  assert.ok(isBorelError(err), `the program was not refused: ${source} (${String(err)})`);
  return err as BorelError;
}

/** Also without the static checks: the compiler and the runtime refuse on their own. */
function refusedUnchecked(source: string, o: CompileOptions & { run?: unknown[] } = {}): BorelError {
  return refusal(source, { ...o, skipCheck: true });
}

type Opts = CompileOptions & { run?: unknown[]; queries?: boolean };

const attempts: [name: string, source: string, code: RegExp, message: RegExp, opts?: Opts][] = [
  ["constructor.constructor of a function", "let f = fn() => 1\nlet v = f.constructor.constructor(\"return process\")()", /forbidden-key/, /'constructor' is not allowed/],
  ["constructor of a record", "let r = {a: 1}\nlet v = r.constructor", /forbidden-key/, /'constructor' is not allowed/],
  ["__proto__ of a record", "let r = {a: 1}\nlet v = r.__proto__", /forbidden-key/, /'__proto__' is not allowed/],
  ["prototype of a record", "let r = {a: 1}\nlet v = r.prototype", /forbidden-key/, /'prototype' is not allowed/],
  ["a computed key spelling constructor", "let r = {a: 1}\nlet v = r[\"constr\" + \"uctor\"]", /forbidden-key/, /'constructor' is not allowed/],
  ["a computed __proto__ key", "let r = {a: 1}\nlet k = \"__pro\" + \"to__\"\nlet v = r[k]", /forbidden-key/, /'__proto__' is not allowed/],
  ["a record literal with a __proto__ field", "let v = {__proto__: 1}", /forbidden-key|duplicate|syntax/, /__proto__/],
  ["a field of a string", "let v = \"abc\".constructor", /forbidden-key|type-error/, /constructor/],
  ["a field of a builtin function", "let v = map.call", /type-error/, /cannot read field 'call' of a function/],
  ["a field of an array", "let v = [1, 2].length", /type-error/, /cannot read field 'length' of an array|only records have fields|cannot read field/],
  ["a builtin callback's this", "let v = map(fn(x) => this, [1])", /unknown-name/, /unknown name 'this'/],
  ["globalThis", "let v = globalThis", /unknown-name/, /unknown name 'globalThis'/],
  ["process", "let v = process.exit(1)", /unknown-name/, /unknown name 'process'/],
  ["require", "let fs = require(\"fs\")", /unknown-name/, /unknown name 'require'/],
  ["eval", "let v = eval(\"1 + 1\")", /unknown-name/, /unknown name 'eval'/],
  ["Function", "let v = Function(\"return 1\")", /unknown-name/, /unknown name 'Function'/],
  ["dynamic import(", "let v = import(\"fs\")", /syntax|parse|expected/i, /./],
  ["load(\"../x\")", "let v = load(\"../x.json\")", /load-outside|path-outside/, /outside|leaves/],
  ["load(\"/etc/passwd\")", "let v = load(\"/etc/passwd\")", /load-outside|path-outside/, /absolute|outside/],
  ["load with a traversal inside the path", "let v = load(\"data/../../../etc/passwd\")", /load-outside|path-outside/, /outside|leaves/],
  ["load with a computed path", "let p = \"..\" + \"/x.json\"\nlet v = load(p)", /load-outside/, /leaves the program's folder/],
  ["import outside the folder", "import \"../../etc/passwd\"\nlet v = 1", /load-outside|path-outside|import/, /outside|cannot|not found|leaves/],
  ["zeros(1e12)", "let v = zeros(1e12)", /memory-budget/, /more than the budget of 10000000/],
  ["range(1e12)", "let v = range(0, 1e12)", /memory-budget/, /more than the budget/],
  ["a string bomb", "fn bomb(s, n) { if n == 0 { s } else { bomb(s + s, n - 1) } }\nlet v = bomb(\"ab\", 64)", /memory-budget/, /the joined string would have/],
  ["an array bomb", "fn grow(xs, n) { if n == 0 { xs } else { grow(concat(xs, xs), n - 1) } }\nlet v = grow([1], 64)", /memory-budget/, /concat/],
  ["an infinite loop", "fn spin() { var s = 0\n for i in 0..1e18 { s = s + 1 }\n s }\nlet v = spin()", /step-budget/, /more than 1000000 steps/, { budget: { maxSteps: 1e6 } }],
  // Builtins count the elements they visit: a loop of 10^4 sums over 10^3 elements is 10^7 steps, not 10^4.
  ["a loop of builtins over a big array", "let xs = range(0, 1000)\nfn go(n) { var s = 0\n for i in 0..n { s = s + sum(slice(xs, i % 2, 1000)) }\n s }\nlet v = go(10000)", /step-budget/, /elements visited by builtins/, { budget: { maxSteps: 1e6 } }],
  ["a loop of vector arithmetic", "let v0 = zeros(1000)\nfn go(n) { var w = v0\n for i in 0..n { w = w + 1 }\n sum(w) }\nlet v = go(10000)", /step-budget/, /steps/, { budget: { maxSteps: 1e6 } }],
  ["a loop of matrix products", "let M = matrix(map(fn(i) { ones(100) }, range(100)))\nfn go(n) { var A = M\n for i in 0..n { A = A * M / 100 }\n A }\nlet v = go(50)", /step-budget/, /steps/, { budget: { maxSteps: 1e6 } }],
  ["an infinite loop in a model", "model m() {\n  var s = 0\n  for i in 0..1e18 { s = s + 1 }\n}", /step-budget/, /steps/, { budget: { maxSteps: 1e6 }, run: [] }],
  ["a prototype-bending option name in a query", "model m() { x ~ normal(0, 1) }\nquery m() using importance(__proto__: {particles: 1})", /forbidden-key|unknown-option/, /__proto__/, { queries: true }],
  ["deep recursion", "fn f(n) { f(n + 1) + 1 }\nlet v = f(0)", /recursion-depth/, /recursion too deep/],
  ["deep recursion of a model", "model m(n) {\n  x ~ m(n + 1)\n  return x\n}", /recursion-depth/, /recursion too deep/, { run: [0] }],
];

for (const [name, source, code, message, opts] of attempts) {
  test(`refused: ${name}`, () => {
    const e = refusal(source, opts);
    assert.match(e.code, code, formatError(e, { source }));
    assert.match(e.message, message, formatError(e, { source }));
    assert.ok(e.span, `located: ${formatError(e)}`);
  });
}

test("without the static checks, the compiler and the runtime still refuse host names and forbidden keys", () => {
  for (const src of ["let v = globalThis", "let v = process", "let v = require", "let v = eval", "let v = this", "let v = constructor"])
    assert.equal(refusedUnchecked(src).code, "unknown-name", src);
  assert.equal(refusedUnchecked("let r = {a: 1}\nlet v = r[\"constr\" + \"uctor\"]").code, "forbidden-key");
  assert.equal(refusedUnchecked("let v = load(\"/etc/passwd\")").code, "load-outside");
  assert.equal(refusal("model m() { x ~ normal(0, 1) }\nquery m() using importance(__proto__: {particles: 1})", { skipCheck: true, queries: true }).code, "forbidden-key");
});

test("a symlink pointing out of the program's folder is refused; a file inside is read", () => {
  const root = mkdtempSync(join(tmpdir(), "borel-sandbox-"));
  try {
    mkdirSync(join(root, "prog"));
    writeFileSync(join(root, "secret.json"), "[1, 2, 3]");
    writeFileSync(join(root, "prog", "ok.json"), "[4, 5]");
    symlinkSync(join(root, "secret.json"), join(root, "prog", "link.json"));
    const file = join(root, "prog", "main.borel");
    const e = refusal("let v = load(\"link.json\")", { file, skipCheck: true });
    assert.equal(e.code, "load-outside");
    assert.match(e.message, /symbolic link/);
    const ok = compileProgram("let v = load(\"ok.json\")", file);
    assert.deepEqual(ok.errors, []);
    assert.deepEqual(ok.values.v, Float64Array.from([4, 5]));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("strings cannot break out of the generated code; user names cannot meet the runtime's", () => {
  const p = compileProgram('let S = "\\"); process.exit(1); (\\""\nlet $B = 1', "s.borel");
  assert.ok(p.errors.length > 0);   // `$` is not a Borel identifier character
  const q = compileProgram('let S = "\\"); process.exit(1); (\\""\nlet B = S + "x"\nlet u_x = 1\nlet v = B', "s.borel");
  assert.deepEqual(q.errors, []);
  assert.equal(q.values.v, '"); process.exit(1); ("x');
});

/** Identifiers of generated JavaScript that are references (not property names, not inside strings). */
function referencedNames(code: string): Set<string> {
  const noStrings = code.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const out = new Set<string>();
  for (const m of noStrings.matchAll(/(?<![.\w$])([A-Za-z_$][\w$]*)/g)) out.add(m[1]);
  return out;
}

test("the generated code's only free name is the runtime object: every other name is mangled or the compiler's", () => {
  const source = `
fn helper(x, y) { let z = x + y
  if z > 0 { z } else { -z } }
model m(data) {
  var s = 0
  mu ~ normal(0, 1)
  for i in 0..len(data) {
    x[i] ~ normal(mu, 1)
    s = s + helper(x[i], 1)
    observe(normal(x[i], 1), data[i])
  }
  track total = s
  return map(fn(v) => v * mu, data)
}
let globalThisLike = 1
query m([1, 2]) using importance(particles: 10)`;
  const { program } = parse(source, "g.borel");
  const { code } = emitProgram(program, { globals: [], imports: [], builtins: new Set(Object.keys(makeBuiltins(new Budget(), noLoader()))) });
  const keywords = new Set(["const", "let", "return", "if", "else", "for", "true", "false", "undefined", "null", "use", "strict"]);
  for (const n of referencedNames(code))
    assert.ok(keywords.has(n) || n === "S" || n.startsWith("$") || /^u_\w+\$\d+$/.test(n), `unexpected free name '${n}' in the generated code`);
});
