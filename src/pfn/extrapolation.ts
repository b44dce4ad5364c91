/**
 * Warnings for data a PFN was not trained on: a PFN's predictive is learned from its prior's datasets only, so
 * a context larger than any training dataset, or inputs/outputs far outside the prior's range (more than
 * `FAR` prior standard deviations from the prior mean, after the same normalization the network applies), get
 * an extrapolated answer with no error bar that says so. The `pfn` query method and `borel pfn predict` print them.
 *
 * @example
 * ```ts
 * extrapolationWarnings(pfn.config, { x: [100], y: [3] }, [0.5]);
 * // ["pfn: 1 of 1 context inputs lie more than 6 prior standard deviations from the prior's x (mean 0.5, sd 0.29): ..."]
 * ```
 */
import type { PFNConfig } from "./config.js";
import type { Context, Inputs } from "./inputs.js";

/** Distance from the prior mean, in prior standard deviations, beyond which a value counts as far outside. */
export const FAR = 6;

const fmt = (v: number) => String(+v.toPrecision(2));

/** How many rows of `xs` have a feature more than FAR prior sds from its prior mean. */
function farInputs(c: PFNConfig, xs: Inputs): number {
  let n = 0;
  for (let i = 0; i < xs.length; i++) {
    const r = xs[i], row: ArrayLike<number> = typeof r === "number" ? [r] : r;
    for (let j = 0; j < row.length && j < c.xDim; j++)
      if (Math.abs(row[j] - c.xMean[j]) > FAR * c.xSd[j]) { n++; break; }
  }
  return n;
}

export function extrapolationWarnings(c: PFNConfig, context: Context, queries: Inputs): string[] {
  const out: string[] = [];
  const rows = (c.training as { rows?: number } | undefined)?.rows;
  if (rows !== undefined && context.x.length >= rows)
    out.push(`pfn: the context has ${context.x.length} rows, and the network was trained on datasets of at most ${rows} rows (context and queries): its predictions from this many are extrapolation`);
  const x = `${c.inputs} (mean ${c.xMean.map(fmt).join(", ")}, sd ${c.xSd.map(fmt).join(", ")})`;
  const nc = farInputs(c, context.x), nq = farInputs(c, queries);
  if (nc + nq > 0) {
    const parts = [nc > 0 ? `${nc} of ${context.x.length} context inputs` : "", nq > 0 ? `${nq} of ${queries.length} query inputs` : ""].filter(Boolean).join(" and ");
    out.push(`pfn: ${parts} lie more than ${FAR} prior standard deviations from the prior's ${x}: the network never saw such inputs, and its predictions there are extrapolation`);
  }
  if (c.kind !== "classification") {
    let ny = 0;
    for (let i = 0; i < context.y.length; i++) if (Math.abs(Number(context.y[i]) - c.yMean) > FAR * c.ySd) ny++;
    if (ny > 0)
      out.push(`pfn: ${ny} of ${context.y.length} context outputs lie more than ${FAR} prior standard deviations from the prior's ${c.outputs} (mean ${fmt(c.yMean)}, sd ${fmt(c.ySd)}): data this unlike the prior's gets an extrapolated answer`);
  }
  return out;
}
