/**
 * The shared machinery of Borel's grammar classes (grammar-expr.ts, grammar.ts): the build context of the
 * current parse, cached alternatives, the line gates, comma lists and spans. The rules that parse blocks and
 * statements are declared here and defined in grammar.ts.
 */
import type { IToken, TokenType } from "chevrotain";
import type { Span } from "../../util/errors.js";
import type * as A from "./ast.js";
import * as B from "./build.js";
import { EmbeddedActionsParser } from "./chevrotain.js";
import { parserErrorMessages } from "./error-messages.js";
import type { StatementList } from "./statement-list.js";
import * as T from "./tokens.js";

export const orHole = (e: A.Expr | undefined, span: Span): A.Expr => e ?? B.placeholder(span);
export const orEmpty = (b: A.Block | undefined, span: Span): A.Block => b ?? { kind: "Block", stmts: [], span };
export const isToken = (x: unknown): x is IToken => typeof x === "object" && x !== null && "tokenType" in x;

type Rule<R> = (idx?: number) => R;

export abstract class GrammarBase extends EmbeddedActionsParser {
  /** Defined in grammar.ts (blocks contain statements; lambdas and if-expressions contain blocks). */
  declare block: Rule<A.Block>;
  declare statement: Rule<B.AnyStmt>;
  declare paramList: Rule<A.Param[]>;

  /**
   * `validate`: check the grammar for ambiguities and errors while building (slow; a test builds the parser
   * this way, so the shared instance can skip it and start faster).
   */
  constructor(options: { validate?: boolean } = {}) {
    super(T.parserTokens, { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider: parserErrorMessages, skipValidations: !options.validate });
  }

  /** The context of the current parse (set by `begin`). */
  cx: B.BuildContext = { file: "", errors: [], whole: { file: "", line: 1, col: 1, endLine: 1, endCol: 1 } };
  /** OR alternatives, built once: allocating named closures per rule call dominated parse time under tsx. */
  protected readonly cached = new Map<string, unknown>();

  /** Starts a parse of `tokens` from `file`. */
  begin(tokens: IToken[], cx: B.BuildContext): void {
    this.cx = cx;
    this.input = tokens;
  }

  protected once<V>(key: string, make: () => V): V {
    let v = this.cached.get(key) as V | undefined;
    if (v === undefined) {
      v = make();
      this.cached.set(key, v);
    }
    return v;
  }

  /** Options of a gated repetition (the body is passed as an argument, so it is not a named closure). */
  protected gated(GATE: () => boolean, DEF: () => void): { GATE: () => boolean; DEF: () => void } {
    return { GATE, DEF };
  }

  /** True when the next token is on the line where the previous one ends. */
  protected readonly nextOnSameLine = (): boolean => {
    const prev = this.LA(0);
    const next = this.LA(1);
    return prev !== undefined && next !== undefined && prev.endLine === next.startLine;
  };

  protected readonly postfixGate = (): boolean => this.LA(1).tokenType === T.Dot || this.nextOnSameLine();

  /** `, item` repeated, then an optional trailing comma, before `close`. */
  protected listTail(close: TokenType, item: () => void): void {
    this.MANY(this.gated(() => this.LA(2).tokenType !== close, () => {
      this.CONSUME(T.Comma);
      item();
    }));
    this.OPTION9(() => this.CONSUME9(T.Comma));
  }

  protected span(first: IToken): Span {
    return B.spanFrom(this.cx, first, this.LA(0));
  }

  /** `statement` or `;`, repeated, into a statement list. */
  protected statements(list: StatementList): void {
    this.MANY(() => {
      const s = this.OR(this.once("stmtOrSemi", () => [{ ALT: () => this.SUBRULE(this.statement as never) as unknown }, { ALT: () => this.CONSUME(T.Semicolon) as unknown }]));
      this.ACTION(() => (isToken(s) ? list.semicolon() : list.add(s as B.AnyStmt | undefined)));
    });
  }

  protected literal(t: IToken, fallback: Span): A.Expr {
    const span = B.tokenSpanOf(this.cx, t, fallback);
    if (!B.real(t)) return B.placeholder(fallback);
    switch (t.tokenType) {
      case T.NumberLit:
        return { kind: "Number", value: Number(t.image), raw: t.image, span };
      case T.StringLit:
        return { kind: "String", value: B.stringValue(t.image), span };
      case T.True:
      case T.False:
        return { kind: "Bool", value: t.tokenType === T.True, span };
      default:
        return B.ident(this.cx, t, span);
    }
  }

}
