/**
 * `parse(source, file)`: Borel source → a typed `Program` and every syntax error found in one run. It never
 * throws, never hangs and is linear in the input: the lexer skips what it cannot read, the parser recovers
 * (single-token insertion/deletion, re-synchronization at statement boundaries), and nesting is bounded
 * (limits.ts). With errors, the program is best-effort: missing pieces are placeholder identifiers named ""
 * and misplaced or unreadable statements are left out — do not compile it.
 *
 * @example
 * ```ts
 * const { program, errors } = parse("model m() { x ~ normal(0, 1) }", "m.borel");
 * program.items[0].kind;   // "Model"
 * errors.length;           // 0
 * ```
 */
import type { IRecognitionException, IToken } from "chevrotain";
import { BorelError, type Span } from "../../util/errors.js";
import type { Program, TopItem } from "./ast.js";
import { borelParser } from "./grammar.js";
import { tokenize } from "./lexer.js";
import { dataFileHint } from "./data-file.js";
import { checkTokenNesting, checkTreeDepth } from "./limits.js";
import { syntaxError } from "./syntax-errors.js";

/** At most this many errors are reported per run (the rest usually repeat the first ones). */
export const MAX_ERRORS = 50;

export interface ParseResult {
  program: Program;
  errors: BorelError[];
}

export function parse(source: string, file: string): ParseResult {
  const lexed = tokenize(source, file);
  const tokens = lexed.tokens;
  const whole = wholeSpan(file, tokens);
  const empty: Program = { kind: "Program", file, items: [], span: whole };
  const errors = [...lexed.errors];
  const tooDeep = checkTokenNesting(tokens, file);
  if (tooDeep) return { program: empty, errors: finish([...errors, tooDeep]) };
  let items: TopItem[];
  try {
    items = parseTokens(tokens, file, whole, errors, new Set(lexed.errors.map((e) => e.span!.line)));
  } catch (e) {
    const msg = e instanceof RangeError ? "the program nests too deeply to parse" : `the parser failed: ${e instanceof Error ? e.message : String(e)}`;
    borelParser().reset();
    return { program: empty, errors: finish([...errors, new BorelError("syntax", msg, { span: whole, hint: "split deeply nested expressions with `let` bindings" })]) };
  }
  const program: Program = { kind: "Program", file, items, span: whole };
  const deep = checkTreeDepth(program);
  if (deep) return { program: empty, errors: finish([...errors, deep]) };
  return { program, errors: asDataFile(finish(errors), source, file) };
}

/**
 * The errors of a file that looks like data (CSV rows, JSON) rather than a program: only the first, with a hint
 * saying how data reaches a program — the others repeat it on every row.
 */
function asDataFile(errors: BorelError[], source: string, file: string): BorelError[] {
  if (errors.length === 0) return errors;
  const hint = dataFileHint(source, file);
  if (hint === undefined) return errors;
  errors[0]!.hint = hint;
  return errors.slice(0, 1);
}

function parseTokens(tokens: IToken[], file: string, whole: Span, errors: BorelError[], lexLines: Set<number>): TopItem[] {
  const parser = borelParser();
  const cx = { file, errors: [] as BorelError[], whole };
  parser.begin(tokens, cx);
  const items = parser.program() ?? [];
  const exceptions = parser.errors as (IRecognitionException & { previousToken?: IToken })[];
  parser.input = [];
  const errorLines = new Set<number>();
  let lastLine = -1;
  for (const e of exceptions.slice(0, 4 * MAX_ERRORS)) {
    const err = syntaxError(e, { file, tokens });
    // A second error on the line of the previous one, or a parse error on a line with a lexical error, is
    // nearly always an echo of the first: keep the first.
    if (err.span && (err.span.line === lastLine || lexLines.has(err.span.line))) continue;
    lastLine = err.span?.line ?? -1;
    errorLines.add(lastLine);
    errors.push(err);
  }
  // A missing ';' reported on a line the parser already found broken is an echo of that error.
  errors.push(...cx.errors.filter((e) => !(e.message.startsWith("expected a new line") && errorLines.has(e.span?.line ?? -1))));
  return items;
}

function wholeSpan(file: string, tokens: IToken[]): Span {
  const last = tokens[tokens.length - 1];
  if (!last) return { file, line: 1, col: 1, endLine: 1, endCol: 1 };
  return { file, line: 1, col: 1, endLine: last.endLine ?? 1, endCol: last.endColumn ?? 1 };
}

/** Sorted by position, one error per position, at most MAX_ERRORS. */
function finish(errors: BorelError[]): BorelError[] {
  const pos = (e: BorelError) => (e.span ? e.span.line * 1e7 + e.span.col : 0);
  const sorted = errors.map((e, i) => [e, i] as const).sort((a, b) => pos(a[0]) - pos(b[0]) || a[1] - b[1]).map(([e]) => e);
  const seen = new Set<number>();
  const out: BorelError[] = [];
  for (const e of sorted) {
    const p = pos(e);
    if (seen.has(p)) continue;
    seen.add(p);
    out.push(e);
    if (out.length >= MAX_ERRORS) break;
  }
  return out;
}
