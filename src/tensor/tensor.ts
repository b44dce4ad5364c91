/**
 * A small dense tensor: a dtype, a shape, contiguous row-major storage and its strides.
 *
 * dtypes: `f32`, `f64`, `i8`, `i32`, `u8`, and storage-only packed formats `int4` (two signed 4-bit values
 * per byte, low nibble first), `fp8e4m3` and `fp8e5m2` (one OCP fp8 code per byte). Arithmetic ops take
 * f32 only (an f64 tensor is refused naming the op; `toF32()` converts); quantized formats have their own
 * classes in `quant/`.
 *
 * @example
 * ```ts
 * const x = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
 * x.get(1, 2);          // 6
 * x.reshape([3, 2]).shape;  // [3, 2]
 * ```
 */
import { BorelError } from "../util/errors.js";

export type DType = "f32" | "f64" | "i8" | "i32" | "u8" | "int4" | "fp8e4m3" | "fp8e5m2";
export type TypedArray = Float32Array | Float64Array | Int8Array | Int32Array | Uint8Array;
export type Shape = readonly number[];

const CTOR = {
  f32: Float32Array, f64: Float64Array, i8: Int8Array, i32: Int32Array, u8: Uint8Array,
  int4: Uint8Array, fp8e4m3: Uint8Array, fp8e5m2: Uint8Array,
} as const;

/** Number of elements of a shape. */
export const sizeOf = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);
/** Bytes of storage for `size` elements of `dtype`. */
export function storageLength(dtype: DType, size: number): number {
  return dtype === "int4" ? Math.ceil(size / 2) : size;
}
export const shapeStr = (s: Shape): string => `[${s.join(",")}]`;

/** Row-major strides (in elements) of a shape. */
export function stridesOf(shape: Shape): number[] {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) { st[i] = s; s *= shape[i]; }
  return st;
}

/** A shape is an array of non-negative integers (checked before storage of its size is made). */
function checkShape(shape: Shape): void {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0))
    throw new BorelError("bad-shape", `tensor: shape ${Array.isArray(shape) ? shapeStr(shape) : String(shape)} must be an array of non-negative integers`);
}

export class Tensor<D extends TypedArray = TypedArray> {
  readonly shape: Shape;
  readonly strides: readonly number[];
  readonly size: number;

  constructor(readonly dtype: DType, shape: Shape, readonly data: D) {
    checkShape(shape);
    this.shape = [...shape];
    this.strides = stridesOf(shape);
    this.size = sizeOf(shape);
    if (!Object.hasOwn(CTOR, dtype))
      throw new BorelError("bad-dtype", `tensor: unknown dtype '${String(dtype)}' (known: ${Object.keys(CTOR).join(", ")})`);
    if (!(data instanceof CTOR[dtype]))
      throw new BorelError("bad-dtype", `tensor: data for dtype ${dtype} must be a ${CTOR[dtype].name}`);
    if (data.length !== storageLength(dtype, this.size))
      throw new BorelError("bad-shape", `tensor: shape ${shapeStr(shape)} (${dtype}) needs ${storageLength(dtype, this.size)} stored values, got ${data.length}`);
  }

  get rank(): number { return this.shape.length; }

  /** The element at a multi-index (numeric dtypes). */
  get(...idx: number[]): number {
    if (idx.length !== this.rank) throw new BorelError("bad-index", `get: ${idx.length} indices for a tensor of shape ${shapeStr(this.shape)}`);
    let o = 0;
    for (let i = 0; i < idx.length; i++) {
      if (!Number.isInteger(idx[i]) || idx[i] < 0 || idx[i] >= this.shape[i]) throw new BorelError("bad-index", `get: index ${idx[i]} is not an integer in 0..${this.shape[i] - 1} (axis ${i} of shape ${shapeStr(this.shape)})`);
      o += idx[i] * this.strides[i];
    }
    return this.data[o];
  }

  /** The same data under another shape with as many elements. */
  reshape(shape: Shape): Tensor<D> {
    if (sizeOf(shape) !== this.size)
      throw new BorelError("shape", `reshape: cannot reshape ${shapeStr(this.shape)} (${this.size} elements) to ${shapeStr(shape)}`);
    return new Tensor(this.dtype, shape, this.data);
  }

  /** A copy converted to f32. */
  toF32(): Tensor<Float32Array> {
    if (this.dtype === "int4" || this.dtype === "fp8e4m3" || this.dtype === "fp8e5m2")
      throw new BorelError("bad-dtype", `toF32: ${this.dtype} needs its scales; dequantize through quant/`);
    return new Tensor("f32", this.shape, Float32Array.from(this.data as ArrayLike<number>));
  }

