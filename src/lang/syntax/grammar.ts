/**
 * Borel's grammar as a Chevrotain `CstParser`: rules only, no actions (src/lang/syntax/to-ast.ts turns the
 * concrete syntax tree into the typed AST). The rules are class properties, so a typo in a rule name fails to
 * compile, and the generated grammar docs (grammar/borel.ebnf, grammar/diagrams.html) come from these rules.
 *
 * Statements need no terminator: a statement ends where the next cannot continue it. Two consequences, both
 * gated here: a call `f(x)` or an index `a[i]` must open its bracket on the line where `f` or `a` ends (so a
 * line starting with `(` or `[` starts a new statement), and `return` takes a value only on its own line.
 * Placement rules (models at the top level, `~` inside models, ...) are not grammar: the parser accepts every
 * statement everywhere and to-ast.ts reports misplaced ones with a hint.
 */
import type { IToken, TokenType } from "chevrotain";
import { CstParser } from "./chevrotain.js";
import * as T from "./tokens.js";
import { parserErrorMessages } from "./error-messages.js";

function sameLine(prev: IToken, next: IToken): boolean {
  return prev !== undefined && next !== undefined && prev.endLine === next.startLine;
}

export class BorelParser extends CstParser {
  /**
   * Alternatives and gated repetitions are built once and reused: rules run once per node, and allocating
   * named closures there (esbuild's keep-names wraps each one) dominated parse time.
   */
  private readonly cached = new Map<string, unknown>();

  constructor() {
    super(T.parserTokens, {
      recoveryEnabled: true,
      nodeLocationTracking: "full",
      maxLookahead: 3,
      errorMessageProvider: parserErrorMessages,
    });
    this.performSelfAnalysis();
  }

  private once<V>(key: string, make: () => V): V {
    let v = this.cached.get(key) as V | undefined;
    if (v === undefined) {
      v = make();
      this.cached.set(key, v);
    }
    return v;
  }

  /** True when the next token is on the line where the previous one ends. */
  private readonly nextOnSameLine = (): boolean => sameLine(this.LA(0), this.LA(1));

  /** A comma-separated list with an optional trailing comma, closed by `close`. */
  private listTail(key: string, close: TokenType, item: () => void): void {
    this.MANY(
      this.once(key, () => ({
        GATE: () => this.LA(2).tokenType !== close,
        DEF: () => {
          this.CONSUME(T.Comma);
          item();
        },
      })),
    );
    this.OPTION9(() => this.CONSUME9(T.Comma));
  }

  program = this.RULE("program", () => {
    this.MANY(() => this.OR(this.once("program", () => [{ ALT: () => this.SUBRULE(this.statement) }, { ALT: () => this.CONSUME(T.Semicolon) }])));
  });

  statement = this.RULE("statement", () => {
    this.OR(
      this.once("statement", () => [
        { ALT: () => this.SUBRULE(this.modelDecl) },
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
      ]),
    );
  });

