/**
 * The support of a truncated distribution: the base support intersected with [low, high].
 *
 * @example
 * ```ts
 * truncateSupport({ kind: "real" }, 0, Infinity);      // { kind: "greater", low: 0 }
 * truncateSupport({ kind: "positive" }, -1, 2);        // { kind: "interval", low: 0, high: 2 }
 * ```
 */
import type { Support } from "./support.js";

/** [lo, hi] of a scalar-bounded continuous support; null for other kinds. */
export function boundsOf(s: Support): [number, number] | null {
  switch (s.kind) {
    case "real": return [-Infinity, Infinity];
    case "positive": return [0, Infinity];
    case "unit": return [0, 1];
    case "interval": return typeof s.low === "number" && typeof s.high === "number" ? [s.low, s.high] : null;
    case "greater": return typeof s.low === "number" ? [s.low, Infinity] : null;
    case "less": return typeof s.high === "number" ? [-Infinity, s.high] : null;
    default: return null;
  }
}

/** The continuous support with bounds [lo, hi], using the named kinds where they fit. */
export function supportFromBounds(lo: number, hi: number): Support {
  if (lo === -Infinity && hi === Infinity) return { kind: "real" };
  if (lo === 0 && hi === Infinity) return { kind: "positive" };
  if (lo === 0 && hi === 1) return { kind: "unit" };
  if (hi === Infinity) return { kind: "greater", low: lo };
  if (lo === -Infinity) return { kind: "less", high: hi };
  return { kind: "interval", low: lo, high: hi };
}

export function truncateSupport(s: Support, low: number, high: number): Support {
  if (s.kind === "integer") return { kind: "integer", low: Math.max(s.low, low), high: Math.min(s.high, high) };
  if (s.kind === "boolean") return { kind: "integer", low: Math.max(0, low), high: Math.min(1, high) };
  const b = boundsOf(s);
  if (b === null) return s;
  return supportFromBounds(Math.max(b[0], low), Math.min(b[1], high));
}
