/**
 * Export of posterior draws. CSV: one row per draw, columns `chain` and `draw` (both 1-based; `draw` counts
 * within the chain), `log_weight` for weighted draws, then one column per scalar key — a vector element is
 * `w[j]` (DESIGN.md), booleans are 0/1, a key absent from a draw is an empty cell — and optionally the
 * sampler stats with a trailing `__` (`accepted__`, `logAlpha__`), as Stan's CSV names them.
 * JSON values: see `encodeValue` (vectors, non-finite numbers and holes survive the round trip).
 *
 * @example
 * ```ts
 * fs.writeFileSync("draws.csv", toCSV(post, { stats: true }));
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { DrawTable } from "./types.js";

export interface CSVOptions {
  /** Include per-draw sampler stats (default false). */
  stats?: boolean;
  /** Keys to export (default every scalar key). */
  keys?: readonly string[];
  /** Digits of precision (default 17: exact round trip). */
  precision?: number;
}

const quote = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function fmt(x: number, precision: number): string {
  if (Number.isNaN(x)) return "";
  if (!Number.isFinite(x)) return x > 0 ? "Inf" : "-Inf";
  return precision >= 17 ? String(x) : String(Number(x.toPrecision(precision)));
}

type CSVExportOptions = CSVOptions & { sampleStats?: ReadonlyMap<string, ArrayLike<number>> };

/** The draws as CSV text (see the module doc). */
export function toCSV(post: DrawTable, opts: CSVExportOptions = {}): string {
  return [...csvLines(post, opts)].join("");
}

/**
 * The CSV text line by line (each with its newline), for a writer that streams it: a large posterior's CSV
 * exceeds the longest string V8 can make (2²⁹ characters: 4000 draws × 10⁴ columns).
 */
export function* csvLines(post: DrawTable, opts: CSVExportOptions = {}): Generator<string> {
  const keys = opts.keys ?? post.scalarKeys();
  const precision = opts.precision ?? 17;
  if (!(Number.isInteger(precision) && precision >= 1 && precision <= 100))
    throw new BorelError("bad-option", `toCSV: 'precision' must be an integer from 1 to 100 (significant digits), got ${precision}`, { hint: "17 (the default) writes every double exactly" });
  const cols = keys.map((k) => post.values(k));
  const stats = opts.stats && opts.sampleStats ? [...opts.sampleStats] : [];
  const header = ["chain", "draw", ...(post.logWeights ? ["log_weight"] : []), ...keys, ...stats.map(([k]) => `${k}__`)].map(quote);
  yield header.join(",") + "\n";
  let i = 0;
  for (let c = 0; c < post.chainLengths.length; c++) {
    for (let d = 0; d < post.chainLengths[c]; d++, i++) {
      const row = [String(c + 1), String(d + 1)];
      if (post.logWeights) row.push(fmt(post.logWeights[i], precision));
      for (const col of cols) row.push(fmt(col[i], precision));
      for (const [, s] of stats) row.push(fmt(s[i], precision));
      yield row.join(",") + "\n";
    }
  }
}

/**
 * A value as JSON: Float64Array → {"$f64": [...]}, non-finite numbers → {"$num": "NaN" | "Infinity" | "-Infinity"},
 * undefined (a hole) → null, null → {"$null": 1}.
 */
export function encodeValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (v === null) return { $null: 1 };
  if (typeof v === "number") return Number.isFinite(v) ? v : { $num: String(v) };
  if (v instanceof Float64Array) return { $f64: Array.from(v, (x) => encodeValue(x)) };
  if (Array.isArray(v)) return v.map(encodeValue);
  if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encodeValue(x)]));
  return v;
}

/** Inverse of `encodeValue` (null → undefined). */
export function decodeValue(v: unknown): unknown {
  if (v === null) return undefined;
  if (Array.isArray(v)) return v.map(decodeValue);
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if ("$num" in o) return Number(o.$num);
    if ("$null" in o) return null;
    if ("$f64" in o) return Float64Array.from(o.$f64 as unknown[], (x) => decodeValue(x) as number);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decodeValue(x)]));
  }
  return v;
}
