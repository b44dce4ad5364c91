/**
 * The checker's walk over statements: scopes, the function a statement is in (top level, model, fn or
 * lambda), placement rules (`~` only in models, `return` only in bodies) and assignments. Expressions are
 * checked by check-expr.ts; addresses by addresses.ts; queries by query.ts.
 */
import { BorelError, isBorelError, type Span } from "../../util/errors.js";
import { resolveInFolder } from "../runtime/load.js";
import { checkPfnQuery, PFN_METHODS, readPfnConfig } from "../../pfn/query-check.js";
import type * as A from "../syntax/ast.js";
import { addressRoots, checkAddresses, reservedName, trackedNames } from "./addresses.js";
import { checkDistribution, checkExpr, checkModelArgs, checkRangeBound } from "./check-expr.js";
import type { CheckContext, FnFrame, FnKind, Walker } from "./context.js";
import { globalScope } from "./env.js";
import { checkMethod } from "./query.js";
import { describeBinding, Scope, type Binding } from "./scope.js";
import { didYouMean } from "../../util/suggest.js";
import { stanNameHint } from "./stan-hints.js";
import { getKernel, getMethod } from "../../infer/registry.js";
import { MAX_ERRORS } from "../syntax/parse.js";

export class Checker implements Walker {
  readonly errors: BorelError[] = [];
  scope: Scope;
  frame: FnFrame;
  /** Index of the top-level item being checked. */
  topIndex = 0;
  readonly unresolvedImports: boolean;
  private nextFnId = 1;

  constructor(readonly program: A.Program, readonly ctx: CheckContext) {
    const g = globalScope(program, ctx, (e) => this.report(e));
    this.scope = g.scope;
    this.unresolvedImports = g.unresolvedImports;
    this.frame = { kind: "top", id: 0, bodyScope: this.scope };
  }

  report(e: BorelError): void {
    // The same error at the same place once (`x += 1` for an unknown x reads and assigns the one name).
    const same = (o: BorelError) => o.code === e.code && o.message === e.message && o.span?.line === e.span?.line && o.span?.col === e.span?.col;
    if (this.errors.length < MAX_ERRORS && !this.errors.some(same)) this.errors.push(e);
  }

  run(): BorelError[] {
    this.program.items.forEach((item, i) => {
      this.topIndex = i;
      this.stmt(item);
    });
    return this.errors;
  }

  /** Resolves a name read at `span`; reports an unknown name (with "did you mean") and returns undefined. */
  resolve(id: A.Identifier): Binding | undefined {
    if (id.name === "") return undefined;
    const b = this.scope.lookup(id.name);
    if (b && b.kind === "let" && b.topIndex !== undefined && this.frame.kind === "top" && b.topIndex >= this.topIndex) {
      // Its own definition, continued on a later line: a line that begins with an operator (`-xs[0]`) continues
      // the expression of the line before.
      const continued = b.topIndex === this.topIndex && b.span !== undefined && id.span.line > b.span.line;
      this.report(new BorelError("unknown-name", `'${id.name}' is used before its definition`, {
        span: id.span,
        hint: continued
          ? `this line continues the definition of '${id.name}' on line ${b.span!.line}: a line that begins with an operator such as - or + continues the expression before it; put the expression in parentheses or a let of its own`
          : `'${id.name}' is defined at ${b.span?.line}:${b.span?.col}; move that definition above this line`,
      }));
      return undefined;
    }
    if (b) return b;
    if (this.unresolvedImports) return undefined;
    const dym = didYouMean(id.name, this.scope.visible());
    this.report(new BorelError("unknown-name", `unknown name '${id.name}'`, {
      span: id.span,
      hint: stanNameHint(id.name) ?? dym ?? queryOnlyHint(id.name) ?? `define it first (let ${id.name} = ...), pass it as a parameter, or bind it with --data`,
    }));
    return undefined;
  }

  /** Runs `f` in a new block scope. */
  inScope<T>(f: () => T): T {
    const saved = this.scope;
    this.scope = new Scope(saved);
    try {
      return f();
    } finally {
      this.scope = saved;
    }
  }

