import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { normalCdf, normalLogCdf, normalLogpdf, normalLogSf, normalQuantile } from "../../src/math/normal.js";
import { EPS, checkTable, close, ulps } from "./helpers.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

const real = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

describe("normalCdf / normalLogCdf / normalLogSf", () => {
  it("match mpmath (6 and 5 ulps), including x = −37 … −1e4 in log space", () => {
    checkTable("normalCdf", normalCdf, ulps(6));
    checkTable("normalLogCdf", normalLogCdf, ulps(5));
  });
  it("known values", () => {
    close(normalLogCdf(-40), -804.6084420137538, 2 * EPS); // mpmath log(ncdf(-40))
    close(normalLogSf(40), -804.6084420137538, 2 * EPS);
    assert.equal(normalCdf(0), 0.5);
    assert.equal(normalCdf(-Infinity), 0);
    assert.equal(normalCdf(Infinity), 1);
    assert.equal(normalLogCdf(-Infinity), -Infinity);
    assert.equal(normalLogCdf(Infinity), 0);
    assert.ok(Number.isNaN(normalCdf(NaN)) && Number.isNaN(normalLogCdf(NaN)));
  });
  it("Φ(x) + Φ(−x) = 1 and log Φ agrees with Φ (property)", () => {
    fc.assert(fc.property(real(-37, 37), (x) => {
      close(normalCdf(x) + normalCdf(-x), 1, 4 * EPS, "symmetry");
      close(normalLogCdf(x), Math.log(normalCdf(x)), 1e-14, "log", 1e-15);
    }));
  });
  it("normalLogpdf", () => {
    close(normalLogpdf(0, 0, 1), -0.9189385332046728, EPS);
    close(normalLogpdf(3, 1, 2), -0.5 - Math.log(2) - 0.9189385332046728, 2 * EPS);
    assert.ok(Number.isNaN(normalLogpdf(0, 0, 0)));
  });
});

describe("normalQuantile (AS 241)", () => {
  it("matches mpmath to 6 ulps on (1e-300, 1)", () => {
    checkTable("normalQuantile", normalQuantile, ulps(6));
  });
  it("known values and limits", () => {
    close(normalQuantile(0.975), 1.959963984540054, 2 * EPS);
    assert.equal(normalQuantile(0.5), 0);
    assert.equal(normalQuantile(0), -Infinity);
    assert.equal(normalQuantile(1), Infinity);
    assert.ok(Number.isNaN(normalQuantile(-0.1)) && Number.isNaN(normalQuantile(1.1)) && Number.isNaN(normalQuantile(NaN)));
  });
  it("inverts normalCdf: Φ⁻¹(Φ(x)) = x on [−37, 8] (property)", () => {
    fc.assert(fc.property(real(-37, 8), (x) => {
      // Φ(x) near 1 keeps only ε/φ(x) of information about x, so check the lower tail through Φ(−x) too.
      const back = x <= 0 ? normalQuantile(normalCdf(x)) : -normalQuantile(normalCdf(-x));
      close(back, x, 1e-14, "round trip", 0.1); // Φ near ½ fixes x only to ~3e-16 absolutely
    }));
  });
  it("is odd: Φ⁻¹(1 − p) = −Φ⁻¹(p) for p where 1 − p is exact (property)", () => {
    fc.assert(fc.property(fc.integer({ min: 2 ** 28, max: 2 ** 29 }), (k) => {
      const p = k * 2 ** -30; // dyadic, so 1 − p is exact
      assert.ok(normalQuantile(1 - p) === -normalQuantile(p), `p = ${p}`);
    }));
  });
});
