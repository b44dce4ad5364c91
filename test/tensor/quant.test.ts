import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Rng } from "../../src/rand/rng.js";
import { quantizeInt8Weights, quantizeInt8Rows, dequantizeInt8, int8Report } from "../../src/tensor/quant/int8.js";
import { quantizeInt4, dequantizeInt4, int4Report } from "../../src/tensor/quant/int4.js";
import { fp8Decode, fp8Encode } from "../../src/tensor/quant/fp8.js";
import { quantizeBlockFp, dequantizeBlockFp, blockFpReport } from "../../src/tensor/quant/blockfp.js";
import { randn } from "./helpers.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });
const dims = fc.record({ k: fc.integer({ min: 1, max: 70 }), n: fc.integer({ min: 1, max: 20 }), seed: fc.integer(), scale: fc.double({ min: 1e-3, max: 1e3, noNaN: true }) });
const TOL = 1 + 1e-12;

test("int8: |err| ≤ absmax/254 per weight column and per activation row", () => {
  fc.assert(fc.property(dims, ({ k, n, seed, scale }) => {
    const w = randn(new Rng(seed), k * n, scale), q = quantizeInt8Weights(w, k, n), d = dequantizeInt8(q);
    for (let j = 0; j < n; j++) {
      let a = 0; for (let i = 0; i < k; i++) a = Math.max(a, Math.abs(w[i * n + j]));
      for (let i = 0; i < k; i++) assert.ok(Math.abs(w[i * n + j] - q.data[i * n + j] * q.scales[j]) <= (a / 254) * TOL + 1e-30);
    }
    const r = quantizeInt8Rows(w, k, n);
    for (let i = 0; i < k; i++) {
      let a = 0; for (let j = 0; j < n; j++) a = Math.max(a, Math.abs(w[i * n + j]));
      for (let j = 0; j < n; j++) assert.ok(Math.abs(w[i * n + j] - r.data[i * n + j] * r.scales[i]) <= (a / 254) * TOL + 1e-30);
    }
    assert.equal(d.length, k * n);
  }), { numRuns: 100 });
});

test("int4 group-wise RTN: |err| ≤ scale/2 (groups 32/64/128, symmetric and asymmetric)", () => {
  fc.assert(fc.property(dims, fc.constantFrom(32, 64, 128), fc.boolean(), ({ k, n, seed, scale }, gs, symmetric) => {
    const w = randn(new Rng(seed), k * n, scale).map((v, i) => (symmetric ? v : v + (i % 3) * scale));
    const q = quantizeInt4(w, k, n, { groupSize: gs, symmetric }), d = dequantizeInt4(q);
    for (let i = 0; i < k; i++) for (let j = 0; j < n; j++) {
      const s = q.scales[Math.floor(i / gs) * n + j];
      assert.ok(Math.abs(w[i * n + j] - d[i * n + j]) <= (s / 2) * (1 + 1e-6), `(${i},${j})`);
    }
  }), { numRuns: 100 });
});

test("memory: int8 ≥ 3.9x and int4 (group 128) ≥ 7x smaller than f32", () => {
  const k = 512, n = 512, w = randn(new Rng(1), k * n);
  const r8 = int8Report(w, quantizeInt8Weights(w, k, n)), r4 = int4Report(w, quantizeInt4(w, k, n, { groupSize: 128 }));
  const r4a = int4Report(w, quantizeInt4(w, k, n, { groupSize: 128, symmetric: false }));
  assert.ok(r8.compression >= 3.9, `int8 ${r8.compression}`);
  assert.ok(r4.compression >= 7 && r4a.compression >= 7, `int4 ${r4.compression} / ${r4a.compression}`);
  assert.ok(r8.relFrobenius < 0.01 && r4.relFrobenius < 0.15);
});

// ---- fp8: an independent reading of the OCP OFP8 spec tables ----
const e4m3 = (c: number): number => {
  const s = c >> 7 ? -1 : 1, e = (c >> 3) & 15, m = c & 7;
  if (e === 15 && m === 7) return NaN;
  return e === 0 ? s * 2 ** -6 * (m / 8) : s * 2 ** (e - 7) * (1 + m / 8);
};
const e5m2 = (c: number): number => {
  const s = c >> 7 ? -1 : 1, e = (c >> 2) & 31, m = c & 3;
  if (e === 31) return m === 0 ? s * Infinity : NaN;
  return e === 0 ? s * 2 ** -14 * (m / 4) : s * 2 ** (e - 15) * (1 + m / 4);
};