  modelDecl = this.RULE("modelDecl", () => {
    this.CONSUME(T.Model);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.paramList);
    this.SUBRULE(this.block);
  });

  fnDecl = this.RULE("fnDecl", () => {
    this.CONSUME(T.Fn);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.paramList);
    this.SUBRULE(this.block);
  });

  paramList = this.RULE("paramList", () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.CONSUME(T.Identifier);
      this.listTail("paramList", T.RParen, () => this.CONSUME2(T.Identifier));
    });
    this.CONSUME(T.RParen);
  });

  block = this.RULE("block", () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => this.OR(this.once("block", () => [{ ALT: () => this.SUBRULE(this.statement) }, { ALT: () => this.CONSUME(T.Semicolon) }])));
    this.CONSUME(T.RCurly);
  });

  letStmt = this.RULE("letStmt", () => {
    this.CONSUME(T.Let);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expression);
  });

  varStmt = this.RULE("varStmt", () => {
    this.CONSUME(T.Var);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expression);
  });

  ifStmt = this.RULE("ifStmt", () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.expression);
    this.SUBRULE(this.block);
    this.OPTION(() => {
      this.CONSUME(T.Else);
      this.OR(this.once("ifStmt", () => [{ ALT: () => this.SUBRULE(this.ifStmt) }, { ALT: () => this.SUBRULE2(this.block) }]));
    });
  });

  forStmt = this.RULE("forStmt", () => {
    this.CONSUME(T.For);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.In);
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.CONSUME(T.DotDot);
      this.SUBRULE2(this.expression);
    });
    this.SUBRULE(this.block);
  });

  returnStmt = this.RULE("returnStmt", () => {
    this.CONSUME(T.Return);
    this.OPTION(this.once("returnStmt", () => ({ GATE: this.nextOnSameLine, DEF: () => this.SUBRULE(this.expression) })));
  });

  trackStmt = this.RULE("trackStmt", () => {
    this.CONSUME(T.Track);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expression);
  });

  queryStmt = this.RULE("queryStmt", () => {
    this.CONSUME(T.Query);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.callArgs));
    this.OPTION2(() => {
      this.CONSUME(T.Given);
      this.SUBRULE(this.recordLit);
    });
    this.CONSUME(T.Using);
    this.SUBRULE(this.methodCall);
  });

  /** `nuts(samples: 1000)`; the parentheses may be left out when there are no options. */
  methodCall = this.RULE("methodCall", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.callArgs));
  });

  importStmt = this.RULE("importStmt", () => {
    this.CONSUME(T.Import);
    this.CONSUME(T.StringLit);
  });

  /** An expression statement, `target ~ dist [given value]`, or `name = value`. */
  simpleStmt = this.RULE("simpleStmt", () => {
    this.SUBRULE(this.expression);
    this.OPTION(() =>
      this.OR(this.once("simpleStmt", () => [{ ALT: () => this.SUBRULE(this.sampleTail) }, { ALT: () => this.SUBRULE(this.assignTail) }])),
    );
  });

  sampleTail = this.RULE("sampleTail", () => {
    this.CONSUME(T.Tilde);
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.CONSUME(T.Given);
      this.SUBRULE2(this.expression);
    });
  });

  assignTail = this.RULE("assignTail", () => {
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expression);
  });

  // ---- expressions ----------------------------------------------------------------------------------------

  /**
   * Operands joined by binary operators. Precedence (C's: `||` < `&&` < `== !=` < `< <= > >=` < `+ -` <
   * `* / %`, all left-associative) is applied when the tree is built (to-ast-expr.ts): one flat rule keeps
   * the parse of an operand to three rule calls instead of nine.
   */
  expression = this.RULE("expression", () => {
    this.SUBRULE(this.operand);
    this.MANY(() => {
      this.CONSUME(T.BinaryOperator, { LABEL: "op" });
      this.SUBRULE2(this.operand);
    });
  });

  /**
   * One operand: prefix `-`/`!` (binding tighter than any binary operator), an atom, then calls `(...)`,
   * indexing `[i]` and fields `.name` (binding tighter still; `(` and `[` on the atom's line). One rule rather
   * than three (unary, postfix, primary) keeps the syntax tree small: operands are most of a program.
   */
  operand = this.RULE("operand", () => {
    this.MANY(() => this.OR(this.once("prefix", () => [{ ALT: () => this.CONSUME(T.Minus, { LABEL: "op" }) }, { ALT: () => this.CONSUME(T.Bang, { LABEL: "op" }) }])));
    this.OR2(
      this.once("atom", () => [
        { ALT: () => this.CONSUME(T.NumberLit) },
        { ALT: () => this.CONSUME(T.StringLit) },
        { ALT: () => this.CONSUME(T.True) },
        { ALT: () => this.CONSUME(T.False) },
        { ALT: () => this.CONSUME(T.Identifier) },
        { ALT: () => this.SUBRULE(this.parenExpr) },
        { ALT: () => this.SUBRULE(this.arrayLit) },
        { ALT: () => this.SUBRULE(this.recordLit) },
        { ALT: () => this.SUBRULE(this.lambda) },
        { ALT: () => this.SUBRULE(this.ifExpr) },
      ]),
    );
    this.MANY2(
      this.once("postfix", () => ({
        GATE: () => this.LA(1).tokenType === T.Dot || this.nextOnSameLine(),
        DEF: () =>
          this.OR3(
            this.once("suffix", () => [
              { ALT: () => this.SUBRULE(this.callArgs) },
              { ALT: () => this.SUBRULE(this.indexSuffix) },
              { ALT: () => this.SUBRULE(this.memberSuffix) },
            ]),
          ),
      })),
    );
  });

  callArgs = this.RULE("callArgs", () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.argument);
      this.listTail("callArgs", T.RParen, () => this.SUBRULE2(this.argument));
    });
    this.CONSUME(T.RParen);
  });

  /** A positional argument or a named one, `shape: 8`. */
  argument = this.RULE("argument", () => {
    this.OPTION(() => {
      this.CONSUME(T.Identifier, { LABEL: "name" });
      this.CONSUME(T.Colon);
    });
    this.SUBRULE(this.expression);
  });

  indexSuffix = this.RULE("indexSuffix", () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RBracket);
  });

  memberSuffix = this.RULE("memberSuffix", () => {
    this.CONSUME(T.Dot);
    this.CONSUME(T.Identifier);
  });

  parenExpr = this.RULE("parenExpr", () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
  });

  arrayLit = this.RULE("arrayLit", () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expression);
      this.listTail("arrayLit", T.RBracket, () => this.SUBRULE2(this.expression));
    });
    this.CONSUME(T.RBracket);
  });

  recordLit = this.RULE("recordLit", () => {
    this.CONSUME(T.LCurly);
    this.OPTION(() => {
      this.SUBRULE(this.field);
      this.listTail("recordLit", T.RCurly, () => this.SUBRULE2(this.field));
    });
    this.CONSUME(T.RCurly);
  });

  /** `name: value` or `"x/3": value` (a quoted key, e.g. an address in `given`). */
  field = this.RULE("field", () => {
    this.OR(this.once("field", () => [{ ALT: () => this.CONSUME(T.Identifier, { LABEL: "key" }) }, { ALT: () => this.CONSUME(T.StringLit, { LABEL: "key" }) }]));
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
  });

  /** `fn(x, y) { ... }` or `fn(x) => e`. */
  lambda = this.RULE("lambda", () => {
    this.CONSUME(T.Fn);
    this.SUBRULE(this.paramList);
    this.OR(
      this.once("lambda", () => [
        { ALT: () => this.SUBRULE(this.block) },
        {
          ALT: () => {
            this.CONSUME(T.Arrow);
            this.SUBRULE(this.expression);
          },
        },
      ]),
    );
  });

  /** `if c { ... } else { ... }` as a value: the `else` is required. */
  ifExpr = this.RULE("ifExpr", () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.expression);
    this.SUBRULE(this.block);
    this.CONSUME(T.Else);
    this.OR(this.once("ifExpr", () => [{ ALT: () => this.SUBRULE(this.ifExpr) }, { ALT: () => this.SUBRULE2(this.block) }]));
  });
}

let instance: BorelParser | undefined;

/** The one parser instance (building it analyses the grammar, ~tens of ms; reuse is safe between runs). */
export function borelParser(): BorelParser {
  instance ??= new BorelParser();
  return instance;
}
