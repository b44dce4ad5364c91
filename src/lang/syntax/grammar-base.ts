/**
 * The shared machinery of Borel's grammar classes (grammar-expr.ts, grammar.ts): the build context of the
 * current parse, cached alternatives, the line gates, comma lists and spans. The rules that parse blocks and
 * statements are declared here and defined in grammar.ts.
 */
import type { IToken, TokenType } from "chevrotain";
import { BorelError, type Span } from "../../util/errors.js";
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

/** The members of Chevrotain's (11.x) recognizer that error recovery below replaces or calls. */
interface RecoveryInternals {
  manyInternal(occurrence: number, def: unknown): void;
  tryInRepetitionRecovery(rule: (...args: unknown[]) => void, args: unknown[], lookahead: () => boolean, expected: TokenType): void;
  flattenFollowSet(): TokenType[];
  exportLexerState(): number;
  tokenMatcher(token: IToken, type: TokenType): boolean;
}
const chevrotainParser = EmbeddedActionsParser.prototype as unknown as RecoveryInternals;

/** Where the last scan for a resynchronization token of one follow set started and what it found. */
interface ResyncScan {
  from: number;
  at: number;
  type: TokenType;
}

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
    this.resyncScans.clear();
  }

  /** Set when a failed MANY has resynchronized and should run again (see `manyInternal`). */
  private repeatMany = false;

  /**
   * Chevrotain's MANY, with its error recovery as a loop. After an error inside a repetition (a statement list, a
   * comma list), Chevrotain skips to a token that can continue it and calls the repetition again — from inside
   * the failed call, so every error of one list nested the stack four frames deeper, and a file of ~700 broken
   * lines (a CSV file run as a program) overflowed it and was reported as "nests too deeply". That re-entry is
   * the failed call's last act, so running it here, after the failed call returns, parses exactly the same.
   */
  manyInternal(occurrence: number, def: unknown): void {
    for (;;) {
      this.repeatMany = false;
      chevrotainParser.manyInternal.call(this, occurrence, def);
      if (!this.repeatMany) return;
    }
  }

  /** Chevrotain's in-repetition recovery, asking `manyInternal` to repeat instead of re-entering it. */
  tryInRepetitionRecovery(rule: (...args: unknown[]) => void, args: unknown[], lookahead: () => boolean, expected: TokenType): void {
    if (rule !== (this.manyInternal as unknown)) return chevrotainParser.tryInRepetitionRecovery.call(this, rule, args, lookahead, expected);
    chevrotainParser.tryInRepetitionRecovery.call(this, () => { this.repeatMany = true; }, args, lookahead, expected);
  }

  /** The last resynchronization scan of each follow set (key: its token type indices) in the current input. */
  private readonly resyncScans = new Map<string, ResyncScan>();

  /**
   * The first token ahead that can follow one of the rules being parsed (where recovery may resume), as
   * Chevrotain's `findReSyncTokenType`, which scans from the error every time: at the top level that is a
   * scan to the end of the file per error, quadratic in a long broken file (20,000 CSV lines took minutes).
   * A scan for the same follow set that starts inside the range the previous one passed over ends where
   * that one did, so each token is scanned about once per follow set.
   */
  findReSyncTokenType(): TokenType {
    const self = this as unknown as RecoveryInternals;
    const follows = self.flattenFollowSet();
    let key = "";
    for (const t of follows) key += `${t.tokenTypeIdx},`;
    const from = self.exportLexerState() + 1;
    const last = this.resyncScans.get(key);
    if (last !== undefined && last.from <= from && from <= last.at) return last.type;
    for (let k = 1; ; k++) {
      const token = this.LA(k);
      const type = follows.find((t) => self.tokenMatcher(token, t));
      if (type !== undefined) {
        this.resyncScans.set(key, { from, at: from + k - 1, type });
        return type;
      }
    }
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
      case T.NumberLit: {
        const value = Number(t.image);
        // 1e999 would silently be Infinity and 1e-999 zero: a literal beyond the doubles is a typo, or wants inf / 0.
        if (value === Infinity || (value === 0 && /[1-9]/.test(t.image.split(/[eE]/)[0]!)))
          this.cx.errors.push(new BorelError("syntax", `the number ${t.image} is ${value === 0 ? "below the smallest positive number (about 5e-324)" : "beyond the largest number (about 1.8e308)"}`, {
            span, hint: value === 0 ? "write 0, or work on the log scale" : "write inf for infinity, or work on the log scale",
          }));
        return { kind: "Number", value, raw: t.image, span };
      }
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
