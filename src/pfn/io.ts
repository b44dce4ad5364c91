/**
 * PFN weight files in the tensor layer's serialization format (`serialize`/`deserialize`: magic "BRLT",
 * checksums). Entries: `pfn.meta` (u8 JSON: the `PFNConfig`, the weight format, the int8 outlier threshold),
 * the f32 parameters by name, and — for int8/int4 files — each block projection `b{l}.{wq,wkv,wo,w1,w2}` as
 * quantized weights with its f32 bias `….bias` instead of the f32 block matrices.
 *
 * @example
 * ```ts
 * writeFileSync("gp.pfn", pfnToBytes(config, params, network, "int8"));
 * const { config, network } = pfnFromBytes(readFileSync("gp.pfn"));
 * ```
 */
import { BorelError } from "../util/errors.js";
import { Linear, type LinearWeights } from "../tensor/linear.js";
import { deserialize, serialize, type Serializable } from "../tensor/serialize.js";
import { Tensor } from "../tensor/tensor.js";
import { checkTemperatureTable, type PFNConfig } from "./config.js";
import { PFNNetwork } from "./network.js";
import { paramShapes, paramsFrom, type ParamSet } from "./params.js";
import { BLOCK_PROJECTIONS, type BlockLinears, type PFNWeightFormat, type QuantizeOptions } from "./quantize.js";

export const PFN_FILE_VERSION = 1;

interface Meta { version: number; config: PFNConfig; format: PFNWeightFormat; outlierThreshold?: number }

const isBlockParam = (n: string): boolean => /^b\d+\.(wqkv|bqkv|wo|bo|w1|b1|w2|b2)$/.test(n);

export function jsonEntry(x: unknown): Tensor<Uint8Array> {
  const b = new TextEncoder().encode(JSON.stringify(x));
  return new Tensor("u8", [b.length], b);
}
export function readJsonEntry(e: Serializable | undefined, name: string): unknown {
  if (!(e instanceof Tensor) || e.dtype !== "u8") throw new BorelError("bad-file", `PFN file: entry '${name}' is missing`, { hint: "is this a PFN weights file written by savePFN?" });
  return JSON.parse(new TextDecoder().decode(e.data as Uint8Array));
}

/** Bytes of a PFN: f32 parameters, and for int8/int4 the network's quantized block projections. */
export function pfnToBytes(config: PFNConfig, params: ParamSet, network: PFNNetwork | null, format: PFNWeightFormat, outlierThreshold?: number): Uint8Array {
  const entries: Record<string, Serializable> = { "pfn.meta": jsonEntry({ version: PFN_FILE_VERSION, config, format, outlierThreshold } satisfies Meta) };
  for (const [name, p] of params) {
    if (format !== "f32" && isBlockParam(name)) continue;
    entries[name] = new Tensor("f32", [...p.shape], p.data);
  }
  if (format !== "f32") {
    if (!network) throw new BorelError("internal", "pfnToBytes: a quantized file needs the quantized network");
    network.blocks.forEach((b, l) => {
      for (const proj of BLOCK_PROJECTIONS) {
        const lin = b[proj];
        entries[`b${l}.${proj}`] = lin.weights as Serializable;
        entries[`b${l}.${proj}.bias`] = new Tensor("f32", [lin.bias!.length], lin.bias!);
      }
    });
  }
  return serialize(entries);
}

export interface LoadedPFN { config: PFNConfig; params: ParamSet | null; network: PFNNetwork; format: PFNWeightFormat }

/** Reads a PFN file; an f32 file can be quantized on load with `opts.format`. */
export function pfnFromBytes(bytes: Uint8Array, opts: QuantizeOptions = {}): LoadedPFN {
  const e = deserialize(bytes);
  const meta = readJsonEntry(e["pfn.meta"], "pfn.meta") as Meta;
  if (meta.version !== PFN_FILE_VERSION) throw new BorelError("bad-file", `PFN file: version ${meta.version}, this reader knows ${PFN_FILE_VERSION}`);
  const c = meta.config;
  if (c.temperatureByContext !== undefined) checkTemperatureTable(c.temperatureByContext, "PFN file");
  const arr = (n: string) => { const t = e[n]; return t instanceof Tensor && t.dtype === "f32" ? (t.data as Float32Array) : undefined; };
  if (meta.format === "f32") {
    const params = paramsFrom(c, arr);
    return { config: c, params, network: PFNNetwork.build(c, params, opts), format: opts.format ?? "f32" };
  }
  if (opts.format && opts.format !== meta.format)
    throw new BorelError("bad-option", `PFN file: the weights are stored as ${meta.format}; they cannot be loaded as ${opts.format}`, { hint: "load an f32 file to choose the format" });
  const shapes = new Map(paramShapes(c));
  const params: ParamSet = new Map();
  for (const [name, shape] of shapes) {
    if (isBlockParam(name)) continue;
    const data = arr(name);
    if (!data) throw new BorelError("bad-file", `PFN file: parameter '${name}' is missing`);
    params.set(name, { data, shape, decay: false });
  }
  const blocks: BlockLinears[] = Array.from({ length: c.layers }, (_, l) => {
    const lin = (proj: string) => {
      const w = e[`b${l}.${proj}`], b = arr(`b${l}.${proj}.bias`);
      if (!w || w instanceof Tensor || !b) throw new BorelError("bad-file", `PFN file: projection 'b${l}.${proj}' is missing`);
      return new Linear(w as LinearWeights, b, meta.format === "int8" ? meta.outlierThreshold : undefined);
    };
    const vec = (n: string) => new Tensor("f32", [c.d], params.get(`b${l}.${n}`)!.data);
    const [wq, wkv, wo, w1, w2] = BLOCK_PROJECTIONS.map(lin);
    return { wq, wkv, wo, w1, w2, ln1g: vec("ln1g"), ln1b: vec("ln1b"), ln2g: vec("ln2g"), ln2b: vec("ln2b"),
      bytes: [wq, wkv, wo, w1, w2].reduce((s, x) => s + x.bytes + (x.bias?.length ?? 0) * 4, 16 * c.d) };
  });
  return { config: c, params: null, network: PFNNetwork.fromParts(c, params, blocks), format: meta.format };
}

