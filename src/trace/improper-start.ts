/**
 * Where an improper choice (`flat()`, `half_flat()`, `iid` of them) starts when a gradient-based method builds
 * its first trace: as Stan initializes, uniform(−2, 2) on the choice's unconstrained scale, mapped onto its
 * support by the support's bijector (half_flat: e^u). Such a choice has no distribution to draw from, so
 * `sample` refuses it; a starting point is all nuts, hmc, MAP, Laplace and VI need, and the GFI option
 * `initImproper` asks `generate` for one.
 *
 * @example
 * ```ts
 * improperStart(halfFlat(), rng, "sigma");   // e^u, u ~ uniform(−2, 2)
 * ```
 */
import { plain } from "../ad/elementwise.js";
import { bijectorFor } from "../dist/bijectors.js";
import type { Distribution } from "../dist/distribution.js";
import type { Rng } from "../rand/rng.js";

export function improperStart(dist: Distribution, rng: Rng, key: string): unknown {
  const b = bijectorFor(dist.support, dist.size, key);
  const u = dist.size === -1 ? 4 * rng.double() - 2 : Float64Array.from({ length: dist.size }, () => 4 * rng.double() - 2);
  return plain(b.forward(u));
}
