/**
 * Structural checks of a deserialized tensor file (`serialize.ts`): the JSON header is not checksummed, so
 * a damaged or hand-made header must fail as a `bad-file` error naming the entry, never as a raw TypeError
 * or as weights whose arrays do not fit their metadata (k, n, group and block sizes).
 *
 * @example
 * ```ts
 * checkHeader(header, payloadBytes);
 * checkEntryArrays("w_q", "int8", meta, arrays);
 * ```
 */
import { BorelError } from "../util/errors.js";

const bad = (msg: string): never => { throw new BorelError("bad-file", `deserialize: ${msg}`, { hint: "the file is corrupted or was not written by serialize()" }); };
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Header shape: entries with a name, kind, meta and arrays whose byte ranges lie inside the payload. */
export function checkHeader(h: unknown, bytesPer: (type: unknown) => number | undefined): void {
  if (!isObj(h) || !Array.isArray(h.entries) || !isCount(h.payloadBytes)) bad("the header lacks 'entries' or 'payloadBytes'");
  const hh = h as { entries: unknown[]; payloadBytes: number };
  hh.entries.forEach((e, i) => {
    if (!isObj(e) || typeof e.name !== "string" || typeof e.kind !== "string" || !isObj(e.meta) || !Array.isArray(e.arrays))
      bad(`header entry ${i} is malformed`);
    const en = e as { name: string; arrays: unknown[] };
    for (const a of en.arrays) {
      if (!isObj(a) || typeof a.field !== "string" || !isCount(a.offset) || !isCount(a.length) || !isCount(a.crc32))
        bad(`entry '${en.name}' has a malformed array record`);
      const ar = a as { field: string; type: unknown; offset: number; length: number };
      const per = bytesPer(ar.type);
      if (per === undefined) bad(`entry '${en.name}' field '${ar.field}' has unknown type ${String(ar.type)}`);
      if (ar.offset + ar.length * per! > hh.payloadBytes) bad(`entry '${en.name}' field '${ar.field}' lies outside the payload`);
    }
  });
}

const FIELDS: Record<string, string[]> = {
  tensor: ["data"], int8: ["data", "scales"], fp8: ["codes", "scales"], int4: ["packed", "scales", "zeros"],
  blockfp: ["mantissas", "exponents", "perm"],
};

/** Field names and array lengths against the entry's metadata, per kind. */
export function checkEntryArrays(name: string, kind: string, meta: Record<string, unknown>, a: Record<string, { length: number } | undefined>): void {
  const want = (field: string, len: number): void => {
    const got = a[field]?.length;
    if (got !== len) bad(`entry '${name}' (${kind}) field '${field}' has ${got ?? "no"} values, its metadata needs ${len}`);
  };
  const allowed = FIELDS[kind];
  if (!allowed) bad(`entry '${name}' has unknown kind '${kind}'`);
  for (const f of Object.keys(a)) if (!allowed.includes(f)) bad(`entry '${name}' (${kind}) has unknown field '${f}'`);
  if (kind === "tensor") { if (!Array.isArray(meta.shape) || typeof meta.dtype !== "string") bad(`entry '${name}' has no dtype or shape`); return; }
  const { k, n } = meta;
  if (!isCount(k) || !isCount(n)) return bad(`entry '${name}' (${kind}) has no valid k, n`);
  const size = k * n;
  switch (kind) {
    case "int8": want("data", size); want("scales", n); return;
    case "fp8":
      if (meta.fp8 !== "e4m3" && meta.fp8 !== "e5m2") bad(`entry '${name}' has fp8 format ${String(meta.fp8)}`);
      want("codes", size); want("scales", n); return;
    case "int4": {
      const gs = meta.groupSize;
      if (!isCount(gs) || gs === 0 || typeof meta.symmetric !== "boolean") bad(`entry '${name}' (int4) has no valid groupSize / symmetric`);
      const groups = Math.ceil(k / (gs as number));
      want("packed", Math.ceil(size / 2)); want("scales", groups * n); want("zeros", meta.symmetric ? 0 : groups * n); return;
    }
    case "blockfp": {
      const bs = meta.blockSize;
      if (!isCount(bs) || bs === 0) bad(`entry '${name}' (blockfp) has no valid blockSize`);
      want("mantissas", size); want("exponents", Math.ceil(k / (bs as number)) * n);
      if (a.perm) {
        want("perm", k);
        const p = a.perm as unknown as ArrayLike<number>, seen = new Uint8Array(k);
        for (let i = 0; i < k; i++) { if (!(p[i] >= 0 && p[i] < k) || seen[p[i]]) bad(`entry '${name}' (blockfp) perm is not a permutation of 0..${k - 1}`); seen[p[i]] = 1; }
      }
      return;
    }
  }
}
