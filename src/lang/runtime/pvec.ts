/**
 * Persistent choice arrays: the value of `x` after `x[i] ~ d` statements. A paused model run is copied
 * (`fork`) by sharing its state, so `x` cannot be a mutable array; it is a 32-way trie over the index in
 * which `set` copies one path (⌈log32(n)⌉ nodes, i.e. at most 3 for n ≤ 32768) and `get` walks it. Two runs
 * forked from one point share every node they have not written since.
 *
 * Indices are non-negative integers; reading an index that was never set gives `undefined` (the compiled
 * code turns that into "x[5] has not been sampled yet").
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
  static readonly EMPTY = new PVec(undefined, 0, 0);
  /** Slots copied by `set` since the process started (a work counter for tests of O(1)-per-step runs). */
  static copied = 0;
  /** Tag for `typeName`. */
  readonly borelType = "choice array";

  private constructor(
    private readonly root: Node | undefined,
    /** Bits of index consumed above the leaves (0 for a single leaf). */
    private readonly shift: number,
    /** One more than the largest index set. */
    readonly length: number,
  ) {}

  /** The value at `i`, or undefined when it was never set. */
  get(i: number): unknown {
    if (i >= this.length || i < 0) return undefined;
    let node = this.root;
    for (let s = this.shift; s > 0 && node !== undefined; s -= BITS) node = node[(i >>> s) & MASK] as Node | undefined;
    return node === undefined ? undefined : node[i & MASK];
  }

  /** A new array with `i` set to `v` (this one is unchanged). */
  set(i: number, v: unknown): PVec {
    let root = this.root, shift = this.shift;
    // Grow the trie upward until index i fits.
    while (i >>> shift >= WIDTH) {
      root = root === undefined ? undefined : [root];
      shift += BITS;
    }
    return new PVec(setIn(root, shift, i, v), shift, Math.max(this.length, i + 1));
  }

  /** The values at 0 … length−1 (undefined for holes). */
  toArray(): unknown[] {
    const out = new Array<unknown>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.get(i);
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
