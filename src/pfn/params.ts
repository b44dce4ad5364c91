/**
 * The parameters of a PFN by name, with shapes and their initialization:
 *
 *   enc.wx [xDim, d], enc.bx, enc.wy [1, d], enc.by          token = Lin_x(x) (+ Lin_y(y) on context rows)
 *   enc.query [A, d]                                         latent kind: one learned token per address
 *   b{l}.wqkv [d, 3d], b{l}.bqkv, b{l}.wo [d, d], b{l}.bo     attention (fused Q|K|V)
 *   b{l}.ln1g, b{l}.ln1b, b{l}.w1 [d, ff], b{l}.b1, b{l}.w2 [ff, d], b{l}.b2, b{l}.ln2g, b{l}.ln2b
 *   head.w1 [d, hh], head.b1, head.w2 [hh, K], head.b2        the MLP head over buckets/classes
 *
 * Weights are N(0, 1/fan_in); biases zero; LayerNorm gains one. The residual output projections `wo` and `w2`
 * start at zero (as in the PFN papers), so every block starts as LN of its input. Biases, gains and the
 * embeddings are not weight-decayed.
 *
 * @example
 * ```ts
 * const params = initParams(config, new Rng(0));
 * params.get("b0.wqkv")!.shape;   // [d, 3d]
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { Rng } from "../rand/rng.js";
import type { PFNConfig } from "./config.js";

export interface Param { readonly data: Float32Array; readonly shape: readonly [number, number]; readonly decay: boolean }
export type ParamSet = Map<string, Param>;

/** Names and shapes in a fixed order (the order of serialization and of the optimizer state). */
export function paramShapes(c: PFNConfig): [string, [number, number]][] {
  const { d, ff, headHidden: hh } = c, out: [string, [number, number]][] = [
    ["enc.wx", [c.xDim, d]], ["enc.bx", [1, d]], ["enc.wy", [1, d]], ["enc.by", [1, d]],
  ];
  if (c.kind === "latent") out.push(["enc.query", [c.latents?.length ?? 0, d]]);
  for (let l = 0; l < c.layers; l++) {
    const p = `b${l}.`;
    out.push([p + "wqkv", [d, 3 * d]], [p + "bqkv", [1, 3 * d]], [p + "wo", [d, d]], [p + "bo", [1, d]],
      [p + "ln1g", [1, d]], [p + "ln1b", [1, d]], [p + "w1", [d, ff]], [p + "b1", [1, ff]], [p + "w2", [ff, d]], [p + "b2", [1, d]],
      [p + "ln2g", [1, d]], [p + "ln2b", [1, d]]);
  }
  out.push(["head.w1", [d, hh]], ["head.b1", [1, hh]], ["head.w2", [hh, c.outputsWidth]], ["head.b2", [1, c.outputsWidth]]);
  return out;
}

/** Biases and LayerNorm gains/shifts (the last name part starts with "b" or "ln"). */
function isBias(name: string): boolean { const last = name.slice(name.lastIndexOf(".") + 1); return last.startsWith("b") || last.startsWith("ln"); }

/** Fresh parameters (see the module comment for the scheme). */
export function initParams(c: PFNConfig, rng: Rng): ParamSet {
  const ps: ParamSet = new Map();
  for (const [name, shape] of paramShapes(c)) {
    const data = new Float32Array(shape[0] * shape[1]);
    const zeroInit = /\.(wo|w2)$/.test(name) && name.startsWith("b");
    if (/ln\dg$/.test(name)) data.fill(1);
    else if (!isBias(name) && !zeroInit) {
      const sd = name === "enc.query" ? 1 : 1 / Math.sqrt(shape[0]);
      for (let i = 0; i < data.length; i++) data[i] = sd * rng.normal();
    }
    ps.set(name, { data, shape, decay: !isBias(name) && !name.startsWith("enc.") });
  }
  return ps;
}

/** Parameters from stored arrays (shapes checked against the config). */
export function paramsFrom(c: PFNConfig, arrays: (name: string) => Float32Array | undefined): ParamSet {
  const ps: ParamSet = new Map();
  for (const [name, shape] of paramShapes(c)) {
    const data = arrays(name);
    if (!data || data.length !== shape[0] * shape[1])
      throw new BorelError("bad-file", `PFN parameter '${name}' is missing or has ${data?.length ?? 0} values for [${shape}]`, { hint: "the weights file does not match its configuration" });
    ps.set(name, { data, shape, decay: !isBias(name) && !name.startsWith("enc.") });
  }
  return ps;
}

/** Total number of parameters. */
export const countParams = (ps: ParamSet): number => [...ps.values()].reduce((s, p) => s + p.data.length, 0);
