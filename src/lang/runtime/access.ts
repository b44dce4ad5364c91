/**
 * Reading parts of values: `a[i]` on arrays, vectors (plain or AD), matrix rows, strings and choice arrays;
 * `r.name` and `r["name"]` on records. Member access reads only a record's own fields and refuses
 * `__proto__`, `prototype` and `constructor` however they are spelled (`r["constr" + "uctor"]`), so a
 * program never reaches JavaScript's object machinery. Errors are located and name the bounds or fields.
 *
 * @example
 * ```ts
 * index([10, 20], 1, span);              // 20
 * member(makeRecord({a: 1}), "a", span); // 1
 * member(makeRecord({a: 1}), "constructor", span);  // BorelError forbidden-key
 * ```
 */
import { m } from "../../ad/math.js";
import { Var } from "../../ad/var.js";
import { BorelError, type Span } from "../../util/errors.js";
import { typeError } from "./errors.js";
import { PVec } from "./pvec.js";
import { FORBIDDEN_KEYS, isMatrix, isRecord, aTypeName, typeName } from "./values.js";

/** An integer index from a Borel value (AD values by their value), or a located error. */
export function toIndex(i: unknown, span: Span | undefined): number {
  const v = typeof i === "number" ? i : i instanceof Var && i.xs === null ? i.x : NaN;
  if (typeof i !== "number" && !(i instanceof Var && i.xs === null)) throw typeError(span, `an index must be a number, got ${aTypeName(i)}`);
  if (!Number.isInteger(v)) throw new BorelError("bad-index", `index ${v} is not an integer`, { span, hint: "indices are 0-based integers: use floor(x)" });
  return v;
}

/** A bound of `for i in a..b`: an integer (AD values by their value), or a located error that says so. */
export function rangeBound(x: unknown, span: Span | undefined): number {
  const v = typeof x === "number" ? x : x instanceof Var && x.xs === null ? x.x : undefined;
  if (v === undefined) throw typeError(span, `a range bound must be a number, got ${aTypeName(x)}`, "for i in a..b counts from the integer a up to b − 1");
  if (!Number.isInteger(v))
    throw new BorelError("range-bound", `range bound ${v} is not an integer`, { span, hint: "a..b counts whole steps (a, a+1, ..., b−1): round the bound, e.g. 0..floor(n / 2)" });
  return v;
}

function outOfBounds(i: number, len: number, what: string, span: Span | undefined): BorelError {
  return new BorelError("index-out-of-bounds", `index ${i} is out of bounds for ${what} of length ${len}`, {
    span,
    hint: len === 0 ? `the ${what} is empty` : `valid indices are 0 to ${len - 1}`,
  });
}

/** `obj[i]`. */
export function index(obj: unknown, i: unknown, span: Span | undefined): unknown {
  if (typeof i === "string") return member(obj, i, span);
  if (Array.isArray(obj)) {
    const k = toIndex(i, span);
    if (k < 0 || k >= obj.length) throw outOfBounds(k, obj.length, "an array", span);
    return obj[k];
  }
  if (obj instanceof Float64Array) {
    const k = toIndex(i, span);
    if (k < 0 || k >= obj.length) throw outOfBounds(k, obj.length, "a vector", span);
    return obj[k];
  }
  if (obj instanceof Var && obj.xs !== null) {
    const k = toIndex(i, span);
    if (k < 0 || k >= obj.xs.length) throw outOfBounds(k, obj.xs.length, "a vector", span);
    return m.index(obj, k);
  }
  if (isMatrix(obj)) {
    const k = toIndex(i, span);
    if (k < 0 || k >= obj.rows) throw outOfBounds(k, obj.rows, "the rows of a matrix", span);
    return obj.data.slice(k * obj.cols, (k + 1) * obj.cols);
  }
  if (typeof obj === "string") {
    const k = toIndex(i, span);
    if (k < 0 || k >= obj.length) throw outOfBounds(k, obj.length, "a string", span);
    return obj[k];
  }
  if (obj instanceof PVec) return choiceAt(obj, i, span, "the choice array");
  throw typeError(span, `cannot index ${aTypeName(obj)}`, isRecord(obj) ? "read a field with r.name or r[\"name\"]" : undefined);
}

/** `x[i]` where x is a choice array (`x[i] ~ d` earlier): an error when x[i] was not sampled yet. */
export function choiceAt(obj: PVec, i: unknown, span: Span | undefined, name: string): unknown {
  const k = toIndex(i, span);
  const v = k >= 0 ? obj.get(k) : undefined;
  if (v === undefined)
    throw new BorelError("not-sampled", `${name}[${k}] has not been sampled yet`, { span, hint: `sample it first: ${name}[${k}] ~ ...` });
  return v;
}

/** `r.name` on a record: own fields only; the forbidden keys are refused. */
export function member(obj: unknown, name: string, span: Span | undefined): unknown {
  if (FORBIDDEN_KEYS.has(name))
    throw new BorelError("forbidden-key", `the field name '${name}' is not allowed`, { span, hint: "records cannot have fields named __proto__, prototype or constructor" });
  if (!isRecord(obj)) throw typeError(span, `cannot read field '${name}' of ${aTypeName(obj)}`, "only records have fields");
  if (!Object.hasOwn(obj, name)) {
    const keys = Object.keys(obj);
    throw new BorelError("no-field", `the record has no field '${name}'`, {
      span,
      hint: keys.length === 0 ? "the record is empty" : `its fields: ${keys.slice(0, 12).join(", ")}${keys.length > 12 ? ", ..." : ""}`,
    });
  }
  return obj[name];
}

/** The elements `for x in xs` visits: arrays, vectors (plain or AD), matrix rows, strings. */
export function iterationLength(xs: unknown, span: Span | undefined): number {
  if (Array.isArray(xs) || xs instanceof Float64Array || typeof xs === "string") return xs.length;
  if (xs instanceof Var && xs.xs !== null) return xs.xs.length;
  if (isMatrix(xs)) return xs.rows;
  if (xs instanceof PVec) return xs.length;
  throw typeError(span, `cannot iterate over ${aTypeName(xs)}`, "for x in xs needs an array, a vector, a matrix (its rows) or a string");
}
