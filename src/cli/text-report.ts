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
import type { Posterior } from "../posterior/posterior.js";
import type { QueryRecord } from "../lang/index.js";
import { returnValues } from "./report.js";

const SHOWN_RETURN_VALUES = 10;

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
  const out = [queryHeader(q, source), post.summary().size > 0 ? post.summaryTable() : `${post.method}, ${post.size} draws (no numeric addresses to summarize)`];
  if (!post.summary().has("return") && ![...post.summary().keys()].some((k) => k.startsWith("return["))) {
    const values = returnValues(post);
    if (values) {
      out.push("return values (most probable first):");
      for (const [v, p] of values.slice(0, SHOWN_RETURN_VALUES)) out.push(`  ${p.toFixed(4)}  ${formatValue(v)}`);
      if (values.length > SHOWN_RETURN_VALUES) out.push(`  ... ${values.length - SHOWN_RETURN_VALUES} more`);
    }
  }
  for (const w of warningsOf(post)) out.push(`warning: ${w}`);
  return out.join("\n");
}

/** The method's warnings (a `warnings` list or a single `warning`), and a note when the run was interrupted. */
export function warningsOf(post: Posterior): string[] {
  const d = post.diagnostics;
  const out: string[] = [];
  if (Array.isArray(d.warnings)) out.push(...d.warnings.map(String));
  if (typeof d.warning === "string") out.push(d.warning);
  if (d.aborted === true || d.interrupted === true) out.push("the run was interrupted: these are the draws so far");
  return out;
}
