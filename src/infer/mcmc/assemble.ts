/**
 * Chains into a `Posterior`: draws, sampler stats, per-chain resume states and the run's diagnostics —
 * acceptance per chain and overall, divergences when the kernel reports them, whether the run was
 * interrupted, and warnings (e.g. chains run sequentially because the model is a closure).
 */
import type { ChoiceMap } from "../../trace/choicemap.js";
import type { GenerativeFunction } from "../../trace/gfi.js";
import { Posterior } from "../../posterior/posterior.js";
import type { ChainDraws } from "../../posterior/types.js";
import type { ChainResult } from "./chain.js";
import type { ResolvedOptions } from "./options.js";
import { NOOP_PREFIX } from "../kernel.js";
import { convergenceWarnings } from "./convergence.js";

export interface RunInfo {
  model: GenerativeFunction;
  args: unknown[];
  observations: ChoiceMap;
  options: ResolvedOptions;
  warnings: string[];
  /** Draws of earlier segments to prepend per chain (resume). */
  before?: ChainDraws[];
  method?: string;
}

export function assemble(results: ChainResult[], info: RunInfo): Posterior {
  const draws = results.map((r, i) => (info.before?.[i] ? concatDraws(info.before[i], r.draws) : r.draws));
  const acceptance = results.map((r) => r.acceptance);
  const steps = results.reduce((s, r) => s + (Number.isNaN(r.acceptance) ? 0 : 1), 0);
  const diagnostics: Record<string, unknown> = {
    acceptance,
    acceptanceRate: steps > 0 ? acceptance.filter((a) => !Number.isNaN(a)).reduce((a, b) => a + b, 0) / steps : NaN,
    interrupted: results.some((r) => r.interrupted) || results.length < info.options.chains,
    samples: info.options.samples, warmup: info.options.warmup, thin: info.options.thin, chains: results.length,
    warnings: [...info.warnings],
  };
  const div = draws.flatMap((d) => Array.from(d.stats?.get("divergent") ?? []));
  if (div.length > 0) {
    const n = div.filter((x) => x > 0).length;
    diagnostics.divergences = n;
    if (n > 0) (diagnostics.warnings as string[]).push(`${n} of ${div.length} draws after warmup ended with a divergence: the posterior may be biased; reparameterize or raise the target acceptance`);
  }
  (diagnostics.warnings as string[]).push(...idleKernelWarnings(draws));
  if (info.options.samples === 0 && !(diagnostics.interrupted as boolean))
    (diagnostics.warnings as string[]).push("samples: 0 — the chains ran their warmup and kept no draws: the summaries are empty (resume(post, {model, kernel, samples}) draws from the adapted chains)");
  const post = new Posterior({
    method: info.method ?? "mcmc", draws, diagnostics, keepTraces: true,
    chainStates: results.map((r) => r.state),
    source: { model: info.model, args: info.args, observations: info.observations },
  });
  // Rank-normalized R-hat and ESS of every column cost more than MH took to draw 10⁵ draws: computed on demand.
  post.addWarningsLazily(() => convergenceWarnings(post));
  return post;
}

/** Draws of chain `c` of a posterior-like column table (chain-major). */
export function chainSlice(post: Posterior, c: number): ChainDraws {
  const off = post.chainLengths.slice(0, c).reduce((a, b) => a + b, 0), n = post.chainLengths[c];
  const rec = post.recordedLogLik;
  const out: ChainDraws = {
    length: n, choiceKeys: new Set(post.choiceKeys),
    columns: new Map([...post.columns].map(([k, v]) => [k, v.slice(off, off + n)])),
    stats: new Map([...post.sampleStats].map(([k, v]) => [k, v.slice(off, off + n)])),
  };
  if (rec) { const m = rec.keys.length; out.logLik = { keys: rec.keys, values: rec.values.slice(off * m, (off + n) * m) }; }
  return out;
}

function concatDraws(a: ChainDraws, b: ChainDraws): ChainDraws {
  const n = a.length + b.length;
  const columns = new Map<string, unknown[]>();
  for (const k of new Set([...a.columns.keys(), ...b.columns.keys()])) {
    const x = a.columns.get(k), y = b.columns.get(k);
    columns.set(k, Array.from({ length: n }, (_, i) => (i < a.length ? x?.[i] : y?.[i - a.length])));
  }
  const stats = new Map<string, Float64Array>();
  for (const k of new Set([...(a.stats?.keys() ?? []), ...(b.stats?.keys() ?? [])])) {
    const x = a.stats?.get(k), y = b.stats?.get(k);
    stats.set(k, Float64Array.from({ length: n }, (_, i) => (i < a.length ? x?.[i] : y?.[i - a.length]) ?? NaN));
  }
  const out: ChainDraws = { length: n, columns, choiceKeys: new Set([...a.choiceKeys, ...b.choiceKeys]), stats };
  if (a.logLik && b.logLik && a.logLik.keys.join("\u0000") === b.logLik.keys.join("\u0000")) {
    const values = new Float64Array(a.logLik.values.length + b.logLik.values.length);
    values.set(a.logLik.values); values.set(b.logLik.values, a.logLik.values.length);
    out.logLik = { keys: a.logLik.keys, values };
  }
  return out;
}

/**
 * A warning per kernel that found no latent choice at its address at any recorded draw of any chain (its
 * `noop/<name>` count is set on every draw): its choices never moved from their initial values.
 */
function idleKernelWarnings(draws: readonly ChainDraws[]): string[] {
  const names = new Set<string>();
  for (const d of draws) for (const k of d.stats?.keys() ?? []) if (k.startsWith(NOOP_PREFIX)) names.add(k);
  const out: string[] = [];
  for (const k of names) {
    const idle = draws.every((d) => { const col = d.stats?.get(k); return d.length > 0 && col !== undefined && Array.prototype.every.call(col, (v: number) => v >= 1); });
    const name = k.slice(NOOP_PREFIX.length);
    // A kernel without an address (single-site MH) is idle only on a model with no latent choice at all.
    if (idle && !name.includes("("))
      out.push(`${name} found no latent choice in any draw: the model has nothing to sample (its draws only repeat its deterministic values)`);
    else if (idle)
      out.push(`${name} found no latent choice at its address in any draw, so it never changed the trace: check the address against the model's choices`);
  }
  return out;
}

/** Labels an MCMC posterior with the method that made it (`mh`, not the driver's `mcmc`). */
export function asMethod(post: Posterior, method: string): Posterior {
  (post as { method: string }).method = method;
  return post;
}