  toString(): string { return `Tensor(${this.dtype}, ${shapeStr(this.shape)})`; }
}

/** An f32 tensor (or f64 when asked) from numbers and a shape (default: 1-D). */
export function tensor(data: ArrayLike<number> | NestedNumbers, shape?: Shape, dtype: "f32" | "f64" = "f32"): Tensor<Float32Array | Float64Array> {
  if (typeof data !== "object" || data === null || typeof (data as ArrayLike<number>).length !== "number")
    throw new BorelError("bad-value", `tensor: the data must be an array of numbers (or nested arrays), got ${data === null ? "null" : typeof data}`, { hint: "tensor([5]) for one number, tensor([1, 2, 3, 4], [2, 2]) with a shape" });
  if (dtype !== "f32" && dtype !== "f64")
    throw new BorelError("bad-dtype", `tensor: dtype must be "f32" or "f64", got ${JSON.stringify(dtype)}`, { hint: "quantized formats are made from f32 weights by quantizeInt8Weights, quantizeInt4, quantizeFp8, ..." });
  // Nested arrays ([[1, 2], [3, 4]]) give their shape; flat data takes `shape` (default: one axis).
  const nested = Array.isArray(data) && data.some((x) => Array.isArray(x));
  const flat = nested ? flatten(data as NestedNumbers, shape) : (data as ArrayLike<number>);
  const sh = shape ?? (nested ? nestedShape(data as NestedNumbers) : [flat.length]);
  for (let i = 0; i < flat.length; i++)
    if (typeof flat[i] !== "number")
      throw new BorelError("bad-value", `tensor: element ${i} of the data is ${Array.isArray(flat[i]) ? "an array" : typeof flat[i]}, not a number`, { hint: "give numbers, flat with a shape (tensor([1, 2, 3, 4], [2, 2])) or as nested arrays of equal lengths (tensor([[1, 2], [3, 4]]))" });
  return dtype === "f32" ? new Tensor("f32", sh, Float32Array.from(flat)) : new Tensor("f64", sh, Float64Array.from(flat));
}

/** Numbers nested in arrays of equal lengths per level ([[1, 2], [3, 4]]). */
export type NestedNumbers = readonly (number | NestedNumbers)[];

/** The shape of nested arrays: the lengths along the first element at each level. */
function nestedShape(data: NestedNumbers): number[] {
  const out: number[] = [];
  let x: number | NestedNumbers = data;
  while (Array.isArray(x)) { out.push(x.length); x = (x as NestedNumbers)[0]!; }
  return out;
}

/** Nested arrays flattened row-major, each level checked against the shape (ragged data is an error naming where). */
function flatten(data: NestedNumbers, given: Shape | undefined): number[] {
  const shape = nestedShape(data), out: number[] = [];
  const walk = (x: number | NestedNumbers, depth: number, at: string): void => {
    if (depth === shape.length) {
      if (Array.isArray(x)) throw new BorelError("bad-shape", `tensor: the nested data is deeper at ${at} than at its first element`, { hint: "every element of one level must be an array of the same length, or every one a number" });
      out.push(x as number);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[depth])
      throw new BorelError("bad-shape", `tensor: ragged data: ${at} is ${Array.isArray(x) ? `an array of length ${x.length}` : "a number"}, but the first element at that level has length ${shape[depth]}`, { hint: "nested arrays must have equal lengths on each level (a matrix's rows, say)" });
    x.forEach((e, i) => walk(e, depth + 1, `${at}[${i}]`));
  };
  walk(data, 0, "data");
  if (given && sizeOf(given) !== out.length) throw new BorelError("bad-shape", `tensor: shape ${shapeStr(given)} holds ${sizeOf(given)} values, the nested data ${out.length}`);
  return out;
}

/** A zero f32 tensor. */
export function zeros(shape: Shape): Tensor<Float32Array> {
  checkShape(shape);
  return new Tensor("f32", shape, new Float32Array(sizeOf(shape)));
}

/** Throws a shape error naming the op and both shapes unless `ok`. */
export function checkShapes(ok: boolean, op: string, a: Shape, b: Shape, why: string): void {
  if (!ok) throw new BorelError("shape", `${op}: shapes ${shapeStr(a)} and ${shapeStr(b)} ${why}`,
    { hint: `check the shapes reaching ${op}` });
}

/** Requires an f32 tensor (for the kernels), naming the op and argument. */
export function requireF32(t: Tensor, op: string, arg: string): Tensor<Float32Array> {
  if (t.dtype !== "f32") throw new BorelError("bad-dtype", `${op}: argument '${arg}' must be f32, got ${t.dtype} ${shapeStr(t.shape)}`);
  return t as Tensor<Float32Array>;
}
