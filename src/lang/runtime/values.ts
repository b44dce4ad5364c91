/**
 * Borel's run-time values and how they are represented in JavaScript:
 *
 * | Borel        | JavaScript                                                        |
 * |--------------|-------------------------------------------------------------------|
 * | number       | `number`, or a scalar AD value (`Var`) under gradient-based inference |
 * | boolean      | `boolean`                                                         |
 * | string       | `string`                                                          |
 * | array        | a frozen JS array                                                 |
 * | record       | a frozen object with a null prototype (`{a: 1}`)                  |
 * | vector       | `Float64Array`, or a vector AD value                              |
 * | matrix       | `Matrix` (src/math/matrix.ts: rows × cols, row-major `Float64Array`) |
 * | function     | `BorelFn` (src/lang/runtime/callable.ts)                          |
 * | distribution | a `Distribution` (src/dist)                                       |
 * | model        | a `GenerativeFunction` (a compiled `BorelModel` or an embedded one) |
 *
 * Values are immutable: the language has no element assignment, and builtins never mutate their inputs.
 *
 * @example
 * ```ts
 * const r = makeRecord({ a: 1, b: [true] });
 * isRecord(r);      // true
 * typeName(r);      // "record"
 * ```
 */
import { Var } from "../../ad/var.js";
import { Matrix } from "../../math/matrix.js";
import { isDistribution } from "../../dist/distribution.js";
import { isGenerativeFunction } from "../../trace/gfi.js";
import { BorelError } from "../../util/errors.js";

/** Keys a record may never have: they reach JavaScript's object machinery. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "prototype", "constructor"]);

export type BorelRecord = { readonly [key: string]: unknown };

/** A record (null prototype, frozen) from a plain object or entries; refuses the forbidden keys. */
export function makeRecord(fields: Record<string, unknown> | Iterable<readonly [string, unknown]>): BorelRecord {
  const out = Object.create(null) as Record<string, unknown>;
  const entries = Symbol.iterator in fields ? (fields as Iterable<readonly [string, unknown]>) : Object.entries(fields);
  for (const [k, v] of entries) {
    if (FORBIDDEN_KEYS.has(k)) throw new BorelError("forbidden-key", `a record cannot have a field named '${k}'`, { hint: "choose another field name" });
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: false, configurable: false });
  }
  return Object.freeze(out);
}

/** True for a Borel record (an object with a null prototype). */
export function isRecord(x: unknown): x is BorelRecord {
  return typeof x === "object" && x !== null && Object.getPrototypeOf(x) === null;
}

/** A frozen array (Borel arrays are immutable). */
export function makeArray<T>(xs: T[]): readonly T[] {
  return Object.freeze(xs);
}

/** A dense row-major matrix. */
export type BorelMatrix = Matrix;

export function isMatrix(x: unknown): x is BorelMatrix {
  return x instanceof Matrix;
}

/** A matrix from row-major data (the data is used as is; Borel never writes to it). */
export function makeMatrix(rows: number, cols: number, data: Float64Array): BorelMatrix {
  return Object.freeze(new Matrix(rows, cols, data));
}

/**
 * The matrix of an array of equal-length rows of plain numbers (nested arrays from a literal or a JSON file,
 * or vectors), or undefined for anything else: arithmetic treats such an array as the matrix it spells.
 */
export function rowsAsMatrix(x: unknown): BorelMatrix | undefined {
  if (!Array.isArray(x) || x.length === 0) return undefined;
  const first = x[0] as unknown;
  if (!Array.isArray(first) && !(first instanceof Float64Array)) return undefined;
  const rows = x.length, cols = first.length;
  if (cols === 0) return undefined;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const r = x[i] as unknown;
    if ((!Array.isArray(r) && !(r instanceof Float64Array)) || r.length !== cols) return undefined;
    for (let j = 0; j < cols; j++) {
      const v = r[j] as unknown;
      if (typeof v !== "number") return undefined;
      data[i * cols + j] = v;
    }
  }
  return makeMatrix(rows, cols, data);
}

/** True for a plain or AD vector. */
export function isVectorLike(x: unknown): x is Float64Array | Var {
  return x instanceof Float64Array || (x instanceof Var && x.xs !== null);
}

/** True for a plain or AD scalar. */
export function isScalar(x: unknown): x is number | Var {
  return typeof x === "number" || (x instanceof Var && x.xs === null);
}

/** The plain number of a scalar (an AD value's value). */
export function numberOf(x: number | Var): number {
  return typeof x === "number" ? x : x.x;
}

/** A short name of a value's type for error messages: "number", "vector of length 3", "record", ... */
/** The type name with its article: "a number", "an array of length 3". */
export function aTypeName(x: unknown): string {
  const n = typeName(x);
  return `${/^[aeiou]/.test(n) ? "an" : "a"} ${n}`;
}

export function typeName(x: unknown): string {
  if (x === undefined) return "nothing";
  if (x === null) return "null";
  switch (typeof x) {
    case "number": return "number";
    case "boolean": return "boolean";
    case "string": return "string";
    case "function": return "host function";
  }
  if (x instanceof Var) return x.xs === null ? "number" : `vector of length ${x.xs.length}`;
  if (x instanceof Float64Array) return `vector of length ${x.length}`;
  if (Array.isArray(x)) return `array of length ${x.length}`;
  if (isRecord(x)) return "record";
  if (isMatrix(x)) return `${x.rows}×${x.cols} matrix`;
  if (isDistribution(x)) return `distribution ${x.name}`;
  if (isGenerativeFunction(x)) return `model ${x.name}`;
  const tag = (x as { borelType?: unknown }).borelType;
  return typeof tag === "string" ? tag : "host object";
}
