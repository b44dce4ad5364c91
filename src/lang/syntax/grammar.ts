/**
 * Borel's grammar: a Chevrotain parser whose rules return AST nodes. The rules are class properties, so a
 * typo in a rule name fails to compile, and the generated grammar docs (grammar/borel.ebnf,
 * grammar/diagrams.html) come from them. Each action is one call into build.ts or statement-list.ts, wrapped
 * in ACTION (skipped while Chevrotain records the grammar). Building the tree in the actions rather than from
 * a concrete syntax tree halves the memory of a parse and the time of a program's first parse (measured on the
 * 5,000-line program of bench/compile.ts).
 *
 * Statements need no terminator: a statement ends where the next cannot continue it. Two consequences, both
 * gated here: a call `f(x)` or an index `a[i]` must open its bracket on the line where `f` or `a` ends (so a
 * line starting with `(` or `[` starts a new statement), and `return` takes a value only on its own line.
 * Placement rules (models at the top level, `~` inside models, ...) are not grammar: the parser accepts every
 * statement everywhere and StatementList reports misplaced ones.
 *
 * After a recognition error, a rule may return undefined (Chevrotain's recovery value): every use of a
 * subrule's value goes through `orHole`/`orEmpty`. The rules are split over three classes: grammar-base.ts
 * (machinery), grammar-expr.ts (expressions) and this file (statements).
 */
import type { IToken } from "chevrotain";
import type * as A from "./ast.js";
import * as B from "./build.js";
import { orEmpty, orHole } from "./grammar-base.js";
import { ExpressionRules } from "./grammar-expr.js";
import { StatementList } from "./statement-list.js";
import * as T from "./tokens.js";

export class BorelParser extends ExpressionRules {
  constructor(options: { validate?: boolean } = {}) {
    super(options);
    this.performSelfAnalysis();
  }

  program = this.RULE("program", (): A.TopItem[] => {
    const list = new StatementList(this.cx);
    this.statements(list);
    return this.ACTION(() => list.topItems());
  });

  override statement = this.RULE("statement", (): B.AnyStmt => this.OR(this.once("statement", () => [
    { ALT: () => this.SUBRULE(this.modelDecl) as B.AnyStmt },
    { ALT: () => this.SUBRULE(this.fnDecl) },
    { ALT: () => this.SUBRULE(this.letStmt) },
    { ALT: () => this.SUBRULE(this.varStmt) },
    { ALT: () => this.SUBRULE(this.ifStmt), IGNORE_AMBIGUITIES: true },
    { ALT: () => this.SUBRULE(this.forStmt) },
    { ALT: () => this.SUBRULE(this.returnStmt) },
    { ALT: () => this.SUBRULE(this.trackStmt) },
    { ALT: () => this.SUBRULE(this.queryStmt) },
    { ALT: () => this.SUBRULE(this.importStmt) },
    { ALT: () => this.SUBRULE(this.simpleStmt), IGNORE_AMBIGUITIES: true },
  ])));

  modelDecl = this.RULE("modelDecl", (): A.ModelDecl => {
    const first = this.CONSUME(T.Model);
    const name = this.CONSUME(T.Identifier);
    const params = this.SUBRULE(this.paramList);
    const body = this.SUBRULE(this.block);
    return this.ACTION(() => {
      const span = this.span(first);
      return { kind: "Model", name: B.ident(this.cx, name, span), params: params ?? [], body: orEmpty(body, span), span };
    });
  });

  fnDecl = this.RULE("fnDecl", (): A.FnDecl => {
    const first = this.CONSUME(T.Fn);
    const name = this.CONSUME(T.Identifier);
    const params = this.SUBRULE(this.paramList);
    const body = this.SUBRULE(this.block);
    return this.ACTION(() => {
      const span = this.span(first);
      return { kind: "Fn", name: B.ident(this.cx, name, span), params: params ?? [], body: orEmpty(body, span), span };
    });
  });

