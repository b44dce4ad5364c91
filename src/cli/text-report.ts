/**
 * The human-readable report of a query (the CLI without `--json`, and the REPL): a header line naming the
 * query as written, the posterior summary table (`Posterior.summaryTable`: method, draws, ESS, log Z, one
 * row per address), the most probable return values when the model returns something that is not a number
 * (records, strings, arrays of choices), and the method's warnings.
 *
 * @example
 * ```ts
 * console.log(queryText(q, source, post));
 * // query coin(flips) using importance(particles: 10000)
 * // importance, 10000 draws, ESS 1630.5, log Z -63.25
 * //         mean       sd     q05 ...
 * // p     0.6966  0.04583  0.6199 ...
 * ```
 */
import type { Posterior, SummaryRow } from "../posterior/posterior.js";
import { formatSummaryTable } from "../posterior/table.js";
import type { QueryRecord } from "../lang/index.js";
import { frequencies, returnValues } from "./report.js";
import { isSummarizable, RETURN_KEY, splitReturn } from "../posterior/draws.js";

const SHOWN_RETURN_VALUES = 10;
/** Rows of the summary table shown (a recursive model has one address per depth; --json lists them all). */
export const SHOWN_ROWS = 12;

/** The query statement as written in the source (one line, white space collapsed). */
export function queryHeader(q: QueryRecord, source: string | undefined): string {
  const lines = source?.split(/\r?\n/);
  const { line, col, endLine, endCol } = q.span;
  if (!lines || lines[line - 1] === undefined) return `query ${q.name}`;
  const text = line === endLine ? lines[line - 1].slice(col - 1, endCol) : [lines[line - 1].slice(col - 1), ...lines.slice(line, endLine - 1), (lines[endLine - 1] ?? "").slice(0, endCol)].join(" ");
  return text.replace(/\s+/g, " ").trim();
}

function formatValue(v: unknown): string {
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Header, summary table, non-numeric return values and warnings of one query. */
export function queryText(q: QueryRecord, source: string | undefined, post: Posterior): string {
  const out = [queryHeader(q, source), summaryText(post)];
  if (!post.summary().has("return") && ![...post.summary().keys()].some((k) => k.startsWith("return["))) {
    // A record with numeric fields has them in the table: the rest of it is listed.
    const fields = [...post.summary().keys()].some((k) => k.startsWith("return."));
    const values = returnValues(post, fields ? (v) => splitReturn(v).rest : undefined);
    if (values) {
      out.push(fields ? "other return fields (most probable first):" : "return values (most probable first):");
      for (const [v, p] of values.slice(0, SHOWN_RETURN_VALUES)) out.push(`  ${p.toFixed(4)}  ${formatValue(v)}`);
      if (values.length > SHOWN_RETURN_VALUES) out.push(`  ... ${values.length - SHOWN_RETURN_VALUES} more`);
    }
  }
  // Tracked values summaries cannot use (strings, arrays of records): listed by frequency like return values.
  for (const key of post.keys()) {
    if (key === RETURN_KEY || key.startsWith(`${RETURN_KEY}.`) || post.summary().has(key) || post.summary().has(`${key}[0]`)) continue;
    const draws = post.draws(key), first = draws.find((v) => v !== undefined);
    if (first === undefined || isSummarizable(first) || post.choiceKeys.has(key)) continue;
    const values = frequencies(draws, post.weights());
    if (!values) continue;
    out.push(`values of ${key} (most probable first):`);
    for (const [v, p] of values.slice(0, SHOWN_RETURN_VALUES)) out.push(`  ${p.toFixed(4)}  ${formatValue(v)}`);
    if (values.length > SHOWN_RETURN_VALUES) out.push(`  ... ${values.length - SHOWN_RETURN_VALUES} more`);
  }
  for (const w of warningsOf(post)) out.push(`warning: ${w}`);
  return out.join("\n");
}

/**
 * The summary table, cut to its first `SHOWN_ROWS` rows (plus the scalar return value) with a note saying
 * how many were left out; with nothing to summarize (no latent choices), its header line (method, log Z).
 */
export function summaryText(post: Posterior): string {
  const rows = post.summary();
  // (Warnings are listed once, after everything: `warningsOf`.)
  if (rows.size === 0) return post.summaryTable({ warnings: false }).split("\n")[0];
  if (rows.size <= SHOWN_ROWS + 1) return post.summaryTable({ warnings: false });
  const shown = new Map<string, SummaryRow>([...rows].slice(0, SHOWN_ROWS));
  const ret = rows.get("return");
  if (ret) shown.set("return", ret);
  const table = formatSummaryTable(shown, { method: post.method, draws: post.size, logZ: post.logZ, ess: post.diagnostics.ess as number | undefined });
  return `${table}\n... ${rows.size - shown.size} more rows (borel run --json lists every address)`;
}

/** The method's warnings (`diagnostics.warnings`), and a note when the run was interrupted. */
export function warningsOf(post: Posterior): string[] {
  const d = post.diagnostics;
  const out: string[] = [];
  if (Array.isArray(d.warnings)) out.push(...d.warnings.map(String));
  if (d.aborted === true || d.interrupted === true)
    out.push(post.size === 0 ? "the run was interrupted before it kept any draw (during warmup): run it again, with fewer warmup iterations for a quicker look"
      : "the run was interrupted: these are the draws so far");
  return out;
}
