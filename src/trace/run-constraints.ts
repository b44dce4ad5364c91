/**
 * The constraints of one run (generate, assess, update) and which of them the run visited. A constraint read
 * at its own key is counted — a run's keys are distinct, so when the count reaches the number of constraints
 * every one was visited, without a set; a constraint read through an ancestor's vector, gathered from indexed
 * children, or handed to a nested call is remembered by key.
 *
 * @example
 * ```ts
 * const use = new ConstraintUse(constraints);
 * const v = use.value("y", dist);          // checked value, or NOT_FOUND
 * use.unvisited(records);                  // keys no choice consumed
 * ```
 */
import type { Distribution } from "../dist/distribution.js";
import { checkValue } from "../dist/value.js";
import { BorelError } from "../util/errors.js";
import { isUnder } from "./address.js";
import { NOT_FOUND, type ChoiceMap } from "./choicemap.js";
import type { RecordTable } from "./record-table.js";

/** The answer when every constraint was visited (shared; callers only read it). */
const NONE: string[] = [];

export class ConstraintUse {
  private consumed: Set<string> | null = null;
  /** Constraints consumed at their own key. */
  private direct = 0;

  constructor(readonly constraints: ChoiceMap) {}

  /**
   * The checked constraint value for the choice at `key`, or NOT_FOUND (the value is then consumed); `latent`
   * for a proposal's or an initial value, whose error names it so.
   */
  value(key: string, dist: Distribution, latent = false): unknown {
    const c = this.constraints;
    const own = c.own(key);
    if (own !== NOT_FOUND) { this.direct++; return checked(dist, own, key, latent); }
    // Not at the key itself: only an ancestor's vector element or (vector choices) indexed children remain.
    if (dist.size < 0 && key.indexOf("/") < 0) return NOT_FOUND;
    const found = c.find(key, dist.size);
    if (found === undefined) return NOT_FOUND;
    for (const k of found[0]) (this.consumed ??= new Set()).add(k);
    return checked(dist, found[1], key, latent);
  }

  /** True when a value for `key` exists (as `value` would find it), without consuming it. */
  holds(key: string, dist: Distribution): boolean {
    const c = this.constraints;
    if (c.own(key) !== NOT_FOUND) return true;
    return (dist.size >= 0 || key.indexOf("/") >= 0) && c.find(key, dist.size) !== undefined;
  }

  /**
   * Marks the constraints under a nested call's key as consumed, except those the callee reports it did not
   * visit (`missed`, relative to the call), which stay unvisited here too.
   */
  consumeUnder(key: string, missed?: readonly string[]): void {
    const skip = missed === undefined || missed.length === 0 ? null : new Set(missed.map((m) => `${key}/${m}`));
    for (const k of this.constraints.keys()) if (isUnder(k, key) && !skip?.has(k)) (this.consumed ??= new Set()).add(k);
  }

  /**
   * A constraint at the key of an observation the model makes itself is consumed when it gives the observed value:
   * choices as `propose` returns them hold the observations (`assess`), and a combinator carries a trace's
   * observations into a new branch (`switch`). A different value is an error naming both.
   */
  matchObservation(key: string, dist: Distribution, observed: unknown, mode: "assess" | "generate" | "update" = "assess"): void {
    if (!this.holds(key, dist)) return;
    const v = this.value(key, dist);
    if (sameValue(v, observed)) return;
    if (mode === "assess")
      throw new BorelError("constrained-observation", `assess: address '${key}' is observed by the model as ${show(observed)}, but the choices give ${show(v)}`, {
        address: key,
        hint: "an observation's value is fixed by the model: leave it out of the choices, or give the observed value",
      });
    throw new BorelError("constrained-observation", `address '${key}' is already observed by the model (as ${show(observed)}) and cannot be constrained to ${show(v)}`, {
      address: key,
      hint: "remove it from the query's given (or the constraints), or make it a latent choice — `y ~ d` without given in Borel, t.sample in TypeScript — to constrain it there",
    });
  }

  /** Constraint keys nothing consumed. */
  unvisited(records: RecordTable): string[] {
    if (this.consumed === null && this.direct === this.constraints.size) return NONE;
    const out: string[] = [];
    for (const k of this.constraints.keys()) {
      if (this.consumed?.has(k)) continue;
      // A choice at the key itself consumed it (an observation's key in assess only when it matched).
      const r = records.get(k);
      if (r !== undefined && r.kind === "choice") continue;
      out.push(k);
    }
    return out;
  }
}

/** Equal checked values: numbers, booleans, vectors element by element. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b) || a === b) return true;
  const arr = (x: unknown): ArrayLike<unknown> | undefined => (x instanceof Float64Array || Array.isArray(x) ? x : undefined);
  const xa = arr(a), xb = arr(b);
  if (xa === undefined || xb === undefined || xa.length !== xb.length) return false;
  for (let i = 0; i < xa.length; i++) if (!sameValue(xa[i], xb[i])) return false;
  return true;
}

function show(v: unknown): string {
  return v instanceof Float64Array ? `[${Array.from(v).join(", ")}]` : Array.isArray(v) ? `[${v.map(show).join(", ")}]` : String(v);
}

/**
 * `checkValue`; for a latent value (a proposal's or an initial value) outside the support, the error says so
 * rather than blaming the observed data. (Such a value is not scored as density 0: the model would go on to
 * use it, as a bernoulli's p of 1.04, and fail later with a less clear error.)
 */
function checked(dist: Distribution, value: unknown, key: string, latent: boolean): unknown {
  try {
    return checkValue(dist, value, key);
  } catch (e) {
    if (!latent || !(e instanceof BorelError) || e.code !== "bad-value") throw e;
    throw new BorelError("bad-value", e.message.replace(/^value /, "the latent value "), {
      address: key,
      hint: "a proposal (or initial value) must stay inside the model's support: propose a probability with a beta or logistic-transformed draw, a positive value with a lognormal or gamma, or keep the value in range",
    });
  }
}
