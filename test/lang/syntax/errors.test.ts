// Syntax errors: each is a BorelError with code "syntax", a file:line:col, a message naming what was expected
// and found, and a hint in plain words; one run reports several; limits give an error, never a crash.
import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_NESTING, MAX_TREE_DEPTH } from "../../../src/lang/syntax/limits.js";
import { parse } from "../../../src/lang/syntax/parse.js";

/** "line:col message | hint" for each error of `src`. */
function errs(src: string): string[] {
  return parse(src, "e.borel").errors.map((e) => {
    assert.equal(e.code, "syntax");
    assert.equal(e.span?.file, "e.borel");
    return `${e.span!.line}:${e.span!.col} ${e.message} | ${e.hint}`;
  });
}

function first(src: string): string {
  const all = errs(src);
  assert.ok(all.length > 0, `no error for ${JSON.stringify(src)}`);
  return all[0]!;
}

test("a block left open names the line and column of its '{'", () => {
  assert.equal(first("model m() {\n  x ~ normal(0, 1)\n  if x > 0 {\n    y ~ normal(x, 1)\n}\n"),
    "5:2 expected '}' but found the end of the file | expected '}' to close the block opened at 1:11");
});

test("a call left open points after its last argument and names the '('", () => {
  assert.equal(first("model m() {\n  let y = f(1, 2\n  z ~ normal(0, 1)\n}"),
    "2:17 expected ')' but found 'z' | expected ')' to close the '(' opened at 2:12");
});

test("`~` with nothing on its right", () => {
  assert.equal(first("model m() {\n  x ~\n}"), "2:6 expected an expression but found '}' | `~` needs a distribution on its right, e.g. `x ~ normal(0, 1)`");
});

test("missing operand, value, condition, given value", () => {
  assert.equal(first("let a = b + * c"), "1:13 expected an expression but found '*' | '+' needs an operand on its right");
  assert.equal(first("let a ="), "1:8 expected an expression but found the end of the file | a value must follow '='");
  assert.equal(first("model m() { if ) { } }"), "1:16 expected a condition after 'if' but found ')' | `if x > 0 { ... } else { ... }`");
  assert.equal(first("model m() { x ~ normal(0, 1)\n if\n}"), "3:1 expected a condition after 'if' but found '}' | `if x > 0 { ... } else { ... }`");
  assert.equal(first("model m() { x ~ normal(0, 1) given }"), "1:36 expected an expression but found '}' | `given` needs the observed value: `y[i] ~ normal(mu, 1) given ys[i]`");
});

test("keywords cannot be names", () => {
  assert.equal(first("let model = 3"), "1:5 expected a name but found 'model' | 'model' is a reserved word and cannot be used as a name");
  // `5.` at the end of a line: the '.' reads as a field access, the next line's keyword as the field.
  assert.equal(first("let a = 5.\nlet b = 2"), "1:11 expected a name but found 'let' | a number needs a digit after its decimal point: write 5.0 (or 5)");
  // `.5`: the hint says to write 0.5 (it said "a value must follow '='").
  assert.equal(first("let a = .5"), "1:9 expected an expression but found '.' | a number needs a digit before its decimal point: write 0.5");
  assert.match(first("let b = [1, .25]"), /\| a number needs a digit before its decimal point: write 0\.25$/);
  assert.match(first("let c = r . 5"), /\| a field name follows/);
});

test("a `~` inside an expression: the hint says ~ is a statement (it said 'a value must follow =', 'expected }')", () => {
  const hint = "`~` is a statement, not part of an expression: write `v ~ d` (or `v ~ m(args)`) on a line of its own, without let, then use v";
  for (const src of ["model n() {\n  let v = ~ m()\n}", "model n() {\n  return ~ m()\n}", "model n() {\n  let w = (y ~ normal(0, 1))\n}", "model n() {\n  let x ~ normal(0, 1)\n}"])
    assert.ok(first(src).endsWith(`| ${hint}`), `${src}: ${first(src)}`);
});

