import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/rand/rng.js";
import { BatchedGlm, glmLogLikGrad, type GlmFamily } from "../../src/tensor/glm.js";
import { serialize, deserialize } from "../../src/tensor/serialize.js";
import { Tensor, tensor } from "../../src/tensor/tensor.js";
import { quantizeInt8Weights } from "../../src/tensor/quant/int8.js";
import { quantizeInt4 } from "../../src/tensor/quant/int4.js";
import { quantizeFp8 } from "../../src/tensor/quant/fp8.js";
import { quantizeBlockFp } from "../../src/tensor/quant/blockfp.js";
import { randn } from "./helpers.js";

test("batched GLM log-likelihood and gradient match P scalar evaluations (f32 and int8 designs)", () => {
  const rng = new Rng(8), n = 300, d = 5, p = 7;
  const x = randn(rng, n * d, 0.5), thetas = randn(rng, p * d, 0.5);
  const ys: Record<GlmFamily, Float64Array> = {
    gaussian: Float64Array.from({ length: n }, () => rng.normal()),
    "bernoulli-logit": Float64Array.from({ length: n }, () => (rng.double() < 0.5 ? 1 : 0)),
    "poisson-log": Float64Array.from({ length: n }, () => Math.floor(rng.double() * 4)),
  };
  for (const family of Object.keys(ys) as GlmFamily[]) {
    for (const design of ["f32", "int8"] as const) {
      const glm = new BatchedGlm(x, ys[family], n, d, { family, sigma: 1.5, design });
      const res = glm.evaluate(thetas, p);
      const tol = design === "f32" ? 1e-4 : 2e-2;
      for (let t = 0; t < p; t++) {
        const ref = glmLogLikGrad(x, ys[family], n, d, thetas.subarray(t * d, t * d + d), family, 1.5);
        assert.ok(Math.abs(res.logLik[t] - ref.logLik) <= tol * Math.abs(ref.logLik), `${family}/${design} ll ${res.logLik[t]} vs ${ref.logLik}`);
        const gn = Math.hypot(...ref.grad);
        for (let j = 0; j < d; j++) assert.ok(Math.abs(res.grad[t * d + j] - ref.grad[j]) <= tol * gn + 1e-9, `${family}/${design} grad`);
      }
      glm.dispose();
    }
  }
  assert.throws(() => new BatchedGlm(x, new Float64Array(3), n, d, { family: "gaussian" }), /BatchedGlm/);
});

test("serialization round-trips tensors and quantized weights; truncation, corruption and shape mismatch are clear errors", () => {
  const rng = new Rng(1), w = randn(rng, 64 * 16);
  const entries = {
    t: tensor([1, 2, 3, 4, 5, 6], [2, 3]), i8: quantizeInt8Weights(w, 64, 16), i4: quantizeInt4(w, 64, 16, { groupSize: 32, symmetric: false }),
    f8: quantizeFp8(w, 64, 16, "e5m2"), bfp: quantizeBlockFp(w, 64, 16, { blockSize: 16, reorder: true }),
  };
  const bytes = serialize(entries), back = deserialize(bytes, { expectShapes: { t: [2, 3], i8: [64, 16] } });
  assert.deepEqual([...(back.t as any).data], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual((back.i8 as any).data, entries.i8.data);
  assert.deepEqual((back.i4 as any).packed, entries.i4.packed);
  assert.deepEqual((back.i4 as any).zeros, entries.i4.zeros);
  assert.deepEqual((back.f8 as any).codes, entries.f8.codes);
  assert.deepEqual((back.bfp as any).perm, entries.bfp.perm);
  assert.throws(() => deserialize(bytes.subarray(0, bytes.length - 10)), (e: any) => e.code === "truncated");
  assert.throws(() => deserialize(bytes.subarray(0, 20)), (e: any) => e.code === "truncated");
  const bad = bytes.slice(); bad[bad.length - 1] ^= 0xff;
  assert.throws(() => deserialize(bad), (e: any) => e.code === "checksum" && /bfp/.test(e.message));
  assert.throws(() => deserialize(bytes, { expectShapes: { t: [3, 2] } }), /\[2,3\].*\[3,2\]/);
  assert.throws(() => deserialize(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])), (e: any) => e.code === "bad-file");
});

/** The file with its JSON header edited by `f` (the payload and its checksums kept). */
function withHeader(bytes: Uint8Array, f: (h: any) => void): Uint8Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset), hlen = dv.getUint32(8, true), start = Math.ceil((12 + hlen) / 8) * 8;
  const h = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + hlen)));
  f(h);
  const hb = new TextEncoder().encode(JSON.stringify(h)), s2 = Math.ceil((12 + hb.length) / 8) * 8;
  const out = new Uint8Array(s2 + bytes.length - start);
  out.set(bytes.subarray(0, 12)); new DataView(out.buffer).setUint32(8, hb.length, true); out.set(hb, 12); out.set(bytes.subarray(start), s2);
  return out;
}

