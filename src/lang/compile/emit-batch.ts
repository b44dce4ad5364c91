/**
 * Batched observation loops. In a gradient run (HMC, NUTS, VI, MAP), a loop whose body is `let`s and one
 * `observe`, all computed elementwise from the loop index — `for i in 0..n { observe(bernoulli_logit(a + b *
 * x[i]), y[i]) }` — is evaluated once over the whole index range as vectors: one vectorized distribution, one
 * AD node for the n observations, as if the model had been written `y ~ bernoulli_logit(a + b * x) given y`.
 * Ordinary runs (simulate, generate, SMC, enumeration) run the loop as written, so traces are unchanged.
 *
 * The observation may also be named, `y[i] ~ d given v`, when the program reads `y` nowhere else (the batch
 * does not build the choice array y). The last statement may instead be `factor(e)` (the n factors become one,
 * their sum), where e may also use `logpdf(d, x[i])`, `log_mix` and `log_sum_exp(a, b)` elementwise — a
 * Stan-style mixture `factor(log_mix(theta, logpdf(normal(m1, s1), y[i]), logpdf(normal(m2, s2), y[i])))`. Only an elementwise subset is lifted: the index (or element), `x[i]` (a slice) and `x[e]` (a gather) of
 * data or parameter vectors, `+ - * /` and unary minus, elementwise math builtins and the scalar
 * distribution families. Every operand that does not depend on the loop must be a scalar, every lifted value
 * a vector of numbers — so the batch's elementwise meaning is the loop's. When anything does not apply at run
 * time (a matrix row, a non-numeric element, a value outside the support, NaN), nothing is added and the loop
 * runs instead, reporting any error at its own place.
 *
 * @example
 * ```ts
 * // for i in 0..len(x) { observe(normal(mu + x[i], s), y[i]) } also compiles to, before the loop:
 * // if ($H.batches === true && $hi > $lo && $tryBatch(() => $H.observeBatch($hi - $lo,
 * //     $cb2($b.normal, $add($bscalar(u_mu$2), $bslice(u_x$1, $lo, $hi), S[4]), $bscalar(u_s$3), S[5]),
 * //     $bslice(u_y$4, $lo, $hi), true))) return $after9(...);
 * ```
 */
import type { Expr, ForEachStmt, ForRangeStmt, LetStmt } from "../syntax/ast.js";
import type { BodyDependence } from "./dependence.js";
import { BINARY, builtinCall, emitExpr, isBuiltinCallee } from "./emit-expr.js";
import { stringLiteral, type Emitter, type FnContext } from "./emitter.js";
import { namesOf } from "./invariant.js";
import type { Scope } from "./scope.js";

/** Builtins that apply elementwise to a vector (and to scalars alike). */
export const ELEMENTWISE = new Set([
  "exp", "log", "log1p", "expm1", "sqrt", "abs", "square", "sin", "cos", "tanh", "logistic", "logit", "softplus", "lgamma", "digamma", "erf", "normal_cdf",
  "inv_logit", "log1m", "log1m_exp", "log_inv_logit", "log1m_inv_logit", "log1p_exp",
]);

/**
 * Builtins a gradient batch lifts besides ELEMENTWISE (not SMC in lockstep): `log_mix(theta, lp1, lp2)` with
 * theta the same for every element, `log_sum_exp(a, b, ...)` of several values (elementwise), and
 * `logpdf(d, x)` (one log density per element).
 */
const BATCH_ONLY = new Set(["log_mix", "log_sum_exp", "logpdf"]);

/** Distribution families whose parameters broadcast elementwise (vector parameters: that many independent values). */
export const FAMILIES = new Set([
  "normal", "half_normal", "lognormal", "student_t", "cauchy", "half_cauchy", "laplace", "logistic", "exponential", "gamma", "inv_gamma", "beta",
  "bernoulli", "bernoulli_logit", "binomial", "binomial_logit", "poisson", "poisson_log", "neg_binomial", "neg_binomial_2", "geometric",
]);

/** The arithmetic operators that act elementwise (comparisons and % are not lifted). */
export const ELEMENTWISE_OPS = new Set(["+", "-", "*", "/"]);

/** Where the loop's values come from: a range lo..hi, or the elements of xs (n of them). */
export type BatchSource = { kind: "range"; lo: string; hi: string } | { kind: "each"; xs: string; n: string };

/**
 * The batched form of `loop` (code that returns `exit` when the batch was taken), or "" when its body is not
 * `let`s and one `observe` of the elementwise subset.
 */
