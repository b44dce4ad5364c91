import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  betaCdf, binomialCdf, chiSquareCdf, chiSquareIsf, chiSquareQuantile, chiSquareSf, gammaCdf, poissonCdf, studentTCdf,
  studentTQuantile,
} from "../../src/math/cdf.js";
import { normalCdf, normalQuantile } from "../../src/math/normal.js";
import { lchoose } from "../../src/math/gamma.js";
import { EPS, checkTable, close, logScaled } from "./helpers.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

const real = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const logUniform = (lo: number, hi: number) => real(Math.log(lo), Math.log(hi)).map(Math.exp);

describe("Student t", () => {
  it("CDF and quantile match mpmath for ν in [0.5, 1e4] (80ε and 300ε·(1 + |ln value|))", () => {
    checkTable("studentTCdf", studentTCdf, logScaled(80));
    checkTable("studentTQuantile", studentTQuantile, logScaled(300));
  });
  it("closed forms: Cauchy (ν = 1) and ν = 2", () => {
    for (const t of [-1e10, -30, -1, -0.01, 0.5, 7]) {
      const cauchyTail = Math.atan2(1, Math.abs(t)) / Math.PI; // P(T ≤ −|t|)
      close(studentTCdf(t, 1), t < 0 ? cauchyTail : 1 - cauchyTail, 1e-14, `Cauchy ${t}`);
      const tail2 = 0.5 * (1 - Math.abs(t) / Math.sqrt(2 + t * t));
      if (Math.abs(t) < 100) close(studentTCdf(t, 2), t < 0 ? tail2 : 1 - tail2, 1e-13, `ν=2 ${t}`);
    }
    close(studentTCdf(-1e10, 2), 5e-21, 1e-12);
    close(studentTQuantile(0.975, 10), 2.2281388519862744, 8 * EPS); // mpmath
  });
  it("special values", () => {
    assert.equal(studentTCdf(0, 3), 0.5);
    assert.equal(studentTCdf(Infinity, 3), 1);
    assert.equal(studentTCdf(-Infinity, 3), 0);
    assert.equal(studentTCdf(1.5, Infinity), normalCdf(1.5));
    assert.equal(studentTQuantile(0.3, Infinity), normalQuantile(0.3));
    assert.equal(studentTQuantile(0.5, 7), 0);
    assert.equal(studentTQuantile(0, 7), -Infinity);
    assert.equal(studentTQuantile(1, 7), Infinity);
    assert.ok(Number.isNaN(studentTCdf(1, 0)) && Number.isNaN(studentTQuantile(0.5, -1)));
  });
  it("F(−t) = 1 − F(t) and quantile ∘ CDF = id (property)", () => {
    fc.assert(fc.property(logUniform(0.3, 1e4), real(-50, 50), (nu, t) => {
      close(studentTCdf(-t, nu) + studentTCdf(t, nu), 1, 8 * EPS, "symmetry");
      const p = studentTCdf(-Math.abs(t), nu);
      fc.pre(p > 1e-300);
      const back = studentTQuantile(p, nu);
      close(back, -Math.abs(t), 1e-12, `ν=${nu}`, 1e-3);
    }), { numRuns: 60 });
  });
});

describe("χ², gamma, beta", () => {
  it("χ² CDF, survival function and quantile match mpmath", () => {
    checkTable("chiSquareCdf", chiSquareCdf, logScaled(8));
    checkTable("chiSquareSf", chiSquareSf, logScaled(10));
    checkTable("chiSquareQuantile", chiSquareQuantile, logScaled(8));
  });
  it("textbook critical values", () => {
    close(chiSquareQuantile(0.95, 1), 3.841458820694124, 8 * EPS);
    close(chiSquareIsf(0.05, 1), 3.841458820694124, 8 * EPS);
    close(chiSquareSf(3.841458820694124, 1), 0.05, 1e-14);
    close(chiSquareQuantile(0.95, 10), 18.307038053275146, 8 * EPS);
    close(chiSquareSf(500, 10), 4.4147360999137545e-101, 1e-13); // scipy.stats.chi2.sf
    assert.equal(chiSquareCdf(-1, 3), 0);
    assert.equal(chiSquareSf(0, 3), 1);
  });
  it("gammaCdf scales by the rate; betaCdf clamps (property)", () => {
    fc.assert(fc.property(logUniform(0.1, 100), logUniform(0.01, 100), logUniform(0.01, 100), (shape, rate, x) => {
      close(gammaCdf(x, shape, rate), chiSquareCdf(2 * rate * x, 2 * shape), 1e-13, "gamma vs χ²", 1e-300);
    }));
    close(gammaCdf(1, 1, 2), -Math.expm1(-2), 4 * EPS);
    assert.equal(betaCdf(-1, 2, 3), 0);
    assert.equal(betaCdf(2, 2, 3), 1);
    assert.equal(betaCdf(0.5, 2, 2), 0.5);
  });
});

describe("discrete CDFs", () => {
  it("Poisson and binomial CDFs match mpmath sums", () => {
    checkTable("poissonCdf", poissonCdf, logScaled(4));
    checkTable("binomialCdf", binomialCdf, logScaled(40));
  });
  it("agree with direct sums of the pmf (property)", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 60 }), real(0.01, 0.99), fc.integer({ min: 0, max: 60 }), (n, p, k) => {
      let s = 0;
      for (let j = 0; j <= Math.min(k, n); j++) s += Math.exp(lchoose(n, j) + j * Math.log(p) + (n - j) * Math.log1p(-p));
      close(binomialCdf(k, n, p), Math.min(s, 1), 1e-12, `Bin(${n}, ${p}) ≤ ${k}`, 1e-300);
    }));
    fc.assert(fc.property(real(0.01, 50), fc.integer({ min: 0, max: 100 }), (rate, k) => {
      let s = 0;
      for (let j = 0; j <= k; j++) s += Math.exp(-rate + j * Math.log(rate) - lchoose(j, 0) - lfact(j));
      close(poissonCdf(k, rate), Math.min(s, 1), 1e-12, `Poisson(${rate}) ≤ ${k}`, 1e-300);
    }));
  });
  it("edges", () => {
    assert.equal(poissonCdf(-1, 3), 0);
    assert.equal(poissonCdf(5, 0), 1);
    close(poissonCdf(0, 2), Math.exp(-2), 4 * EPS);
    close(poissonCdf(2.7, 2), 5 * Math.exp(-2), 4 * EPS); // ⌊k⌋
    assert.equal(binomialCdf(-1, 10, 0.5), 0);
    assert.equal(binomialCdf(10, 10, 0.5), 1);
    assert.equal(binomialCdf(3, 10, 0), 1);
    assert.equal(binomialCdf(3, 10, 1), 0);
    close(binomialCdf(0, 10, 0.5), 2 ** -10, 4 * EPS);
    close(binomialCdf(5, 10, 0.5), 0.623046875, 4 * EPS);
    assert.ok(Number.isNaN(binomialCdf(3, 10.5, 0.5)) && Number.isNaN(poissonCdf(3, -1)));
  });
});

function lfact(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}
