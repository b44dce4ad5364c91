// grammar/borel.ebnf and grammar/diagrams.html are generated from the parser: regenerating them must give
// the committed files (run `npx tsx src/lang/syntax/grammar-docs.ts` after changing the grammar).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { diagramsHtml, ebnf, GRAMMAR_DIR, referenceWithTables } from "../../../src/lang/syntax/grammar-docs.js";
import { parse } from "../../../src/lang/syntax/parse.js";

test("grammar/borel.ebnf is up to date with the parser", () => {
  assert.equal(ebnf(), readFileSync(join(GRAMMAR_DIR, "borel.ebnf"), "utf8"), "regenerate: npx tsx src/lang/syntax/grammar-docs.ts");
});

test("grammar/diagrams.html is up to date with the parser", () => {
  assert.equal(diagramsHtml(), readFileSync(join(GRAMMAR_DIR, "diagrams.html"), "utf8"), "regenerate: npx tsx src/lang/syntax/grammar-docs.ts");
});

test("every rule of the parser appears in the EBNF", () => {
  const text = ebnf();
  for (const rule of ["program", "statement", "modelDecl", "queryStmt", "sampleTail", "expression", "operand", "lambda", "ifExpr"])
    assert.match(text, new RegExp(`^${rule} ::=`, "m"));
});

test("grammar/README.md's builtins and distributions tables are up to date", () => {
  const readme = readFileSync(join(GRAMMAR_DIR, "README.md"), "utf8");
  assert.equal(referenceWithTables(readme), readme, "regenerate: npx tsx src/lang/syntax/grammar-docs.ts");
  assert.doesNotMatch(readme, /\(undocumented\)/, "add the distribution to src/lang/syntax/dist-docs.ts");
});

test("the Borel examples in grammar/README.md parse", () => {
  const readme = readFileSync(join(GRAMMAR_DIR, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```borel\n([\s\S]*?)```/g)].map((m) => m[1]!);
  assert.ok(blocks.length >= 4);
  for (const b of blocks) assert.deepEqual(parse(b, "README.md").errors.map((e) => e.message), [], b);
});
