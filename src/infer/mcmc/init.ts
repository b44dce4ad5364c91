/**
 * The initial trace of a chain: `generate` with the observations and the given initial latent values (as
 * latent constraints, so the chain may move them), the other latent choices from the prior. A start with zero
 * density (a hard constraint failed, a factor of −∞, a branch that misses an observation) is redrawn, up to
 * `attempts` times; then the error says what to do.
 *
 * @example
 * ```ts
 * const tr = initialTrace(model, args, obs, rng.split("init"), { init: { sigma: 1 } });
 * ```
 */
import { BorelError } from "../../util/errors.js";
import type { Rng } from "../../rand/rng.js";
import { ChoiceMap } from "../../trace/choicemap.js";
import type { GenerativeFunction, GFIOptions, Trace } from "../../trace/gfi.js";

export interface InitOptions extends GFIOptions {
  /** Initial latent values (a choice map or a plain object). */
  init?: unknown;
  attempts?: number;
}

/** Observations and latent values in one constraint map (latent values win on a shared key). */
export function withLatent(observations: ChoiceMap, latent: ChoiceMap): ChoiceMap {
  if (latent.isEmpty()) return observations;
  return new ChoiceMap().mergeUnder("", observations).mergeUnder("", latent);
}

export function initialTrace(model: GenerativeFunction, args: unknown[], observations: ChoiceMap, rng: Rng, opts: InitOptions = {}): Trace {
  const latent = ChoiceMap.from(opts.init);
  checkInitValues(latent);
  const constraints = withLatent(observations, latent);
  const attempts = opts.attempts ?? 1000;
  let last: { weight: number; unvisited?: string[]; trace: Trace } | undefined;
  for (let a = 0; a < attempts; a++) {
    // Improper choices (flat, half_flat) start as Stan starts them; a kernel that resamples one from its prior
    // (MH) then says it cannot be sampled.
    const r = model.generate(args, constraints, rng, { params: opts.params, latent, initImproper: true });
    if (r.weight > -Infinity && r.trace.score > -Infinity) return r.trace;
    if (Number.isNaN(r.weight)) throw new BorelError("nan", `${model.name}: the initial trace has weight NaN`);
    last = r;
    if (!latent.isEmpty() && (r.unvisited?.length ?? 0) === 0 && !hasFreeLatent(r.trace, latent)) break;
  }
  const missed = last?.unvisited?.[0], zero = last ? zeroDensityAt(last.trace) : undefined;
  const why = missed ? ` (the constraint at '${missed}' was not visited)` : zero ? ` (${zero.what} at '${zero.key}' had zero density in the last attempt)` : "";
  throw new BorelError("no-initial-trace", `${model.name}: no initial trace with positive density in ${attempts} attempts${why}`, {
    address: missed ?? zero?.key,
    hint: "check that the observations are possible under the model; from TypeScript, initial values that satisfy them can be given: mcmc(model, args, obs, kernel, { init: { address: value } })",
  });
}

/** A NaN or infinite initial value is the option's fault, not the data's: an error naming its address. */
function checkInitValues(latent: ChoiceMap): void {
  for (const [key, v] of latent) {
    const bad = typeof v === "number" ? !Number.isFinite(v) : v instanceof Float64Array && v.some((x) => !Number.isFinite(x));
    if (bad)
      throw new BorelError("bad-init", `init: the initial value at '${key}' is ${typeof v === "number" ? String(v) : "a vector with a non-finite element"}`, {
        address: key, hint: "initial values must be finite numbers inside the choice's support; or leave 'init' out to start as the method does by default",
      });
  }
}

/** The first choice of a trace with log density −∞ (an impossible observation, or a value off its support). */
export function zeroDensityAt(trace: Trace): { key: string; what: "the observation" | "the choice" } | undefined {
  for (const c of trace.choices()) if (c.logp === -Infinity) return { key: c.key, what: c.observed ? "the observation" : "the choice" };
  return undefined;
}

/** True when the trace has latent choices not fixed by `latent` (a redraw could change the outcome). */
function hasFreeLatent(trace: Trace, latent: ChoiceMap): boolean {
  for (const c of trace.choices()) if (!c.observed && !latent.has(c.key)) return true;
  return false;
}
