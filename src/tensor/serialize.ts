/**
 * Binary serialization of tensors and quantized weights, with checksums.
 *
 * Format (little-endian): magic "BRLT" · u32 version (1) · u32 header length H · H bytes of UTF-8 JSON header ·
 * zero padding to a multiple of 8 · payload. The header is
 * `{entries: [{name, kind, meta, arrays: [{field, type, offset, length}]}], payloadBytes, crc32: [per array]}`:
 * every array is stored at `offset` in the payload (8-byte aligned), and its CRC-32 (IEEE) is in the header.
 * Reading checks the magic, version, that the file is long enough, every checksum, and (when asked) the
 * expected shapes, and says which entry and field failed.
 *
 * @example
 * ```ts
 * const bytes = serialize({ "w": tensor([1, 2, 3, 4], [2, 2]), "w_q": quantizeInt8Weights(data, 2, 2) });
 * const back = deserialize(bytes);        // same names, same kinds
 * ```
 */
import { BorelError, isBorelError } from "../util/errors.js";
import { Tensor, shapeStr, type DType } from "./tensor.js";
import { checkEntryArrays, checkHeader } from "./serialize-check.js";
import type { Int8Weights } from "./quant/int8.js";
import type { Int4Weights } from "./quant/int4.js";
import type { Fp8Weights } from "./quant/fp8.js";
import type { BlockFpWeights } from "./quant/blockfp.js";

export type Serializable = Tensor | Int8Weights | Int4Weights | Fp8Weights | BlockFpWeights;
type Arr = Float32Array | Float64Array | Int8Array | Int32Array | Uint8Array;
const TYPES = { Float32Array, Float64Array, Int8Array, Int32Array, Uint8Array } as const;
type TypeName = keyof typeof TYPES;
const MAGIC = [0x42, 0x52, 0x4c, 0x54]; // "BRLT"
const VERSION = 1;

