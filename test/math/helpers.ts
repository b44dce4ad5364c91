/**
 * Shared checks for the math tests: relative error against the mpmath reference table (reference-data.ts) with a
 * stated tolerance, reporting the worst rows on failure.
 */
import assert from "node:assert/strict";
import { REF } from "./reference-data.js";

export const EPS = 2 ** -52;

/** |got − want| / |want| (0 when equal, ∞ when want = 0 ≠ got, NaN if got is NaN). */
export function relErr(got: number, want: number): number {
  if (got === want) return 0;
  return Math.abs(got - want) / Math.abs(want);
}

/** Tolerance k·ε·(1 + |ln |want||): for results far in a tail, whose logarithm carries rounding error. */
export const logScaled = (k: number) => (want: number) => k * EPS * (1 + Math.abs(Math.log(Math.abs(want))));
/** Tolerance k·ε, relative. */
export const ulps = (k: number) => () => k * EPS;

/**
 * Checks `fn` on every row of the reference table `name` ([...args, want]); fails listing the worst rows.
 * Returns the largest relative error seen.
 */
export function checkTable(
  name: string,
  fn: (...args: number[]) => number,
  tol: (want: number, args: readonly number[]) => number,
  filter: (args: readonly number[]) => boolean = () => true,
): number {
  const rows = REF[name];
  assert.ok(rows && rows.length > 0, `no reference rows for ${name}`);
  let worst = 0;
  const bad: string[] = [];
  let checked = 0;
  for (const row of rows) {
    const args = row.slice(0, -1);
    if (!filter(args)) continue;
    checked++;
    const want = row[row.length - 1]!;
    const got = fn(...args);
    const e = relErr(got, want);
    if (!(e <= worst)) worst = e;
    if (!(e <= tol(want, args))) bad.push(`${name}(${args.join(", ")}) = ${got}, want ${want} (rel err ${e.toExponential(2)})`);
  }
  assert.ok(checked > 0, `filter left no rows for ${name}`);
  assert.equal(bad.length, 0, `${bad.length} of ${checked} rows out of tolerance:\n${bad.slice(0, 8).join("\n")}`);
  return worst;
}

/** Asserts |got − want| ≤ tol·max(|want|, floor) with a readable message. */
export function close(got: number, want: number, tol: number, what = "", floor = 0): void {
  const scale = Math.max(Math.abs(want), floor);
  assert.ok(Math.abs(got - want) <= tol * scale || got === want, `${what}: got ${got}, want ${want} (tol ${tol})`);
}
