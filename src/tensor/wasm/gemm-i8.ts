/**
 * Emits the int8 SIMD128 GEMM micro-kernel loop (int32 accumulation with `i32x4.dot_i16x8_s`).
 *
 * Layouts (see `pack.ts`): A (activations, already quantized) packed in row blocks of MR as pairs of int16,
 * `Ap[block][k/2][MR][2]`; B (weights, int8) packed in column panels of NR = 4·NV as
 * `Bp[panel][k/2][NR][2]` int8. One step consumes two values of k: NV `v128.load8x8_s` of B (8 int8 widened
 * to int16: two k-values for four columns), MR `v128.load32_splat` of A (the pair (a_k, a_k+1) broadcast),
 * and MR·NV `i32x4.dot_i16x8_s` + `i32x4.add`: lane c gains a_k·b_{k,c} + a_{k+1}·b_{k+1,c}. No horizontal
 * sums are needed. Exact for |a|,|b| ≤ 128 and k < 2^17.
 *
 * Two epilogues: `raw` stores the int32 sums; otherwise C = sum · rowScale[i] · colScale[j] (+ C when
 * `accumulate`). Signature: (ap, bp, c, ldc, blk0, blk1, npanels, kpairs, accumulate, rowScale, colScale).
 *
 * @example
 * ```ts
 * emitGemmI8(new ModuleBuilder(), "gemm_i8", { mr: 4, nv: 3, raw: false });
 * ```
 */
import type { ModuleBuilder } from "./emit.js";

export interface GemmI8Shape { mr: number; nv: number; raw: boolean }

export function emitGemmI8(m: ModuleBuilder, fname: string, { mr, nv, raw }: GemmI8Shape): void {
  const nr = 4 * nv;
  const f = m.func(fname, 11);
  const [AP, BP, C, LDC, BLK0, BLK1, NPANELS, KP, ACC, RSCALE, CSCALE] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const p = f.local("i32"), blk = f.local("i32"), a = f.local("i32"), b = f.local("i32"), bend = f.local("i32");
  const bpanel = f.local("i32"), crow = f.local("i32"), zero = f.local("i32");
  const acc: number[][] = [];
  for (let r = 0; r < mr; r++) { acc.push([]); for (let v = 0; v < nv; v++) acc[r].push(f.local("v128")); }
  const bv: number[] = []; for (let v = 0; v < nv; v++) bv.push(f.local("v128"));
  const av = f.local("v128"), rs = f.local("v128");
  const bstep = nr * 2; // bytes of B per k-pair

  f.i32(0).set(zero);
  f.forRange(p, zero, NPANELS, 1, () => {
    f.get(BP).get(p).get(KP).op("i32.mul").i32(bstep).op("i32.mul").op("i32.add").set(bpanel);
    f.forRange(blk, BLK0, BLK1, 1, () => {
      for (const row of acc) for (const x of row) f.zero128().set(x);
      f.get(AP).get(blk).get(KP).op("i32.mul").i32(mr * 4).op("i32.mul").op("i32.add").set(a);
      f.get(bpanel).set(b);
      f.get(bpanel).get(KP).i32(bstep).op("i32.mul").op("i32.add").set(bend);
      f.code.push(0x02, 0x40, 0x03, 0x40);
      f.get(b).get(bend).op("i32.ge_u").code.push(0x0d, 1);
      for (let v = 0; v < nv; v++) f.get(b).mem("v128.load8x8_s", 8 * v).set(bv[v]);
      for (let r = 0; r < mr; r++) {
        f.get(a).mem("v128.load32_splat", 4 * r).set(av);
        for (let v = 0; v < nv; v++) f.get(acc[r][v]).get(av).get(bv[v]).op("i32x4.dot_i16x8_s", "i32x4.add").set(acc[r][v]);
      }
      f.inc(a, mr * 4).inc(b, bstep);
      f.code.push(0x0c, 0, 0x0b, 0x0b);
      for (let r = 0; r < mr; r++) {
        f.get(C).get(blk).i32(mr).op("i32.mul").i32(r).op("i32.add").get(LDC).op("i32.mul")
          .get(p).i32(nr).op("i32.mul").op("i32.add").i32(4).op("i32.mul").op("i32.add").set(crow);
        if (!raw) f.get(RSCALE).get(blk).i32(mr * 4).op("i32.mul").op("i32.add").mem("v128.load32_splat", 4 * r).set(rs);
        for (let v = 0; v < nv; v++) {
          if (raw) { f.get(crow).get(acc[r][v]).mem("v128.store", 16 * v); continue; }
          f.get(acc[r][v]).op("f32x4.convert_i32x4_s").get(rs).op("f32x4.mul")
            .get(CSCALE).get(p).i32(nr * 4).op("i32.mul").op("i32.add").mem("v128.load", 16 * v).op("f32x4.mul").set(acc[r][v]);
          f.get(ACC).ifElse(() => {
            f.get(acc[r][v]).get(crow).mem("v128.load", 16 * v).op("f32x4.add").set(acc[r][v]);
          });
          f.get(crow).get(acc[r][v]).mem("v128.store", 16 * v);
        }
      }
    });
  });
}
