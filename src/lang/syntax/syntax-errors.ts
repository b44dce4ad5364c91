/**
 * Chevrotain's recognition exceptions → located `BorelError`s (code "syntax") with a hint in plain words:
 * which block a missing '}' closes, what `~` needs on its right, how a `for` loop or a query is written.
 * A missing token is located just after the token before it when the parser only noticed on a later line
 * (so a missing ')' points at the end of its line, not at the next statement).
 */
import type { IRecognitionException, IToken, TokenType } from "chevrotain";
import { tokenLabel } from "./chevrotain.js";
import { BorelError, type Span } from "../../util/errors.js";
import { describeToken } from "./error-messages.js";
import { tokenSpan } from "./lexer.js";
import * as T from "./tokens.js";
import { FOREIGN_KEYWORDS } from "./foreign-keywords.js";

const BY_LABEL = new Map<string, TokenType>(T.parserTokens.map((t) => [tokenLabel(t), t]));
const OPENERS = new Map<TokenType, TokenType>([[T.RParen, T.LParen], [T.RBracket, T.LBracket], [T.RCurly, T.LCurly]]);
const BINARY_OPS = new Set<TokenType>([T.Plus, T.Minus, T.Star, T.Slash, T.Percent, T.EqEq, T.NotEq, T.Less, T.LessEq, T.Greater, T.GreaterEq, T.AndAnd, T.OrOr, T.Bang]);
const EXPRESSION_STARTS = new Set<TokenType>([T.Identifier, T.NumberLit, T.StringLit, T.True, T.False, T.LParen, T.LBracket, T.LCurly, T.Fn, T.If, T.Minus, T.Bang]);

interface ErrorContext {
  file: string;
  tokens: IToken[];
}

type Exception = IRecognitionException & { previousToken?: IToken };

export function isEof(t: IToken | undefined): boolean {
  return !t || t.tokenType?.name === "EOF" || !Number.isFinite(t.startLine);
}

/** The point just after a token (a zero-width span). */
function after(file: string, t: IToken): Span {
  const line = t.endLine ?? t.startLine ?? 1;
  const col = (t.endColumn ?? t.startColumn ?? 0) + 1;
  return { file, line, col, endLine: line, endCol: col };
}

/** Index of the first token starting at or after `offset` (binary search over the token vector). */
function indexAt(tokens: IToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.startOffset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The innermost bracket of kind `open` still unclosed before token index `end`. */
function unclosedOpener(tokens: IToken[], end: number, open: TokenType): IToken | undefined {
  const stack: IToken[] = [];
  for (let i = 0; i < end; i++) {
    const t = tokens[i]!;
    if (t.tokenType === T.LParen || t.tokenType === T.LBracket || t.tokenType === T.LCurly) stack.push(t);
    else {
      const want = OPENERS.get(t.tokenType);
      if (!want) continue;
      let j = stack.length - 1;
      while (j >= 0 && stack[j]!.tokenType !== want) j--;
      if (j >= 0) stack.length = j;
    }
  }
  for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.tokenType === open) return stack[i];
  return undefined;
}

/** Converts one Chevrotain exception. */
export function syntaxError(e: Exception, cx: ErrorContext): BorelError {
  const actual = isEof(e.token) ? undefined : e.token;
  const prev = e.previousToken && !isEof(e.previousToken) ? e.previousToken : undefined;
  const last = cx.tokens[cx.tokens.length - 1];
  const rules = e.context?.ruleStack ?? [];
  const expectedLabel = e.name === "MismatchedTokenException" ? /^expected (.+?) but found/.exec(e.message)?.[1] ?? "" : "";
  const stray = e.name === "NotAllInputParsedException" || expectedLabel === "EOF";
  const expected = stray ? undefined : BY_LABEL.get(expectedLabel);
  let span: Span;
  if (actual && (stray || !(prev && (actual.startLine ?? 0) > (prev.endLine ?? 0)))) span = tokenSpan(cx.file, actual);
  else if (prev) span = after(cx.file, prev);
  else if (actual) span = tokenSpan(cx.file, actual);
  else if (last) span = after(cx.file, last);
  else span = { file: cx.file, line: 1, col: 1, endLine: 1, endCol: 1 };
  const end = actual ? indexAt(cx.tokens, actual.startOffset) : cx.tokens.length;
  const foreign = foreignKeyword(cx, end);
  if (foreign) return foreign;
  const rule = rules[rules.length - 1];
  // A statement keyword the statement rule could not continue (the enclosing list then stops at it).
  const cannotStart = (e.name === "NoViableAltException" && rule === "statement") || expected === T.RCurly || stray;
  // `{model: 1}`: a reserved word as a bare field name (it read as the start of a statement).
  const isKeyword = actual !== undefined && T.KEYWORDS.has(actual.image) && actual.tokenType !== T.Identifier;
  if (isKeyword && cx.tokens[end + 1]?.tokenType === T.Colon && rules.includes("recordLit"))
    return new BorelError("syntax", `'${actual!.image}' is a reserved word and cannot be a bare field name`, {
      span: tokenSpan(cx.file, actual!), hint: `quote it, {"${actual!.image}": ...}, and read it as r["${actual!.image}"]`,
    });
  const shape = cannotStart && actual ? STATEMENT_SHAPES[actual.image] : undefined;
  if (shape && actual?.tokenType !== T.Identifier) {
    const next = cx.tokens[end + 1];
    return new BorelError("syntax", `expected ${shape[0]} after '${actual!.image}' but found ${describeToken(next)}`, { span: next ? tokenSpan(cx.file, next) : after(cx.file, actual!), hint: shape[1] });
  }
  const hint = hintFor(stray ? "stray" : e.name, expected, rules, prev, actual, cx, end);
  const message = stray ? `unexpected ${describeToken(actual)}` : e.message;
  return new BorelError("syntax", message, { span, hint });
}

