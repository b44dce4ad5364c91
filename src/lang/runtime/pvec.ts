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
  static readonly EMPTY = new PVec(undefined, 0, 0, undefined);
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
    /** The value at length − 1, read without walking the trie (`x[t - 1]` in a state-space loop). */
    private readonly last: unknown,
  ) {}

  /** The value at `i`, or undefined when it was never set. */
  get(i: number): unknown {
    if (i === this.length - 1) return this.last;
    if (i >= this.length || i < 0) return undefined;
    let node = this.root;
    for (let s = this.shift; s > 0 && node !== undefined; s -= BITS) node = node[(i >>> s) & MASK] as Node | undefined;
    return node === undefined ? undefined : node[i & MASK];
  }

  /** A new array with `i` set to `v` (this one is unchanged). */
  set(i: number, v: unknown): PVec {
    if (i === this.length) return this.append(v);
    const base = i > this.length ? this.privateSpine() : this;
    let root = base.root, shift = base.shift;
    // Grow the trie upward until index i fits.
    while (i >>> shift >= WIDTH) {
      root = root === undefined ? undefined : [root];
      shift += BITS;
    }
    return new PVec(setIn(root, shift, i, v), shift, Math.max(this.length, i + 1), i >= this.length - 1 ? v : this.last);
  }

  private append(v: unknown): PVec {
    const i = this.length;
    let root = this.root, shift = this.shift;
    if (root !== undefined && i >>> shift >= WIDTH) { root = [root]; shift += BITS; }
    return new PVec(appendIn(root, shift, i, v), shift, i + 1, v);
  }

  /** The same array whose last path (root to the leaf of the last index) is copied, cut at its end. */
  private privateSpine(): PVec {
    if (this.root === undefined) return this;
    const last = this.length - 1;
    const copy = (node: Node, shift: number): Node => {
      const j = (last >>> shift) & MASK, c = node.slice(0, j + 1);
      PVec.copied += c.length;
      if (shift > 0) c[j] = copy(c[j] as Node, shift - BITS);
      return c;
    };
    return new PVec(copy(this.root, this.shift), this.shift, this.length, this.last);
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