  /** Checks a model, fn or lambda body with its parameters bound. */
  body(kind: FnKind, params: readonly A.Param[], body: A.Block | A.Expr): void {
    const savedScope = this.scope;
    const savedFrame = this.frame;
    this.scope = new Scope(savedScope);
    this.frame = { kind, id: this.nextFnId++, bodyScope: this.scope };
    const seen = new Map<string, Span>();
    for (const p of params) {
      const prev = seen.get(p.name);
      if (prev) this.report(new BorelError("duplicate", `parameter '${p.name}' appears twice`, { span: p.span, hint: "give each parameter its own name" }));
      seen.set(p.name, p.span);
      this.scope.define({ kind: "param", name: p.name, fnId: this.frame.id, span: p.span });
    }
    try {
      if (body.kind === "Block") this.block(body, false);
      else checkExpr(this, body);
    } finally {
      this.scope = savedScope;
      this.frame = savedFrame;
    }
  }

  block(b: A.Block, newScope = true): void {
    if (newScope) this.inScope(() => this.stmts(b.stmts));
    else this.stmts(b.stmts);
  }

  private stmts(ss: readonly A.Stmt[]): void {
    for (const s of ss) this.stmt(s);
  }

  /** Reports `what` unless the current body is a model's (not a nested fn or lambda). */
  requireModel(what: string, span: Span): void {
    const k = this.frame.kind;
    if (k === "model") return;
    const where = k === "top" ? "at the top level" : k === "fn" ? "inside a fn" : "inside an anonymous fn";
    this.report(new BorelError("model-only", `${what} is not allowed ${where}`, {
      span,
      hint: k === "top" ? `${what} belongs in a model body` : `fns are deterministic: make it a model and call it with ~ (z ~ m(...))`,
    }));
  }

  stmt(s: A.Stmt | A.TopItem): void {
    switch (s.kind) {
      case "Model":
        checkAddresses(s).forEach((e) => this.report(e));
        this.body("model", s.params, s.body);
        return;
      case "Fn":
        if (this.frame.kind !== "top" && s.name.name !== "")
          this.scope.define({ kind: "fn", name: s.name.name, params: s.params.map((p) => p.name), span: s.name.span, fnId: this.frame.id });
        this.body("fn", s.params, s.body);
        return;
      case "Let":
      case "Var": {
        checkExpr(this, s.init);
        if (s.name.name === "") return;
        const params = s.kind === "Let" && s.init.kind === "Lambda" ? s.init.params.map((p) => p.name) : undefined;
        this.scope.define({ kind: s.kind === "Let" ? "let" : "var", name: s.name.name, fnId: this.frame.id, span: s.name.span, ...(params ? { params } : {}) });
        return;
      }
      case "Assign":
        checkExpr(this, s.value);
        this.assign(s);
        return;
      case "If":
        checkExpr(this, s.cond);
        this.block(s.then);
        if (s.else?.kind === "If") this.stmt(s.else);
        else if (s.else) this.block(s.else);
        return;
      case "ForRange":
        checkRangeBound(this, s.from);
        checkRangeBound(this, s.to);
        this.loop(s.variable, s.body);
        return;
      case "ForEach":
        checkExpr(this, s.iterable);
        if (s.iterable.kind === "Number")
          this.report(new BorelError("range-bound", "`for x in` needs an array, not a number", { span: s.iterable.span, hint: `to count, write for ${s.variable.name} in 0..${s.iterable.raw} { ... }` }));
        this.loop(s.variable, s.body);
        return;
      case "Return":
        if (this.frame.kind === "top")
          this.report(new BorelError("return-outside", "`return` outside a model or fn", { span: s.span, hint: "return ends a model or fn body; at the top level, bind the value with let" }));
        if (s.value) checkExpr(this, s.value);
        return;
      case "Sample":
        this.sample(s);
        return;
      case "Observe":
        this.requireModel("observe", s.span);
        checkDistribution(this, s.dist, "observe", false);
        checkExpr(this, s.value);
        return;
      case "Factor":
        this.requireModel("factor", s.span);
        checkExpr(this, s.value);
        return;
      case "Track":
        this.requireModel("`track`", s.span);
        checkExpr(this, s.value);
        { const reserved = reservedName(s.name, "a tracked name"); if (reserved) this.report(reserved); }
        // `track total = e` also names the value for the rest of the block, unless the name is taken.
        if (this.scope.lookup(s.name.name) === undefined)
          this.scope.define({ kind: "let", name: s.name.name, fnId: this.frame.id, span: s.name.span });
        return;
      case "Query":
        this.query(s);
        return;
      case "Import":
        return;
      case "ExprStmt": {
        const e = s.expr;
        const name = e.kind === "Call" && e.callee.kind === "Identifier" ? e.callee.name : "";
        if ((name === "observe" || name === "factor") && this.scope.lookup(name)?.kind === "builtin") {
          // observe(d, v) and factor(e) are statements; with other arguments the parser left a call here.
          const shape = name === "observe" ? "exactly two positional arguments: observe(d, v)" : "exactly one positional argument: factor(e)";
          const example = name === "observe" ? "observe(normal(mu, 1), y): the distribution, then the observed value" : "factor(-0.5 * x * x): the term added to the log weight";
          this.report(new BorelError("arity", `${name} needs ${shape}`, { span: e.span, hint: example }));
          for (const a of (e as A.CallExpr).args) checkExpr(this, a.value);
          return;
        }
        // `y <- normal(0, 1)` (R's assignment) parses as the comparison y < -normal(0, 1).
        if (e.kind === "Binary" && e.op === "<" && e.left.kind === "Identifier" && !this.scope.lookup(e.left.name) && e.right.kind === "Unary" && e.right.op === "-" && this.randomCall(e.right.arg)) {
          this.report(new BorelError("unknown-name", `unknown name '${e.left.name}': \`<-\` is not assignment in Borel (this reads as ${e.left.name} < -...)`, {
            span: e.span, hint: `a random choice is written ${e.left.name} ~ ..., a value let ${e.left.name} = ...`,
          }));
          return;
        }
        checkExpr(this, e);
        return;
      }
    }
  }