/**
 * A syntax error in a statement that starts with a keyword of another language (`while i < 3 { ... }` read as
 * a name and a record): the error names that word and the Borel way, not the token the parser stopped at.
 */
function foreignKeyword(cx: ErrorContext, end: number): BorelError | undefined {
  for (let i = Math.min(end, cx.tokens.length - 1); i >= 0 && i >= end - 40; i--) {
    const t = cx.tokens[i]!, before = cx.tokens[i - 1];
    if (t.tokenType !== T.Identifier || !Object.hasOwn(FOREIGN_KEYWORDS, t.image)) continue;
    // At the start of a line or a block, or after a block's '}' (`} elif x {`).
    const startsLine = before === undefined || (before.endLine ?? 0) < (t.startLine ?? 0) || before.tokenType === T.LCurly || before.tokenType === T.RCurly;
    if (startsLine) return new BorelError("syntax", `'${t.image}' is not a Borel keyword`, { span: tokenSpan(cx.file, t), hint: FOREIGN_KEYWORDS[t.image] });
  }
  return undefined;
}

/** What must follow a statement keyword, and how the statement reads (for a statement that cannot start). */
const STATEMENT_SHAPES: Record<string, [string, string]> = {
  if: ["a condition", "`if x > 0 { ... } else { ... }`"],
  for: ["a loop variable", "a for loop reads `for i in 0..n { ... }` or `for x in xs { ... }`"],
  let: ["a name", "`let x = 1`"],
  var: ["a name", "`var total = 0`"],
  model: ["a name", "a model is declared `model name(params) { ... }`"],
  fn: ["a name or '('", "`fn name(x) { ... }` declares a function; `fn(x) => x + 1` is an anonymous one"],
  query: ["a model name", "`query m(args) using importance(particles: 1000)`"],
  track: ["a name", "`track name = value`"],
  import: ["a quoted path", "`import \"stdlib/models/hmm\"`"],
};

function innermost(rules: string[], names: string[]): string | undefined {
  for (let i = rules.length - 1; i >= 0; i--) if (names.includes(rules[i]!)) return rules[i];
  return undefined;
}

function at(t: IToken): string {
  return `${t.startLine}:${t.startColumn}`;
}

