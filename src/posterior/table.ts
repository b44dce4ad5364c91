/** Plain-text summary tables for the CLI, the REPL and notebooks. */
import type { SummaryRow } from "./types.js";

const COLS: (keyof SummaryRow)[] = ["mean", "sd", "q05", "q50", "q95", "rhat", "ess_bulk", "ess_tail", "mcse_mean"];

function fmt(x: number | null): string {
  // Undefined for these draws (R-hat of weighted draws; the sd of a single draw, a MAP estimate): a dash.
  if (x === null || Number.isNaN(x)) return "-";
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(2);
  return a >= 100 ? x.toFixed(1) : x.toPrecision(4);
}

export interface TableHeader {
  method: string;
  draws: number;
  logZ: number | null;
  ess?: number;
}

/** An aligned table: one row per key, the columns of `SummaryRow`; a header line with the method and log Z. */
export function formatSummaryTable(rows: ReadonlyMap<string, SummaryRow>, h: TableHeader): string {
  const cols = COLS.filter((c) => [...rows.values()].some((r) => r[c] !== null));
  const body = [...rows].map(([k, r]) => [k, ...cols.map((c) => fmt(r[c]))]);
  const table = [["", ...cols], ...body];
  const widths = table[0].map((_, j) => Math.max(...table.map((row) => row[j].length)));
  const lines = table.map((row) => row.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join("  "));
  const extra = [`${h.method}, ${h.draws} draw${h.draws === 1 ? "" : "s"}`];
  if (h.ess !== undefined) extra.push(`ESS ${fmt(h.ess)}`);
  if (h.logZ !== null) extra.push(`log Z ${fmt(h.logZ)}`);
  return [extra.join(", "), ...lines].join("\n");
}
