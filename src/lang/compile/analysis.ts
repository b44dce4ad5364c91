/**
 * Static facts the code generator needs about statements: which contain random statements (and so need
 * continuation-passing code), which names they assign, which names are choice arrays (`x[i] ~ d`), and the
 * names an expression mentions. None of these look inside nested functions: a `fn` cannot contain `~`.
 *
 * @example
 * ```ts
 * containsRandom(forStmt);      // true when its body has ~, observe or factor
 * assignedNames(stmts);         // Set {"s"} for `s = s + x`
 * ```
 */
import type { Block, Expr, IfStmt, ModelDecl, Node, Stmt } from "../syntax/ast.js";

/** Child nodes of a node (expressions and statements), not entering nested functions unless asked. */
export function children(n: Node, enterFunctions = false): Node[] {
  switch (n.kind) {
    case "Block": return n.stmts;
    case "Let": case "Var": return [n.init];
    case "Assign": return [n.value];
    case "If": return n.else ? [n.cond, n.then, n.else] : [n.cond, n.then];
    case "ForRange": return [n.from, n.to, n.body];
    case "ForEach": return [n.iterable, n.body];
    case "Return": return n.value ? [n.value] : [];
    case "Sample": return [...n.indices, n.dist, ...(n.given ? [n.given] : [])];
    case "Observe": return [n.dist, n.value];
    case "Factor": case "Track": return [n.value];
    case "ExprStmt": return [n.expr];
    case "Fn": case "Model": return enterFunctions ? [n.body] : [];
    case "Lambda": return enterFunctions ? [n.body] : [];
    case "Array": return n.elements;
    case "Record": return n.fields.map((f) => f.value);
    case "Unary": return [n.arg];
    case "Binary": return [n.left, n.right];
    case "Call": return [n.callee, ...n.args.map((a) => a.value)];
    case "Index": return [n.object, n.index];
    case "Member": return [n.object];
    case "IfExpr": return [n.cond, n.then, n.else];
    default: return [];
  }
}

const randomCache = new WeakMap<Node, boolean>();

/** True when the node is or contains `~`, `observe` or `factor` (outside nested functions). */
export function containsRandom(n: Node): boolean {
  const c = randomCache.get(n);
  if (c !== undefined) return c;
  const r = n.kind === "Sample" || n.kind === "Observe" || n.kind === "Factor" || children(n).some(containsRandom);
  randomCache.set(n, r);
  return r;
}

/** Names assigned (`x = e`) anywhere in the statements (nested blocks included, nested functions not). */
export function assignedNames(stmts: readonly Stmt[], out = new Set<string>()): Set<string> {
  const visit = (n: Node) => {
    if (n.kind === "Assign") out.add(n.name.name);
    for (const c of children(n)) visit(c);
  };
  stmts.forEach(visit);
  return out;
}

/** Sets for each suffix `stmts[i..]` of a statement list, built once (linear, not quadratic, in the list). */
function suffixSets(cache: WeakMap<readonly Stmt[], Set<string>[]>, stmts: readonly Stmt[], of: (s: Stmt, out: Set<string>) => void): Set<string>[] {
  let sets = cache.get(stmts);
  if (sets === undefined) {
    sets = new Array<Set<string>>(stmts.length + 1);
    sets[stmts.length] = new Set();
    for (let i = stmts.length - 1; i >= 0; i--) {
      const own = new Set<string>();
      of(stmts[i], own);
      sets[i] = own.size === 0 ? sets[i + 1] : new Set([...own, ...sets[i + 1]]);
    }
    cache.set(stmts, sets);
  }
  return sets;
}

const assignedCache = new WeakMap<readonly Stmt[], Set<string>[]>();
const lastMentionCache = new WeakMap<readonly Stmt[], Map<string, number>>();

/** Names assigned in `stmts[from..]`. */
export function assignedAfter(stmts: readonly Stmt[], from: number): Set<string> {
  return suffixSets(assignedCache, stmts, (s, out) => assignedNames([s], out))[from];
}

/** Names mentioned in `stmts[from..]` (nested functions included); from the index of each name's last mention. */
export function mentionedAfter(stmts: readonly Stmt[], from: number): Set<string> {
  let last = lastMentionCache.get(stmts);
  if (last === undefined) {
    last = new Map();
    for (let i = 0; i < stmts.length; i++) for (const n of mentionedNames(stmts[i])) last.set(n, i);
    lastMentionCache.set(stmts, last);
  }
  const out = new Set<string>();
  for (const [n, i] of last) if (i >= from) out.add(n);
  return out;
}