function hintFor(kind: string, expected: TokenType | undefined, rules: string[], prev: IToken | undefined, actual: IToken | undefined, cx: ErrorContext, end: number): string {
  const top = rules[rules.length - 1] ?? "";
  // `let v = ~ m()`, `return ~ m()`, `(y ~ d)`: a `~` where it cannot be.
  if (actual?.tokenType === T.Tilde)
    return "`~` is a statement, not part of an expression: write `v ~ d` (or `v ~ m(args)`) on a line of its own, without let, then use v";
  // `.5`: a '.' right before a number where a value belongs.
  if (actual?.tokenType === T.Dot && prev?.tokenType !== T.Identifier && prev?.tokenType !== T.RParen && prev?.tokenType !== T.RBracket) {
    const next = cx.tokens[cx.tokens.indexOf(actual) + 1];
    if (next?.tokenType === T.NumberLit && next.startOffset === actual.endOffset! + 1)
      return `a number needs a digit before its decimal point: write 0.${next.image}`;
  }
  const isKeyword = actual !== undefined && T.KEYWORDS.has(actual.image) && actual.tokenType !== T.Identifier;
  if (kind === "stray" || (kind === "NoViableAltException" && top === "statement")) {
    if (actual && OPENERS.has(actual.tokenType)) return `this ${tokenLabel(actual.tokenType)} has no matching ${tokenLabel(OPENERS.get(actual.tokenType)!)}`;
    if (actual?.tokenType === T.Else) return "`else` must follow the '}' of an `if` block";
    return "a statement starts with a name, an expression, or one of model, fn, let, var, if, for, return, track, query, import";
  }
  if (expected) {
    const open = OPENERS.get(expected);
    if (open) {
      const sameLine = actual !== undefined && prev !== undefined && actual.startLine === prev.endLine;
      if (sameLine && EXPRESSION_STARTS.has(actual.tokenType) && ["callArgs", "paramList", "arrayLit", "recordLit"].includes(top))
        return `separate the items with ',' (or close the list with ${tokenLabel(expected)})`;
      const opener = unclosedOpener(cx.tokens, end, open);
      const what = open === T.LCurly ? (top === "recordLit" ? "record" : "block") : `${tokenLabel(open)}`;
      return opener ? `expected ${tokenLabel(expected)} to close the ${what} opened at ${at(opener)}` : `add the missing ${tokenLabel(expected)}`;
    }
    switch (expected) {
      case T.LCurly: {
        const r = innermost(rules, ["ifStmt", "ifExpr", "forStmt", "modelDecl", "fnDecl", "lambda", "queryStmt"]);
        if (r === "queryStmt") return "a query's `given` is a record written in place: `given {p: 0.5, \"y/0\": 1.2}`";
        if (r === "ifStmt" || r === "ifExpr") return "the body of `if` goes in braces: `if x > 0 { ... }`";
        if (r === "forStmt") return "the body of a loop goes in braces: `for i in 0..n { ... }`";
        if (r === "lambda") return "an anonymous fn is `fn(x) { ... }` or `fn(x) => x + 1`";
        return "a body goes in braces: `model m(x) { ... }`";
      }
      case T.Identifier: {
        const r = innermost(rules, ["letStmt", "varStmt", "modelDecl", "fnDecl", "paramList", "forStmt", "memberSuffix", "queryStmt", "methodCall", "trackStmt"]);
        const hints: Record<string, string> = {
          letStmt: "`let` needs a name: `let x = 1`",
          varStmt: "`var` needs a name: `var total = 0`",
          modelDecl: "a model is declared `model name(params) { ... }`",
          fnDecl: "a function is declared `fn name(params) { ... }`",
          paramList: "parameters are plain names: `(x, y)`",
          forStmt: "a loop names its variable: `for i in 0..n { ... }`",
          memberSuffix: "a field name follows '.': `r.a`",
          queryStmt: "`query` names a model: `query m(args) using importance()`",
          methodCall: "`using` names an inference method: `using importance(particles: 1000)`",
          trackStmt: "`track name = value`",
        };
        // `5.` then a line break: the '.' reads as a field access.
        const num = prev === undefined ? undefined : cx.tokens[cx.tokens.indexOf(prev) - 1];
        if (r === "memberSuffix" && num?.tokenType === T.NumberLit)
          return `a number needs a digit after its decimal point: write ${num.image}.0 (or ${num.image})`;
        if (isKeyword && r === "memberSuffix") return `'${actual!.image}' is a reserved word: read a field of that name as r["${actual!.image}"]`;
        if (isKeyword) return `'${actual!.image}' is a reserved word and cannot be used as a name`;
        return hints[r ?? ""] ?? "a name is expected here";
      }
      case T.Assign:
        return top === "trackStmt" ? "`track name = value`" : top === "varStmt" ? "`var x = value`" : "`let x = value`";
      case T.In:
        return "a for loop reads `for i in 0..n { ... }` or `for x in xs { ... }`";
      case T.Using:
        return "a query ends with `using method(options)`, e.g. `using importance(particles: 1000)`";
      case T.Else:
        return "an `if` used as a value needs an `else` branch: `if c { 1 } else { 2 }`";
      case T.StringLit:
        return "`import` takes a quoted path: `import \"stdlib/models/hmm\"`";
      case T.Colon:
        return "record fields are written `name: value`";
      default:
        return `insert ${tokenLabel(expected)}`;
    }
  }
  if (kind === "NoViableAltException" && top !== "operand") {
    if (top === "lambda") return "an anonymous fn is `fn(x) { ... }` or `fn(x) => x + 1`";
    if (top === "field") return "record fields are written `name: value` or `\"x/1\": value`";
    if (top === "ifStmt" || top === "ifExpr") return "`else` is followed by a block `{ ... }` or another `if`";
  }
  // An expression was expected.
  const p = prev?.tokenType;
  if (p === T.Tilde) return "`~` needs a distribution on its right, e.g. `x ~ normal(0, 1)`";
  if (p === T.Given) return "`given` needs the observed value: `y[i] ~ normal(mu, 1) given ys[i]`";
  if (p === T.Assign) return "a value must follow '='";
  if (p === T.Colon) return "a value must follow ':'";
  if (p === T.If) return "`if` needs a condition: `if x > 0 { ... }`";
  if (p === T.In || p === T.DotDot) return "a for loop reads `for i in 0..n { ... }` or `for x in xs { ... }`";
  if (p === T.Arrow) return "`=>` needs the function's result: `fn(x) => x + 1`";
  if (p && BINARY_OPS.has(p)) return `'${prev!.image}' needs an operand on its right`;
  if (!actual) return "the file ends in the middle of an expression";
  if (isKeyword) return `'${actual.image}' cannot start an expression here`;
  return "expected a number, string, name, call, array [...], record {...}, fn or if here";
}
