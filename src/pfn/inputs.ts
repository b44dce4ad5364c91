/**
 * Turning user data into the network's inputs: rows of x (numbers for one feature, or arrays/vectors of
 * features) and outputs y (numbers, booleans or class labels), normalized with the config's fixed affine maps.
 * Errors name the argument and the row.
 *
 * @example
 * ```ts
 * const x = normalizeInputs(config, [0.1, 0.5, 0.9], "queries");   // Float32Array [3 · xDim]
 * const y = normalizeOutputs(config, [0.3, -1.2, 0.4], "context.y");
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { PFNConfig } from "./config.js";

export type InputRow = number | ArrayLike<number>;
export type Inputs = ArrayLike<InputRow>;

/** A dataset to condition on: inputs and outputs of the observed rows. */
export interface Context { x: Inputs; y: ArrayLike<number | boolean> }

/** A value for an error message: strings quoted ("1" read as the number 1 before). */
const describe = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : v === null ? "null" : Array.isArray(v) ? "an array" : String(v));

/** Checks that `v` is an array (or typed array) of rows: a number or a record here would fail deep inside. */
function requireRows(v: unknown, what: string): void {
  if (typeof v !== "object" || v === null || typeof (v as { length?: unknown }).length !== "number")
    throw new BorelError("bad-value", `PFN: ${what} is ${describe(v)}, not an array of rows`, { hint: what.startsWith("context") ? "the context is { x: [...], y: [...] }, one y per x" : "give the query inputs as an array, one row per query" });
}

/** x rows → normalized Float32Array [n · xDim]. */
export function normalizeInputs(c: PFNConfig, xs: Inputs, what: string): Float32Array {
  requireRows(xs, what);
  const D = c.xDim, n = xs.length, out = new Float32Array(n * D);
  for (let i = 0; i < n; i++) {
    const r = xs[i];
    if (typeof r !== "number" && (typeof r !== "object" || r === null || typeof r.length !== "number"))
      throw new BorelError("bad-value", `PFN: ${what}[${i}] is ${describe(r)}, not a number or a row of numbers`);
    const row: ArrayLike<number> = typeof r === "number" ? [r] : r;
    if (row.length !== D)
      throw new BorelError("shape", `PFN: ${what}[${i}] has ${row.length} feature${row.length === 1 ? "" : "s"}, the network takes ${D}`, { hint: D === 1 ? "give one number per row" : `give ${D} numbers per row` });
    for (let j = 0; j < D; j++) {
      const v = row[j];
      if (typeof v !== "number") throw new BorelError("bad-value", `PFN: ${what}[${i}]${D > 1 ? `[${j}]` : ""} is ${describe(v)}, not a number`);
      if (!Number.isFinite(v)) throw new BorelError("nan", `PFN: ${what}[${i}]${D > 1 ? `[${j}]` : ""} is ${v}`);
      out[i * D + j] = (v - c.xMean[j]) / c.xSd[j];
      if (!Number.isFinite(out[i * D + j]))
        throw new BorelError("bad-value", `PFN: ${what}[${i}]${D > 1 ? `[${j}]` : ""} = ${v} lies ${Math.abs((v - c.xMean[j]) / c.xSd[j]).toPrecision(2)} prior standard deviations from the prior's inputs: beyond what the network's float32 arithmetic can take`, {
          hint: `the network was trained on inputs around ${c.xMean[j]!.toPrecision(3)} ± ${c.xSd[j]!.toPrecision(3)}; rescale the data to that range`,
        });
    }
  }
  return out;
}

/** The value the network is fed for an output: normalized y, or a class index. */
export function outputCode(c: PFNConfig, y: number | boolean, where: string): number {
  const v = typeof y === "boolean" ? (y ? 1 : 0) : y;
  if (typeof v !== "number") throw new BorelError("bad-value", `PFN: ${where} is ${describe(v)}, not a number or boolean`);
  if (!Number.isFinite(v)) throw new BorelError("nan", `PFN: ${where} is ${y}`);
  if (c.kind !== "classification") return (v - c.yMean) / c.ySd;
  const k = c.classes!.indexOf(v);
  if (k < 0) throw new BorelError("bad-value", `PFN: ${where} = ${y} is not one of the classes ${c.classes!.join(", ")}`);
  return k;
}

export function normalizeOutputs(c: PFNConfig, ys: ArrayLike<number | boolean>, what: string): Float32Array {
  requireRows(ys, what);
  return Float32Array.from({ length: ys.length }, (_, i) => outputCode(c, ys[i], `${what}[${i}]`));
}

/** Checks a context and returns its normalized arrays. */
export function contextArrays(c: PFNConfig, ctx: Context): { x: Float32Array; y: Float32Array; n: number } {
  if (typeof ctx !== "object" || ctx === null)
    throw new BorelError("bad-value", `PFN: the context is ${describe(ctx)}, not a record { x, y }`, { hint: "pass { x: [], y: [] } for no observed rows" });
  requireRows(ctx.x, "context.x");
  requireRows(ctx.y, "context.y");
  if (ctx.x.length !== ctx.y.length)
    throw new BorelError("shape", `PFN: the context has ${ctx.x.length} inputs but ${ctx.y.length} outputs`, { hint: "give one y per x" });
  return { x: normalizeInputs(c, ctx.x, "context.x"), y: normalizeOutputs(c, ctx.y, "context.y"), n: ctx.x.length };
}