  /** True for a call of a distribution or a model (what `~` takes). */
  private randomCall(e: A.Expr): boolean {
    if (e.kind !== "Call" || e.callee.kind !== "Identifier") return false;
    const kind = this.scope.lookup(e.callee.name)?.kind;
    return kind === "dist" || kind === "model";
  }

  private loop(variable: A.Identifier, body: A.Block): void {
    this.inScope(() => {
      if (variable.name !== "") this.scope.define({ kind: "loop", name: variable.name, fnId: this.frame.id, span: variable.span });
      this.block(body);
    });
  }

  private assign(s: A.AssignStmt): void {
    // `x = normal(0, 1)` for a new x: a random choice written with `=`.
    if (s.name.name !== "" && !this.scope.lookup(s.name.name) && this.randomCall(s.value)) {
      this.report(new BorelError("unknown-name", `unknown name '${s.name.name}': '=' assigns to an existing var`, {
        span: s.name.span, hint: `a random choice is written ${s.name.name} ~ ..., a new value let ${s.name.name} = ...`,
      }));
      return;
    }
    const b = this.resolve(s.name);
    if (!b) return;
    if (b.kind === "var" && b.fnId === this.frame.id) return;
    const hint =
      b.kind === "var" ? "a var can only be assigned in the model or fn that declares it; return the new value instead"
      : b.kind === "let" ? `declare it with var to make it mutable: var ${b.name} = ...`
      : b.kind === "loop" ? "loop variables change only with the loop; copy it into a var first"
      : b.kind === "param" ? `parameters are immutable; copy it: var ${b.name}2 = ${b.name}`
      : "only a var can be assigned";
    const what = b.kind === "var" ? `${describeBinding(b)} of an enclosing function` : describeBinding(b);
    this.report(new BorelError("assign-immutable", `cannot assign to ${what}`, { span: s.name.span, hint }));
  }

  private sample(s: A.SampleStmt): void {
    this.requireModel("`~`", s.span);
    for (const i of s.indices) checkExpr(this, i);
    const bind = () => {
      if (s.name.name !== "") this.frame.bodyScope.define({ kind: "sample", name: s.name.name, fnId: this.frame.id, span: s.name.span });
    };
    // x[i] ~ normal(x[i - 1], 1) reads earlier elements of x: an indexed name is bound before its distribution.
    if (s.indices.length > 0) bind();
    const isModel = checkDistribution(this, s.dist, "`~`", true);
    if (s.given) {
      checkExpr(this, s.given);
      if (isModel)
        this.report(new BorelError("not-a-distribution", "`given` needs a distribution on the left of it, not a model call", {
          span: s.given.span,
          hint: "to condition a sub-model, pass the observation to it and observe inside",
        }));
    }
    if (s.indices.length === 0) bind();
  }