test("for, query, import, record, if-expression and lambda shapes have their own hints", () => {
  assert.equal(first("model m() { for i 0..3 { } }"), "1:19 expected 'in' but found '0' | a for loop reads `for i in 0..n { ... }` or `for x in xs { ... }`");
  assert.equal(first("query m(1) importance()"), "1:12 expected 'using' but found 'importance' | a query ends with `using method(options)`, e.g. `using importance(particles: 1000)`");
  assert.equal(first("import hmm"), "1:8 expected a string but found 'hmm' | `import` takes a quoted path: `import \"stdlib/models/hmm\"`");
  assert.equal(first("let r = {a 1}"), "1:12 expected ':' but found '1' | record fields are written `name: value`");
  assert.equal(first("let v = if a { 1 }"), "1:19 expected 'else' but found the end of the file | an `if` used as a value needs an `else` branch: `if c { 1 } else { 2 }`");
  assert.equal(first("let f = fn(x) x"), "1:15 expected '{' or '=>' but found 'x' | an anonymous fn is `fn(x) { ... }` or `fn(x) => x + 1`");
  assert.equal(first("model m() { if x > 0\n y ~ normal(0, 1) }"), "1:21 expected '{' but found 'y' | the body of `if` goes in braces: `if x > 0 { ... }`");
  assert.equal(first("let a = r.3"), "1:11 expected a name but found '3' | a field name follows '.': `r.a`");
});

test("two statements on one line need a ';'", () => {
  assert.equal(first("let a = 1 let b = 2"), "1:11 expected a new line or ';' before this statement | put each statement on its own line, or separate statements on one line with ';'");
  assert.deepEqual(errs("let a = 1; let b = 2"), []);
  // A statement that ends with its block's '}' needs neither: nothing but `else` can continue it.
  assert.deepEqual(errs("fn f(n) { if n <= 1 { return 1 } return n * f(n - 1) }"), []);
  assert.deepEqual(errs("fn f(xs) { var s = 0; for x in xs { s = s + x } return s } let y = f([1, 2])"), []);
  assert.equal(first("fn f() { let g = fn(x) { return x } let y = 2 }"), "1:37 expected a new line or ';' before this statement | put each statement on its own line, or separate statements on one line with ';'");
});

test("stray closing brackets", () => {
  assert.deepEqual(errs("}\nlet a = 1\n)"), ["1:1 unexpected '}' | this '}' has no matching '{'", "3:1 unexpected ')' | this ')' has no matching '('"]);
});

test("misplaced statements: ~ and var at the top level, a model inside a model", () => {
  assert.deepEqual(errs("x ~ normal(0, 1)\nvar v = 1\nmodel m() {\n  model n() { }\n}\nreturn 3"), [
    "1:1 `~` is not allowed at the top level | `~` makes a random choice and is only allowed inside a model body",
    "2:1 `var` is not allowed at the top level | `var` declares a mutable local inside a model or fn; use `let` at the top level",
    "4:3 a model declaration is not allowed inside a body | models are declared at the top level of a file, not inside another body",
    "6:1 `return` is not allowed at the top level | `return` is only allowed inside a model or fn body",
  ]);
});

test("a top-level if: with else at every level it is a value (as in the REPL); without, a located error", async () => {
  assert.deepEqual(errs('let a = 1\nif a > 0 { "pos" } else if a < 0 { "neg" } else { "zero" }'), []);
  assert.deepEqual(errs("if true { 1 }"), ["1:1 `if` is not allowed at the top level | an `if` without `else` goes inside a model or fn body (at the top level, an `if ... else ...` is a value)"]);
  const { compileProgram } = await import("../../../src/lang/program.js");
  const shown: unknown[] = [];
  const p = compileProgram('let a = -2\nif a > 0 { "pos" } else if a < 0 { "neg" } else { "zero" }', "if.borel", { onValue: (v) => shown.push(v) });
  assert.deepEqual([p.errors, shown], [[], ["neg"]]);
});

test("the left of ~ must be a name, optionally indexed; only a variable can be assigned", () => {
  assert.equal(first("model m() { f(x) ~ normal(0, 1) }"), "1:13 the left of `~` must be a name, optionally indexed | write `x ~ normal(0, 1)` or `x[i] ~ normal(0, 1)` (the address is x or x/i)");
  assert.equal(first("model m() { f(x) = 2 }"), "1:13 only a variable can be assigned | assign a whole `var` (x = ...); arrays and records are values: build a new one instead");
});

test("assigning an element or a field: the hint says how to build a new array or record and assign the var holding it", () => {
  assert.equal(first("model m() { var a = [1]\n a[0] = 2 }"), "2:2 only a variable can be assigned | arrays are values and do not change in place: build a new array and assign it to a var holding it, e.g. `a = concat(slice(a, 0, i), concat([v], slice(a, i + 1)))`, or make every element at once with map(fn(i) => ..., range(n))");
  assert.equal(first("fn f() { var r = {a: 1, b: 2}\n r.a = 2 }"), "2:2 only a variable can be assigned | records are values and do not change in place: build a new record and assign it to a var holding it, e.g. `r = {a: ..., other: r.other}`");
  assert.match(first("fn f() { var r = {a: [1]}\n r.a[0] += 2 }"), /^2:2 only a variable can be assigned \| arrays are values/);
});

