/**
 * Generates the grammar documents from the parser itself, so they cannot drift from it:
 * `grammar/borel.ebnf` (the rules in EBNF, then the tokens) and `grammar/diagrams.html` (Chevrotain's
 * syntax diagrams). test/lang/syntax/grammar-docs.test.ts regenerates both and diffs them with the
 * committed files. Regenerate after changing grammar.ts or tokens.ts:
 *
 *   npx tsx src/lang/syntax/grammar-docs.ts
 */
import { readFileSync, realpathSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ISerializedGast } from "chevrotain";
import { createSyntaxDiagramsCode } from "./chevrotain.js";
import { distributionRegistry } from "../../dist/registry.js";
import { BUILTINS } from "../check/builtins.js";
import { DIST_DOCS } from "./dist-docs.js";
import { borelParser } from "./grammar.js";
import * as T from "./tokens.js";

/** The repository's grammar/ folder. */
export const GRAMMAR_DIR = fileURLToPath(new URL("../../../grammar/", import.meta.url));

type Gast = ISerializedGast & { name?: string; label?: string; definition?: Gast[] };

function terminal(g: Gast): string {
  return g.label?.startsWith("'") ? g.label : g.name!;
}

/** A sequence of productions as EBNF text. */
function seq(defs: readonly Gast[]): string {
  return defs.map(production).join(" ");
}

function group(defs: readonly Gast[], suffix: string): string {
  if (defs.length === 1 && defs[0]!.type === "Alternation") return `${production(defs[0]!)}${suffix}`;
  const inner = seq(defs);
  return defs.length === 1 && !inner.includes(" ") ? `${inner}${suffix}` : `( ${inner} )${suffix}`;
}

function production(g: Gast): string {
  switch (g.type) {
    case "Terminal":
      return terminal(g);
    case "NonTerminal":
      return g.name!;
    case "Option":
      return group(g.definition!, "?");
    case "Repetition":
      return group(g.definition!, "*");
    case "RepetitionMandatory":
      return group(g.definition!, "+");
    case "Alternation":
      return `( ${g.definition!.map((alt) => seq(alt.definition!)).join(" | ")} )`;
    case "Alternative":
      return seq(g.definition!);
    default:
      return `/* ${g.type} */`;
  }
}

/** A rule's body; a top-level alternation is written one alternative per line. */
function ruleBody(defs: readonly Gast[]): string {
  if (defs.length === 1 && defs[0]!.type === "Alternation")
    return defs[0]!.definition!.map((alt, i) => `${i === 0 ? "  " : "| "}${seq(alt.definition!)}`).join("\n    ");
  return seq(defs);
}

const HEADER = `(* Borel grammar, generated from the parser (src/lang/syntax/grammar.ts, tokens.ts) by
   src/lang/syntax/grammar-docs.ts: do not edit, regenerate with  npx tsx src/lang/syntax/grammar-docs.ts
   Notation: x? optional, x* zero or more, x+ one or more, ( a | b ) choice, 'x' a literal token.

   Rules the EBNF cannot show (see grammar/README.md):
   - No statement terminator: a statement ends where the next token cannot continue it. Two statements on
     one line need ';' between them.
   - A call '(' or an index '[' must start on the line where the callee or indexed value ends; a line that
     starts with '(' or '[' starts a new statement. A 'return' value must start on the line of 'return'.
   - expression: BinaryOperator chains are grouped by precedence, loosest first:
       ||   &&   == !=   < <= > >=   + -   * / %     (all left-associative);
     prefix - and ! bind tighter than any binary operator; calls, indexing and fields tighter still.
   - statement: an 'if' at the start of a statement is ifStmt (an ifExpr there must be parenthesized).
     Placement: model, query and import only at the top level; var, assignment, for, return, '~',
     observe, factor and track only inside a body; at the top level an ifStmt with 'else' at every level
     is the value of an ifExpr (shown, as any top-level expression), one without is an error. *)
`;

