/**
 * Random number streams (DESIGN.md, "Randomness"): `seedrandom.xor4096` seeded with `"<seed>/<path>"`, used
 * through `double()` only. `split(label)` derives an independent child stream whose sequence depends only on
 * the seed and the path of labels, never on how many values the parent has drawn — so results do not depend on
 * scheduling (workers, chains, particles).
 *
 * @example
 * ```ts
 * const rng = new Rng(42);
 * const chain0 = rng.split("chain/0");
 * const u = chain0.double(); // in [0, 1)
 * ```
 */
import { BorelError } from "../util/errors.js";
import seedrandom from "seedrandom";

export class Rng {
  readonly seed: string | number;
  readonly path: string;
  private readonly gen: seedrandom.PRNG;

  constructor(seed: number | string = 0, path = "") {
    // Any other value (an object, NaN) would print as the same seed string for different intents: refuse it.
    if (!(typeof seed === "string" || (typeof seed === "number" && Number.isFinite(seed))))
      throw new BorelError("bad-seed", `a seed must be a finite number or a string, got ${typeof seed === "number" ? String(seed) : typeof seed}`, { hint: "seed: 1" });
    this.seed = seed;
    this.path = path;
    this.gen = seedrandom.xor4096(`${seed}/${path}`);
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  double(): number {
    return this.gen.double();
  }

  /** An independent child stream labelled `label` (deterministic in seed and path). */
  split(label: string | number): Rng {
    return new Rng(this.seed, this.path === "" ? String(label) : `${this.path}/${label}`);
  }

  /** A uniform double in (0, 1): never 0, so `Math.log(u)` is finite. */
  open01(): number {
    let u = this.gen.double();
    while (u === 0) u = this.gen.double();
    return u;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.gen.double() * n);
  }

  /** A standard normal draw (polar-free inversion through the normal quantile would be slower; Box–Muller). */
  normal(): number {
    // Box–Muller, one value per call: keeps the stream position a pure function of the number of calls.
    const u1 = this.open01();
    const u2 = this.gen.double();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}

/** Accepts a seed or an `Rng`, returning an `Rng` (for option bags: `{seed}` or `{rng}`). */
export function toRng(rngOrSeed: Rng | number | string | undefined, fallbackSeed = 0): Rng {
  if (rngOrSeed instanceof Rng) return rngOrSeed;
  return new Rng(rngOrSeed ?? fallbackSeed);
}
