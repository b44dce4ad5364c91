/**
 * `print(program)`: the canonical text of a program — two-space indentation, one statement per line,
 * `name: value` arguments, minimal parentheses by precedence — such that `parse(print(p))` equals `p` up to
 * spans. Formatting is not preserved (comments are not in the tree); `print` is a formatter.
 *
 * @example
 * ```ts
 * print(parse("model m(){x~normal(0,1)}", "m.borel").program);
 * // "model m() {\n  x ~ normal(0, 1)\n}\n"
 * ```
 */
import type * as A from "./ast.js";
import { isIdentifier, KEYWORDS } from "./tokens.js";
import { PRECEDENCE } from "./build.js";

const INDENT = "  ";

const UNARY = 7;
const POSTFIX = 8;

export function print(program: A.Program): string {
  const out: string[] = [];
  program.items.forEach((item, i) => {
    const isDecl = item.kind === "Model" || item.kind === "Fn";
    if (i > 0 && (isDecl || program.items[i - 1]!.kind === "Model" || program.items[i - 1]!.kind === "Fn")) out.push("");
    out.push(printStmt(item, ""));
  });
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}

/** A name as written: identifiers stay bare. */
export function isPlainName(s: string): boolean {
  return isIdentifier(s) && !KEYWORDS.has(s);
}

export function printStmt(s: A.Stmt | A.TopItem, ind: string): string {
  switch (s.kind) {
    case "Model":
    case "Fn":
      return `${ind}${s.kind === "Model" ? "model" : "fn"} ${s.name.name}(${printParams(s.params)}) ${printBlock(s.body, ind)}`;
    case "Let":
    case "Var":
      return `${ind}${s.kind === "Let" ? "let" : "var"} ${s.name.name} = ${printExpr(s.init, ind)}`;
    case "Assign":
      return `${ind}${s.name.name} = ${printExpr(s.value, ind)}`;
    case "If":
      return `${ind}${printIfStmt(s, ind)}`;
    case "ForRange":
      return `${ind}for ${s.variable.name} in ${printExpr(s.from, ind)}..${printExpr(s.to, ind)} ${printBlock(s.body, ind)}`;
    case "ForEach":
      return `${ind}for ${s.variable.name} in ${printExpr(s.iterable, ind)} ${printBlock(s.body, ind)}`;
    case "Return":
      return `${ind}return${s.value ? ` ${printExpr(s.value, ind)}` : ""}`;
    case "Sample": {
      const target = s.name.name + s.indices.map((i) => `[${printExpr(i, ind)}]`).join("");
      return `${ind}${target} ~ ${printExpr(s.dist, ind)}${s.given ? ` given ${printExpr(s.given, ind)}` : ""}`;
    }
    case "Observe":
      return `${ind}observe(${printExpr(s.dist, ind)}, ${printExpr(s.value, ind)})`;
    case "Factor":
      return `${ind}factor(${printExpr(s.value, ind)})`;
    case "Track":
      return `${ind}track ${s.name.name} = ${printExpr(s.value, ind)}`;
    case "Query": {
      const given = s.given ? ` given ${printExpr(s.given, ind)}` : "";
      return `${ind}query ${s.model.name}(${printArgs(s.args, ind)})${given} using ${printExpr(s.method, ind)}`;
    }
    case "Import":
      return `${ind}import ${JSON.stringify(s.path)}`;
    case "ExprStmt":
      return `${ind}${printExprStmt(s.expr, ind)}`;
  }
}

/**
 * An expression statement must not read as another statement: `if ...` (an if statement) or `-x` (which
 * would continue the previous line's expression) are parenthesized. (A statement `observe(d, v)` is the
 * observe statement: the parser never makes an expression statement of it.)
 */
function printExprStmt(e: A.Expr, ind: string): string {
  const text = printExpr(e, ind);
  return e.kind === "IfExpr" || text.startsWith("-") ? `(${text})` : text;
}

function printIfStmt(s: A.IfStmt, ind: string): string {
  const head = `if ${printExpr(s.cond, ind)} ${printBlock(s.then, ind)}`;
  if (!s.else) return head;
  return `${head} else ${s.else.kind === "If" ? printIfStmt(s.else, ind) : printBlock(s.else, ind)}`;
}

export function printBlock(b: A.Block, ind: string): string {
  if (b.stmts.length === 0) return "{}";
  const inner = ind + INDENT;
  return `{\n${b.stmts.map((s) => printStmt(s, inner)).join("\n")}\n${ind}}`;
}

function printParams(ps: A.Param[]): string {
  return ps.map((p) => p.name).join(", ");
}

function printArgs(args: A.Arg[], ind: string): string {
  return args.map((a) => (a.name === null ? "" : `${a.name}: `) + printExpr(a.value, ind)).join(", ");
}

/** The binding strength of an expression's outermost construct. */
function strength(e: A.Expr): number {
  switch (e.kind) {
    case "Binary":
      return PRECEDENCE[e.op];
    case "Unary":
      return UNARY;
    case "Lambda":
    case "IfExpr":
      return 0;
    default:
      return POSTFIX;
  }
}

function wrap(e: A.Expr, min: number, ind: string): string {
  const text = printExpr(e, ind);
  return strength(e) < min ? `(${text})` : text;
}

export function printExpr(e: A.Expr, ind = ""): string {
  switch (e.kind) {
    case "Number":
      return e.raw;
    case "String":
      return JSON.stringify(e.value);
    case "Bool":
      return e.value ? "true" : "false";
    case "Identifier":
      return e.name;
    case "Array":
      return `[${e.elements.map((x) => printExpr(x, ind)).join(", ")}]`;
    case "Record":
      return `{${e.fields.map((f) => `${isPlainName(f.key) ? f.key : JSON.stringify(f.key)}: ${printExpr(f.value, ind)}`).join(", ")}}`;
    case "Unary": {
      const arg = wrap(e.arg, UNARY, ind);
      // `- -x` must not print as `--x`; `-(-x)` keeps the tree.
      return e.op === "-" && arg.startsWith("-") ? `-(${arg})` : `${e.op}${arg}`;
    }
    case "Binary": {
      const p = PRECEDENCE[e.op];
      return `${wrap(e.left, p, ind)} ${e.op} ${wrap(e.right, p + 1, ind)}`;
    }
    case "Call":
      return `${wrap(e.callee, POSTFIX, ind)}(${printArgs(e.args, ind)})`;
    case "Index":
      return `${wrap(e.object, POSTFIX, ind)}[${printExpr(e.index, ind)}]`;
    case "Member":
      return `${wrap(e.object, POSTFIX, ind)}.${e.name}`;
    case "Lambda": {
      const body = e.body.kind === "Block" ? ` ${printBlock(e.body, ind)}` : ` => ${printExpr(e.body, ind)}`;
      return `fn(${printParams(e.params)})${body}`;
    }
    case "IfExpr":
      return printIfExpr(e, ind);
  }
}

function printIfExpr(e: A.IfExpr, ind: string): string {
  const rest = e.else.kind === "IfExpr" ? printIfExpr(e.else, ind) : printBlock(e.else, ind);
  return `if ${printExpr(e.cond, ind)} ${printBlock(e.then, ind)} else ${rest}`;
}
