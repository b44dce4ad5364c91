/**
 * Borel's lexer: source text → tokens, plus located "syntax" errors for characters and literals that are not
 * Borel (an unknown character, an unterminated string or comment, a bad escape). Lexing never throws and is
 * linear in the input length; the lexer skips what it cannot read and carries on, so a run reports every
 * lexical error at once.
 *
 * @example
 * ```ts
 * const { tokens, errors } = tokenize("x ~ normal(0, 1) # oops", "m.borel");
 * errors[0].message;   // "unexpected character '#'"
 * ```
 */
import type { IToken, Lexer as LexerType } from "chevrotain";
import { Lexer } from "./chevrotain.js";
import { BorelError, type Span } from "../../util/errors.js";
import { allTokens, BadNumber, BadString, UnterminatedComment } from "./tokens.js";

let lexer: LexerType | undefined;

/** A lexer for Borel's tokens; `validate` checks the token definitions (a test does; the shared one skips it). */
export function createLexer(validate = false): LexerType {
  return new Lexer(allTokens, { positionTracking: "full", ensureOptimizations: validate, skipValidations: !validate });
}

function theLexer(): LexerType {
  lexer ??= createLexer();
  return lexer;
}

export interface LexResult {
  tokens: IToken[];
  errors: BorelError[];
}

/** The span of a token (1-based, end inclusive). */
export function tokenSpan(file: string, t: IToken): Span {
  const line = t.startLine ?? 1;
  const col = t.startColumn ?? 1;
  return { file, line, col, endLine: t.endLine ?? line, endCol: t.endColumn ?? col };
}

/** Splits `source` into tokens; comments and white space are dropped. */
export function tokenize(source: string, file: string): LexResult {
  const result = theLexer().tokenize(source);
  const errors: BorelError[] = [];
  for (const e of result.errors) {
    const text = source.substr(e.offset, Math.max(1, e.length));
    const shown = text.length > 20 ? `${text.slice(0, 20)}…` : text;
    const line = e.line ?? 1;
    const col = e.column ?? 1;
    errors.push(new BorelError("syntax", `unexpected character${text.length > 1 ? "s" : ""} '${shown}'`, {
      span: { file, line, col, endLine: line, endCol: col + Math.max(1, e.length) - 1 },
      hint: unexpectedCharHint(text, source.slice(source.lastIndexOf("\n", e.offset - 1) + 1, e.offset)),
    }));
  }
  for (const t of (result.groups.bad ?? []) as IToken[]) {
    const span = tokenSpan(file, t);
    if (t.tokenType === UnterminatedComment)
      errors.push(new BorelError("syntax", "unterminated comment", { span, hint: "close the comment opened here with '*/'" }));
    else if (t.tokenType === BadString) errors.push(badStringError(t.image, span));
    else if (t.tokenType === BadNumber) errors.push(badNumberError(t.image, span));
  }
  errors.sort((a, b) => a.span!.line - b.span!.line || a.span!.col - b.span!.col);
  return { tokens: result.tokens, errors };
}

/** The hint for an unexpected character; `before` is its line up to it. */
function unexpectedCharHint(text: string, before: string): string {
  const c = text[0];
  // Stan's conditional bar: normal_lpdf(y | mu, sigma).
  const stan = c === "|" ? /\b([A-Za-z0-9_]+?)_(lpdf|lpmf|lupdf|lupmf)\s*\([^()]*$/.exec(before) : null;
  if (stan !== null) return `Stan's ${stan[1]}_${stan[2]}(y | ...) is logpdf(${stan[1]}(...), y) in Borel`;
  if (c === "'") return "strings use double quotes: \"text\"";
  if (c === "#") return "comments start with // or are enclosed in /* */";
  if (c === "&" || c === "|") return "logical operators are && and ||";
  if (c === "^") return "use pow(x, y) for powers";
  return "remove it; Borel source uses letters, digits, _ and the operators + - * / % < > = ! & | ~ . , : ; ( ) [ ] { }";
}

/** The error for a malformed number literal (tokens.ts BadNumber), with the well-formed spelling where there is one. */
function badNumberError(image: string, span: Span): BorelError {
  let hint: string;
  if (/^0[xXoObB]/.test(image) && Number.isFinite(Number(image))) hint = `numbers are decimal in Borel: write ${Number(image)}`;
  else if (/^[\d.]+[eE][+-]?(?!\d)/.test(image)) hint = "an exponent needs digits: 1e3, 2.5E-6";
  else if (/^[\d_]+$/.test(image.replace(/^\d+\.\d+/, "0"))) hint = `digits cannot be grouped with _: write ${image.replaceAll("_", "")}`;
  else hint = "a number cannot run into letters: write 2 * x for a product; a name starts with a letter or _";
  return new BorelError("syntax", `malformed number '${image.length > 20 ? `${image.slice(0, 20)}…` : image}'`, { span, hint });
}

function badStringError(image: string, span: Span): BorelError {
  if (!/^"(?:[^"\\\n\r]|\\[^\n\r])*"$/.test(image))
    return new BorelError("syntax", "unterminated string", { span, hint: "close the string with \" on the same line (write a line break as \\n)" });
  if (/[\u0000-\u001f]/.test(image))
    return new BorelError("syntax", "control character in a string", { span, hint: "write tabs and line breaks as \\t and \\n" });
  return new BorelError("syntax", "invalid escape in a string", {
    span,
    hint: "the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX (four hex digits)",
  });
}
