/**
 * A first-fit allocator over a (shared) `WebAssembly.Memory`, growing it on demand. Blocks are aligned to
 * 64 bytes (a cache line); freed blocks coalesce with their neighbours. Pointers are byte offsets.
 *
 * @example
 * ```ts
 * const heap = new Heap(memory);
 * const p = heap.alloc(1024);
 * heap.f32(p, 256).fill(0);
 * heap.free(p);
 * ```
 */
import { BorelError } from "../../util/errors.js";

const ALIGN = 64;
const PAGE = 65536;

export class Heap {
  /** Free blocks as [start, size], sorted by start. */
  private free_: [number, number][] = [];
  private readonly sizes = new Map<number, number>();
  private top: number;

  constructor(readonly memory: WebAssembly.Memory, readonly maxPages: number, base = ALIGN) {
    this.top = base;
  }

  /** Bytes currently allocated. */
  get used(): number { let s = 0; for (const v of this.sizes.values()) s += v; return s; }

  alloc(bytes: number): number {
    // a NaN size made the bump pointer NaN: every later allocation in the process failed
    if (!(Number.isInteger(bytes) && bytes >= 0))
      throw new BorelError("bad-parameter", `wasm heap: cannot allocate ${bytes} bytes (a size must be an integer ≥ 0)`);
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    for (let i = 0; i < this.free_.length; i++) {
      const [start, len] = this.free_[i];
      if (len < size) continue;
      if (len === size) this.free_.splice(i, 1);
      else this.free_[i] = [start + size, len - size];
      this.sizes.set(start, size);
      return start;
    }
    const start = this.top;
    const end = start + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      if (have / PAGE + pages > this.maxPages)
        throw new BorelError("out-of-memory", `wasm heap: cannot allocate ${bytes} bytes (limit ${this.maxPages * PAGE} bytes)`,
          { hint: "free tensors you no longer need (dispose()) or use smaller batches" });
      this.memory.grow(pages);
    }
    this.top = end;
    this.sizes.set(start, size);
    return start;
  }

  free(ptr: number): void {
    const size = this.sizes.get(ptr);
    if (size === undefined) throw new BorelError("bad-free", `wasm heap: free of unknown pointer ${ptr}`);
    this.sizes.delete(ptr);
    let lo = 0, hi = this.free_.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.free_[mid][0] < ptr) lo = mid + 1; else hi = mid; }
    this.free_.splice(lo, 0, [ptr, size]);
    // coalesce with next, then previous
    if (lo + 1 < this.free_.length && this.free_[lo][0] + this.free_[lo][1] === this.free_[lo + 1][0]) {
      this.free_[lo][1] += this.free_[lo + 1][1];
      this.free_.splice(lo + 1, 1);
    }
    if (lo > 0 && this.free_[lo - 1][0] + this.free_[lo - 1][1] === this.free_[lo][0]) {
      this.free_[lo - 1][1] += this.free_[lo][1];
      this.free_.splice(lo, 1);
      lo--;
    }
    // give the topmost free block back to the bump pointer
    const last = this.free_[this.free_.length - 1];
    if (last && last[0] + last[1] === this.top) { this.top = last[0]; this.free_.pop(); }
  }

  f32(ptr: number, len: number): Float32Array { return new Float32Array(this.memory.buffer, ptr, len); }
  i32(ptr: number, len: number): Int32Array { return new Int32Array(this.memory.buffer, ptr, len); }
  i16(ptr: number, len: number): Int16Array { return new Int16Array(this.memory.buffer, ptr, len); }
  i8(ptr: number, len: number): Int8Array { return new Int8Array(this.memory.buffer, ptr, len); }
}
