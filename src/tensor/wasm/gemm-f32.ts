/**
 * Emits the f32 SIMD128 GEMM micro-kernel loop: C[m0:m1, :] (+)= Ap · Bp over packed operands.
 *
 * Layouts (see `pack.ts`): A packed in row blocks of MR, `Ap[block][k][MR]` f32; B packed in column panels
 * of NR = 4·NV, `Bp[panel][k][NR]` (f32, or int8 for the "int8 B" variant, widened to f32 in registers).
 * Each step of k does NV vector loads of B, MR splat-loads of A and MR·NV multiply-adds into MR·NV
 * accumulators that live in registers (plain SIMD128: f32x4.mul + f32x4.add, no relaxed FMA).
 * Optional epilogue: multiply column j by `colScale[j]` (int8 B with per-column scales) and accumulate into C.
 *
 * Signature: (ap, bp, c, ldc, blk0, blk1, npanels, k, accumulate, colScale) — pointers in bytes, `ldc` in
 * elements, row blocks [blk0, blk1), `colScale` 0 for none.
 *
 * @example
 * ```ts
 * const m = new ModuleBuilder();
 * emitGemmF32(m, "gemm_f32", { mr: 4, nv: 3, bInt8: false });
 * ```
 */
import type { ModuleBuilder } from "./emit.js";

export interface GemmF32Shape { mr: number; nv: number; bInt8: boolean }

export function emitGemmF32(m: ModuleBuilder, fname: string, { mr, nv, bInt8 }: GemmF32Shape): void {
  const nr = 4 * nv;
  const f = m.func(fname, 10);
  const [AP, BP, C, LDC, BLK0, BLK1, NPANELS, K, ACC, CSCALE] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const p = f.local("i32"), blk = f.local("i32"), a = f.local("i32"), b = f.local("i32"), bend = f.local("i32");
  const bpanel = f.local("i32"), crow = f.local("i32"), zero = f.local("i32");
  const bstep = bInt8 ? nr : nr * 4;            // bytes of B per k
  const acc: number[][] = [];
  for (let r = 0; r < mr; r++) { acc.push([]); for (let v = 0; v < nv; v++) acc[r].push(f.local("v128")); }
  const bv: number[] = []; for (let v = 0; v < nv; v++) bv.push(f.local("v128"));
  const av = f.local("v128");

  f.i32(0).set(zero);
  f.forRange(p, zero, NPANELS, 1, () => {
    // bpanel = bp + p * k * bstep
    f.get(BP).get(p).get(K).op("i32.mul").i32(bstep).op("i32.mul").op("i32.add").set(bpanel);
    f.forRange(blk, BLK0, BLK1, 1, () => {
      for (const row of acc) for (const x of row) f.zero128().set(x);
      // a = ap + blk * k * mr * 4; b = bpanel; bend = bpanel + k * bstep
      f.get(AP).get(blk).get(K).op("i32.mul").i32(mr * 4).op("i32.mul").op("i32.add").set(a);
      f.get(bpanel).set(b);
      f.get(bpanel).get(K).i32(bstep).op("i32.mul").op("i32.add").set(bend);
      f.code.push(0x02, 0x40, 0x03, 0x40); // block loop
      f.get(b).get(bend).op("i32.ge_u").code.push(0x0d, 1);
      for (let v = 0; v < nv; v++) {
        if (bInt8) f.get(b).mem("v128.load32_zero", 4 * v).op("i16x8.extend_low_i8x16_s", "i32x4.extend_low_i16x8_s", "f32x4.convert_i32x4_s");
        else f.get(b).mem("v128.load", 16 * v);
        f.set(bv[v]);
      }
      for (let r = 0; r < mr; r++) {
        f.get(a).mem("v128.load32_splat", 4 * r).set(av);
        for (let v = 0; v < nv; v++) f.get(acc[r][v]).get(av).get(bv[v]).op("f32x4.mul", "f32x4.add").set(acc[r][v]);
      }
      f.inc(a, mr * 4).inc(b, bstep);
      f.code.push(0x0c, 0, 0x0b, 0x0b);
      // epilogue: crow = c + ((blk*mr) * ldc + p*nr) * 4
      for (let r = 0; r < mr; r++) {
        f.get(C).get(blk).i32(mr).op("i32.mul").i32(r).op("i32.add").get(LDC).op("i32.mul")
          .get(p).i32(nr).op("i32.mul").op("i32.add").i32(4).op("i32.mul").op("i32.add").set(crow);
        for (let v = 0; v < nv; v++) {
          if (bInt8) {
            f.get(CSCALE).ifElse(() => {
              f.get(acc[r][v]).get(CSCALE).get(p).i32(nr * 4).op("i32.mul").op("i32.add").mem("v128.load", 16 * v)
                .op("f32x4.mul").set(acc[r][v]);
            });
          }
          f.get(ACC).ifElse(() => {
            f.get(acc[r][v]).get(crow).mem("v128.load", 16 * v).op("f32x4.add").set(acc[r][v]);
          });
          f.get(crow).get(acc[r][v]).mem("v128.store", 16 * v);
        }
      }
    });
  });
}
