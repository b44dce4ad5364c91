/**
 * Reverse-mode autodiff values (DESIGN.md: Borel's own tape AD over scalars and Float64Array vectors).
 *
 * A `Var` is one node on a `Tape`: a scalar (`xs === null`, value `x`) or a vector (value `xs`). Each node
 * knows how to push its adjoint to its inputs through a shared, non-closure `back` function, so recording an
 * operation allocates one object and no closure. `Tape.backward(out)` walks the nodes in reverse creation
 * order (a valid reverse topological order) and skips nodes no gradient reached.
 *
 * JavaScript has no operator overloading: `+`, `*`, `<` on a `Var` would silently coerce. Instead they throw
 * a `BorelError` naming the address the value came from and pointing to `t.m`.
 *
 * @example
 * ```ts
 * const tape = new Tape();
 * const x = tape.scalar(3);
 * const y = mul(x, x);          // from ./arith.js
 * tape.backward(y);
 * x.g;                          // 6
 * ```
 */
import { BorelError } from "../util/errors.js";

/** Propagates `n`'s adjoint (`n.g` or `n.gs`) into its inputs. Shared per operation, never a closure. */
export type BackFn = (n: Var) => void;

export class Var {
  /** Scalar value (0 for a vector node). */
  x: number;
  /** Scalar adjoint. */
  g: number;
  /** Vector value, or null for a scalar node. */
  xs: Float64Array | null;
  /** Vector adjoint, allocated when a gradient first reaches this node. */
  gs: Float64Array | null;
  back: BackFn | null;
  a: Var | null;
  b: Var | null;
  /** Operation data for `back` (constants, partials). */
  aux: unknown;
  /** Extra operation data (scalar). */
  k: number;
  readonly tape: Tape;
  /** The address this value derives from, for error messages. */
  origin: string | undefined;

  constructor(tape: Tape, x: number, xs: Float64Array | null, back: BackFn | null, a: Var | null, b: Var | null, aux?: unknown) {
    // Fields assigned here, in one order, rather than by initializers: one hidden class, no initializer call.
    this.x = x;
    this.g = 0;
    this.xs = xs;
    this.gs = null;
    this.back = back;
    this.a = a;
    this.b = b;
    this.aux = aux;
    this.k = 0;
    this.tape = tape;
    this.origin = a !== null ? a.origin ?? b?.origin : b?.origin;
    tape.record(this);
  }

  /** Number of elements: 1 for a scalar. */
  get size(): number {
    return this.xs === null ? 1 : this.xs.length;
  }

  get isVector(): boolean {
    return this.xs !== null;
  }

  /** The vector adjoint, allocated on first use (from the tape's arena when it has one). */
  gradVector(): Float64Array {
    if (this.gs === null) this.gs = this.tape.alloc((this.xs as Float64Array).length);
    return this.gs;
  }

  [Symbol.toPrimitive](): never {
    throw operatorError(this);
  }

  toJSON(): number | number[] {
    return this.xs === null ? this.x : Array.from(this.xs);
  }
}

function operatorError(v: Var): BorelError {
  const from = v.origin ? ` derived from address '${v.origin}'` : "";
  return new BorelError(
    "ad-operator",
    `a JavaScript operator (+, -, *, /, <, ==, string conversion, ...) was applied to an autodiff value${from}`,
    {
      address: v.origin,
      hint: "under gradient-based inference sampled values are AD values: use t.m.add, t.m.mul, t.m.exp, t.m.lt, ... (they accept numbers and AD values), or t.m.value(x) for a plain number",
    },
  );
}

/**
 * Bump allocation of zeroed vectors from chunks kept across `reset()`. A Float64Array over 64 bytes costs
 * ~1.7 µs to allocate on its own (an off-heap backing store); a view into a kept chunk ~0.04 µs. Vectors of up
 * to 8 elements live on V8's heap and are allocated directly.
 */
class Arena {
  private readonly chunks: Float64Array[] = [];
  private chunk = 0;
  private offset = 0;

