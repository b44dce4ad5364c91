/**
 * Datasets simulated from a prior generative function. The model's first argument is the number of rows n;
 * row i is the pair of choices (`${inputs}/i`, `${outputs}/i`). An input is a number, a vector value
 * (`Float64Array`) at the address, or a vector spread over sub-addresses `x/i/0, x/i/1, …`; an output is a
 * number, a boolean or an integer. The latent kind also reads named latent choices (scalars).
 *
 * @example
 * ```ts
 * const ds = simulateDataset(gp, 100, rng, { inputs: "x", outputs: "y" });
 * ds.x;   // Float64Array [100 · xDim]
 * ds.y;   // Float64Array [100]
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { Rng } from "../rand/rng.js";
import type { GenerativeFunction, Trace } from "../trace/gfi.js";

export interface PriorSpec {
  inputs: string;
  outputs: string;
  /** Model arguments after the number of rows. */
  args?: readonly unknown[];
  /** Latent addresses to read (latent kind). */
  latents?: readonly string[];
}

export interface Dataset {
  /** Rows × xDim inputs, row-major. */
  x: Float64Array;
  y: Float64Array;
  xDim: number;
  /** Latent values in the order of `spec.latents`. */
  latents?: Float64Array;
  /** True when the outputs were booleans or integers from a discrete distribution. */
  discrete: boolean;
}

/** The value of an input at row i as numbers. */
function readInput(tr: Trace, base: string, i: number): number[] {
  const c = tr.choice(`${base}/${i}`);
  if (c !== undefined) {
    const v = c.value;
    if (typeof v === "number") return [v];
    if (typeof v === "boolean") return [v ? 1 : 0];
    if (v instanceof Float64Array) return [...v];
    throw new BorelError("bad-prior", `PFN prior: the input '${base}/${i}' is a ${typeof v}, not a number or vector`, { address: `${base}/${i}` });
  }
  const out: number[] = [];
  for (let j = 0; ; j++) {
    const s = tr.choice(`${base}/${i}/${j}`);
    if (s === undefined) break;
    if (typeof s.value !== "number") throw new BorelError("bad-prior", `PFN prior: the input '${base}/${i}/${j}' is not a number`, { address: `${base}/${i}/${j}` });
    out.push(s.value);
  }
  if (out.length === 0)
    throw new BorelError("bad-prior", `PFN prior: the model has no choice at '${base}/${i}'`, {
      address: `${base}/${i}`, hint: `row i of the prior is the pair of choices ${base}/i and its output; the model's first argument is the number of rows`,
    });
  return out;
}

function readOutput(tr: Trace, base: string, i: number): { y: number; discrete: boolean } {
  const c = tr.choice(`${base}/${i}`);
  if (c === undefined)
    throw new BorelError("bad-prior", `PFN prior: the model has no choice at '${base}/${i}'`, { address: `${base}/${i}`, hint: "check the 'outputs' name" });
  if (typeof c.value === "boolean") return { y: c.value ? 1 : 0, discrete: true };
  if (typeof c.value !== "number") throw new BorelError("bad-prior", `PFN prior: the output '${base}/${i}' must be a scalar`, { address: `${base}/${i}` });
  return { y: c.value, discrete: c.dist.discrete };
}

/** One dataset of n rows (and the latents) from `model.simulate([n, ...args])`. */
export function simulateDataset(model: GenerativeFunction, n: number, rng: Rng, spec: PriorSpec): Dataset {
  const tr = model.simulate([n, ...(spec.args ?? [])], rng);
  let xDim = -1, discrete = false;
  const xs: number[] = [], y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = readInput(tr, spec.inputs, i);
    if (xDim === -1) xDim = xi.length;
    else if (xi.length !== xDim) throw new BorelError("bad-prior", `PFN prior: input '${spec.inputs}/${i}' has ${xi.length} features, row 0 has ${xDim}`);
    xs.push(...xi);
    const o = readOutput(tr, spec.outputs, i);
    y[i] = o.y;
    discrete ||= o.discrete;
  }
  const ds: Dataset = { x: Float64Array.from(xs), y, xDim: Math.max(xDim, 0), discrete };
  if (spec.latents) ds.latents = Float64Array.from(spec.latents, (a) => {
    const v = tr.choice(a)?.value;
    if (typeof v !== "number")
      throw new BorelError("bad-prior", `PFN prior: the latent '${a}' is ${v === undefined ? "not in the trace" : `a ${typeof v}`}`, { address: a, hint: "latent addresses must be scalar continuous choices" });
    return v;
  });
  return ds;
}
