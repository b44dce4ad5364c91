/**
 * Differentiable log cdfs for `truncated`: a plain log cdf `logF(x, a, b, c)` becomes a `DensityKernel` whose
 * partials in the parameters come from an analytic `grad` when one is given, otherwise from central
 * differences with a relative step of 1e-6 (relative error ~1e-9, enough for a truncation normalizer; used
 * for derivatives of incomplete gamma/beta functions in their shape arguments, which have no cheap closed form).
 *
 * @example
 * ```ts
 * const logcdfAD = logcdfAD_of(logcdfKernel("exponential", ["x", "rate"], (x, r) => Math.log(-Math.expm1(-r * x))));
 * logcdfAD(1, [tape.scalar(2)]);   // AD scalar log(1 − e^−2)
 * ```
 */
import { applyKernel, type DensityKernel } from "../ad/kernel.js";
import type { Real, Scalar } from "../ad/var.js";

type LogF = (x: number, a: number, b: number, c: number) => number;

export function logcdfKernel(
  name: string,
  argNames: readonly string[],
  logF: LogF,
  grad?: (x: number, a: number, b: number, c: number, out: Float64Array) => void,
): DensityKernel {
  const arity = argNames.length;
  return {
    name: `${name}_lcdf`,
    arity,
    argNames,
    f: logF,
    df(x, a, b, c, out) {
      const y = logF(x, a, b, c);
      out.fill(0);
      if (!Number.isFinite(y)) return y;
      if (grad) { grad(x, a, b, c, out); return y; }
      const args = [x, a, b, c];
      for (let j = 1; j < arity; j++) {
        const v = args[j], h = 1e-6 * Math.max(Math.abs(v), 1e-8);
        args[j] = v + h; const yp = logF(args[0], args[1], args[2], args[3]);
        args[j] = v - h; const ym = logF(args[0], args[1], args[2], args[3]);
        args[j] = v;
        out[j] = Number.isFinite(yp) && Number.isFinite(ym) ? (yp - ym) / (2 * h) : 0;
      }
      return y;
    },
  };
}

/** The `logcdfAD` of a scalar family spec from its log-cdf kernel. */
export function logcdfAD_of(k: DensityKernel): (x: number, params: Real[]) => Scalar {
  return (x, params) => applyKernel(k, [x, ...params]) as Scalar;
}
