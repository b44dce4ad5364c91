// Compound assignment (`x += e`, `-=`, `*=`, `/=`), which Stan, C and JavaScript users write without
// thinking: it parses as `x = x op e` (so the checks of plain assignment apply), binds loosest (the whole
// right side is the operand), and runs.
import assert from "node:assert/strict";
import { test } from "node:test";
import type * as A from "../../../src/lang/syntax/ast.js";
import { parse } from "../../../src/lang/syntax/parse.js";
import { print } from "../../../src/lang/syntax/print.js";
import { compileProgram, callFunction } from "../../../src/lang/program.js";

test("x op= e parses as x = x op (e)", () => {
  for (const op of ["+", "-", "*", "/"]) {
    const r = parse(`fn f() { var s = 1\n s ${op}= 2 * 3 + 1\n return s }`, "t.borel");
    assert.deepEqual(r.errors, []);
    const assign = (r.program.items[0] as A.FnDecl).body.stmts[1] as A.AssignStmt;
    assert.equal(assign.kind, "Assign");
    assert.equal(assign.name.name, "s");
    const v = assign.value as A.BinaryExpr;
    assert.equal(v.op, op);
    assert.equal((v.left as A.Identifier).name, "s");
    assert.equal((v.right as A.BinaryExpr).op, "+");   // the whole right side
    assert.match(print(r.program), new RegExp(`s = s \\${op} \\(?2 \\* 3 \\+ 1\\)?`));
  }
});

test("compound assignment runs, and keeps the rules of assignment", () => {
  const p = compileProgram("fn f(xs) { var s = 0\n var q = 1\n for x in xs { s += x; q *= x; q -= 1; q /= 2 }\n return [s, q] }", "t.borel");
  assert.deepEqual(p.errors, []);
  assert.deepEqual(callFunction(p, "f", [[1, 2, 3]]), [6, -1.25]);
  const bad = compileProgram("fn f() { let s = 0\n s += 1\n return s }", "t.borel");
  assert.match(bad.errors.map((e) => e.message).join("\n"), /cannot assign to 's' \(declared with let\)/);
  const idx = parse("fn f() { var s = [0]\n s[0] += 1 }", "t.borel");
  assert.match(idx.errors.map((e) => e.message).join("\n"), /only a variable can be assigned/);
});

test("+ and = apart, and operators next to =, lex as before", () => {
  assert.deepEqual(parse("let a = -1\nlet b = a == -1\nlet c = 2 >= 1", "t.borel").errors, []);
  assert.ok(parse("fn f() { var s = 0\n s + = 1 }", "t.borel").errors.length > 0);
});
