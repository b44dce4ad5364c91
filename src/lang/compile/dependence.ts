/**
 * What the iterations of a loop of a model body may depend on, for incremental `update`/`regenerate`
 * (./incremental.ts): the model's parameters and the *random roots* — names bound by `~` — that a loop's
 * body reads, directly or through the `let`s, `var`s, loop variables and local functions defined from them.
 * When none of them changed in a run (a parameter's argdiff, a root whose value differs from the previous
 * trace's), the loop's iterations are those of the previous run, and their records can be reused.
 *
 * The analysis is by name and flow-insensitive (every definition of a name counts, and an assignment under
 * an `if` or a loop also depends on the condition or the bounds): an over-approximation, never an under-one.
 * A loop's own variable, and variables of enclosing `for i in a..b` loops (the loop instance is identified by
 * their values), are not dependencies. A model that calls `param` reuses nothing (parameters change between
 * runs).
 *
 * @example
 * ```ts
 * const deps = new BodyDependence(decl);      // model ssm(T, ys) { ... for t in 1..T { x[t] ~ normal(0.9 * x[t-1], 1) ... } }
 * deps.loopDeps(forStmt);                     // { params: [1], roots: ["x"], skippable: true }  (ys is read, T only bounds the loop)
 * ```
 */
import type { ForEachStmt, ForRangeStmt, ModelDecl, Node } from "../syntax/ast.js";
import { children, mentionedNames } from "./analysis.js";

export interface LoopDeps {
  /** Indices of the model parameters the iterations read. */
  readonly params: number[];
  /** Names bound by `~` that the iterations read or write. */
  readonly roots: string[];
  /** False when the model reads learnable parameters (`param`). */
  readonly skippable: boolean;
}

type Loop = ForRangeStmt | ForEachStmt;

/** One definition of a name: what it reads, and the conditions and loops it is under. */
interface Def {
  readonly reads: ReadonlySet<string>;
  readonly conds: readonly ReadonlySet<string>[];
  readonly loops: readonly Loop[];
}

export class BodyDependence {
  private readonly params = new Map<string, number>();
  /** Names bound by `~` anywhere in the body. */
  private readonly random = new Set<string>();
  private readonly defs = new Map<string, Def[]>();
  /** Names defined only as variables of `for i in a..b` loops. */
  private readonly rangeVars = new Set<string>();
  private readonly otherDefs = new Set<string>();
  /** The loops enclosing each loop. */
  private readonly enclosing = new Map<Loop, readonly Loop[]>();
  private readonly usesParam: boolean;

  constructor(private readonly decl: ModelDecl) {
    decl.params.forEach((p, i) => this.params.set(p.name, i));
    this.usesParam = mentionedNames(decl.body).has("param");
    this.collect(decl.body, [], []);
    for (const n of this.otherDefs) this.rangeVars.delete(n);
  }

  private define(name: string, reads: ReadonlySet<string>, conds: readonly ReadonlySet<string>[], loops: readonly Loop[], range = false): void {
    let d = this.defs.get(name);
    if (d === undefined) this.defs.set(name, (d = []));
    d.push({ reads, conds, loops });
    (range ? this.rangeVars : this.otherDefs).add(name);
  }

  /** Walks statements with the names read by the enclosing conditions (`conds`) and the enclosing loops. */
  private collect(n: Node, conds: ReadonlySet<string>[], loops: Loop[]): void {
    switch (n.kind) {
      case "Let": case "Var": this.define(n.name.name, mentionedNames(n.init), conds, loops); return;
      // `track t = e` also binds t for the rest of the block (a loop reading t read e: without this, MH reused
      // the loop's old observations when e's random roots changed, and sampled the prior).
      case "Track": this.define(n.name.name, mentionedNames(n.value), conds, loops); return;
      case "Assign": this.define(n.name.name, mentionedNames(n.value), conds, loops); return;
      case "Fn": this.define(n.name.name, mentionedNames(n.body), conds, loops); return;
      case "Sample": this.random.add(n.name.name); return;
      case "If": {
        const inner = [...conds, mentionedNames(n.cond)];
        this.collect(n.then, inner, loops);
        if (n.else !== null) this.collect(n.else, inner, loops);
        return;
      }
      case "ForRange": case "ForEach": {
        this.enclosing.set(n, loops);
        // The loop variable: its first value (lo) or the elements; how far it goes is the loop's business.
        this.define(n.variable.name, n.kind === "ForRange" ? mentionedNames(n.from) : mentionedNames(n.iterable), conds, loops, n.kind === "ForRange");
        this.collect(n.body, conds, [...loops, n]);
        return;
      }
      default:
        for (const c of children(n)) this.collect(c, conds, loops);
    }
  }

  /** The parameters and random roots the iterations of `loop` depend on. */
  /** True when the body reads `name` anywhere (nested functions included). */
  reads(name: string): boolean {
    return mentionedNames(this.decl.body).has(name);
  }

  loopDeps(loop: Loop): LoopDeps {
    const start = mentionedNames(loop.body);
    for (const s of sampledIn(loop.body)) start.add(s);
    if (loop.kind === "ForEach") for (const x of mentionedNames(loop.iterable)) start.add(x);
    const own = loop.variable.name;
    if (!declaredIn(loop.body).has(own) && !(loop.kind === "ForEach" && mentionedNames(loop.iterable).has(own))) start.delete(own);
    const around = new Set(this.enclosing.get(loop) ?? []);
    const params = new Set<number>(), roots = new Set<string>(), seen = new Set<string>();
    const work = [...start];
    const read = (names: Iterable<string>) => { for (const r of names) work.push(r); };
    while (work.length > 0) {
      const name = work.pop() as string;
      if (seen.has(name)) continue;
      seen.add(name);
      const p = this.params.get(name);
      if (p !== undefined) params.add(p);
      if (this.random.has(name)) roots.add(name);
      // Variables of enclosing range loops are fixed by the loop instance (their values are its key).
      if (this.rangeVars.has(name)) continue;
      for (const d of this.defs.get(name) ?? []) {
        read(d.reads);
        d.conds.forEach(read);
        // A definition inside loops depends on how they run: for this loop and the loops around it, only on
        // where they start (the iterations before this one are the same whatever the bound); for the others,
        // on their whole header (how often the definition ran).
        for (const l of d.loops) {
          if (l === loop) continue;
          if (l.kind === "ForEach") read(mentionedNames(l.iterable));
          else { read(mentionedNames(l.from)); if (!around.has(l)) read(mentionedNames(l.to)); }
        }
      }
    }
    return { params: [...params].sort((a, b) => a - b), roots: [...roots].sort(), skippable: !this.usesParam };
  }
}

/** Names bound by `~` in a node (nested blocks included). */
export function sampledIn(n: Node, out = new Set<string>()): Set<string> {
  if (n.kind === "Sample") out.add(n.name.name);
  for (const c of children(n)) sampledIn(c, out);
  return out;
}

/** Names declared in a node (let, var, fn, loop variables; nested blocks included). */
export function declaredIn(n: Node, out = new Set<string>()): Set<string> {
  if (n.kind === "Let" || n.kind === "Var" || n.kind === "Fn" || n.kind === "Track") out.add(n.name.name);
  if (n.kind === "ForRange" || n.kind === "ForEach") out.add(n.variable.name);
  for (const c of children(n)) declaredIn(c, out);
  return out;
}
