/**
 * Persistent choice arrays: the value of `x` after `x[i] ~ d` statements. A paused model run is copied
 * (`fork`) by sharing its state, so `x` cannot be a mutable array; it is a 32-way trie over the index in
 * which `set` copies one path (⌈log32(n)⌉ nodes, i.e. at most 3 for n ≤ 32768) and `get` walks it. Two runs
 * forked from one point share every node they have not written since.
 *
 * Appending (`set(length, v)`, the usual `x[t] ~ ...` in a loop) copies nothing when no other version has
 * appended to the same nodes: the value is pushed in place. That is safe because a version reads only
 * indices below its own length, and a node is extended in place only at its end — when its length says no
 * other version wrote there. A version with holes (`set(i)` beyond the length) first takes a private copy of
 * its last path, so no version longer than a shared node's end ever reads a slot pushed there later.
 *
 * Indices are non-negative integers; reading an index that was never set gives `undefined` (the compiled
 * code turns that into "x[5] has not been sampled yet") — or, for an array made `over` a base array (a choice
 * array named like a data array in scope: `ys[i] ~ normal(mu, 1) given ys[i]`), the base's element: sampling
 * x[i] then reads as setting element i of x, and `len(x)` is at least the base's length.
 *
 * @example
 * ```ts
 * const a = PVec.EMPTY.set(0, 1.5).set(3, 2);
 * a.get(3);           // 2
 * a.length;           // 4 (one more than the largest index set)
 * PVec.EMPTY.get(0);  // undefined
 * ```
 */

type Node = unknown[];

const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;

export class PVec {
  static readonly EMPTY = new PVec(undefined, 0, 0, undefined, undefined);
  /** Slots copied by `set` since the process started (a work counter for tests of O(1)-per-step runs). */
  static copied = 0;
  /** Tag for `typeName`. */
  readonly borelType = "choice array";

  private constructor(
    private readonly root: Node | undefined,
    /** Bits of index consumed above the leaves (0 for a single leaf). */
    private readonly shift: number,
    /** One more than the largest index set. */
    private readonly size: number,
    /** The value at size − 1, read without walking the trie (`x[t - 1]` in a state-space loop). */
    private readonly last: unknown,
    /** Values of the indices never set (see the module comment), or undefined. */
    private readonly base: ArrayLike<unknown> | undefined,
  ) {}

  /**
   * An empty choice array reading `base`'s elements where nothing was set: for an array or vector base; any
   * other value (a number, a record) gives the plain empty array.
   */
  static over(base: unknown): PVec {
    if (base instanceof PVec) return base;
    if (!Array.isArray(base) && !(base instanceof Float64Array)) return PVec.EMPTY;
    return base.length === 0 ? PVec.EMPTY : new PVec(undefined, 0, 0, undefined, base);
  }

  /** One more than the largest index set, and at least the base's length. */
  get length(): number {
    const b = this.base;
    return b === undefined || b.length <= this.size ? this.size : b.length;
  }

  /** The value at `i`: the one set there, else the base's, else undefined. */
  get(i: number): unknown {
    const own = this.own(i);
    return own === undefined && this.base !== undefined && i >= 0 && i < this.base.length ? this.base[i] : own;
  }

  private own(i: number): unknown {
    if (i === this.size - 1) return this.last;
    if (i >= this.size || i < 0) return undefined;
    let node = this.root;
    for (let s = this.shift; s > 0 && node !== undefined; s -= BITS) node = node[(i >>> s) & MASK] as Node | undefined;
    return node === undefined ? undefined : node[i & MASK];
  }

  /** A new array with `i` set to `v` (this one is unchanged). */
  set(i: number, v: unknown): PVec {
    if (i === this.size) return this.append(v);
    const from = i > this.size ? this.privateSpine() : this;
    let root = from.root, shift = from.shift;
    // Grow the trie upward until index i fits.
    while (i >>> shift >= WIDTH) {
      root = root === undefined ? undefined : [root];
      shift += BITS;
    }
    return new PVec(setIn(root, shift, i, v), shift, Math.max(this.size, i + 1), i >= this.size - 1 ? v : this.last, this.base);
  }

  private append(v: unknown): PVec {
    const i = this.size;
    let root = this.root, shift = this.shift;
    if (root !== undefined && i >>> shift >= WIDTH) { root = [root]; shift += BITS; }
    return new PVec(appendIn(root, shift, i, v), shift, i + 1, v, this.base);
  }

  /** The same array whose last path (root to the leaf of the last index) is copied, cut at its end. */
  private privateSpine(): PVec {
    if (this.root === undefined) return this;
    const last = this.size - 1;
    const copy = (node: Node, shift: number): Node => {
      const j = (last >>> shift) & MASK, c = node.slice(0, j + 1);
      PVec.copied += c.length;
      if (shift > 0) c[j] = copy(c[j] as Node, shift - BITS);
      return c;
    };
    return new PVec(copy(this.root, this.shift), this.shift, this.size, this.last, this.base);
  }

  /** The values at 0 … length−1 (undefined for holes). */
  toArray(): unknown[] {
    const n = this.length, out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = this.get(i);
    return out;
  }
}

function setIn(node: Node | undefined, shift: number, i: number, v: unknown): Node {
  const copy = node === undefined ? [] : node.slice();
  PVec.copied += copy.length;
  if (shift === 0) copy[i & MASK] = v;
  else {
    const j = (i >>> shift) & MASK;
    copy[j] = setIn(copy[j] as Node | undefined, shift - BITS, i, v);
  }
  return copy;
}

/**
 * Sets index i = the version's length under `node`: pushed in place where the node ends exactly there (no
 * other version wrote beyond), else into a copy of the node's part that this version sees.
 */
function appendIn(node: Node | undefined, shift: number, i: number, v: unknown): Node {
  if (node === undefined) return setIn(undefined, shift, i, v);
  const j = (i >>> shift) & MASK;
  if (shift === 0) {
    if (node.length === j) { node.push(v); return node; }
    const copy = node.slice(0, j);
    PVec.copied += j;
    copy.push(v);
    return copy;
  }
  if (node.length === j) { node.push(setIn(undefined, shift - BITS, i, v)); return node; }
  const child = node[j] as Node | undefined, c = appendIn(child, shift - BITS, i, v);
  if (c === child) return node;
  const copy = node.slice(0, j);
  PVec.copied += j;
  copy.push(c);
  return copy;
}
