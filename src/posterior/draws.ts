/**
 * Turning traces into columns: every latent choice, tracked quantity and (when numeric, or a record of numeric
 * fields) the return value,
 * one column per key; and scalar columns for summaries, where a vector value `w` becomes `w[0]`, `w[1]`, …
 * (DESIGN.md: summary keys for vector elements are `w[j]`, distinct from the sub-address `w/j`) and
 * booleans become 0/1.
 */
import type { Trace } from "../trace/gfi.js";

/** The reserved column holding each draw's return value. */
export const RETURN_KEY = "return";

/** Columns by key from traces (chain-major order). Observed choices are data, not draws, and are skipped. */
export function columnsFromTraces(traces: readonly Trace[], includeReturn = true): Map<string, unknown[]> {
  const cols = new Map<string, unknown[]>();
  const n = traces.length;
  const put = (key: string, i: number, v: unknown) => {
    let col = cols.get(key);
    if (col === undefined) { col = new Array(n).fill(undefined); cols.set(key, col); }
    col[i] = v;
  };
  traces.forEach((t, i) => {
    for (const c of t.choices()) if (!c.observed) put(c.key, i, c.value);
    for (const [k, v] of t.tracked()) put(k, i, v);
    if (includeReturn) for (const [k, v] of returnColumns(t.retval)) put(k, i, v);
  });
  return cols;
}

/**
 * The summary columns of a return value: `return` for a number, boolean or numeric vector; `return.<field>`
 * for each field of a record whose fields all are (`return {a: alpha, b: beta}`); none otherwise.
 */
export function returnColumns(v: unknown): [string, unknown][] {
  if (isSummarizable(v)) return [[RETURN_KEY, v]];
  if (v === null || typeof v !== "object" || Array.isArray(v) || ArrayBuffer.isView(v)) return NONE;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return NONE;
  const fields = Object.entries(v as Record<string, unknown>);
  if (fields.length === 0 || !fields.every(([, x]) => isSummarizable(x))) return NONE;
  return fields.map(([k, x]) => [`${RETURN_KEY}.${k}`, x]);
}

const NONE: [string, unknown][] = [];

/** True for values summaries can use: numbers, booleans, numeric vectors. */
export function isSummarizable(v: unknown): boolean {
  return typeof v === "number" || typeof v === "boolean" || v instanceof Float64Array ||
    (Array.isArray(v) && v.length > 0 && v.every((e) => typeof e === "number" || typeof e === "boolean"));
}

/**
 * Scalar columns for summaries: numbers as they are, booleans as 0/1, vectors element by element as
 * `key[j]`. Draws where a key is absent (a branch not taken) are NaN; keys whose values are not numeric are
 * left out.
 */
export function scalarColumns(cols: ReadonlyMap<string, readonly unknown[]>): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  for (const [key, values] of cols) {
    const first = values.find((v) => v !== undefined);
    if (first === undefined || !isSummarizable(first)) continue;
    const n = values.length;
    if (typeof first === "number" || typeof first === "boolean") {
      const f = new Float64Array(n);
      for (let i = 0; i < n; i++) { const v = values[i]; f[i] = typeof v === "number" ? v : typeof v === "boolean" ? (v ? 1 : 0) : NaN; }
      out.set(key, f);
      continue;
    }
    const len = (first as ArrayLike<number>).length;
    for (let j = 0; j < len; j++) {
      const f = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const e = (values[i] as ArrayLike<number | boolean> | undefined)?.[j];
        f[i] = typeof e === "number" ? e : typeof e === "boolean" ? (e ? 1 : 0) : NaN;
      }
      out.set(`${key}[${j}]`, f);
    }
  }
  return out;
}
