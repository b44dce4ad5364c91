/**
 * Parse-error messages in plain words ("expected '}' but found 'let'") for the Chevrotain parser. Hints with
 * more context (which block a missing '}' closes, what `~` needs) are added by syntax-errors.ts, which reads
 * the expected token back from the message's `expected <label>` prefix.
 */
import type { IParserErrorMessageProvider, IToken, TokenType } from "chevrotain";
import { tokenLabel } from "./chevrotain.js";

/** How a found token reads in a message: `'let'`, `'foo'`, `'3.5'`, `the end of the file`. */
export function describeToken(t: IToken | undefined): string {
  if (!t || t.tokenType === undefined || t.tokenType.name === "EOF") return "the end of the file";
  const image = t.image.length > 24 ? `${t.image.slice(0, 24)}…` : t.image;
  return t.tokenType.name === "StringLit" ? image : `'${image}'`;
}

/** Expected starts of each alternative, by label, without duplicates: "'(', a name or a number". */
export function describeExpected(paths: TokenType[][]): string {
  const labels = [...new Set(paths.filter((p) => p.length > 0).map((p) => tokenLabel(p[0]!)))];
  if (labels.length === 0) return "something else";
  if (labels.length === 1) return labels[0]!;
  return `${labels.slice(0, -1).join(", ")} or ${labels[labels.length - 1]}`;
}

/** What a rule that failed to start reads as in a message. */
const RULE_NOUNS: Record<string, string> = {
  operand: "an expression",
  statement: "a statement",
  program: "a statement",
};

export const parserErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `expected ${tokenLabel(expected)} but found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const what = RULE_NOUNS[ruleName] ?? describeExpected(expectedPathsPerAlt.flat());
    return `expected ${what} but found ${describeToken(actual[0])}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual }) {
    return `expected ${describeExpected(expectedIterationPaths)} but found ${describeToken(actual[0])}`;
  },
};
