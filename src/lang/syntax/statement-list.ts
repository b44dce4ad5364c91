/**
 * The statements of a program or block, collected in source order by the grammar's actions, with the rules
 * the grammar leaves open: two statements on one line need a `;` between them — except after a statement that
 * ends with its block's `}` (`if`, `for`, a model or fn declaration), which nothing can continue but `else`
 * (`if n <= 1 { return 1 } return n * f(n - 1)`) — and misplaced statements
 * (models, queries, imports in a body; `var`, assignment, `if`, `for`, `return`, `~`, observe, factor, track at
 * the top level) are reported with a hint and left out of the tree.
 */
import { BorelError, type Span } from "../../util/errors.js";
import type * as A from "./ast.js";
import { ifValueStatement, type AnyStmt, type BuildContext } from "./build.js";
import { FOREIGN_KEYWORDS } from "./foreign-keywords.js";

const TOP_ONLY: Partial<Record<AnyStmt["kind"], string>> = {
  Model: "models are declared at the top level of a file, not inside another body",
  Query: "queries run at the top level of a file, not inside a body",
  Import: "imports go at the top level of a file",
};

const BODY_ONLY: Partial<Record<AnyStmt["kind"], string>> = {
  Var: "`var` declares a mutable local inside a model or fn; use `let` at the top level",
  Assign: "assignment changes a `var` inside a model or fn body",
  If: "an `if` without `else` goes inside a model or fn body (at the top level, an `if ... else ...` is a value)",
  ForRange: "`for` loops go inside a model or fn body",
  ForEach: "`for` loops go inside a model or fn body",
  Return: "`return` is only allowed inside a model or fn body",
  Sample: "`~` makes a random choice and is only allowed inside a model body",
  Observe: "observe is only allowed inside a model body",
  Factor: "factor is only allowed inside a model body",
  Track: "`track` records a quantity inside a model body",
};

const WHAT: Partial<Record<AnyStmt["kind"], string>> = {
  Model: "a model declaration", Query: "a query", Import: "an import", Var: "`var`", Assign: "an assignment",
  If: "`if`", ForRange: "`for`", ForEach: "`for`", Return: "`return`", Sample: "`~`", Observe: "observe",
  Factor: "factor", Track: "`track`",
};

/** Statements whose last token is the `}` of their block. */
const ENDS_WITH_BLOCK: ReadonlySet<AnyStmt["kind"]> = new Set(["If", "ForRange", "ForEach", "Model", "Fn"]);

/** The first line of a span (errors point at a statement's start). */
function firstLine(s: Span): Span {
  return { ...s, endLine: s.line, endCol: s.line === s.endLine ? s.endCol : s.col };
}

export class StatementList {
  private readonly stmts: AnyStmt[] = [];
  /** Line where the previous statement ended; 0 at the start and after a `;`. */
  private prevEnd = 0;

  constructor(private readonly b: BuildContext) {}

  semicolon(): void {
    this.prevEnd = 0;
  }

  add(s: AnyStmt | undefined): void {
    if (!s) return;
    const placeholder = s.kind === "ExprStmt" && s.expr.kind === "Identifier" && s.expr.name === "";
    const prev = this.stmts[this.stmts.length - 1];
    // `const a = 3`: a keyword of another language read as a name, then a statement on the same line.
    if (this.prevEnd !== 0 && s.span.line === this.prevEnd && prev?.kind === "ExprStmt" && prev.expr.kind === "Identifier" && Object.hasOwn(FOREIGN_KEYWORDS, prev.expr.name))
      this.b.errors.push(new BorelError("syntax", `'${prev.expr.name}' is not a Borel keyword`, { span: prev.expr.span, hint: FOREIGN_KEYWORDS[prev.expr.name] }));
    else if (this.prevEnd !== 0 && s.span.line === this.prevEnd && !placeholder)
      this.b.errors.push(new BorelError("syntax", "expected a new line or ';' before this statement", {
        span: firstLine(s.span),
        hint: "put each statement on its own line, or separate statements on one line with ';'",
      }));
    this.prevEnd = ENDS_WITH_BLOCK.has(s.kind) ? 0 : s.span.endLine;
    this.stmts.push(s);
  }

  /** The statements allowed at the top level; the others are reported. */
  topItems(): A.TopItem[] {
    for (let i = 0; i < this.stmts.length; i++) {
      const s = this.stmts[i]!;
      if (s.kind === "If") this.stmts[i] = ifValueStatement(s) ?? s;
    }
    return this.keep(BODY_ONLY, "at the top level") as A.TopItem[];
  }

  /** The statements allowed in a body; the others are reported. */
  body(): A.Stmt[] {
    return this.keep(TOP_ONLY, "inside a body") as A.Stmt[];
  }

  private keep(forbidden: Partial<Record<AnyStmt["kind"], string>>, where: string): AnyStmt[] {
    return this.stmts.filter((s) => {
      const why = forbidden[s.kind];
      if (why) this.b.errors.push(new BorelError("syntax", `${WHAT[s.kind]} is not allowed ${where}`, { span: firstLine(s.span), hint: why }));
      return !why;
    });
  }
}