test("deserialize: Node Buffers in and out; a header that does not fit its arrays is a bad-file error, never a TypeError", () => {
  const w = randn(new Rng(2), 20 * 3);
  const bytes = serialize({ t: tensor([1, 2, 3], [3]), bfp: quantizeBlockFp(w, 20, 3, { blockSize: 16, reorder: true }), i8: quantizeInt8Weights(w, 20, 3) });
  // a pooled Buffer (readFileSync) used to give typed arrays over the whole pool: "needs 3 stored values, got 1032"
  const back = deserialize(Buffer.from(bytes));
  assert.deepEqual([...(back.t as any).data], [1, 2, 3]);
  assert.equal((back.i8 as any).data.length, 60);
  // a Buffer-backed tensor was written with type "Buffer", which the reader refused
  const u = deserialize(serialize({ u: new Tensor("u8", [2], Buffer.from([7, 9])) })).u as Tensor;
  assert.deepEqual([...u.data], [7, 9]);
  const badFile = (f: (h: any) => void, re: RegExp) =>
    assert.throws(() => deserialize(withHeader(bytes, f)), (e: any) => e.code === "bad-file" && re.test(e.message), re.source);
  badFile((h) => { h.entries[2].meta.k = 2; }, /'i8'.*'data' has 60 values, its metadata needs 6/);     // was accepted: k = 2, 60 values
  badFile((h) => { h.entries[1].arrays[2].field = "pe}m"; }, /'bfp'.*unknown field 'pe}m'/);        // was: perm dropped silently
  badFile((h) => { h.entries = 5; }, /entries/);                                                      // was: "header.entries is not iterable"
  badFile((h) => { delete h.entries[0].arrays; }, /entry 0 is malformed/);
  badFile((h) => { h.entries[0].arrays[0].offset = 1e9; }, /outside the payload/);
  badFile((h) => { h.entries[1].meta.blockSize = 0; }, /blockSize/);
  assert.throws(() => deserialize(withHeader(bytes, (h) => { h.entries[0].meta.dtype = "f16"; })), (e: any) => e.code === "bad-file" && /entry .*unknown dtype 'f16'/.test(e.message));
  // An entry named __proto__ is an entry (assigned, it became the result's prototype and vanished from its keys).
  const odd = deserialize(serialize(Object.fromEntries([["__proto__", tensor([1])], ["x", tensor([2])]]) as Record<string, Tensor>));
  assert.deepEqual(Object.keys(odd), ["__proto__", "x"]);
});

test("BatchedGlm: unknown family, non-finite X, y outside the family's support are errors (were a TypeError, or log 0.5! taken as 0)", () => {
  const x = Float32Array.from([0.1, 0.2, 0.3, 0.4]);
  assert.throws(() => new BatchedGlm(x, Float64Array.from([1, 0]), 2, 2, { family: "gamma" as GlmFamily }), /unknown family 'gamma'/);
  assert.throws(() => new BatchedGlm(x, Float64Array.from([0.5, 1]), 2, 2, { family: "poisson-log" }), /y\[0\] = 0.5 is not a count/);
  assert.throws(() => new BatchedGlm(x, Float64Array.from([1, 2]), 2, 2, { family: "bernoulli-logit" }), /y\[1\] = 2 is not 0 or 1/);
  assert.throws(() => new BatchedGlm(x, Float64Array.from([NaN, 1]), 2, 2, { family: "gaussian" }), /y\[0\] = NaN/);
  assert.throws(() => new BatchedGlm(Float32Array.from([0, Infinity, 0, 0]), Float64Array.from([1, 0]), 2, 2, { family: "gaussian" }), /X value 1 is Infinity/);
  const ok = new BatchedGlm(x, Float64Array.from([3, 0]), 2, 2, { family: "poisson-log" });
  assert.ok(Number.isFinite(ok.evaluate([0.1, 0.2], 1).logLik[0]));
  ok.dispose();
});

test("serialize: an entry that is neither a Tensor nor quantized weights is a bad-parameter error (was a TypeError)", () => {
  assert.throws(() => serialize({ x: { format: "bogus" } as never }), (e: Error & { code?: string }) => e.code === "bad-parameter" && /neither a Tensor nor quantized weights \(format "bogus"\)/.test(e.message));
});
