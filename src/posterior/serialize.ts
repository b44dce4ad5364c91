/**
 * A posterior as JSON and back: draws by key, which keys are choices, weights, log Z, sampler stats, recorded
 * log-likelihoods, diagnostics and the per-chain resume state (last latent choices, adaptation state, random
 * stream path). Traces and the model are not saved: pass the model again to `resume`, `predictive` or `loo`.
 * Values keep their types through `encodeValue` (vectors, NaN/±Infinity, holes).
 *
 * @example
 * ```ts
 * const json = JSON.stringify(posteriorToJSON(post));
 * const back = posteriorFromJSON(JSON.parse(json));
 * back.mean("p") === post.mean("p");
 * ```
 */
import { BorelError } from "../util/errors.js";
import { decodeValue, encodeValue } from "./export.js";
import { Posterior } from "./posterior.js";
import type { ChainDraws, ChainState } from "./types.js";

export const POSTERIOR_FORMAT = "borel-posterior";
export const POSTERIOR_VERSION = 1;

export interface PosteriorJSON {
  format: typeof POSTERIOR_FORMAT;
  version: number;
  method: string;
  chainLengths: number[];
  columns: Record<string, unknown[]>;
  choiceKeys: string[];
  stats: Record<string, unknown[]>;
  logWeights: unknown[] | null;
  logZ: unknown;
  logLik: { keys: string[]; values: unknown[] } | null;
  diagnostics: unknown;
  chainStates: unknown;
  /** Exact probabilities (enumeration); absent in files of earlier versions. */
  exact?: boolean;
  /** Return values summaries cannot use whole (strings, records with a string field), one per draw; absent when none. */
  returns?: unknown[];
}

/** The posterior as a JSON-ready object (see the module doc). */
export function posteriorToJSON(post: Posterior): PosteriorJSON {
  const enc = (a: ArrayLike<unknown>) => Array.from({ length: a.length }, (_, i) => encodeValue(a[i]));
  return {
    format: POSTERIOR_FORMAT, version: POSTERIOR_VERSION, method: post.method, chainLengths: [...post.chainLengths],
    columns: Object.fromEntries([...post.columns].map(([k, v]) => [k, enc(v)])),
    choiceKeys: [...post.choiceKeys],
    stats: Object.fromEntries([...post.sampleStats].map(([k, v]) => [k, enc(v)])),
    logWeights: post.logWeights ? enc(post.logWeights) : null,
    logZ: encodeValue(post.logZ ?? undefined),
    logLik: post.recordedLogLik ? { keys: post.recordedLogLik.keys, values: enc(post.recordedLogLik.values) } : null,
    diagnostics: encodeValue(jsonSafe(post.diagnostics)),
    chainStates: post.chainStates ? encodeValue(post.chainStates.map((s) => ({ ...s, choices: s.choices.map(([k, v]) => [k, v]) }))) : null,
    exact: post.exact,
    ...(post.returns ? { returns: enc(post.returns) } : {}),
  };
}

/** Rebuilds a posterior saved by `posteriorToJSON`. */
export function posteriorFromJSON(json: unknown): Posterior {
  const j = json as PosteriorJSON;
  if (!j || j.format !== POSTERIOR_FORMAT)
    throw new BorelError("bad-posterior-file", "not a saved Borel posterior (missing format tag)", { hint: "load files written by savePosterior / posteriorToJSON" });
  if (j.version > POSTERIOR_VERSION)
    throw new BorelError("bad-posterior-file", `saved posterior has format version ${j.version}; this Borel reads up to ${POSTERIOR_VERSION}`);
  checkShape(j);
  const num = (a: unknown[]) => Float64Array.from(a, (x) => (decodeValue(x) as number | undefined) ?? NaN);
  const columns = Object.entries(j.columns).map(([k, v]) => [k, v.map(decodeValue)] as [string, unknown[]]);
  const stats = Object.entries(j.stats).map(([k, v]) => [k, num(v)] as [string, Float64Array]);
  // One ChainDraws per chain, sliced from the chain-major columns.
  let off = 0;
  const draws: ChainDraws[] = j.chainLengths.map((n) => {
    const d: ChainDraws = {
      length: n, choiceKeys: new Set(j.choiceKeys),
      columns: new Map(columns.map(([k, v]) => [k, v.slice(off, off + n)])),
      stats: new Map(stats.map(([k, v]) => [k, v.slice(off, off + n)])),
    };
    if (Array.isArray(j.returns)) d.returns = j.returns.slice(off, off + n).map(decodeValue);
    if (j.logLik) { const m = j.logLik.keys.length; d.logLik = { keys: j.logLik.keys, values: num(j.logLik.values).slice(off * m, (off + n) * m) }; }
    off += n;
    return d;
  });
  const diagnostics = decodeValue(j.diagnostics) as Record<string, unknown>;
  delete diagnostics.ess;
  return new Posterior({
    method: j.method, draws,
    logWeights: j.logWeights ? num(j.logWeights) : undefined,
    logZ: (decodeValue(j.logZ) as number | undefined) ?? null,
    diagnostics,
    chainStates: j.chainStates ? (decodeValue(j.chainStates) as ChainState[]) : undefined,
    exact: j.exact === true,
  });
}

/** A damaged or hand-edited file: the fields a posterior needs, with one value per draw. */
function checkShape(j: PosteriorJSON): void {
  const bad = (what: string) => new BorelError("bad-posterior-file", `saved posterior: ${what}`, { hint: "load files written by savePosterior / posteriorToJSON (this one is damaged or was edited)" });
  const isObject = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
  if (!Array.isArray(j.chainLengths) || !j.chainLengths.every((n) => Number.isInteger(n) && n >= 0)) throw bad("'chainLengths' must be a list of draw counts");
  if (!isObject(j.columns)) throw bad("'columns' is missing");
  if (!isObject(j.stats)) throw bad("'stats' is missing");
  const size = j.chainLengths.reduce((a, b) => a + b, 0);
  for (const [what, cols] of [["column", j.columns], ["stat", j.stats]] as const)
    for (const [k, v] of Object.entries(cols as Record<string, unknown>))
      if (!Array.isArray(v) || v.length !== size) throw bad(`${what} '${k}' has ${Array.isArray(v) ? v.length : "no"} values for ${size} draws`);
  if (j.logWeights !== undefined && j.logWeights !== null && (!Array.isArray(j.logWeights) || j.logWeights.length !== size)) throw bad(`'logWeights' must have one value per draw (${size})`);
}

/** Drops what JSON cannot hold (functions, traces) from diagnostics. */
function jsonSafe(v: unknown, depth = 0): unknown {
  if (depth > 8 || typeof v === "function") return undefined;
  if (Array.isArray(v)) return v.map((x) => jsonSafe(x, depth + 1));
  if (v instanceof Float64Array) return v;
  if (v && typeof v === "object") {
    if (Object.getPrototypeOf(v) !== Object.prototype) return undefined;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonSafe(x, depth + 1)]).filter(([, x]) => x !== undefined));
  }
  return v;
}
