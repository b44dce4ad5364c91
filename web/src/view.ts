/**
 * Rendering results into the page: a query's header, summary table, warnings and figures (drawn from their
 * specs on the page's own document), values of top-level expressions, and located errors.
 */
import { renderFigure } from "../../src/plot/figure.js";
import type { LocatedMessage, QueryResult } from "../../src/web/protocol.js";

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/** A number as the CLI's table shows it: 4 significant digits, or scientific for tiny/huge values. */
export function fmt(x: number | null): string {
  if (x === null || x === undefined) return "";
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? x.toExponential(3) : x.toPrecision(4).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
}

const COLUMNS = ["mean", "sd", "q05", "q50", "q95", "rhat", "ess_bulk", "ess_tail"] as const;

/** A finished query as an element. */
export function queryElement(q: QueryResult, maxRows = 20): HTMLElement {
  const el = document.createElement("div");
  el.className = "query";
  const rows = q.rows.slice(0, maxRows);
  const cols = COLUMNS.filter((c) => rows.some((r) => r[c] !== null));
  el.innerHTML = [
    `<h2>${escape(q.header)}</h2>`,
    `<div class="meta">${escape(q.method)} · ${q.draws} draws${q.logZ !== null ? ` · log Z ${fmt(q.logZ)}` : ""} · ${q.ms.toFixed(0)} ms${q.interrupted ? " · <b>stopped</b>: draws so far" : ""}</div>`,
    `<table class="summary"><thead><tr><th>key</th>${cols.map((c) => `<th>${c}</th>`).join("")}</tr></thead><tbody>`,
    ...rows.map((r) => `<tr data-key="${escape(r.key)}"><td>${escape(r.key)}</td>${cols.map((c) => `<td data-col="${c}">${fmt(r[c])}</td>`).join("")}</tr>`),
    `</tbody></table>`,
    q.rows.length > maxRows ? `<div class="meta">… ${q.rows.length - maxRows} more rows</div>` : "",
    ...[...q.warnings, ...q.figureErrors].map((w) => `<div class="warning">warning: ${escape(w)}</div>`),
  ].join("");
  const figs = document.createElement("div");
  figs.className = "figures";
  for (const spec of q.figures) {
    const holder = document.createElement("div");
    holder.className = `figure figure-${spec.kind}`;
    try {
      holder.innerHTML = renderFigure(spec);
    } catch (e) {
      holder.textContent = `could not draw the ${spec.kind} plot: ${(e as Error).message}`;
    }
    figs.appendChild(holder);
  }
  el.appendChild(figs);
  return el;
}

/** Located errors as elements ("line 4, col 23" first, then the formatted message with its caret). */
export function errorElements(errors: LocatedMessage[]): HTMLElement[] {
  return errors.map((e) => {
    const el = document.createElement("div");
    el.className = "error";
    const where = e.line !== null ? `line ${e.line}:${e.col}` : e.code === "internal" ? "internal error" : "error";
    el.innerHTML = `<span class="where">${escape(where)}</span>\n${escape(e.text)}`;
    return el;
  });
}