  alloc(n: number): Float64Array {
    // Up to 64 bytes V8 allocates a typed array on its own heap, faster (~20 ns) than a view (~35 ns).
    if (n <= 8) return new Float64Array(n);
    let c = this.chunks[this.chunk];
    if (c === undefined || this.offset + n > c.length) {
      if (c !== undefined) { this.chunk++; this.offset = 0; }
      c = this.chunks[this.chunk];
      while (c !== undefined && n > c.length) { this.chunk++; c = this.chunks[this.chunk]; }
      if (c === undefined) { c = new Float64Array(Math.max(n, 8192)); this.chunks.push(c); this.chunk = this.chunks.length - 1; }
    }
    const v = c.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v.fill(0);
  }

  reset(): void {
    this.chunk = 0;
    this.offset = 0;
  }
}

export interface TapeOptions {
  /**
   * Take the vectors of nodes (values, adjoints, partials) from an arena that `reset()` recycles. Faster for
   * repeated evaluations (HMC's gradient loop); only for owners that keep no vector value past `reset()`.
   */
  reuseBuffers?: boolean;
}

/** The record of operations of one gradient evaluation. Reuse one tape across evaluations with `reset()`. */
export class Tape {
  /** The nodes in creation order: `nodes[0 .. count)`; later slots hold stale nodes of earlier evaluations. */
  private nodes: Var[] = [];
  private count = 0;
  private readonly arena: Arena | null;

  constructor(options: TapeOptions = {}) {
    this.arena = options.reuseBuffers === true ? new Arena() : null;
  }

  /** Appends a node (the Var constructor calls this). */
  record(v: Var): void {
    this.nodes[this.count++] = v;
  }

  /** Number of nodes recorded since the last reset. */
  get size(): number {
    return this.count;
  }

  /** A zeroed vector of length n for a node of this tape. */
  alloc(n: number): Float64Array {
    return this.arena === null ? new Float64Array(n) : this.arena.alloc(n);
  }

  /** A scalar input (leaf). */
  scalar(x: number, origin?: string): Var {
    const v = new Var(this, x, null, null, null, null);
    v.origin = origin;
    return v;
  }

  /** A vector input (leaf); `xs` is used as is, not copied. */
  vector(xs: Float64Array, origin?: string): Var {
    const v = new Var(this, 0, xs, null, null, null);
    v.origin = origin;
    return v;
  }

  /** Backpropagates from the scalar `out` (seeded with adjoint `seed`): fills `.g` / `.gs` of every node. */
  backward(out: Var, seed = 1): void {
    if (out.tape !== this) throw new BorelError("ad-tape", "backward: the output was recorded on another tape");
    if (out.xs !== null) throw new BorelError("ad-shape", `backward: the output must be a scalar, got a vector of length ${out.xs.length}`, { hint: "sum the vector first (m.sum)" });
    out.g += seed;
    const nodes = this.nodes;
    for (let i = this.count - 1; i >= 0; i--) {
      const n = nodes[i];
      if (n.back === null) continue;
      if (n.xs === null ? n.g === 0 : n.gs === null) continue;
      n.back(n);
    }
  }

  /** Forgets all nodes (their objects stay valid but are no longer on the tape; with `reuseBuffers` their vectors are recycled). */
  reset(): void {
    // Reusing the array avoids regrowing it per evaluation; a large one is dropped so stale nodes (and their
    // vectors) do not stay reachable.
    if (this.nodes.length > 4096) this.nodes = [];
    this.count = 0;
    this.arena?.reset();
  }
}

/** A real quantity as models see it: a number, a vector, or an AD value of either. */
export type Real = number | Float64Array | Var;
/** A scalar as models see it. */
export type Scalar = number | Var;

export function isVar(x: unknown): x is Var {
  return x instanceof Var;
}

/** The tape of the first AD value among `xs`, or null when all are constants. */
export function tapeOf(a: unknown, b?: unknown, c?: unknown): Tape | null {
  if (a instanceof Var) return a.tape;
  if (b instanceof Var) return b.tape;
  if (c instanceof Var) return c.tape;
  return null;
}

/** A zeroed vector of length n: from `tape` when there is one (its arena), else a new array. */
export function vectorFor(tape: Tape | null, n: number): Float64Array {
  return tape === null ? new Float64Array(n) : tape.alloc(n);
}

/** Strips AD: the plain number or vector value of `x`. */
export function valueOf(x: Real): number | Float64Array {
  if (x instanceof Var) return x.xs === null ? x.x : x.xs;
  return x;
}

/** The plain number value of a scalar `x`. */
export function scalarValue(x: Scalar): number {
  return typeof x === "number" ? x : x.x;
}
