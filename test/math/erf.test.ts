import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { erf, erfc, erfcx, halfGammaCF } from "../../src/math/erf.js";
import { expNegSquare, productError } from "../../src/math/exact.js";
import { EPS, checkTable, close, ulps } from "./helpers.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

const real = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

describe("erf / erfc / erfcx", () => {
  it("match mpmath (erf 4 ulps, erfc 8, erfcx 6), erfc with relative accuracy down to 1e-318", () => {
    checkTable("erf", erf, ulps(4));
    checkTable("erfc", erfc, ulps(8));
    checkTable("erfcx", erfcx, ulps(6));
  });
  it("known values", () => {
    close(erfc(10), 2.088487583762545e-45, 4 * EPS); // A&S table / mpmath
    close(erf(1), 0.8427007929497149, 2 * EPS);
    assert.equal(erf(0), 0);
    assert.equal(erfc(0), 1);
    assert.equal(erf(Infinity), 1);
    assert.equal(erf(-Infinity), -1);
    assert.equal(erfc(-Infinity), 2);
    assert.equal(erfc(30), 0);
    assert.ok(Number.isNaN(erf(NaN)) && Number.isNaN(erfc(NaN)) && Number.isNaN(erfcx(NaN)));
    close(erfcx(1e10), 1 / (1e10 * Math.sqrt(Math.PI)), 2 * EPS);
    assert.equal(erfcx(-30), Infinity);
  });
  it("erf + erfc = 1, erf is odd, erfc(x) + erfc(−x) = 2 (property)", () => {
    fc.assert(fc.property(real(-8, 8), (x) => {
      close(erf(x) + erfc(x), 1, 8 * EPS, "erf+erfc");
      assert.equal(erf(-x), -erf(x));
      close(erfc(-x) + erfc(x), 2, 4 * EPS, "erfc reflection");
    }));
  });
  it("erfcx(x)·e^(−x²) = erfc(x) (property)", () => {
    fc.assert(fc.property(real(-5, 26), (x) => {
      close(erfcx(x) * expNegSquare(x), erfc(x), 1e-14, "erfcx");
    }));
  });
  it("erfc is decreasing (property)", () => {
    fc.assert(fc.property(real(-6, 26), real(0, 1), (x, d) => {
      assert.ok(erfc(x + d) <= erfc(x));
    }));
  });
});

describe("exact helpers", () => {
  it("productError gives the exact rounding error of a product (property)", () => {
    fc.assert(fc.property(real(-1e100, 1e100), real(-1e100, 1e100), (a, b) => {
      const p = a * b;
      const e = productError(a, b, p);
      // check with BigInt on the integer significands: a·b − p − e = 0 exactly
      const exact = (v: number) => {
        if (v === 0) return { m: 0n, e: 0 };
        const buf = new DataView(new ArrayBuffer(8));
        buf.setFloat64(0, v);
        const bits = buf.getBigUint64(0);
        const exp = Number((bits >> 52n) & 0x7ffn);
        let m = bits & ((1n << 52n) - 1n);
        if (exp !== 0) m |= 1n << 52n;
        const s = bits >> 63n ? -1n : 1n;
        return { m: s * m, e: (exp === 0 ? 1 : exp) - 1075 };
      };
      const A = exact(a), B = exact(b), P = exact(p), E = exact(e);
      const base = Math.min(A.e + B.e, P.e, E.e);
      const shift = (x: { m: bigint; e: number }, eb: number) => x.m << BigInt(eb - base);
      if (Math.abs(p) < 1e-290 || !Number.isFinite(p)) return; // outside the documented range
      assert.equal(shift({ m: A.m * B.m, e: A.e + B.e }, A.e + B.e) - shift(P, P.e) - shift(E, E.e), 0n);
    }));
  });
  it("expNegSquare keeps relative accuracy at large arguments", () => {
    close(expNegSquare(20), 1.9151695967140057e-174, 4 * EPS); // mpmath e^-400
    close(expNegSquare(30, 0.5), 3.693883068487256e-196, 4 * EPS); // mpmath e^-450
    close(expNegSquare(1 + 2 ** -30), Math.exp(-1) * Math.exp(-(2 ** -29) - 2 ** -60), 2 * EPS);
  });
  it("halfGammaCF(1) = e·Γ(½, 1)", () => {
    close(halfGammaCF(1), 0.7578721561413121, 4 * EPS); // mpmath
  });
});
