/**
 * What the CLI reports about one query, in the shape of `borel run --json`:
 *
 *   {"model", "args", "method", "options", "summary": {"<addr>": {mean, sd, q05, q50, q95, rhat, ess_bulk,
 *    ess_tail, mcse_mean}}, "return", "logZ", "diagnostics"}
 *
 * Every key is present, null where the method does not define it. `summary` holds the latent addresses and
 * tracked values (a vector `w` as `w[0]`, `w[1]`, …; booleans as 0/1). `return` is a summary row when the
 * model returns a number or boolean, a list of rows when it returns a numeric vector, a row per field
 * (`{"a": row, "b": row}`; nested records as "fit.mu") when it returns a record of numbers, booleans or
 * numeric vectors, and otherwise `{"values": [[v, p], ...]}` — the distinct return values (whole) with their
 * posterior probabilities, most probable first (at most 1000); null when the model returns nothing. Non-finite numbers are the strings "Infinity", "-Infinity", "NaN" (see json-value.ts).
 *
 * @example
 * ```ts
 * const post = await runQuery(q, { seed: 0 });
 * JSON.stringify(queryReport(q, prepareQuery(q), 0, post));
 * ```
 */
import type { Posterior, SummaryRow } from "../posterior/posterior.js";
import type { PreparedQuery, QueryRecord } from "../lang/index.js";
import { jsonNumber, jsonValue } from "./json-value.js";
import { splitReturn } from "../posterior/draws.js";

export type JsonRow = Record<keyof SummaryRow, number | string | null>;

export interface ReturnValues {
  values: [unknown, number][];
}

export interface QueryReport {
  model: string;
  args: unknown[];
  method: string;
  options: Record<string, unknown>;
  summary: Record<string, JsonRow>;
  return: JsonRow | JsonRow[] | Record<string, JsonRow> | ReturnValues | null;
  logZ: number | string | null;
  diagnostics: Record<string, unknown>;
}

const MAX_RETURN_VALUES = 1000;
const isReturnKey = (k: string) => k === "return" || /^return\[\d+\]$/.test(k);

function jsonRow(r: SummaryRow): JsonRow {
  const out = {} as JsonRow;
  for (const [k, v] of Object.entries(r) as [keyof SummaryRow, number | null][]) out[k] = v === null ? null : jsonNumber(v);
  return out;
}

/** The report of one finished (or interrupted) query. */
export function queryReport(q: QueryRecord, p: PreparedQuery, seed: number, post: Posterior): QueryReport {
  const rows = post.summary();
  const summary: Record<string, JsonRow> = {};
  for (const [k, r] of rows) if (!isReturnKey(k)) summary[k] = jsonRow(r);
  return {
    model: q.name,
    args: q.args.map((a) => jsonValue(a)),
    method: p.method.name,
    options: jsonValue({ ...p.options, seed }) as Record<string, unknown>,
    summary,
    return: returnReport(post),
    logZ: post.logZ === null ? null : jsonNumber(post.logZ),
    diagnostics: jsonValue(post.diagnostics) as Record<string, unknown>,
  };
}

/** The `return` entry (see the module doc). */
export function returnReport(post: Posterior): QueryReport["return"] {
  const rows = post.summary();
  const scalar = rows.get("return");
  if (scalar) return jsonRow(scalar);
  const elements = [...rows.keys()].filter((k) => k.startsWith("return[")).sort((a, b) => index(a) - index(b));
  if (elements.length > 0) return elements.map((k) => jsonRow(rows.get(k)!));
  // A record of numeric fields: a summary per field (a vector field has its elements as rows "f[j]").
  // A record: a summary per field when every field is numeric; otherwise its distinct values, whole.
  const values = returnValues(post)?.slice(0, MAX_RETURN_VALUES) ?? null;
  if (values !== null) return { values };
  const fields = [...rows.keys()].filter((k) => k.startsWith("return."));
  return fields.length > 0 ? Object.fromEntries(fields.map((k) => [k.slice("return.".length), jsonRow(rows.get(k)!)])) : null;
}

const index = (k: string) => Number(/\[(\d+)\]$/.exec(k)![1]);

/** Distinct return values (as JSON) with their posterior probabilities, most probable first; null when the posterior has none. */
export function returnValues(post: Posterior, part: (v: unknown) => unknown = (v) => v): [unknown, number][] | null {
  const whole = post.returns ?? post.traces?.map((t) => (splitReturn(t.retval).rest === undefined ? undefined : t.retval));
  const returns = whole?.map((v) => (v === undefined ? undefined : part(v)));
  if (!returns) return null;
  return frequencies(returns, post.weights());
}

/** Distinct values (undefined skipped) with their weighted frequencies, most probable first; null for none. */
export function frequencies(values: readonly unknown[], w: Float64Array): [unknown, number][] | null {
  const acc = new Map<string, [unknown, number]>();
  let total = 0;
  values.forEach((r, i) => {
    if (r === undefined) return;
    const v = jsonValue(r);
    const id = JSON.stringify(v);
    const e = acc.get(id);
    if (e) e[1] += w[i]; else acc.set(id, [v, w[i]]);
    total += w[i];
  });
  if (acc.size === 0) return null;
  const out = [...acc.values()];
  if (total > 0) for (const e of out) e[1] /= total;
  return out.sort((a, b) => b[1] - a[1]);
}
