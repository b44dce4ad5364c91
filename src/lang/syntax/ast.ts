/**
 * The typed syntax tree of Borel programs. Every node carries its source `span` (1-based line/col), so every
 * static and run-time error can point at the source. The parser (src/lang/syntax/parser.ts) builds it, the
 * checker (src/lang/check/) validates it, the compiler (src/lang/compile/) turns models into generative
 * functions, and the printer (src/lang/syntax/print.ts) turns it back into source (parse ∘ print = id).
 */
import type { Span } from "../../util/errors.js";

export type { Span };

interface NodeBase {
  span: Span;
}

export interface Identifier extends NodeBase {
  kind: "Identifier";
  name: string;
}

// ---- program and declarations -----------------------------------------------------------------------

export interface Program extends NodeBase {
  kind: "Program";
  file: string;
  items: TopItem[];
}

export type TopItem = ModelDecl | FnDecl | LetStmt | QueryStmt | ImportStmt | ExprStmt;

export interface Param extends NodeBase {
  kind: "Param";
  name: string;
}

/** `model name(params) { body }`: a generative function. */
export interface ModelDecl extends NodeBase {
  kind: "Model";
  name: Identifier;
  params: Param[];
  body: Block;
}

/** `fn name(params) { body }`: a deterministic function (no `~`, observe, factor). */
export interface FnDecl extends NodeBase {
  kind: "Fn";
  name: Identifier;
  params: Param[];
  body: Block;
}

/** `import "stdlib/models/hmm"`. */
export interface ImportStmt extends NodeBase {
  kind: "Import";
  path: string;
}

/** `query m(args) [given {addr: value, ...}] using method(opts)`. */
export interface QueryStmt extends NodeBase {
  kind: "Query";
  model: Identifier;
  args: Arg[];
  given: RecordExpr | null;
  /** The inference method: a call like `nuts(samples: 1000)` or `mcmc(cycle(nuts(), gibbs("z")), samples: 2000)`. */
  method: CallExpr;
}

// ---- statements ---------------------------------------------------------------------------------------

export interface Block extends NodeBase {
  kind: "Block";
  stmts: Stmt[];
}

export type Stmt =
  | LetStmt | VarStmt | AssignStmt | IfStmt | ForRangeStmt | ForEachStmt | ReturnStmt
  | SampleStmt | ObserveStmt | FactorStmt | TrackStmt | ExprStmt | FnDecl;

/** `let x = e` (immutable). */
export interface LetStmt extends NodeBase {
  kind: "Let";
  name: Identifier;
  init: Expr;
}

/** `var x = e` (mutable, local). */
export interface VarStmt extends NodeBase {
  kind: "Var";
  name: Identifier;
  init: Expr;
}

/** `x = e` for a `var`. */
export interface AssignStmt extends NodeBase {
  kind: "Assign";
  name: Identifier;
  value: Expr;
}

export interface IfStmt extends NodeBase {
  kind: "If";
  cond: Expr;
  then: Block;
  /** `else { }` or `else if ...`. */
  else: Block | IfStmt | null;
}

/** `for i in a..b { }` (half-open). */
export interface ForRangeStmt extends NodeBase {
  kind: "ForRange";
  variable: Identifier;
  from: Expr;
  to: Expr;
  body: Block;
}

/** `for x in array { }`. */
export interface ForEachStmt extends NodeBase {
  kind: "ForEach";
  variable: Identifier;
  iterable: Expr;
  body: Block;
}

export interface ReturnStmt extends NodeBase {
  kind: "Return";
  value: Expr | null;
}

/**
 * `x ~ d`, `x[i][j] ~ d` (address x/i/j), `z ~ sub(args)` (a sub-model: its choices nest under z), and the
 * named observation `x[i] ~ d given v`.
 */
export interface SampleStmt extends NodeBase {
  kind: "Sample";
  name: Identifier;
  indices: Expr[];
  dist: Expr;
  given: Expr | null;
}

/** `observe(d, v)`: an observation at an automatic address (source position + enclosing loop indices). */
export interface ObserveStmt extends NodeBase {
  kind: "Observe";
  dist: Expr;
  value: Expr;
}

/** `factor(e)`: adds e to the log weight. */
export interface FactorStmt extends NodeBase {
  kind: "Factor";
  value: Expr;
}

/** `track name = e`: records a deterministic quantity. */
export interface TrackStmt extends NodeBase {
  kind: "Track";
  name: Identifier;
  value: Expr;
}

export interface ExprStmt extends NodeBase {
  kind: "ExprStmt";
  expr: Expr;
}

// ---- expressions --------------------------------------------------------------------------------------

export type Expr =
  | NumberLit | StringLit | BoolLit | Identifier | ArrayExpr | RecordExpr | UnaryExpr | BinaryExpr
  | CallExpr | IndexExpr | MemberExpr | LambdaExpr | IfExpr;

export interface NumberLit extends NodeBase {
  kind: "Number";
  value: number;
  /** The literal as written (for printing). */
  raw: string;
}

export interface StringLit extends NodeBase {
  kind: "String";
  value: string;
}

export interface BoolLit extends NodeBase {
  kind: "Bool";
  value: boolean;
}

export interface ArrayExpr extends NodeBase {
  kind: "Array";
  elements: Expr[];
}

export interface RecordField extends NodeBase {
  kind: "Field";
  /** An identifier key or a string key; address paths in `given` may be written "x/3". */
  key: string;
  value: Expr;
}

export interface RecordExpr extends NodeBase {
  kind: "Record";
  fields: RecordField[];
}

export type UnaryOp = "-" | "!";

export interface UnaryExpr extends NodeBase {
  kind: "Unary";
  op: UnaryOp;
  arg: Expr;
}

export type BinaryOp = "+" | "-" | "*" | "/" | "%" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "&&" | "||";

export interface BinaryExpr extends NodeBase {
  kind: "Binary";
  op: BinaryOp;
  left: Expr;
  right: Expr;
}

/** A positional (`name === null`) or named argument. */
export interface Arg extends NodeBase {
  kind: "Arg";
  name: string | null;
  value: Expr;
}

export interface CallExpr extends NodeBase {
  kind: "Call";
  callee: Expr;
  args: Arg[];
}

export interface IndexExpr extends NodeBase {
  kind: "Index";
  object: Expr;
  index: Expr;
}

export interface MemberExpr extends NodeBase {
  kind: "Member";
  object: Expr;
  name: string;
}

/** `fn(x, y) { ... }` or `fn(x) => e`. */
export interface LambdaExpr extends NodeBase {
  kind: "Lambda";
  params: Param[];
  body: Block | Expr;
}

/** `if c { ... } else { ... }` as an expression: each block's value is its last expression statement. */
export interface IfExpr extends NodeBase {
  kind: "IfExpr";
  cond: Expr;
  then: Block;
  else: Block | IfExpr;
}

export type Node = Program | TopItem | Stmt | Expr | Block | Param | Arg | RecordField;

/**
 * The argument of a call for the parameter `name` at position `pos`: the one named so, else the positional
 * argument at `pos` (arguments are positional first, then named).
 */
export function argFor(call: CallExpr, name: string, pos: number): Expr | undefined {
  const named = call.args.find((a) => a.name === name);
  if (named !== undefined) return named.value;
  const a = call.args[pos];
  return a !== undefined && a.name === null ? a.value : undefined;
}
