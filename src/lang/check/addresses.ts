/**
 * Static addresses of a model: each `~` has an address pattern — its name, then one part per index, a
 * literal index known (`x[0]` → x/0) and any other unknown. Two `~` that can run in the same run with the
 * same fully known address, a fully known address inside a loop (it repeats every iteration), or one name
 * used both plain and indexed (`x` and `x/i`), and a `track` name that is also a choice's name (`track x` beside
 * `x ~ ...`, `x[i] ~ ...` or `x ~ sub()`: one posterior column for two things) are errors. Branches that exclude each other — the two arms of
 * an `if`, or code after an `if` arm that always returns — may reuse an address.
 *
 * @example
 * ```ts
 * checkAddresses(model);   // model m() { x ~ normal(0, 1); x ~ normal(0, 1) } → [duplicate address 'x' ...]
 * ```
 */
import { BorelError, type Span } from "../../util/errors.js";
import type * as A from "../syntax/ast.js";

interface Branch {
  id: number;
  arm: number;
}

interface Site {
  stmt: A.SampleStmt;
  /** Index parts: the literal value as text, or null when computed. */
  parts: (string | null)[];
  path: Branch[];
  /** The innermost enclosing loop inside the model, if any. */
  loop: Span | null;
}

/** Automatic address of `observe(d, v)` at line L column C (the back end appends loop indices). */
export function observeAddress(span: Span): string {
  return `obs_${span.line}_${span.col}`;
}

/**
 * A name spelled like an automatic observation address (obs_LINE_COL) is reserved: those addresses are then
 * distinct by construction (the source position and every enclosing loop index), which lets runs that keep no
 * trace skip recording them.
 */
export function reservedName(name: A.Identifier, what: string): BorelError | null {
  if (!/^obs_\d+_\d+$/.test(name.name)) return null;
  return new BorelError("bad-address", `'${name.name}' cannot be ${what}: names obs_LINE_COL are the automatic addresses of observe statements`, {
    span: name.span, hint: `choose another name, e.g. '${name.name.replace(/^obs_/, "y_")}'`,
  });
}

function literalPart(e: A.Expr): string | null {
  if (e.kind === "Number") return String(e.value);
  if (e.kind === "String") return e.value;
  if (e.kind === "Unary" && e.op === "-" && e.arg.kind === "Number") return String(-e.arg.value);
  return null;
}

/** True when a block always ends in `return` (so code after an `if` with this arm runs only in the other arm). */
export function alwaysReturns(b: A.Block): boolean {
  const last = b.stmts[b.stmts.length - 1];
  if (!last) return false;
  if (last.kind === "Return") return true;
  if (last.kind === "If" && last.else) return alwaysReturns(last.then) && (last.else.kind === "If" ? alwaysReturns({ kind: "Block", stmts: [last.else], span: last.span }) : alwaysReturns(last.else));
  return false;
}

function exclusive(a: Branch[], b: Branch[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i]!.id !== b[i]!.id) return false;
    if (a[i]!.arm !== b[i]!.arm) return true;
  }
  return false;
}

class SiteCollector {
  sites: Site[] = [];
  tracks: { stmt: A.TrackStmt; path: Branch[] }[] = [];
  private nextId = 0;

  block(b: A.Block, path: Branch[], loop: Span | null): void {
    let p = path;
    for (const s of b.stmts) {
      this.stmt(s, p, loop);
      if (s.kind === "If") {
        const thenReturns = alwaysReturns(s.then);
        const elseReturns = s.else !== null && alwaysReturns(s.else.kind === "If" ? { kind: "Block", stmts: [s.else], span: s.span } : s.else);
        // Code after the if runs only in the arm that does not return (arm 2: after both return, unreachable).
        if (thenReturns || elseReturns) p = [...p, { id: this.ifIds.get(s)!, arm: thenReturns && elseReturns ? 2 : thenReturns ? 1 : 0 }];
      }
    }
  }

  private ifIds = new Map<A.IfStmt, number>();

  stmt(s: A.Stmt, path: Branch[], loop: Span | null): void {
    switch (s.kind) {
      case "Sample":
        for (const i of s.indices) this.expr(i, path, loop);
        this.expr(s.dist, path, loop);
        if (s.given) this.expr(s.given, path, loop);
        this.sites.push({ stmt: s, parts: s.indices.map(literalPart), path, loop });
        return;
      case "If": {
        const id = this.nextId++;
        this.ifIds.set(s, id);
        this.expr(s.cond, path, loop);
        this.block(s.then, [...path, { id, arm: 0 }], loop);
        if (s.else?.kind === "If") this.stmt(s.else, [...path, { id, arm: 1 }], loop);
        else if (s.else) this.block(s.else, [...path, { id, arm: 1 }], loop);
        return;
      }
      case "ForRange":
        this.expr(s.from, path, loop);
        this.expr(s.to, path, loop);
        this.block(s.body, path, s.span);
        return;
      case "ForEach":
        this.expr(s.iterable, path, loop);
        this.block(s.body, path, s.span);
        return;
      case "Let":
      case "Var":
        this.expr(s.init, path, loop);
        return;
      case "Track":
        this.tracks.push({ stmt: s, path });
        this.expr(s.value, path, loop);
        return;
      case "Assign":
      case "Factor":
        this.expr(s.value, path, loop);
        return;
      case "Return":
        if (s.value) this.expr(s.value, path, loop);
        return;
      case "Observe":
        this.expr(s.dist, path, loop);
        this.expr(s.value, path, loop);
        return;
      case "ExprStmt":
        this.expr(s.expr, path, loop);
        return;
      case "Fn":
        return; // a fn cannot sample (reported by the checker)
    }
  }