test("a malformed number is one lexical error naming it (`1e` read as 1 then e: 'expected a new line or ;')", () => {
  assert.deepEqual(errs("let a = 1e"), ["1:9 malformed number '1e' | an exponent needs digits: 1e3, 2.5E-6"]);
  assert.deepEqual(errs("let a = 2.5E+\nlet b = 1"), ["1:9 malformed number '2.5E+' | an exponent needs digits: 1e3, 2.5E-6"]);
  assert.deepEqual(errs("let a = 0x10"), ["1:9 malformed number '0x10' | numbers are decimal in Borel: write 16"]);
  assert.deepEqual(errs("let a = 0b101"), ["1:9 malformed number '0b101' | numbers are decimal in Borel: write 5"]);
  assert.deepEqual(errs("let a = 1_000_000"), ["1:9 malformed number '1_000_000' | digits cannot be grouped with _: write 1000000"]);
  assert.match(first("let a = 12abc"), /^1:9 malformed number '12abc' \| a number cannot run into letters/);
  assert.match(first("let a = 1e5x"), /^1:9 malformed number '1e5x'/);
  // Well-formed numbers, ranges and member access after a number are unchanged.
  assert.deepEqual(errs("let a = 1e5 + 2.5E-6 + 1e+3 + 3E2\nfn f(n) { for i in 0..n { } }\nlet b = [1, 2]"), []);
  // Beyond the doubles: not a silent Infinity or 0.
  assert.deepEqual(errs("let a = 1e999"), ["1:9 the number 1e999 is beyond the largest number (about 1.8e308) | write inf for infinity, or work on the log scale"]);
  assert.deepEqual(errs("let a = 1e-999"), ["1:9 the number 1e-999 is below the smallest positive number (about 5e-324) | write 0, or work on the log scale"]);
  assert.deepEqual(errs("let a = 5e-324 + 1e308 + 0.0 + 0e10"), []);
});

test("lexical errors: unknown characters, unterminated strings and comments, bad escapes", () => {
  assert.equal(first("let a = 1 # comment"), "1:11 unexpected character '#' | comments start with // or are enclosed in /* */");
  assert.equal(first("let s = 'x'"), "1:9 unexpected character ''' | strings use double quotes: \"text\"");
  assert.equal(first('let s = "abc\nlet t = 1'), "1:9 unterminated string | close the string with \" on the same line (write a line break as \\n)");
  assert.equal(first('let s = "a\\qb"'), "1:9 invalid escape in a string | the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX (four hex digits)");
  assert.equal(first("/* never closed\nlet a = 1"), "1:1 unterminated comment | close the comment opened here with '*/'");
});

test("one run reports several errors, in source order", () => {
  const all = errs("model m() {\n  x ~\n  let = 3\n  y ~ normal(0, 1)\n}\nlet b = 1 +\nquery m() using\n");
  assert.ok(all.length >= 3, all.join("\n"));
  const lines = all.map((e) => Number(e.split(":")[0]));
  assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
  assert.ok(all.some((e) => e.startsWith("2:")) && all.some((e) => e.startsWith("3:")) && all.some((e) => e.startsWith("7:") || e.startsWith("8:")), all.join("\n"));
});

test("nesting limits give one located error instead of a stack overflow", () => {
  const deepParens = `let a = ${"(".repeat(MAX_NESTING + 1)}1${")".repeat(MAX_NESTING + 1)}`;
  assert.match(first(deepParens), new RegExp(`^1:${9 + MAX_NESTING} the program nests more than ${MAX_NESTING} levels deep here`));
  assert.deepEqual(errs(`let a = ${"(".repeat(MAX_NESTING - 1)}1${")".repeat(MAX_NESTING - 1)}`), []);
  assert.match(first(`let a = ${"-".repeat(100_000)}1`), /nests more than/);
  assert.match(first(`let a = ${"1 + ".repeat(MAX_TREE_DEPTH + 10)}1`), new RegExp(`nests more than ${MAX_TREE_DEPTH} levels`));
  assert.match(first(`fn f(a) { if a {1} ${"else if a {1} ".repeat(20_000)}}`), /nests/);
  assert.match(first(`let f = ${"fn(x) => ".repeat(20_000)}1`), /nests/);
});

test("a long file of broken statements reports its first error (recovery recursed once per error: 'nests too deeply' from ~700 lines)", () => {
  for (const n of [1000, 5000]) {
    const body = errs("fn f() {\n" + "  let a = 1, 2\n".repeat(n) + "}\n");
    assert.equal(body.length, 50);
    assert.equal(body[0], "2:12 expected '}' but found ',' | expected '}' to close the block opened at 1:8");
    const top = errs("model m() { x ~ normal(0, 1) }\n" + "query m(), 2 using mh\n".repeat(n));
    assert.equal(top.length, 50);
    assert.match(top[0]!, /^2:10 /);
    assert.ok([...body, ...top].every((e) => !/nests/.test(e)));
  }
});