/** The lexical part: each token by its pattern. */
function tokensSection(): string {
  const lines = ["", "(* ---- tokens ---- *)", ""];
  const named = [T.Identifier, T.NumberLit, T.StringLit];
  for (const t of named) lines.push(`${t.name} ::= /${(t === T.Identifier ? T.IDENTIFIER : (t.PATTERN as RegExp)).source}/`);
  const ops = T.parserTokens.filter((t) => t.CATEGORIES?.includes(T.BinaryOperator)).map((t) => t.LABEL);
  lines.push(`BinaryOperator ::= ${ops.join(" | ")}`);
  lines.push(`keywords: ${[...T.KEYWORDS.keys()].join(" ")}`);
  lines.push("comments: // to the end of the line, and /* ... */ (not nested); white space separates tokens");
  return lines.join("\n");
}

/** The rules in reading order: from `program`, each rule after the first rule that uses it (breadth first). */
function orderedRules(): Gast[] {
  const all = borelParser().getSerializedGastProductions() as Gast[];
  const byName = new Map(all.map((r) => [r.name!, r]));
  const order: Gast[] = [];
  const seen = new Set<string>();
  const queue = ["program"];
  while (queue.length > 0) {
    const name = queue.shift()!;
    const rule = byName.get(name);
    if (!rule || seen.has(name)) continue;
    seen.add(name);
    order.push(rule);
    const visit = (g: Gast) => {
      if (g.type === "NonTerminal" && !seen.has(g.name!)) queue.push(g.name!);
      for (const d of g.definition ?? []) visit(d);
    };
    for (const d of rule.definition ?? []) visit(d);
  }
  return [...order, ...all.filter((r) => !seen.has(r.name!))];
}

/** grammar/borel.ebnf. */
export function ebnf(): string {
  const rules = orderedRules();
  const body = rules.map((r) => `${r.name} ::=\n    ${ruleBody(r.definition!)}`).join("\n\n");
  return `${HEADER}\n${body}\n${tokensSection()}\n`;
}

/** grammar/diagrams.html (railroad diagrams of every rule; loads its scripts from a CDN when opened). */
export function diagramsHtml(): string {
  return createSyntaxDiagramsCode(orderedRules());
}

const esc = (s: string) => s.replace(/\|/g, "\\|");

/** The builtins table of the language reference (from src/lang/check/builtins.ts). */
export function builtinsTable(): string {
  const rows = [...BUILTINS].map(([name, s]) => {
    const ps = s.params.map((p, i) => (i >= s.min ? `${p}?` : p));
    if (s.max === Infinity) ps.push("...");
    return `| \`${name}(${ps.join(", ")})\` | ${esc(s.doc)} |`;
  });
  return ["| builtin | meaning |", "|---|---|", ...rows].join("\n");
}

/** The distributions table of the language reference (signatures from src/dist/registry.ts). */
export function distributionsTable(): string {
  const rows = [...distributionRegistry.values()].map((e) => {
    const ps = e.params.map((p) => (p.default === undefined ? p.name : `${p.name} = ${p.default === -Infinity ? "-Infinity" : p.default}`));
    const doc = DIST_DOCS[e.name];
    return `| \`${e.name}(${ps.join(", ")})\` | ${doc ? esc(doc[0]) : "(undocumented)"} | ${doc ? esc(doc[1]) : ""} |`;
  });
  return ["| distribution | parameterization | values |", "|---|---|---|", ...rows].join("\n");
}

/** `text` with the region between `<!-- BEGIN name -->` and `<!-- END name -->` replaced by `body`. */
export function fillRegion(text: string, name: string, body: string): string {
  const begin = `<!-- BEGIN ${name} (generated by src/lang/syntax/grammar-docs.ts) -->`;
  const end = `<!-- END ${name} -->`;
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`grammar/README.md has no ${name} region`);
  return `${text.slice(0, i + begin.length)}\n${body}\n${text.slice(j)}`;
}

/** grammar/README.md with its generated tables brought up to date. */
export function referenceWithTables(readme: string): string {
  return fillRegion(fillRegion(readme, "builtins", builtinsTable()), "distributions", distributionsTable());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  writeFileSync(`${GRAMMAR_DIR}borel.ebnf`, ebnf());
  writeFileSync(`${GRAMMAR_DIR}diagrams.html`, diagramsHtml());
  const readme = `${GRAMMAR_DIR}README.md`;
  writeFileSync(readme, referenceWithTables(readFileSync(readme, "utf8")));
  console.log(`wrote ${GRAMMAR_DIR}borel.ebnf, diagrams.html and the tables of README.md`);
}
