// grammar/borel.ebnf and grammar/diagrams.html are generated from the parser: regenerating them must give
// the committed files (run `npx tsx src/lang/syntax/grammar-docs.ts` after changing the grammar).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { diagramsHtml, ebnf, GRAMMAR_DIR } from "../../../src/lang/syntax/grammar-docs.js";

test("grammar/borel.ebnf is up to date with the parser", () => {
  assert.equal(ebnf(), readFileSync(join(GRAMMAR_DIR, "borel.ebnf"), "utf8"), "regenerate: npx tsx src/lang/syntax/grammar-docs.ts");
});

test("grammar/diagrams.html is up to date with the parser", () => {
  assert.equal(diagramsHtml(), readFileSync(join(GRAMMAR_DIR, "diagrams.html"), "utf8"), "regenerate: npx tsx src/lang/syntax/grammar-docs.ts");
});

test("every rule of the parser appears in the EBNF", () => {
  const text = ebnf();
  for (const rule of ["program", "statement", "modelDecl", "queryStmt", "sampleTail", "expression", "primary", "lambda", "ifExpr"])
    assert.match(text, new RegExp(`^${rule} ::=`, "m"));
});
