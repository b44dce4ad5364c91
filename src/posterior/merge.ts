/**
 * Joins the recorded draws of several chains into chain-major columns: every key gets one entry per draw
 * (undefined where a chain or a draw has no value), stats likewise (NaN), traces, other return values and recorded pointwise
 * log-likelihoods concatenated (the latter only when every chain recorded the same observation keys).
 */
import type { Trace } from "../trace/gfi.js";
import type { ChainDraws } from "./types.js";

export interface MergedDraws {
  columns: Map<string, unknown[]>;
  choiceKeys: Set<string>;
  stats: Map<string, Float64Array>;
  traces: Trace[] | null;
  /** Non-summarizable return values by draw (undefined elsewhere), when a chain recorded any. */
  returns: unknown[] | null;
  logLik: { keys: string[]; values: Float64Array } | null;
}

export function mergeChains(chains: readonly ChainDraws[]): MergedDraws {
  const total = chains.reduce((s, c) => s + c.length, 0);
  const columns = new Map<string, unknown[]>(), choiceKeys = new Set<string>(), stats = new Map<string, Float64Array>();
  // Keys in order of first appearance — the choices first, then tracked values and the return value (a choice
  // first met in a later draw, deeper in a recursion, still comes before them) — then each column joined chain
  // by chain (one chain: its own column).
  for (const ch of chains) for (const k of ch.choiceKeys) choiceKeys.add(k);
  for (const ch of chains) for (const k of ch.columns.keys()) if (choiceKeys.has(k) && !columns.has(k)) columns.set(k, []);
  for (const ch of chains) for (const k of ch.columns.keys()) if (!columns.has(k)) columns.set(k, []);
  for (const [k, out] of columns) {
    if (chains.length === 1 && chains[0]!.columns.get(k)!.length === total) { columns.set(k, chains[0]!.columns.get(k)!); continue; }
    for (const ch of chains) {
      const col = ch.columns.get(k);
      for (let i = 0; i < ch.length; i++) out.push(col === undefined ? undefined : col[i]);
    }
  }
  let off = 0;
  for (const ch of chains) {
    for (const [k, s] of ch.stats ?? []) {
      if (chains.length === 1 && s instanceof Float64Array && s.length === total) { stats.set(k, s); continue; }
      let out = stats.get(k);
      if (!out) { out = new Float64Array(total).fill(NaN); stats.set(k, out); }
      for (let i = 0; i < ch.length; i++) out[off + i] = s[i];
    }
    off += ch.length;
  }
  const traces = chains.length > 0 && chains.every((c) => c.traces) ? chains.flatMap((c) => c.traces as Trace[]) : null;
  const returns = chains.some((c) => c.returns) ? chains.flatMap((c) => Array.from({ length: c.length }, (_, i) => c.returns?.[i])) : null;
  return { columns, choiceKeys, stats, traces, returns, logLik: mergeLogLik(chains, total) };
}

function mergeLogLik(chains: readonly ChainDraws[], total: number): MergedDraws["logLik"] {
  if (chains.length === 0 || !chains.every((c) => c.logLik)) return null;
  const keys = chains[0].logLik!.keys;
  if (!chains.every((c) => c.logLik!.keys.join("\u0000") === keys.join("\u0000"))) return null;
  const values = new Float64Array(total * keys.length);
  let off = 0;
  for (const c of chains) { values.set(c.logLik!.values, off); off += c.logLik!.values.length; }
  return { keys, values };
}