  override paramList = this.RULE("paramList", (): A.Param[] => {
    const names: IToken[] = [];
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      names.push(this.CONSUME(T.Identifier));
      this.listTail(T.RParen, () => names.push(this.CONSUME2(T.Identifier)));
    });
    this.CONSUME(T.RParen);
    return this.ACTION(() => names.filter((t) => B.real(t)).map((t) => ({ kind: "Param", name: t.image, span: B.tokenSpanOf(this.cx, t) })));
  });

  override block = this.RULE("block", (): A.Block => {
    const first = this.CONSUME(T.LCurly);
    const list = new StatementList(this.cx);
    this.statements(list);
    this.CONSUME(T.RCurly);
    return this.ACTION(() => ({ kind: "Block", stmts: list.body(), span: this.span(first) }));
  });

  letStmt = this.RULE("letStmt", (): A.LetStmt => {
    const first = this.CONSUME(T.Let);
    const name = this.CONSUME(T.Identifier);
    this.CONSUME(T.Assign);
    const init = this.SUBRULE(this.expression);
    return this.ACTION(() => {
      const span = this.span(first);
      return { kind: "Let", name: B.ident(this.cx, name, span), init: orHole(init, span), span };
    });
  });

  varStmt = this.RULE("varStmt", (): A.VarStmt => {
    const first = this.CONSUME(T.Var);
    const name = this.CONSUME(T.Identifier);
    this.CONSUME(T.Assign);
    const init = this.SUBRULE(this.expression);
    return this.ACTION(() => {
      const span = this.span(first);
      return { kind: "Var", name: B.ident(this.cx, name, span), init: orHole(init, span), span };
    });
  });

  ifStmt = this.RULE("ifStmt", (): A.IfStmt => {
    const first = this.CONSUME(T.If);
    const cond = this.SUBRULE(this.expression);
    const then = this.SUBRULE(this.block);
    let otherwise: A.Block | A.IfStmt | null = null;
    this.OPTION(() => {
      this.CONSUME(T.Else);
      otherwise = this.OR(this.once("ifStmt", () => [{ ALT: () => this.SUBRULE(this.ifStmt) as A.Block | A.IfStmt }, { ALT: () => this.SUBRULE2(this.block) }])) ?? null;
    });
    return this.ACTION(() => {
      const span = this.span(first);
      return { kind: "If", cond: orHole(cond, span), then: orEmpty(then, span), else: otherwise, span };
    });
  });

  forStmt = this.RULE("forStmt", (): A.ForRangeStmt | A.ForEachStmt => {
    const first = this.CONSUME(T.For);
    const variable = this.CONSUME(T.Identifier);
    this.CONSUME(T.In);
    const from = this.SUBRULE(this.expression);
    let to: A.Expr | undefined;
    let range = false;
    this.OPTION(() => {
      this.CONSUME(T.DotDot);
      range = true;
      to = this.SUBRULE2(this.expression);
    });
    const body = this.SUBRULE(this.block);
    return this.ACTION(() => {
      const span = this.span(first);
      const v = B.ident(this.cx, variable, span);
      const b = orEmpty(body, span);
      if (range) return { kind: "ForRange", variable: v, from: orHole(from, span), to: orHole(to, span), body: b, span };
      return { kind: "ForEach", variable: v, iterable: orHole(from, span), body: b, span };
    });
  });

  returnStmt = this.RULE("returnStmt", (): A.ReturnStmt => {
    const first = this.CONSUME(T.Return);
    let value: A.Expr | null = null;
    this.OPTION(this.gated(this.nextOnSameLine, () => {
      value = this.SUBRULE(this.expression) ?? null;
    }));
    return this.ACTION(() => ({ kind: "Return", value, span: this.span(first) }));
  });

  trackStmt = this.RULE("trackStmt", (): A.TrackStmt => {
    const first = this.CONSUME(T.Track);
    const name = this.CONSUME(T.Identifier);
    this.CONSUME(T.Assign);
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => {
      const span = this.span(first);
      return { kind: "Track", name: B.ident(this.cx, name, span), value: orHole(value, span), span };
    });
  });

  queryStmt = this.RULE("queryStmt", (): A.QueryStmt => {
    const first = this.CONSUME(T.Query);
    const model = this.CONSUME(T.Identifier);
    let args: A.Arg[] = [];
    let given: A.RecordExpr | null = null;
    this.OPTION(() => {
      args = this.SUBRULE(this.callArgs) ?? [];
    });
    this.OPTION2(() => {
      this.CONSUME(T.Given);
      given = this.SUBRULE(this.recordLit) ?? null;
    });
    this.CONSUME(T.Using);
    const method = this.SUBRULE(this.methodCall);
    return this.ACTION(() => {
      const span = this.span(first);
      return { kind: "Query", model: B.ident(this.cx, model, span), args, given, method: method ?? { kind: "Call", callee: B.placeholder(span), args: [], span }, span };
    });
  });

  /** `nuts(samples: 1000)`; the parentheses may be left out when there are no options. */
  methodCall = this.RULE("methodCall", (): A.CallExpr => {
    const name = this.CONSUME(T.Identifier);
    let args: A.Arg[] = [];
    this.OPTION(() => {
      args = this.SUBRULE(this.callArgs) ?? [];
    });
    return this.ACTION(() => {
      const span = this.span(name);
      return { kind: "Call", callee: B.ident(this.cx, name, span), args, span };
    });
  });

  importStmt = this.RULE("importStmt", (): A.ImportStmt => {
    const first = this.CONSUME(T.Import);
    const path = this.CONSUME(T.StringLit);
    return this.ACTION(() => ({ kind: "Import", path: B.real(path) ? B.stringValue(path.image) : "", span: this.span(first) }));
  });

  /** An expression statement, `target ~ dist [given value]`, or `name = value`. */
  simpleStmt = this.RULE("simpleStmt", (): B.AnyStmt => {
    const first = this.LA(1);
    const lhs = this.SUBRULE(this.expression);
    let tail: B.Tail | undefined;
    this.OPTION(() => {
      tail = this.OR(this.once("simpleStmt", () => [{ ALT: () => this.SUBRULE(this.sampleTail) as B.Tail }, { ALT: () => this.SUBRULE(this.assignTail) }]));
    });
    return this.ACTION(() => {
      const span = this.span(first);
      return B.simpleStmt(this.cx, orHole(lhs, span), tail, span);
    });
  });

  sampleTail = this.RULE("sampleTail", (): B.Tail => {
    const first = this.CONSUME(T.Tilde);
    const dist = this.SUBRULE(this.expression);
    let given: A.Expr | null = null;
    this.OPTION(() => {
      this.CONSUME(T.Given);
      given = this.SUBRULE2(this.expression) ?? null;
    });
    return this.ACTION(() => ({ kind: "sample", dist: orHole(dist, this.span(first)), given }));
  });

  assignTail = this.RULE("assignTail", (): B.Tail => {
    const first = this.OR(this.once("assignTail", () => [{ ALT: () => this.CONSUME(T.Assign) }, { ALT: () => this.CONSUME(T.CompoundAssign) }]));
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => ({
      kind: "assign",
      value: orHole(value, this.span(first)),
      op: first.tokenType === T.CompoundAssign ? (first.image[0] as "+" | "-" | "*" | "/") : null,
      opSpan: this.span(first),
    }));
  });
}

let instance: BorelParser | undefined;

/** The one parser instance (building it analyses the grammar; reuse is safe between runs). */
export function borelParser(): BorelParser {
  instance ??= new BorelParser();
  return instance;
}
