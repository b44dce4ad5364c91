/**
 * Registers the PFN methods a Borel query can name (src/infer/registry.ts):
 *
 *   query m(n) given {x: xs, y: ys} using pfn("gp.pfn", at: xq, samples: 1000)
 *   query m(n) given {x: xs, y: ys} using pfn_importance("linreg-proposal.pfn", particles: 1000)
 *
 * `checkPfnQuery` (query-check.ts) states the static rules of these queries for the language's checker.
 *
 * @example
 * ```ts
 * import "./register.js";
 * getMethod("pfn")!.run(model, [20], observations, { file: "gp.pfn", at: [0.5] }, { seed: 0 });
 * ```
 */
import { BorelError } from "../util/errors.js";
import { registerMethod, type RunContext } from "../infer/registry.js";
import { cachedPFN, pfnImportance, pfnPredictive } from "./query.js";
import type { PFNWeightFormat } from "./quantize.js";

const FILE = { type: "string", doc: "the PFN weights file (written by trainPFN / borel pfn train)" } as const;
const FORMAT = { type: "enum", values: ["stored", "f32", "int8", "int4"], default: "stored", doc: "weight format to run in (an f32 file can be quantized on load)" } as const;
const format = (o: Record<string, unknown>): PFNWeightFormat | undefined => (o.format === "stored" ? undefined : (o.format as PFNWeightFormat));
const file = (o: Record<string, unknown>, method: string, ctx: RunContext): string => {
  if (typeof o.file !== "string") throw new BorelError("bad-query", `${method}: needs the weights file, e.g. ${method}("gp.pfn"${method === "pfn" ? ", at: [0.5]" : ""})`);
  return ctx.resolveFile ? ctx.resolveFile(o.file, method) : o.file;
};

registerMethod({
  name: "pfn",
  doc: "posterior predictive of a trained PFN (one forward pass) at new inputs: pfn(\"file.pfn\", at: xq)",
  positional: [FILE],
  options: {
    file: FILE,
    at: { type: "any", doc: "query inputs: a number or an array (rows of features for several inputs)" },
    samples: { type: "int", default: 1000, min: 1, doc: "draws from each predictive distribution" },
    format: FORMAT,
  },
  run: (_gf, _args, observations, o, ctx) => {
    if (o.at === undefined) throw new BorelError("bad-query", "pfn: needs the query inputs, e.g. pfn(\"gp.pfn\", at: [0.25, 0.5])");
    return pfnPredictive(cachedPFN(file(o, "pfn", ctx), format(o)), observations, o.at, { samples: o.samples as number, seed: ctx.seed });
  },
});

registerMethod({
  name: "pfn_importance",
  doc: "importance sampling with a latent-kind PFN as the proposal (weights correct amortization error; log Z unbiased)",
  positional: [FILE],
  options: {
    file: FILE,
    particles: { type: "int", default: 1000, min: 1, doc: "number of particles" },
    temperature: { type: "number", default: 1, min: 0.01, doc: "divides the proposal's logits (> 1 widens it)" },
    format: FORMAT,
  },
  run: (gf, args, observations, o, ctx) =>
    pfnImportance(gf, args, cachedPFN(file(o, "pfn_importance", ctx), format(o)), observations, { particles: o.particles as number, seed: ctx.seed, temperature: o.temperature as number }),
});