/**
 * Names bound by `~` in a model body that must live in a variable of the whole body (they are visible in
 * the rest of the model, also after the block they are in): `indexed` for every choice array (`x[i] ~ d`),
 * `scalar` for the names `x ~ d` binds inside an `if` or a loop. (`x ~ d` directly in the body's statement
 * list binds an ordinary name for the rest of the body.)
 */
export function sampledNames(body: Block): { indexed: string[]; scalar: string[] } {
  const indexed = new Set<string>(), scalar = new Set<string>();
  const visit = (n: Node, nested: boolean) => {
    if (n.kind === "Sample") {
      if (n.indices.length > 0) indexed.add(n.name.name);
      else if (nested) scalar.add(n.name.name);
    }
    for (const c of children(n)) visit(c, true);
  };
  for (const s of body.stmts) visit(s, false);
  return { indexed: [...indexed], scalar: [...scalar].filter((n) => !indexed.has(n)) };
}

/**
 * A `name ~ d` (or `name[i] ~ d`) without `given` whose name is also a parameter of the model or a value of
 * the program: the statement samples a new choice that hides the value instead of observing it — the Stan
 * habit `y ~ normal(mu, sigma)` for data `y`. Queries warn unless their `given` constrains the name.
 */
export interface HiddenValue {
  name: string;
  what: "parameter" | "program value";
  /** The statement as written: `y ~ …` or `y[i] ~ …`. */
  target: string;
  line: number;
  col: number;
}

/** The hidden values of a model (the first unobserved sample statement per name); `isProgramValue` tells which names are values of the program (lets, vars, data). */
export function hiddenValues(decl: ModelDecl, isProgramValue: (name: string) => boolean): HiddenValue[] {
  const params = new Set(decl.params.map((p) => p.name)), out = new Map<string, HiddenValue>();
  // A name some statement observes (`ys[i] ~ … given ys[i]`) is conditioned knowingly; its statements without
  // `given` sample other elements on purpose (a prediction past the data: `ys[len(ys)] ~ normal(mu, 1)`).
  const observed = new Set<string>();
  const collect = (n: Node) => { if (n.kind === "Sample" && n.given !== null) observed.add(n.name.name); for (const c of children(n)) collect(c); };
  for (const st of decl.body.stmts) collect(st);
  const visit = (n: Node) => {
    if (n.kind === "Sample" && n.given === null && !out.has(n.name.name) && !observed.has(n.name.name)) {
      const name = n.name.name, what = params.has(name) ? "parameter" : isProgramValue(name) ? "program value" : null;
      const target = n.indices.length === 0 ? name : `${name}${n.indices.map(() => "[i]").join("")}`;
      if (what !== null) out.set(name, { name, what, target, line: n.span.line, col: n.span.col });
    }
    for (const c of children(n)) visit(c);
  };
  for (const st of decl.body.stmts) visit(st);
  return [...out.values()];
}

/** Identifier names mentioned anywhere in a node, nested functions included (an over-approximation of free names). */
export function mentionedNames(n: Node, out = new Set<string>()): Set<string> {
  if (n.kind === "Identifier") out.add(n.name);
  if (n.kind === "Assign") out.add(n.name.name);
  for (const c of children(n, true)) mentionedNames(c, out);
  return out;
}

/** The statements of an `else` branch as a list. */
export function elseStmts(e: Block | IfStmt | null): Stmt[] {
  if (e === null) return [];
  return e.kind === "Block" ? e.stmts : [e];
}

/**
 * A body whose trailing expression statement becomes its return value (`fn(x) { x + 1 }`), also at the end
 * of each branch of a trailing `if` (`fn f(n) { if n < 1 { 1 } else { n * f(n - 1) } }`).
 */
export function withImplicitReturn(stmts: readonly Stmt[]): Stmt[] {
  const last = stmts[stmts.length - 1];
  if (last === undefined) return [];
  if (last.kind === "ExprStmt") return [...stmts.slice(0, -1), { kind: "Return", value: last.expr, span: last.span }];
  if (last.kind === "If") return [...stmts.slice(0, -1), ifWithReturns(last)];
  return stmts.slice();
}

function ifWithReturns(s: IfStmt): IfStmt {
  const then: Block = { ...s.then, stmts: withImplicitReturn(s.then.stmts) };
  const other = s.else === null ? null : s.else.kind === "If" ? ifWithReturns(s.else) : { ...s.else, stmts: withImplicitReturn(s.else.stmts) };
  return { ...s, then, else: other };
}

export type { Expr };