test("a data file run as a program: its first error, with a hint to load it (CSV of 1000 lines said 'nests too deeply')", () => {
  const csv = (n: number) => "1,1,-61.1,0.7\n".repeat(n);
  const hint = 'this looks like a data file (CSV), not a Borel program: save it as a .csv file and read it in a program with load("data.csv"), or pass it to one with borel run PROGRAM --data NAME=data.csv';
  for (const n of [3, 700, 1000, 10_000]) assert.deepEqual(errs(csv(n)), [`1:2 unexpected ',' | ${hint}`], `${n} lines`);
  const named = parse("speed,dist\n4,2\n7,4\n", "cars.csv").errors;
  assert.deepEqual(named.map((e) => `${e.span!.line}:${e.span!.col} ${e.hint}`),
    ['1:6 this looks like a data file (CSV), not a Borel program: read it in a program with load("cars.csv"), or pass it to one with borel run PROGRAM --data NAME=cars.csv']);
  assert.match(first("a\tb\n1\t2\n"), /data file \(TSV\)/);
  // A broken program with commas is not data.
  assert.doesNotMatch(first("let a = f(1, 2\nlet b = 3"), /data file/);
  assert.doesNotMatch(errs("x, y\nlet z = 1").join("\n"), /data file/);
});

test("error recovery is linear: 20,000 broken lines parse in seconds (the resync scan to the end of the file was quadratic: minutes)", () => {
  const t0 = Date.now();
  const r = parse("1,1,-61.1,0.7\n".repeat(20_000), "big.borel");
  assert.deepEqual(r.errors.map((e) => `${e.span!.line}:${e.span!.col} ${e.message}`), ["1:2 unexpected ','"]);
  assert.ok(Date.now() - t0 < 20_000, `took ${Date.now() - t0} ms`);
});

test("errors are capped; long garbage never hangs", () => {
  const garbage = Array.from({ length: 100_000 }, (_, i) => "(){}[],;:.~=+-*/!<>xy1\"' \n"[(i * 7919) % 27]).join("");
  const r = parse(garbage, "g.borel");
  assert.ok(r.errors.length > 0 && r.errors.length <= 50);
  assert.ok(r.errors.every((e) => e.span && e.span.line >= 1));
});

test("a query's given that is not a record literal says so (the hint was the one for a model body)", () => {
  assert.equal(first("let g = {mu: 1}\nquery m() given g using importance()"), "2:17 expected '{' but found 'g' | a query's `given` is a record written in place: `given {p: 0.5, \"y/0\": 1.2}`");
});

test("a reserved word as a record field: quote it (the message was about a model or loop declaration)", () => {
  assert.equal(first("let r = {model: 1}"), `1:10 'model' is a reserved word and cannot be a bare field name | quote it, {"model": ...}, and read it as r["model"]`);
  assert.equal(first("let r = {a: 1, for: 2}"), `1:16 'for' is a reserved word and cannot be a bare field name | quote it, {"for": ...}, and read it as r["for"]`);
  assert.equal(first("let a = r.given"), `1:11 expected a name but found 'given' | 'given' is a reserved word: read a field of that name as r["given"]`);
  assert.deepEqual(errs(`let r = {"model": 1}\nlet a = r["model"]`), []);
});

test("a keyword of another language starting a statement is named, with the Borel way (while read as a name and a record: 'expected :')", () => {
  assert.equal(first("model m() {\n  var i = 0\n  while i < 3 { i = i + 1 }\n}"), "3:3 'while' is not a Borel keyword | Borel has no while loop: loop over a range, `for i in 0..n { ... }` (skip the rest with if), or recurse in a fn");
  assert.equal(first("function f(x) { x + 1 }"), "1:1 'function' is not a Borel keyword | functions are declared `fn name(params) { ... }`");
  assert.equal(first("const a = 3"), "1:1 'const' is not a Borel keyword | an immutable value is `let x = ...` (`var x = ...` for one that changes)");
  assert.equal(first("model m() {\n  x ~ normal(0, 1)\n  if x > 0 { y ~ normal(1, 1) } elif x < 0 { y ~ normal(2, 1) }\n}"), "3:33 'elif' is not a Borel keyword | write `else if`");
  // The same words as ordinary names are fine.
  assert.deepEqual(errs("let while = 3\nlet def = while + 1\nfn match(x) { x }\nlet c = match(def)"), []);
});