  private query(q: A.QueryStmt): void {
    const b = this.resolve(q.model);
    for (const a of q.args) checkExpr(this, a.value);
    if (b && b.kind !== "model" && b.kind !== "let" && b.kind !== "value")
      this.report(new BorelError("model-call", `${describeBinding(b)} is not a model`, { span: q.model.span, hint: "a query runs a model declared with `model name(params) { ... }`" }));
    if (b?.kind === "model") checkModelArgs(this, b, q.args, q.model.span);
    if (q.given) {
      const roots = b?.kind === "model" && b.decl ? addressRoots(b.decl) : undefined;
      const keys = new Map<string, Span>();
      for (const f of q.given.fields) {
        checkExpr(this, f.value);
        if (keys.has(f.key)) this.report(new BorelError("duplicate", `address '${f.key}' is given twice`, { span: f.span }));
        keys.set(f.key, f.span);
        const root = f.key.split("/")[0]!;
        if (roots && !roots.has(root)) {
          const dym = didYouMean(root, roots);
          const tracked = b?.kind === "model" && b.decl && trackedNames(b.decl).has(root);
          this.report(new BorelError("unknown-address", `model '${b!.name}' has no address '${f.key}'`, {
            span: f.span,
            hint: tracked
              ? `'${root}' is a tracked value, computed from the choices, not a choice a query can fix: condition on it with factor or observe in the model, or give the choices it is computed from; addresses of ${b!.name}: ${[...roots].join(", ") || "none"}`
              : `${dym ? `${dym} ` : ""}addresses of ${b!.name}: ${[...roots].join(", ") || "none"}`,
          }));
        }
      }
    }
    checkMethod(q.method, {
      expr: (e) => checkExpr(this, e),
      lookup: (name) => this.scope.lookup(name),
      report: (e) => this.report(e),
    });
    this.pfnQuery(q);
  }

  /** The PFN methods' own rules (src/pfn/query-check.ts): given names the network's data, `at:` is present, … */
  private pfnQuery(q: A.QueryStmt): void {
    const callee = q.method.callee;
    if (callee.kind !== "Identifier" || !(PFN_METHODS as readonly string[]).includes(callee.name)) return;
    const positional = q.method.args.filter((a) => a.name === null);
    const fileArg = positional[0]?.value ?? q.method.args.find((a) => a.name === "file")?.value;
    // The weights file resolves as at run time: inside the program's folder (a missing one is reported here).
    const dir = this.ctx.fileDir;
    const readConfig = (f: string) => {
      if (dir === undefined) return undefined;
      try {
        return readPfnConfig(resolveInFolder(dir, f, fileArg?.span, callee.name));
      } catch (e) {
        if (isBorelError(e)) this.report(e);
        return undefined;
      }
    };
    const errs = checkPfnQuery({
      method: callee.name, modelArgs: q.args.length, positional: positional.length,
      options: q.method.args.flatMap((a) => (a.name === null ? [] : [a.name])),
      given: q.given && { names: q.given.fields.map((f) => f.key), span: q.given.span },
      file: fileArg?.kind === "String" ? fileArg.value : undefined,
      span: q.span, methodSpan: callee.span, modelSpan: q.model.span,
    }, readConfig);
    for (const e of errs) this.report(e);
  }
}

/** Kernels and inference methods are written in a query's `using` clause only: not values elsewhere. */
function queryOnlyHint(name: string): string | undefined {
  const method = getMethod(name) !== undefined, kernel = getKernel(name) !== undefined;
  if (!method && !kernel) return undefined;
  const what = method ? (kernel ? "an inference method and an MCMC kernel" : "an inference method") : "an MCMC kernel";
  return `'${name}' is ${what}: it is written inside a query's using clause (query m(args) using ${method ? `${name}(...)` : `mcmc(${name}(...))`}), not as a value`;
}