  /** Expressions hold `~` only inside `if` expressions' blocks (lambdas cannot sample). */
  expr(e: A.Expr, path: Branch[], loop: Span | null): void {
    switch (e.kind) {
      case "IfExpr": {
        const id = this.nextId++;
        this.expr(e.cond, path, loop);
        this.block(e.then, [...path, { id, arm: 0 }], loop);
        if (e.else.kind === "IfExpr") this.expr(e.else, [...path, { id, arm: 1 }], loop);
        else this.block(e.else, [...path, { id, arm: 1 }], loop);
        return;
      }
      case "Binary":
        this.expr(e.left, path, loop);
        this.expr(e.right, path, loop);
        return;
      case "Unary":
        this.expr(e.arg, path, loop);
        return;
      case "Call":
        this.expr(e.callee, path, loop);
        for (const a of e.args) this.expr(a.value, path, loop);
        return;
      case "Index":
        this.expr(e.object, path, loop);
        this.expr(e.index, path, loop);
        return;
      case "Member":
        this.expr(e.object, path, loop);
        return;
      case "Array":
        for (const x of e.elements) this.expr(x, path, loop);
        return;
      case "Record":
        for (const f of e.fields) this.expr(f.value, path, loop);
        return;
      default:
        return;
    }
  }
}

function show(site: Site): string {
  return [site.stmt.name.name, ...site.parts.map((p) => p ?? "*")].join("/");
}

const at = (s: Span) => `${s.line}:${s.col}`;

export function checkAddresses(model: A.ModelDecl): BorelError[] {
  const c = new SiteCollector();
  c.block(model.body, [], null);
  const errors: BorelError[] = [];
  const byName = new Map<string, Site[]>();
  for (const s of c.sites) {
    if (s.stmt.name.name === "") continue;
    const reserved = reservedName(s.stmt.name, "the address of a random choice");
    if (reserved) errors.push(reserved);
    const known = s.parts.every((p) => p !== null);
    if (known && s.loop)
      errors.push(new BorelError("duplicate-address", `address '${show(s)}' repeats on every iteration of the loop at ${at(s.loop)}`, {
        span: s.stmt.name.span,
        hint: `index the choice by the loop variable, e.g. ${s.stmt.name.name}[i] ~ ...`,
      }));
    const list = byName.get(s.stmt.name.name) ?? [];
    for (const prev of list) {
      if (exclusive(prev.path, s.path)) continue;
      if (prev.parts.length !== s.parts.length) {
        errors.push(new BorelError("duplicate-address", `'${s.stmt.name.name}' is a choice with ${prev.parts.length} ${prev.parts.length === 1 ? "index" : "indices"} at ${at(prev.stmt.span)} and with ${s.parts.length} here`, {
          span: s.stmt.name.span,
          hint: "an address is either a value (x) or a family of indexed choices (x[i]); use two names",
        }));
        break;
      }
      if (known && prev.parts.every((p, i) => p !== null && p === s.parts[i])) {
        errors.push(new BorelError("duplicate-address", `duplicate address '${show(s)}': it is also sampled at ${at(prev.stmt.span)}`, {
          span: s.stmt.name.span,
          hint: "each random choice needs its own address: rename one, or index them (x[0], x[1])",
        }));
        break;
      }
    }
    list.push(s);
    byName.set(s.stmt.name.name, list);
  }
  for (const t of c.tracks) {
    const site = (byName.get(t.stmt.name.name) ?? []).find((s) => !exclusive(s.path, t.path));
    if (site)
      errors.push(new BorelError("duplicate-address", `'${t.stmt.name.name}' is both a tracked name and the address of a random choice (${show(site)} at ${at(site.stmt.span)})`, {
        span: t.stmt.span,
        hint: `give the tracked value another name (e.g. '${t.stmt.name.name}_value')`,
      }));
  }
  return errors;
}

/** The first parts of every address a model can produce (its `~` names and observe addresses). */
export function addressRoots(model: A.ModelDecl): Set<string> {
  const c = new SiteCollector();
  c.block(model.body, [], null);
  const roots = new Set(c.sites.map((s) => s.stmt.name.name));
  const visit = (stmts: A.Stmt[]) => {
    for (const s of stmts) {
      if (s.kind === "Observe") roots.add(observeAddress(s.span));
      else if (s.kind === "If") {
        visit(s.then.stmts);
        if (s.else) visit(s.else.kind === "If" ? [s.else] : s.else.stmts);
      } else if (s.kind === "ForRange" || s.kind === "ForEach") visit(s.body.stmts);
    }
  };
  visit(model.body.stmts);
  return roots;
}

/** The names a model records with `track` (deterministic values, not choices: a query cannot condition on them). */
export function trackedNames(model: A.ModelDecl): Set<string> {
  const c = new SiteCollector();
  c.block(model.body, [], null);
  return new Set(c.tracks.map((t) => t.stmt.name.name));
}
