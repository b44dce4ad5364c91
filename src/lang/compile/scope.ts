/**
 * Compile-time scopes: what each Borel name in scope is bound to, and the JavaScript name that holds it.
 * Every binding gets a fresh, mangled JavaScript name (`u_x$3`): user names never appear raw in generated
 * code, so a program cannot name `globalThis`, `process`, `eval` or the runtime object, and shadowing in
 * Borel never meets JavaScript's temporal dead zone.
 *
 * @example
 * ```ts
 * const names = new NameGen();
 * const s = new Scope(null).bind("x", { kind: "let", js: names.user("x") });   // x → u_x$1
 * s.lookup("x")?.js;
 * ```
 */

export type BindingKind =
  | "let" | "var" | "param" | "loop" | "fn" | "model"
  /** A name bound by `x ~ d`: visible in the rest of the model, undefined until sampled (rebound like a var). */
  | "sampled"
  /** A choice array `x` after `x[i] ~ d` (a persistent vector, rebound as choices are made). */
  | "choices"
  /** A value bound from outside the program (`--data`, template interpolations, imports). */
  | "global";

export interface Binding {
  readonly kind: BindingKind;
  readonly js: string;
  /**
   * True when the value is the same in every run of the model body for the same arguments: the model's
   * parameters, the program's top-level names, and body `let`s computed from those alone (./invariant.ts).
   */
  readonly inv?: boolean;
}

/** True for bindings that change during a run (rebound in continuations, passed to join points). */
export function isMutable(b: Binding): boolean {
  return b.kind === "var" || b.kind === "choices" || b.kind === "sampled";
}

export class Scope {
  private readonly names = new Map<string, Binding>();

  constructor(readonly parent: Scope | null) {}

  bind(name: string, b: Binding): this {
    this.names.set(name, b);
    return this;
  }

  lookup(name: string): Binding | undefined {
    for (let s: Scope | null = this; s !== null; s = s.parent) {
      const b = s.names.get(name);
      if (b !== undefined) return b;
    }
    return undefined;
  }

  child(): Scope {
    return new Scope(this);
  }

  /** The mutable bindings visible here, by Borel name (innermost wins), in a stable order. */
  mutables(): [string, Binding][] {
    const seen = new Map<string, Binding>();
    for (let s: Scope | null = this; s !== null; s = s.parent)
      for (const [n, b] of s.names) if (!seen.has(n)) seen.set(n, b);
    return [...seen].filter(([, b]) => isMutable(b)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

/** Fresh JavaScript names: `u_<name>$n` for user bindings, `$<tag>n` for the compiler's own. */
export class NameGen {
  private n = 0;

  user(name: string): string {
    return `u_${name.replace(/[^A-Za-z0-9_]/g, "_")}$${++this.n}`;
  }

  tmp(tag: string): string {
    return `$${tag}${++this.n}`;
  }
}