test("fp8: decoding matches the OCP definitions for all 256 codes of E4M3FN and E5M2", () => {
  for (let c = 0; c < 256; c++) {
    assert.ok(Object.is(fp8Decode(c, "e4m3"), e4m3(c)), `e4m3 code ${c}`);
    assert.ok(Object.is(fp8Decode(c, "e5m2"), e5m2(c)), `e5m2 code ${c}`);
  }
  assert.equal(fp8Decode(0x7e, "e4m3"), 448); assert.equal(fp8Decode(0x7b, "e5m2"), 57344);
  assert.equal(fp8Decode(0x01, "e4m3"), 2 ** -9); assert.equal(fp8Decode(0x01, "e5m2"), 2 ** -16);
  assert.ok(Number.isNaN(fp8Decode(0x7f, "e4m3")) && Number.isNaN(fp8Decode(0xff, "e4m3")));
  assert.equal(fp8Decode(0x7c, "e5m2"), Infinity); assert.equal(fp8Decode(0xfc, "e5m2"), -Infinity);
});

test("fp8: encoding inverts decoding on all codes, rounds ties to even and saturates", () => {
  for (const fmt of ["e4m3", "e5m2"] as const) {
    const dec = fmt === "e4m3" ? e4m3 : e5m2;
    for (let c = 0; c < 256; c++) {
      const v = dec(c);
      if (Number.isNaN(v) || !Number.isFinite(v)) continue;
      assert.equal(fp8Encode(v, fmt), c, `${fmt} code ${c} (${v})`);
    }
    // midpoints between consecutive positive finite codes go to the even code
    const maxCode = fmt === "e4m3" ? 0x7e : 0x7b;
    for (let c = 0; c < maxCode; c++) {
      const mid = (dec(c) + dec(c + 1)) / 2, want = c % 2 === 0 ? c : c + 1;
      assert.equal(fp8Encode(mid, fmt), want, `${fmt} midpoint of ${c},${c + 1}`);
      assert.equal(fp8Encode(-mid, fmt), want | 0x80);
    }
    assert.equal(fp8Encode(1e9, fmt), maxCode);
    assert.equal(fp8Encode(-1e9, fmt), maxCode | 0x80);
  }
  assert.equal(fp8Encode(464, "e4m3"), 0x7e);        // would round to 480 = NaN code: saturates
  assert.equal(fp8Encode(Infinity, "e5m2", false), 0x7c);
});

test("fp8: relative error ≤ 2^-4 (E4M3) and ≤ 2^-3 (E5M2) on normal numbers", () => {
  for (const [fmt, minN, max, bound] of [["e4m3", 2 ** -6, 448, 2 ** -4], ["e5m2", 2 ** -14, 57344, 2 ** -3]] as const) {
    fc.assert(fc.property(fc.double({ min: Math.log2(minN), max: Math.log2(max), noNaN: true }), fc.boolean(), (lg, neg) => {
      const x = (neg ? -1 : 1) * 2 ** lg, y = fp8Decode(fp8Encode(x, fmt), fmt);
      assert.ok(Math.abs(y - x) / Math.abs(x) <= bound, `${fmt} ${x} -> ${y}`);
    }), { numRuns: 2000 });
  }
});

test("block fp: |err| ≤ 2^(E−1) per block; outlier-channel reordering lowers the error", () => {
  fc.assert(fc.property(dims, fc.constantFrom(16, 32), ({ k, n, seed, scale }, bs) => {
    const w = randn(new Rng(seed), k * n, scale), q = quantizeBlockFp(w, k, n, { blockSize: bs }), d = dequantizeBlockFp(q);
    for (let i = 0; i < k; i++) for (let j = 0; j < n; j++)
      assert.ok(Math.abs(w[i * n + j] - d[i * n + j]) <= 2 ** (q.exponents[Math.floor(i / bs) * n + j] - 1));
  }), { numRuns: 60 });
  // weights with outlier input channels (rows): reordering groups them and cuts the error
  const k = 256, n = 64, rng = new Rng(9), w = randn(rng, k * n);
  const outl = new Set(Array.from({ length: 16 }, (_, t) => 16 * t + 5)); // one outlier channel in every block of 16
  for (const r of outl) for (let j = 0; j < n; j++) w[r * n + j] *= 40;
  const ordinaryRms = (d: Float32Array): number => {
    let se = 0, c = 0;
    for (let i = 0; i < k; i++) if (!outl.has(i)) for (let j = 0; j < n; j++) { se += (w[i * n + j] - d[i * n + j]) ** 2; c++; }
    return Math.sqrt(se / c);
  };
  const plain = ordinaryRms(dequantizeBlockFp(quantizeBlockFp(w, k, n, { blockSize: 16 })));
  const qr = quantizeBlockFp(w, k, n, { blockSize: 16, reorder: true });
  const reord = ordinaryRms(dequantizeBlockFp(qr));
  assert.ok(reord < 0.2 * plain, `ordinary-channel rms: reordered ${reord} vs plain ${plain}`);
  const rep = blockFpReport(w, qr);
  assert.ok(rep.compression > 3.5 && rep.relFrobenius < 0.02, JSON.stringify(rep));
});

