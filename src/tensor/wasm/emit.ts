/**
 * A small emitter of WebAssembly binary modules: Borel keeps its kernels as TypeScript that writes WASM
 * bytes at load time (no committed binaries). It knows exactly what the kernels use: one imported shared
 * memory, functions over i32/f32/v128 locals, structured control flow, scalar and SIMD128 opcodes.
 *
 * @example
 * ```ts
 * const m = new ModuleBuilder();
 * const f = m.func("add", 2, "i32");      // (i32, i32) -> i32
 * f.get(0).get(1).op("i32.add");
 * const bytes = m.bytes();                  // Uint8Array ready for WebAssembly.Module
 * ```
 */

export type ValType = "i32" | "f32" | "v128";
const VALTYPE: Record<ValType, number> = { i32: 0x7f, f32: 0x7d, v128: 0x7b };

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (32-bit). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  n |= 0;
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

const simd = (code: number): number[] => [0xfd, ...uleb(code)];

/** Opcodes without immediates, by their text-format names. */
export const OPS: Record<string, number[]> = {
  "drop": [0x1a], "select": [0x1b], "return": [0x0f],
  "i32.eqz": [0x45], "i32.eq": [0x46], "i32.ne": [0x47], "i32.lt_s": [0x48], "i32.lt_u": [0x49],
  "i32.gt_s": [0x4a], "i32.gt_u": [0x4b], "i32.le_s": [0x4c], "i32.ge_s": [0x4e], "i32.ge_u": [0x4f],
  "i32.add": [0x6a], "i32.sub": [0x6b], "i32.mul": [0x6c], "i32.div_s": [0x6d], "i32.and": [0x71],
  "i32.or": [0x72], "i32.shl": [0x74], "i32.shr_s": [0x75], "i32.shr_u": [0x76],
  "f32.eq": [0x5b], "f32.lt": [0x5d], "f32.gt": [0x5e], "f32.abs": [0x8b], "f32.neg": [0x8c],
  "f32.add": [0x92], "f32.sub": [0x93], "f32.mul": [0x94], "f32.div": [0x95], "f32.max": [0x97],
  "f32.convert_i32_s": [0xb2], "i32.trunc_sat_f32_s": [0xfc, 0x00],
  "f32x4.splat": simd(0x13), "i32x4.splat": simd(0x11),
  "v128.and": simd(0x4e), "v128.or": simd(0x50),
  "f32x4.nearest": simd(0x6a), "f32x4.abs": simd(0xe0), "f32x4.neg": simd(0xe1), "f32x4.add": simd(0xe4),
  "f32x4.sub": simd(0xe5), "f32x4.mul": simd(0xe6), "f32x4.div": simd(0xe7), "f32x4.min": simd(0xe8),
  "f32x4.max": simd(0xe9), "f32x4.pmax": simd(0xeb),
  "i8x16.narrow_i16x8_s": simd(0x65), "i16x8.narrow_i32x4_s": simd(0x85),
  "i16x8.extend_low_i8x16_s": simd(0x87), "i16x8.extend_high_i8x16_s": simd(0x88),
  "i32x4.extend_low_i16x8_s": simd(0xa7), "i32x4.extend_high_i16x8_s": simd(0xa8),
  "i32x4.add": simd(0xae), "i32x4.sub": simd(0xb1), "i32x4.mul": simd(0xb5), "i32x4.dot_i16x8_s": simd(0xba),
  "i32x4.trunc_sat_f32x4_s": simd(0xf8), "f32x4.convert_i32x4_s": simd(0xfa),
};

/** Memory opcodes (take a memarg): [prefix bytes, natural alignment log2]. */
export const MEMOPS: Record<string, [number[], number]> = {
  "i32.load": [[0x28], 2], "f32.load": [[0x2a], 2], "i32.load8_s": [[0x2c], 0], "i32.load8_u": [[0x2d], 0],
  "i32.load16_s": [[0x2e], 1], "i32.store": [[0x36], 2], "f32.store": [[0x38], 2], "i32.store8": [[0x3a], 0],
  "i32.store16": [[0x3b], 1],
  "v128.load": [simd(0x00), 4], "v128.load8x8_s": [simd(0x01), 3], "v128.load16_splat": [simd(0x08), 1],
  "v128.load32_splat": [simd(0x09), 2], "v128.store": [simd(0x0b), 4], "v128.load32_zero": [simd(0x5c), 2],
  "v128.load64_zero": [simd(0x5d), 3],
};

/** Lane opcodes: memory lane ops take a memarg and a lane index, the others just a lane index. */
const LANE_MEMOPS: Record<string, [number[], number]> = { "v128.store32_lane": [simd(0x5a), 2] };
const LANEOPS: Record<string, number[]> = { "i32x4.extract_lane": simd(0x1b), "f32x4.extract_lane": simd(0x1f) };