export function emitBatch(loop: ForRangeStmt | ForEachStmt, scope: Scope, cx: Emitter, fx: FnContext, src: BatchSource, exit: string, deps: BodyDependence): string {
  const stmts = loop.body.stmts, last = stmts[stmts.length - 1];
  if (last === undefined || !stmts.slice(0, -1).every((st) => st.kind === "Let")) return "";
  // `observe(d, v)`, or `y[i] ~ d given v` when nothing reads the choice array y (the batch does not fill it;
  // nor may its own dist read earlier elements, as y[i - 1] would).
  // Or `factor(e)`: the loop's factors as one, their sum.
  const obs = last.kind === "Observe" ? last
    : last.kind === "Sample" && last.given !== null && last.indices.length > 0 && !deps.reads(last.name.name) ? { dist: last.dist, value: last.given }
    : null;
  if (obs === null && last.kind !== "Factor") return "";
  const lets = stmts.slice(0, -1) as LetStmt[];
  const lifter = new Lifter(loop.variable.name, scope.child(), cx, fx, src);
  const decls: string[] = [];
  for (const l of lets) {
    const code = lifter.bindLet(l);
    if (code === null) return "";
    decls.push(code);
  }
  const n = src.kind === "range" ? `${src.hi} - ${src.lo}` : src.n, nonEmpty = src.kind === "range" ? `${src.hi} > ${src.lo}` : `${src.n} > 0`;
  const index = src.kind === "range" ? `$brange(${src.lo}, ${src.hi})` : `$bslice(${src.xs}, 0, ${src.n})`;
  if (obs === null) {
    const w = last.kind === "Factor" ? lifter.lift(last.value) : null;
    if (w === null) return "";
    return `if ($H.batches === true && ${nonEmpty} && $tryBatch(() => { const ${lifter.index} = ${index}; ${decls.join(" ")}
return $H.factorBatch(${n}, ${w}); })) ${exit}`;
  }
  const distLifted = lifter.depends(obs.dist);
  const dist = distLifted ? lifter.lift(obs.dist) : emitExpr(obs.dist, lifter.scope, cx, fx);
  const value = lifter.lift(obs.value);
  if (dist === null || value === null) return "";
  return `if ($H.batches === true && ${nonEmpty} && $tryBatch(() => { const ${lifter.index} = ${index}; ${decls.join(" ")}
return $H.observeBatch(${n}, ${dist}, ${value}, ${distLifted}); })) ${exit}`;
}

class Lifter {
  /** The JavaScript name of the loop's index (or element) vector. */
  readonly index: string;
  /** Body lets that depend on the loop (bound to their vectors). */
  private readonly lifted = new Map<string, string>();

  constructor(private readonly variable: string, readonly scope: Scope, private readonly cx: Emitter, private readonly fx: FnContext, private readonly src: BatchSource) {
    this.index = cx.names.tmp("IV");
  }

  /** True when `e` reads the loop's index or a lifted let. */
  depends(e: Expr): boolean {
    for (const n of namesOf(e)) if (n === this.variable || this.lifted.has(n)) return true;
    return false;
  }

  /** `let name = init` in the batch: a vector when it depends on the loop, else its one value. */
  bindLet(l: LetStmt): string | null {
    const js = this.cx.names.user(l.name.name);
    const code = this.depends(l.init) ? this.lift(l.init) : emitExpr(l.init, this.scope, this.cx, this.fx);
    if (code === null) return null;
    // Bound in the batch's scope either way: a later loop-invariant expression may read it by name.
    if (this.depends(l.init)) this.lifted.set(l.name.name, js);
    else this.lifted.delete(l.name.name);
    this.scope.bind(l.name.name, { kind: "let", js });
    return `const ${js} = ${code};`;
  }

  /** The vector form of `e` (elementwise over the loop), or null when `e` is outside the subset. */
  lift(e: Expr): string | null {
    const cx = this.cx;
    if (!this.depends(e)) return `$bscalar(${emitExpr(e, this.scope, cx, this.fx)})`;
    switch (e.kind) {
      case "Identifier":
        return e.name === this.variable ? this.index : (this.lifted.get(e.name) as string);
      case "Binary": {
        const op = ELEMENTWISE_OPS.has(e.op) ? BINARY[e.op] : undefined;
        const l = op === undefined ? null : this.lift(e.left), r = op === undefined ? null : this.lift(e.right);
        return l === null || r === null ? null : `${op}(${l}, ${r}, ${cx.span(e)})`;
      }
      case "Unary": {
        const a = e.op === "-" ? this.lift(e.arg) : null;
        return a === null ? null : `$neg(${a}, ${cx.span(e)})`;
      }
      case "Index": {
        if (this.depends(e.object)) return null;
        const obj = emitExpr(e.object, this.scope, cx, this.fx);
        if (this.src.kind === "range" && e.index.kind === "Identifier" && e.index.name === this.variable) return `$bslice(${obj}, ${this.src.lo}, ${this.src.hi})`;
        const idx = this.lift(e.index);
        return idx === null ? null : `$bgather(${obj}, ${idx})`;
      }
      case "Call": {
        const callee = e.callee;
        if (callee.kind !== "Identifier" || !isBuiltinCallee(callee, this.scope, cx) || !(ELEMENTWISE.has(callee.name) || FAMILIES.has(callee.name) || BATCH_ONLY.has(callee.name))) return null;
        if (callee.name === "log_sum_exp" && e.args.length < 2) return null;   // of one vector: a reduction
        if (callee.name === "logpdf") {
          if (e.args.length !== 2 || e.args.some((a) => a.name !== null)) return null;
          const [d, x] = e.args.map((a) => a.value);
          const dl = this.depends(d) ? this.lift(d) : emitExpr(d, this.scope, cx, this.fx), xl = this.lift(x);
          return dl === null || xl === null ? null : `$blogpdf(${dl}, ${xl})`;
        }
        const pos: string[] = [], names: string[] = [], vals: string[] = [];
        for (const a of e.args) {
          const v = this.lift(a.value);
          if (v === null) return null;
          if (a.name === null) pos.push(v);
          else { names.push(stringLiteral(a.name)); vals.push(v); }
        }
        const f = `$b.${callee.name}`;
        return names.length > 0 ? `$calln(${f}, [${pos.join(", ")}], [${names.join(", ")}], [${vals.join(", ")}], ${cx.span(e)})` : builtinCall(f, pos, cx.span(e));
      }
      default:
        return null;
    }
  }
}
