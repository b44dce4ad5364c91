/**
 * Borel values as people read them (the REPL's echo and the values of a program's top-level expressions):
 * numbers as JavaScript prints them, strings quoted, vectors and arrays in brackets, records in braces,
 * matrices row by row, and models, functions and distributions by their kind and name. Long collections
 * are cut with "..." so a huge value never floods the terminal.
 *
 * @example
 * ```ts
 * showValue(2);                                  // "2"
 * showValue(new Float64Array([1, 2.5]));         // "[1, 2.5]"
 * showValue(fromJSON({ a: [true], b: "x" }));    // '{a: [true], b: "x"}'
 * ```
 */
import { isDistribution } from "../dist/distribution.js";
import { isGenerativeFunction } from "../trace/gfi.js";
import { BorelFn } from "../lang/runtime/callable.js";
import { PVec } from "../lang/runtime/pvec.js";
import { isMatrix, isRecord } from "../lang/runtime/values.js";
import { Var } from "../ad/var.js";
import { typeName } from "../lang/index.js";
import { isIdentifier } from "../lang/syntax/tokens.js";

const MAX_ITEMS = 20;
const MAX_DEPTH = 6;

function items(xs: ArrayLike<unknown>, depth: number): string {
  const n = xs.length;
  const shown = Array.from({ length: Math.min(n, MAX_ITEMS) }, (_, i) => show(xs[i], depth + 1));
  if (n > MAX_ITEMS) shown.push(`... ${n - MAX_ITEMS} more`);
  return `[${shown.join(", ")}]`;
}

function show(x: unknown, depth: number): string {
  if (x === undefined) return "nothing";
  if (x === null) return "null";
  if (typeof x === "string") return JSON.stringify(x);
  if (typeof x === "number" || typeof x === "boolean") return String(x);
  if (depth > MAX_DEPTH) return "...";
  if (x instanceof Var) return x.xs === null ? String(x.x) : items(x.xs, depth);
  if (x instanceof Float64Array || Array.isArray(x)) return items(x, depth);
  if (x instanceof PVec) return items(x.toArray(), depth);
  if (isMatrix(x)) {
    const rows = Array.from({ length: Math.min(x.rows, MAX_ITEMS) }, (_, i) => items(x.data.subarray(i * x.cols, (i + 1) * x.cols), depth));
    return `${x.rows}×${x.cols} matrix [${rows.join(",\n  ")}${x.rows > MAX_ITEMS ? ", ..." : ""}]`;
  }
  if (isRecord(x)) {
    const keys = Object.keys(x);
    const fields = keys.slice(0, MAX_ITEMS).map((k) => `${isIdentifier(k) ? k : JSON.stringify(k)}: ${show(x[k], depth + 1)}`);
    if (keys.length > MAX_ITEMS) fields.push(`... ${keys.length - MAX_ITEMS} more`);
    return `{${fields.join(", ")}}`;
  }
  if (x instanceof BorelFn) return `<fn ${x.name}>`;
  if (isDistribution(x)) return `<distribution ${String(x)}>`;
  return `<${typeName(x)}>`;
}

/** The display form of a Borel value (see the module doc). */
export function showValue(x: unknown): string {
  return show(x, 0);
}
