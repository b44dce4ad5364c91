/**
 * A trained Prior-Data Fitted Network: one forward pass from an observed dataset to posterior predictive
 * distributions (regression: `BarDistribution`s; classification: `ClassPrediction`s; the latent kind:
 * a bar distribution per latent address, see `proposal.ts`).
 *
 * `condition(context)` runs the context rows once and caches their keys and values; the returned object's
 * `predict(queries)` then costs only the query rows, so it can be called again and again.
 *
 * @example
 * ```ts
 * const pfn = loadPFN("examples/pfn/gp1d.int8.pfn");
 * const [d] = pfn.predict({ x: [0.1, 0.4, 0.8], y: [0.3, -0.5, 1.1] }, [0.5]);
 * d.mean(); d.interval(0.95);
 * const q = pfn.quantize("int8");          // from an f32 network
 * ```
 */
import { readFileSync, writeFileSync } from "node:fs";
import { BorelError } from "../util/errors.js";
import { BarDistribution } from "./bar-distribution.js";
import { ClassPrediction } from "./class-prediction.js";
import { checkTemperatureTable, temperatureAt, type PFNConfig, type PFNKind, type TemperatureTable } from "./config.js";
import { contextArrays, normalizeInputs, type Context, type Inputs } from "./inputs.js";
import { pfnFromBytes, pfnToBytes } from "./io.js";
import { PFNNetwork, type ContextCache } from "./network.js";
import type { ParamSet } from "./params.js";
import type { PFNWeightFormat, QuantizeOptions } from "./quantize.js";

export type Prediction = BarDistribution | ClassPrediction;

/** A PFN conditioned on one context: extra queries cost only their own rows. */
export class ConditionedPFN {
  constructor(readonly pfn: PFN, readonly cache: ContextCache) {}

  /** Raw logits [nq, outputsWidth] at normalized inputs (or latent slots). */
  logits(x: Float32Array, nq: number, slots?: readonly number[]): Float32Array {
    return this.pfn.network.queryLogits(this.cache, x, nq, undefined, slots);
  }

  /** The predictive distribution at each query input. */
  predict(queries: Inputs): Prediction[] {
    const c = this.pfn.config;
    if (c.kind === "latent") throw new BorelError("bad-method", "PFN.predict: this network predicts latent choices", { hint: "use pfnProposal / predictLatents" });
    const nq = queries.length, K = c.outputsWidth, z = this.logits(normalizeInputs(c, queries, "queries"), nq);
    const tau = temperatureAt(c, this.cache.context);
    return Array.from({ length: nq }, (_, i) => {
      const raw = z.subarray(i * K, (i + 1) * K), l = tau === 1 ? raw : Float64Array.from(raw, (v) => v / tau);
      if (!raw.every(Number.isFinite))
        throw new BorelError("bad-value", `PFN: the network's output at queries[${i}] is not finite: the input, or the context, lies too far outside what it was trained on`, { hint: "rescale the inputs and outputs to the prior's range (pfn info shows the network; borel pfn predict warns where it extrapolates)" });
      return c.kind === "classification" ? new ClassPrediction(c.classes!, l) : BarDistribution.fromLogits(c.borders[0], l);
    });
  }

  /** Latent kind: a bar distribution per latent address (at the network's temperature, as `predict`). */
  predictLatents(): Map<string, BarDistribution> {
    const c = this.pfn.config, A = c.latents?.length ?? 0;
    if (c.kind !== "latent") throw new BorelError("bad-method", "PFN.predictLatents: this network predicts outputs, not latent choices");
    const K = c.outputsWidth, z = this.logits(new Float32Array(A * c.xDim), A, Array.from({ length: A }, (_, a) => a));
    const tau = temperatureAt(c, this.cache.context);
    return new Map(c.latents!.map((name, a) => {
      const raw = z.subarray(a * K, (a + 1) * K);
      return [name, BarDistribution.fromLogits(c.borders[a], tau === 1 ? raw : Float64Array.from(raw, (v) => v / tau))];
    }));
  }
}

export class PFN {
  /**
   * @param params f32 parameters (null for a network loaded from an int8/int4 file: it cannot be re-quantized)
   */
  constructor(readonly config: PFNConfig, readonly network: PFNNetwork, readonly params: ParamSet | null, readonly format: PFNWeightFormat = "f32") {}

  get kind(): PFNKind { return this.config.kind; }
  /** Bytes of the weights as held (block projections in `format`). */
  get bytes(): number { return this.network.bytes; }

  condition(context: Context): ConditionedPFN {
    const { x, y, n } = contextArrays(this.config, context);
    return new ConditionedPFN(this, this.network.condition(x, y, n));
  }

  /** `condition(context).predict(queries)`. */
  predict(context: Context, queries: Inputs): Prediction[] { return this.condition(context).predict(queries); }

  /** The same network with its block projections in another format (needs the f32 parameters). */
  quantize(format: PFNWeightFormat, opts: Omit<QuantizeOptions, "format"> = {}): PFN {
    if (!this.params) throw new BorelError("bad-method", `PFN.quantize: this network was loaded as ${this.format}; quantize from an f32 network`);
    return new PFN(this.config, PFNNetwork.build(this.config, this.params, { ...opts, format }), this.params, format);
  }

  /**
   * The same network with another predictive temperature (see temperature.ts): one τ, or a table of τ by
   * context size. Weights are shared.
   */
  withTemperature(temperature: number | TemperatureTable): PFN {
    if (typeof temperature !== "number") {
      checkTemperatureTable(temperature, "PFN.withTemperature");
      const { temperature: _old, ...rest } = this.config;
      return new PFN({ ...rest, temperatureByContext: { context: [...temperature.context], tau: [...temperature.tau] } }, this.network, this.params, this.format);
    }
    if (!(temperature > 0 && Number.isFinite(temperature))) throw new BorelError("bad-option", `PFN.withTemperature: the temperature must be a positive number, got ${temperature}`);
    const { temperatureByContext: _table, ...rest } = this.config;
    return new PFN({ ...rest, temperature }, this.network, this.params, this.format);
  }

  /** The weights file (the tensor layer's format); f32 networks store f32, quantized ones their codes. */
  toBytes(): Uint8Array {
    const threshold = this.format === "int8" ? this.network.blocks[0]?.wq.outlierThreshold : undefined;
    return pfnToBytes(this.config, this.params ?? this.network.params, this.network, this.format, threshold);
  }

  save(path: string): void { writeFileSync(path, this.toBytes()); }

  static fromBytes(bytes: Uint8Array, opts: QuantizeOptions = {}): PFN {
    const r = pfnFromBytes(bytes, opts);
    return new PFN(r.config, r.network, r.params, r.format);
  }
}

/** Loads a PFN weights file (an f32 file may be quantized on load: `{format: "int8"}`). */
export function loadPFN(path: string, opts: QuantizeOptions = {}): PFN {
  let bytes: Uint8Array;
  // a plain copy: deserialize needs a Uint8Array, not a pooled Node Buffer (Buffer#slice does not copy)
  try { bytes = new Uint8Array(readFileSync(path)); } catch (e) {
    throw new BorelError("io", `PFN: cannot read the weights file '${path}'`, { cause: e, hint: "train one with trainPFN (borel pfn train) or check the path" });
  }
  return PFN.fromBytes(bytes, opts);
}
