// Shared helpers of the PFN benchmarks (bench/pfn-*.ts): table printing, timing, load reporting.
import { loadavg } from "node:os";

export function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map((c) => (typeof c === "number" ? fmt(c) : c)))];
  const w = head.map((_, j) => Math.max(...cells.map((r) => String(r[j]).length)));
  const line = (r: (string | number)[]) => "| " + r.map((c, j) => String(c).padEnd(w[j])).join(" | ") + " |";
  return [line(cells[0]), "|" + w.map((x) => "-".repeat(x + 2)).join("|") + "|", ...cells.slice(1).map(line)].join("\n");
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (Number.isInteger(x) && a < 1e9) return String(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(2) : x.toFixed(3);
}

/** Median milliseconds of `reps` runs of f (after one warm-up run). */
export function medianMs(f: () => void, reps = 21): number {
  f();
  const t: number[] = [];
  for (let i = 0; i < reps; i++) { const t0 = performance.now(); f(); t.push(performance.now() - t0); }
  return t.sort((a, b) => a - b)[Math.floor(reps / 2)];
}

export const load = (): string => loadavg().map((l) => l.toFixed(1)).join(" ");

export function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
}

export const mean = (xs: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < xs.length; i++) s += xs[i]; return s / xs.length; };
export const stderr = (xs: ArrayLike<number>): number => {
  const m = mean(xs); let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) ** 2;
  return Math.sqrt(s / (xs.length - 1) / xs.length);
};
