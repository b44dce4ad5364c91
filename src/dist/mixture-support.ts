/**
 * The support of a mixture: the union of its components' supports (scalar bounds), or the common support
 * when all components share one (simplex, ordered, …).
 *
 * @example
 * ```ts
 * mixtureSupport([{ kind: "positive" }, { kind: "unit" }]);   // { kind: "positive" }
 * mixtureSupport([{ kind: "real" }, { kind: "positive" }]);   // { kind: "real" }
 * ```
 */
import type { Support } from "./support.js";
import { boundsOf, supportFromBounds } from "./truncated-support.js";

const same = (a: Support, b: Support): boolean => JSON.stringify(a) === JSON.stringify(b);

export function mixtureSupport(supports: readonly Support[]): Support {
  if (supports.every((s) => same(s, supports[0]))) return supports[0];
  if (supports.every((s) => s.kind === "integer" || s.kind === "boolean")) {
    let lo = Infinity, hi = -Infinity;
    for (const s of supports) {
      const [l, h] = s.kind === "integer" ? [s.low, s.high] : [0, 1];
      lo = Math.min(lo, l);
      hi = Math.max(hi, h);
    }
    return { kind: "integer", low: lo, high: hi };
  }
  const bounds = supports.map(boundsOf);
  if (bounds.every((b) => b !== null)) {
    const lo = Math.min(...bounds.map((b) => (b as [number, number])[0]));
    const hi = Math.max(...bounds.map((b) => (b as [number, number])[1]));
    return supportFromBounds(lo, hi);
  }
  return { kind: "real" };
}