test("quantizers refuse NaN/±∞ weights, naming the position (they poisoned a column's scale or became 0)", async () => {
  const { quantizeFp8 } = await import("../../src/tensor/quant/fp8.js");
  const { gptqQuantize } = await import("../../src/tensor/quant/gptq.js");
  const w = Float32Array.from([0.5, -1, 2, 0.25, 3, 1]);   // [3, 2]
  for (const bad of [NaN, Infinity, -Infinity]) {
    const v = w.slice(); v[3] = bad;                          // W[1,1]
    const named = (e: Error) => /W\[1,1\]/.test(e.message) && e.message.includes(String(bad));
    assert.throws(() => quantizeInt8Weights(v, 3, 2), (e: Error) => /quantizeInt8Weights/.test(e.message) && named(e));
    assert.throws(() => quantizeInt4(v, 3, 2, { groupSize: 2 }), (e: Error) => /quantizeInt4/.test(e.message) && named(e));
    assert.throws(() => quantizeFp8(v, 3, 2, "e4m3"), (e: Error) => /quantizeFp8/.test(e.message) && named(e));
    assert.throws(() => quantizeBlockFp(v, 3, 2, { blockSize: 16 }), (e: Error) => /quantizeBlockFp/.test(e.message) && named(e));
    assert.throws(() => gptqQuantize(v, 3, 2, Float32Array.from({ length: 12 }, (_, i) => i % 5 - 2), 4), (e: Error) => /gptqQuantize/.test(e.message) && named(e));
  }
  const x = Float32Array.from({ length: 12 }, (_, i) => i % 5 - 2); x[7] = NaN;
  assert.throws(() => gptqQuantize(w, 3, 2, x, 4), /calibration X\[2,1\]/);
  // raw fp8 (scale 1) stores the format's own NaN and saturates ∞
  const raw = quantizeFp8(Float32Array.from([NaN, 1]), 1, 2, "e5m2", false);
  assert.ok(Number.isNaN(fp8Decode(raw.codes[0], "e5m2")));
});

test("block fp blockSize, fp8 format names and fp8 codes are checked (blockSize 2.5 gave garbage silently, fp8Decode(300) decoded 300 & 0xff)", async () => {
  const { quantizeFp8 } = await import("../../src/tensor/quant/fp8.js");
  const w = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
  for (const bs of [0, -1, 2.5]) assert.throws(() => quantizeBlockFp(w, 4, 2, { blockSize: bs }), new RegExp(`quantizeBlockFp: blockSize must be a positive integer, got ${bs}`));
  assert.throws(() => quantizeFp8(w, 4, 2, "e3m4" as never), /quantizeFp8: unknown fp8 format 'e3m4'/);
  assert.throws(() => fp8Encode(1, "e3m4" as never), /fp8Encode: unknown fp8 format/);
  for (const c of [300, -1, 1.5]) assert.throws(() => fp8Decode(c, "e4m3"), /fp8Decode: a code is an integer 0..255/);
  assert.deepEqual([...dequantizeBlockFp(quantizeBlockFp(w, 4, 2, { blockSize: 3 }))], [...w]);   // small integers are exact
});

test("int8: codes are clamped to ±127 when a subnormal scale rounds down (2.58e-43 got the code −72 through Int8Array wrap-around)", () => {
  const w = Float32Array.from([2.58e-43, -1e-43, 0, 4.36e-43]);
  const q = quantizeInt8Weights(w, 4, 1), r = quantizeInt8Rows(w, 1, 4);
  for (const codes of [q.data, r.data]) {
    assert.ok(codes[0] > 0 && codes[1] < 0 && codes[3] > 0, `${Array.from(codes)}`);
    assert.ok(codes.every((c) => Math.abs(c) <= 127));
  }
});