/** One function under construction: `params` i32 parameters then declared locals, and its code bytes. */
export class FuncBuilder {
  readonly code: number[] = [];
  readonly locals: ValType[] = [];
  constructor(readonly name: string, readonly nParams: number, readonly result: ValType | null) {}

  /** Declares a local of type `t` and returns its index. */
  local(t: ValType): number {
    this.locals.push(t);
    return this.nParams + this.locals.length - 1;
  }
  op(...names: string[]): this {
    for (const n of names) {
      const o = OPS[n];
      if (!o) throw new Error(`emit: unknown opcode ${n}`);
      this.code.push(...o);
    }
    return this;
  }
  get(i: number): this { this.code.push(0x20, ...uleb(i)); return this; }
  set(i: number): this { this.code.push(0x21, ...uleb(i)); return this; }
  tee(i: number): this { this.code.push(0x22, ...uleb(i)); return this; }
  i32(n: number): this { this.code.push(0x41, ...sleb(n)); return this; }
  f32(x: number): this {
    const b = new Uint8Array(new Float32Array([x]).buffer);
    this.code.push(0x43, ...b);
    return this;
  }
  /** v128.const with all four i32 lanes = 0. */
  zero128(): this { this.code.push(...simd(0x0c), ...new Array(16).fill(0)); return this; }
  mem(name: string, offset = 0): this {
    const m = MEMOPS[name];
    if (!m) throw new Error(`emit: unknown memory opcode ${name}`);
    this.code.push(...m[0], ...uleb(m[1]), ...uleb(offset));
    return this;
  }
  memLane(name: string, offset: number, lane: number): this {
    const m = LANE_MEMOPS[name];
    this.code.push(...m[0], ...uleb(m[1]), ...uleb(offset), lane);
    return this;
  }
  lane(name: string, lane: number): this { this.code.push(...LANEOPS[name], lane); return this; }
  /** `i += step` for an i32 local. */
  inc(i: number, step: number): this { return this.get(i).i32(step).op("i32.add").set(i); }
  /** Runs body for `i` from the value of local `start` while `i < end` (locals), stepping by `step`. */
  forRange(i: number, start: number, end: number, step: number, body: () => void): this {
    this.get(start).set(i);
    this.code.push(0x02, 0x40, 0x03, 0x40);            // block loop
    this.get(i).get(end).op("i32.ge_s").code.push(0x0d, 1); // br_if exit
    body();
    this.inc(i, step);
    this.code.push(0x0c, 0, 0x0b, 0x0b);               // br loop; end; end
    return this;
  }
  /** if (top of stack != 0) then() else otherwise(). */
  ifElse(then: () => void, otherwise?: () => void): this {
    this.code.push(0x04, 0x40);
    then();
    if (otherwise) { this.code.push(0x05); otherwise(); }
    this.code.push(0x0b);
    return this;
  }

  body(): number[] {
    const groups: [number, ValType][] = [];
    for (const t of this.locals) {
      const g = groups[groups.length - 1];
      if (g && g[1] === t) g[0]++;
      else groups.push([1, t]);
    }
    const out = [...uleb(groups.length)];
    for (const [n, t] of groups) out.push(...uleb(n), VALTYPE[t]);
    out.push(...this.code, 0x0b);
    return [...uleb(out.length), ...out];
  }
}

const section = (id: number, content: number[]): number[] => [id, ...uleb(content.length), ...content];
const name = (s: string): number[] => { const b = [...new TextEncoder().encode(s)]; return [...uleb(b.length), ...b]; };
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];

/** A module importing `env.memory` (shared when asked) and exporting every function it holds. */
export class ModuleBuilder {
  readonly funcs: FuncBuilder[] = [];
  constructor(readonly memory: { shared: boolean; min: number; max: number } = { shared: true, min: 1, max: 16384 }) {}

  /** Starts a function with `nParams` i32 parameters. */
  func(fname: string, nParams: number, result: ValType | null = null): FuncBuilder {
    const f = new FuncBuilder(fname, nParams, result);
    this.funcs.push(f);
    return f;
  }

  bytes(): Uint8Array<ArrayBuffer> {
    const types = this.funcs.map((f) => [0x60, ...uleb(f.nParams), ...new Array(f.nParams).fill(0x7f),
      ...(f.result ? [1, VALTYPE[f.result]] : [0])]);
    const mem = this.memory;
    const limits = mem.shared ? [0x03, ...uleb(mem.min), ...uleb(mem.max)] : [0x01, ...uleb(mem.min), ...uleb(mem.max)];
    const imports = vec([[...name("env"), ...name("memory"), 0x02, ...limits]]);
    const funcIdx = vec(this.funcs.map((_, i) => uleb(i)));
    const exports = vec(this.funcs.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]));
    const code = vec(this.funcs.map((f) => f.body()));
    return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      ...section(1, vec(types)), ...section(2, imports), ...section(3, funcIdx),
      ...section(7, exports), ...section(10, code)]);
  }
}