let CRC_TABLE: Uint32Array | null = null;
/** CRC-32 (IEEE 802.3) of bytes. */
export function crc32(b: Uint8Array): number {
  if (!CRC_TABLE) {
    CRC_TABLE = new Uint32Array(256);
    for (let i = 0; i < 256; i++) { let c = i; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; CRC_TABLE[i] = c >>> 0; }
  }
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The arrays and scalar metadata of one entry. */
function split(v: Serializable): { kind: string; meta: Record<string, unknown>; arrays: Record<string, Arr> } {
  if (v instanceof Tensor) return { kind: "tensor", meta: { dtype: v.dtype, shape: v.shape }, arrays: { data: v.data } };
  switch (v.format) {
    case "int8": return { kind: "int8", meta: { k: v.k, n: v.n }, arrays: { data: v.data, scales: v.scales } };
    case "int4": return { kind: "int4", meta: { k: v.k, n: v.n, groupSize: v.groupSize, symmetric: v.symmetric },
      arrays: { packed: v.packed, scales: v.scales, zeros: v.zeros } };
    case "fp8": return { kind: "fp8", meta: { k: v.k, n: v.n, fp8: v.fp8 }, arrays: { codes: v.codes, scales: v.scales } };
    case "blockfp": return { kind: "blockfp", meta: { k: v.k, n: v.n, blockSize: v.blockSize },
      arrays: { mantissas: v.mantissas, exponents: v.exponents, ...(v.perm ? { perm: v.perm } : {}) } };
  }
  const format = (v as { format?: unknown } | null)?.format;
  throw new BorelError("bad-parameter", `serialize: an entry is neither a Tensor nor quantized weights (format ${JSON.stringify(format) ?? "missing"})`, {
    hint: "entries are Tensors or the weights of quantizeInt8Weights / quantizeInt4 / gptqQuantize / quantizeFp8 / quantizeBlockFp",
  });
}

function join(kind: string, meta: Record<string, any>, a: Record<string, Arr>): Serializable {
  const bytes = Object.values(a).reduce((s, x) => s + x.byteLength, 0);
  switch (kind) {
    case "tensor": return new Tensor(meta.dtype as DType, meta.shape, a.data);
    case "int8": return { format: "int8", k: meta.k, n: meta.n, data: a.data as Int8Array, scales: a.scales as Float32Array, bytes };
    case "int4": return { format: "int4", k: meta.k, n: meta.n, groupSize: meta.groupSize, symmetric: meta.symmetric,
      packed: a.packed as Uint8Array, scales: a.scales as Float32Array, zeros: a.zeros as Uint8Array, bytes };
    case "fp8": return { format: "fp8", fp8: meta.fp8, k: meta.k, n: meta.n, codes: a.codes as Uint8Array, scales: a.scales as Float32Array, bytes };
    case "blockfp": return { format: "blockfp", k: meta.k, n: meta.n, blockSize: meta.blockSize, mantissas: a.mantissas as Int8Array,
      exponents: a.exponents as Int8Array, perm: (a.perm as Int32Array | undefined) ?? null, bytes };
    default: throw new BorelError("bad-file", `deserialize: unknown entry kind '${kind}'`);
  }
}

const align8 = (x: number): number => Math.ceil(x / 8) * 8;

export function serialize(entries: Record<string, Serializable>): Uint8Array {
  const header: { entries: unknown[]; payloadBytes: number } = { entries: [], payloadBytes: 0 };
  const chunks: [number, Uint8Array][] = [];
  let off = 0;
  for (const [name, v] of Object.entries(entries)) {
    const { kind, meta, arrays } = split(v);
    const list = [];
    for (const [field, arr] of Object.entries(arrays)) {
      const bytes = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
      // by instanceof, not constructor.name: a Node Buffer is a Uint8Array named "Buffer"
      const type = (Object.keys(TYPES) as TypeName[]).find((t) => arr instanceof TYPES[t]);
      list.push({ field, type, offset: off, length: arr.length, crc32: crc32(bytes) });
      chunks.push([off, bytes]);
      off = align8(off + bytes.length);
    }
    header.entries.push({ name, kind, meta, arrays: list });
  }
  header.payloadBytes = off;
  const h = new TextEncoder().encode(JSON.stringify(header));
  const start = align8(12 + h.length), out = new Uint8Array(start + off);
  out.set(MAGIC, 0);
  const dv = new DataView(out.buffer);
  dv.setUint32(4, VERSION, true);
  dv.setUint32(8, h.length, true);
  out.set(h, 12);
  for (const [o, b] of chunks) out.set(b, start + o);
  return out;
}

export interface DeserializeOptions {
  /** Expected tensor shapes by name: a mismatch is an error naming both shapes. */
  expectShapes?: Record<string, readonly number[]>;
}

export function deserialize(bytes: Uint8Array, opts: DeserializeOptions = {}): Record<string, Serializable> {
  if (bytes.length < 12 || MAGIC.some((m, i) => bytes[i] !== m))
    throw new BorelError("bad-file", "deserialize: not a Borel tensor file (magic 'BRLT' missing)", { hint: "was it written by serialize()?" });
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(4, true), hlen = dv.getUint32(8, true);
  if (version !== VERSION) throw new BorelError("bad-file", `deserialize: unsupported version ${version} (this reader knows ${VERSION})`);
  if (12 + hlen > bytes.length) throw new BorelError("truncated", `deserialize: file truncated inside the header (${bytes.length} bytes, header needs ${12 + hlen})`);
  let header: { entries: { name: string; kind: string; meta: Record<string, unknown>; arrays: { field: string; type: TypeName; offset: number; length: number; crc32: number }[] }[]; payloadBytes: number };
  try { header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + hlen))); }
  catch (e) { throw new BorelError("bad-file", "deserialize: header is not valid JSON", { cause: e }); }
  checkHeader(header, (t) => (typeof t === "string" && Object.hasOwn(TYPES, t) ? TYPES[t as TypeName].BYTES_PER_ELEMENT : undefined));
  const start = align8(12 + hlen);
  if (start + header.payloadBytes > bytes.length)
    throw new BorelError("truncated", `deserialize: file truncated: ${bytes.length} bytes, expected ${start + header.payloadBytes}`,
      { hint: "the file was cut short while writing or copying" });
  const out: Record<string, Serializable> = {};
  for (const e of header.entries) {
    const arrays: Record<string, Arr> = {};
    for (const a of e.arrays) {
      const T = TYPES[a.type];
      // a copy of exactly these bytes (Buffer#slice would be a view into a pooled buffer)
      const raw = Uint8Array.prototype.slice.call(bytes, start + a.offset, start + a.offset + a.length * T.BYTES_PER_ELEMENT);
      if (crc32(raw) !== a.crc32)
        throw new BorelError("checksum", `deserialize: checksum mismatch in entry '${e.name}' field '${a.field}'`, { hint: "the file is corrupted" });
      arrays[a.field] = new T(raw.buffer);
    }
    checkEntryArrays(e.name, e.kind, e.meta, arrays);
    let v: Serializable;
    try {
      v = join(e.kind, e.meta, arrays);
    } catch (err) {
      // Metadata that does not fit the arrays (a damaged header): the file's fault, named by entry.
      if (isBorelError(err) && err.code !== "bad-file") throw new BorelError("bad-file", `deserialize: entry '${e.name}': ${err.message}`, { cause: err, hint: "the file is damaged or was edited" });
      throw err;
    }
    const want = opts.expectShapes?.[e.name];
    if (want) {
      const got = v instanceof Tensor ? v.shape : [v.k, v.n];
      if (got.length !== want.length || got.some((d, i) => d !== want[i]))
        throw new BorelError("shape", `deserialize: entry '${e.name}' has shape ${shapeStr(got)}, expected ${shapeStr(want)}`);
    }
    // An own property whatever the name ('__proto__' assigned would set the object's prototype instead).
    Object.defineProperty(out, e.name, { value: v, enumerable: true, writable: true, configurable: true });
  }
  if (opts.expectShapes) for (const name of Object.keys(opts.expectShapes))
    if (!(name in out)) throw new BorelError("missing-entry", `deserialize: entry '${name}' is not in the file`);
  return out;
}
