/**
 * Emits the activation-side kernels of the int8 GEMM:
 *
 * - `quant_rows(x, ldx, row0, row1, kpad, ap, scales, mask)`: for each row i of the f32 matrix x (row
 *   stride `ldx` elements, `kpad` a multiple of 8, zero-padded), absmax over the row (after multiplying by
 *   the all-ones/zero bit `mask` vector when `mask != 0`), `scales[i] = absmax/127`, and q = round-half-even(x·127/absmax)
 *   written as int16 pairs in the packed layout the int8 micro-kernel reads (`Ap[i/MR][k/2][MR][2]`).
 * - `col_absmax(x, ldx, row0, row1, kpad, out)`: out[k] = max(out[k], |x[i,k]|) over rows, for the
 *   outlier-column detection of LLM.int8().
 *
 * @example
 * ```ts
 * emitQuantRows(new ModuleBuilder(), 4);
 * ```
 */
import type { ModuleBuilder } from "./emit.js";

export function emitQuantRows(m: ModuleBuilder, mr: number): void {
  const f = m.func("quant_rows", 8);
  const [X, LDX, ROW0, ROW1, KPAD, AP, SCALES, MASK] = [0, 1, 2, 3, 4, 5, 6, 7];
  const i = f.local("i32"), kk = f.local("i32"), xr = f.local("i32"), dst = f.local("i32"), zero = f.local("i32");
  const amax = f.local("f32"), inv = f.local("f32"), pre = f.local("f32");
  const vmax = f.local("v128"), v0 = f.local("v128"), v1 = f.local("v128"), vinv = f.local("v128"), vpre = f.local("v128");
  f.i32(0).set(zero);
  const loadMasked = (into: number, off: number) => {
    const loadX = () => f.get(xr).get(kk).i32(2).op("i32.shl").op("i32.add").mem("v128.load", off);
    f.get(MASK).ifElse(() => {
      loadX();
      // and with an all-ones/zero bit mask, not f32 × 1/0: ∞·0 would be NaN and poison the row's absmax
      f.get(MASK).get(kk).i32(2).op("i32.shl").op("i32.add").mem("v128.load", off).op("v128.and").set(into);
    }, () => { loadX(); f.set(into); });
  };
  f.forRange(i, ROW0, ROW1, 1, () => {
    f.get(X).get(i).get(LDX).op("i32.mul").i32(2).op("i32.shl").op("i32.add").set(xr);
    f.zero128().set(vmax);
    f.forRange(kk, zero, KPAD, 4, () => {
      loadMasked(v0, 0);
      f.get(vmax).get(v0).op("f32x4.abs", "f32x4.max").set(vmax);
    });
    f.get(vmax).lane("f32x4.extract_lane", 0).get(vmax).lane("f32x4.extract_lane", 1).op("f32.max")
      .get(vmax).lane("f32x4.extract_lane", 2).op("f32.max").get(vmax).lane("f32x4.extract_lane", 3).op("f32.max").set(amax);
    // scales[i] = amax / 127
    f.get(SCALES).get(i).i32(2).op("i32.shl").op("i32.add").get(amax).f32(127).op("f32.div").mem("f32.store");
    // rows with absmax < 2^-64 are first scaled by 2^64 (exact): 127/absmax overflows to ∞ below ~3.7e-37
    f.get(amax).f32(2 ** -64).op("f32.lt").ifElse(() => { f.f32(2 ** 64).set(pre); }, () => { f.f32(1).set(pre); });
    f.get(amax).f32(0).op("f32.gt").ifElse(() => { f.f32(127).get(amax).get(pre).op("f32.mul").op("f32.div").set(inv); },
      () => { f.f32(0).set(inv); });
    f.get(inv).op("f32x4.splat").set(vinv);
    f.get(pre).op("f32x4.splat").set(vpre);
    // dst = ap + ((i / mr) * (kpad/2) * mr + i % mr) * 4
    f.get(AP).get(i).i32(mr).op("i32.div_s").get(KPAD).i32(1).op("i32.shr_s").op("i32.mul").i32(mr).op("i32.mul")
      .get(i).get(i).i32(mr).op("i32.div_s").i32(mr).op("i32.mul").op("i32.sub").op("i32.add").i32(2).op("i32.shl")
      .op("i32.add").set(dst);
    f.forRange(kk, zero, KPAD, 8, () => {
      loadMasked(v0, 0);
      loadMasked(v1, 16);
      f.get(v0).get(vpre).op("f32x4.mul").get(vinv).op("f32x4.mul", "f32x4.nearest", "i32x4.trunc_sat_f32x4_s")
        .get(v1).get(vpre).op("f32x4.mul").get(vinv).op("f32x4.mul", "f32x4.nearest", "i32x4.trunc_sat_f32x4_s")
        .op("i16x8.narrow_i32x4_s").set(v0);
      for (let t = 0; t < 4; t++) f.get(dst).get(v0).memLane("v128.store32_lane", t * mr * 4, t);
      f.inc(dst, 4 * mr * 4);
    });
  });

  const g = m.func("col_absmax", 6);
  const [GX, GLDX, GROW0, GROW1, GKPAD, OUT] = [0, 1, 2, 3, 4, 5];
  const gi = g.local("i32"), gk = g.local("i32"), gxr = g.local("i32"), gz = g.local("i32"), go = g.local("i32");
  g.i32(0).set(gz);
  g.forRange(gi, GROW0, GROW1, 1, () => {
    g.get(GX).get(gi).get(GLDX).op("i32.mul").i32(2).op("i32.shl").op("i32.add").set(gxr);
    g.forRange(gk, gz, GKPAD, 4, () => {
      g.get(OUT).get(gk).i32(2).op("i32.shl").op("i32.add").set(go);
      // pmax(old, |x|) = old < |x| ? |x| : old skips a NaN |x|, as the TS path does (max carried the NaN, and
      // NaN > threshold is false: one NaN row switched the outlier split off for the finite rows).
      g.get(go).get(go).mem("v128.load").get(gxr).get(gk).i32(2).op("i32.shl").op("i32.add").mem("v128.load")
        .op("f32x4.abs", "f32x4.pmax").mem("v128.store");
    });
  });
}
