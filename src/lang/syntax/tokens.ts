/**
 * The tokens of Borel source: keywords, identifiers, literals, operators and punctuation, for the Chevrotain
 * lexer and parser. Each token has a `label` as the user would write it, so generated grammar docs and parse
 * errors read `'}'` rather than `RCurly`.
 *
 * Order matters to the lexer: comments and whitespace first, keywords before `Identifier` (each keyword's
 * `longer_alt` is `Identifier`, so `model_x` is one identifier), longer operators before their prefixes
 * (`..` before `.`, `<=` before `<`, `=>` and `==` before `=`), and the two malformed-literal catch-alls after
 * the well-formed ones so the lexer can report them with a precise message.
 */
import type { TokenType } from "chevrotain";
import { createToken, Lexer } from "./chevrotain.js";

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\n\r]*/, group: Lexer.SKIPPED });
export const BlockComment = createToken({ name: "BlockComment", pattern: /\/\*[\s\S]*?\*\//, group: Lexer.SKIPPED });
/** `/*` without a closing `*\/`: reported as a lexical error (kept out of the token stream). */
export const UnterminatedComment = createToken({ name: "UnterminatedComment", pattern: /\/\*[\s\S]*/, group: "bad" });

// Names follow JavaScript's identifier rules (Unicode letters included: `μ ~ normal(0, 1)`), minus `$`. A custom
// matcher, since Chevrotain's regex analysis drops the `u` flag that \p{...} needs; its possible first UTF-16 code
// units are listed for the lexer's first-character dispatch (an astral letter starts with a high surrogate).
export const IDENTIFIER = /[\p{ID_Start}_][\p{ID_Continue}]*/uy;

/** True when `s` is spelled as a name (keywords included: callers that print check those themselves). */
export function isIdentifier(s: string): boolean {
  return /^[\p{ID_Start}_][\p{ID_Continue}]*$/u.test(s);
}
const identifierStarts = (): number[] => {
  const out: number[] = [];
  for (let c = 0; c <= 0xffff; c++)
    if ((c >= 0xd800 && c <= 0xdbff) || c === 95 || /\p{ID_Start}/u.test(String.fromCharCode(c))) out.push(c);
  return out;
};
export const Identifier = createToken({
  name: "Identifier", label: "a name", line_breaks: false, start_chars_hint: identifierStarts(),
  pattern: (text: string, offset: number) => { IDENTIFIER.lastIndex = offset; return IDENTIFIER.exec(text); },
});

function keyword(word: string): TokenType {
  const name = word[0]!.toUpperCase() + word.slice(1);
  return createToken({ name, pattern: new RegExp(word), longer_alt: Identifier, label: `'${word}'` });
}

export const Model = keyword("model");
export const Fn = keyword("fn");
export const Let = keyword("let");
export const Var = keyword("var");
export const If = keyword("if");
export const Else = keyword("else");
export const For = keyword("for");
export const In = keyword("in");
export const Return = keyword("return");
export const Query = keyword("query");
export const Given = keyword("given");
export const Using = keyword("using");
export const Import = keyword("import");
export const Track = keyword("track");
export const True = keyword("true");
export const False = keyword("false");

/** Keywords by their spelling (none of them may be used as a name). */
export const KEYWORDS: ReadonlyMap<string, TokenType> = new Map(
  [Model, Fn, Let, Var, If, Else, For, In, Return, Query, Given, Using, Import, Track, True, False].map((t) => [t.name.toLowerCase(), t]),
);

export const NumberLit = createToken({ name: "NumberLit", pattern: /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/, label: "a number" });
/**
 * A number run into letters, a lexical error: an exponent without digits (`1e`, `2.5e+`), hex, octal or binary
 * (`0x10`), grouping (`1_000`), or a name glued to a number (`12abc`, `1e5x`). Without it, `1e` lexed as the
 * number `1` and the name `e`, reported as two statements on one line. A matcher function (as for names): the
 * lookahead keeps `1e5` and `1e+5` well-formed numbers.
 */
const BAD_NUMBER = /\d+(?:\.\d+)?(?:[eE](?![+-]?\d)[+-]?\w*|[eE][+-]?\d+[A-Za-z_]\w*|[A-DF-Za-df-z_]\w*)/y;
export const BadNumber = createToken({
  name: "BadNumber", group: "bad", line_breaks: false, start_chars_hint: [..."0123456789"],
  pattern: (text: string, offset: number) => { BAD_NUMBER.lastIndex = offset; return BAD_NUMBER.exec(text); },
});
/** A JSON string literal: its value is `JSON.parse` of its text. */
export const StringLit = createToken({
  name: "StringLit",
  pattern: /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/,
  label: "a string",
});
/** A string with a bad escape, a control character or no closing quote on its line: a lexical error. */
export const BadString = createToken({ name: "BadString", pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"?/, group: "bad" });

/** The category of every binary operator (the parser reads `operand (BinaryOperator operand)*`). */
export const BinaryOperator = createToken({ name: "BinaryOperator", pattern: Lexer.NA, label: "an operator" });

const punct = (name: string, pattern: RegExp, text: string, binary = false) =>
  createToken({ name, pattern, label: `'${text}'`, ...(binary ? { categories: [BinaryOperator] } : {}) });

export const DotDot = punct("DotDot", /\.\./, "..");
export const Dot = punct("Dot", /\./, ".");
export const Arrow = punct("Arrow", /=>/, "=>");
export const EqEq = punct("EqEq", /==/, "==", true);
export const NotEq = punct("NotEq", /!=/, "!=", true);
export const LessEq = punct("LessEq", /<=/, "<=", true);
export const GreaterEq = punct("GreaterEq", />=/, ">=", true);
export const Less = punct("Less", /</, "<", true);
export const Greater = punct("Greater", />/, ">", true);
export const AndAnd = punct("AndAnd", /&&/, "&&", true);
export const OrOr = punct("OrOr", /\|\|/, "||", true);
export const Assign = punct("Assign", /=/, "=");
/** `x += e`, `-=`, `*=`, `/=`: assignment of `x op e` to a var. */
export const CompoundAssign = createToken({ name: "CompoundAssign", pattern: /[+\-*\/]=/, label: "'+=', '-=', '*=' or '/='" });
export const Bang = punct("Bang", /!/, "!");
export const Tilde = punct("Tilde", /~/, "~");
export const Plus = punct("Plus", /\+/, "+", true);
export const Minus = punct("Minus", /-/, "-", true);
export const Star = punct("Star", /\*/, "*", true);
export const Slash = punct("Slash", /\//, "/", true);
export const Percent = punct("Percent", /%/, "%", true);
export const LParen = punct("LParen", /\(/, "(");
export const RParen = punct("RParen", /\)/, ")");
export const LBracket = punct("LBracket", /\[/, "[");
export const RBracket = punct("RBracket", /\]/, "]");
export const LCurly = punct("LCurly", /\{/, "{");
export const RCurly = punct("RCurly", /\}/, "}");
export const Comma = punct("Comma", /,/, ",");
export const Colon = punct("Colon", /:/, ":");
export const Semicolon = punct("Semicolon", /;/, ";");

const keywordsLongestFirst = [...KEYWORDS.values()].sort((a, b) => b.name.length - a.name.length);

/** Every token type, in lexing order. */
export const allTokens: TokenType[] = [
  WhiteSpace, LineComment, BlockComment, UnterminatedComment,
  ...keywordsLongestFirst, Identifier,
  BadNumber, NumberLit, StringLit, BadString,
  DotDot, Dot, Arrow, EqEq, NotEq, LessEq, GreaterEq, Less, Greater, AndAnd, OrOr, CompoundAssign, Assign, Bang, Tilde,
  Plus, Minus, Star, Slash, Percent, LParen, RParen, LBracket, RBracket, LCurly, RCurly, Comma, Colon, Semicolon,
];

/** The token types the parser consumes (the lexer's "bad" group is reported, never parsed). */
export const parserTokens: TokenType[] = [...allTokens.filter((t) => t.GROUP !== Lexer.SKIPPED && t.GROUP !== "bad"), BinaryOperator];
