/**
 * Turning traces into columns: every latent choice, tracked quantity and (when numeric, or a record of numeric
 * fields) the return value,
 * one column per key; and scalar columns for summaries, where a vector value `w` becomes `w[0]`, `w[1]`, …
 * (DESIGN.md: summary keys for vector elements are `w[j]`, distinct from the sub-address `w/j`) and
 * booleans become 0/1.
 */
import { BorelError } from "../util/errors.js";
import type { Trace } from "../trace/gfi.js";
import { RETURN_KEY } from "../trace/run-names.js";

/** The reserved column holding each draw's return value (defined with the trace's naming rules). */
export { RETURN_KEY };

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
    for (const [k, v] of t.tracked()) for (const [kk, vv] of trackedColumns(k, v)) put(kk, i, vv);
    if (includeReturn) for (const [k, v] of returnColumns(t.retval)) put(k, i, v);
  });
  return cols;
}

/**
 * The summary columns of a return value: `return` for a number, boolean or numeric vector; for a record, a
 * column per summarizable field, nested records flattened (`return {a: alpha, w: [x, y]}` → `return.a`,
 * `return.w`; `{fit: {mu: m}}` → `return.fit.mu`); none otherwise.
 */
export function returnColumns(v: unknown): [string, unknown][] {
  return splitReturn(v).columns;
}

/**
 * A return value split into its summary columns (`returnColumns`) and the rest summaries cannot use — strings,
 * arrays of records, … — as the same record shape without the summarized fields (undefined when nothing is
 * left), which reports list by frequency.
 */
export function splitReturn(v: unknown): { columns: [string, unknown][]; rest: unknown } {
  if (isSummarizable(v)) return { columns: [[RETURN_KEY, v]], rest: undefined };
  if (!isPlainRecord(v)) return { columns: NONE, rest: v };
  const columns: [string, unknown][] = [];
  const rest = splitRecord(v, RETURN_KEY, columns, 0);
  return { columns, rest };
}

/**
 * The columns of a tracked value: the value itself at `key`, except a record, which gives a column per
 * summarizable field as a return value does (`track fit = {mu: m}` → `fit.mu`).
 */
export function trackedColumns(key: string, v: unknown): [string, unknown][] {
  if (!isPlainRecord(v)) return [[key, v]];
  const columns: [string, unknown][] = [];
  const rest = splitRecord(v, key, columns, 0);
  // Fields summaries cannot use (a string label) stay columns of their own, listed by frequency as a tracked
  // string is (they were dropped).
  if (rest !== undefined) for (const [k, x] of Object.entries(rest)) columns.push([`${key}.${k}`, x]);
  return columns;
}

/** Records nested deeper than this are kept whole in the rest. */
const MAX_RECORD_DEPTH = 4;

function splitRecord(r: Record<string, unknown>, path: string, columns: [string, unknown][], depth: number): Record<string, unknown> | undefined {
  let rest: Record<string, unknown> | undefined;
  for (const [k, x] of Object.entries(r)) {
    const key = `${path}.${k}`;
    if (isSummarizable(x)) {
      // A field named with a dot ({"a.b": x} beside {a: {b: 2}}) spells the column of a nested field: one of the
      // two would silently replace the other.
      if (k.includes(".") || depth > 0) for (const [c] of columns) if (c === key)
        throw new BorelError("duplicate-address", `two fields of the record at '${path.split(".")[0]}' are both summarized as '${key}'`, {
          address: key, hint: `nested fields are summarized as a.b: rename the field whose name has a dot (e.g. '${key.slice(key.indexOf(".") + 1)}' → '${key.slice(key.indexOf(".") + 1).replace(/\./g, "_")}')`,
        });
      columns.push([key, x]);
      continue;
    }
    const left = isPlainRecord(x) && depth < MAX_RECORD_DEPTH ? splitRecord(x, key, columns, depth + 1) : x;
    if (left !== undefined) (rest ??= {})[k] = left;
  }
  return rest;
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v) || ArrayBuffer.isView(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const NONE: [string, unknown][] = [];

/** True for values summaries can use: numbers, booleans, numeric vectors. */
export function isSummarizable(v: unknown): boolean {
  return typeof v === "number" || typeof v === "boolean" || v instanceof Float64Array ||
    (Array.isArray(v) && v.length > 0 && v.every((e) => typeof e === "number" || typeof e === "boolean"));
}

/**
 * Scalar columns for summaries: numbers as they are, booleans as 0/1, vectors element by element as
 * `key[j]` (up to the longest draw's length). Draws where a key is absent (a branch not taken) are NaN; keys
 * whose values are not numeric are left out. A key that is a number in some draws and a vector in others (a
 * branch choosing the shape) has both: `key` from the numbers, `key[j]` from the vectors — the first draw's
 * shape decided, and the other shape's draws were dropped.
 */
export function scalarColumns(cols: ReadonlyMap<string, readonly unknown[]>): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  for (const [key, values] of cols) {
    const first = values.find((v) => v !== undefined);
    if (first === undefined || !isSummarizable(first)) continue;
    const n = values.length;
    let scalars = false, len = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (typeof v === "number" || typeof v === "boolean") scalars = true;
      else if (v !== undefined && v !== null && typeof v === "object" && (v as ArrayLike<unknown>).length > len) len = (v as ArrayLike<unknown>).length;
    }
    if (scalars) {
      const f = new Float64Array(n);
      for (let i = 0; i < n; i++) f[i] = numeric(values[i]);
      put(out, key, f, key);
    }
    for (let j = 0; j < len; j++) {
      const f = new Float64Array(n);
      for (let i = 0; i < n; i++) { const v = values[i]; f[i] = typeof v === "object" && v !== null ? numeric((v as ArrayLike<unknown>)[j]) : NaN; }
      put(out, `${key}[${j}]`, f, key);
    }
  }
  return out;
}

const numeric = (v: unknown): number => (typeof v === "number" ? v : typeof v === "boolean" ? (v ? 1 : 0) : NaN);

/**
 * Adds a scalar column; a name already taken (an address spelled `v[0]` beside a vector `v`, whose element 0 has
 * that name) is an error: one of the two would silently hide the other in summaries, means and CSV.
 */
function put(out: Map<string, Float64Array>, name: string, f: Float64Array, key: string): void {
  if (out.has(name))
    throw new BorelError("duplicate-address", `the posterior has two columns named '${name}': ${name === key ? `the address '${key}' and an element of a vector` : `element ${name.slice(key.length)} of the vector '${key}' and the address '${name}'`}`, {
      address: name,
      hint: "vector elements are summarized as name[j]: rename the choice or record field spelled with brackets (e.g. v_0 or v/0)",
    });
  out.set(name, f);
}
