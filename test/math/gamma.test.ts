import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  digamma, gammaFn, lbeta, lchoose, lfactorial, lgamma, lgamma1p, lgammaRatio, lmultigamma, stirlingCorrection, trigamma,
} from "../../src/math/gamma.js";
import { cospi, sinpi } from "../../src/math/trig.js";
import { EPS, checkTable, close, ulps } from "./helpers.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

const LOG_PI = Math.log(Math.PI);
const pos = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

describe("lgamma", () => {
  it("matches mpmath to 8 ulps, including next to the zeros at 1 and 2", () => {
    checkTable("lgamma", lgamma, ulps(8));
  });
  it("special values", () => {
    assert.equal(lgamma(1), 0);
    assert.equal(lgamma(2), 0);
    assert.equal(lgamma(0), Infinity);
    assert.equal(lgamma(-3), Infinity);
    assert.equal(lgamma(Infinity), Infinity);
    assert.equal(lgamma(-Infinity), Infinity);
    assert.ok(Number.isNaN(lgamma(NaN)));
    close(lgamma(0.5), 0.5 * LOG_PI, EPS);
    // mpmath: lgamma(1 + 2^-52) = −γ·2^-52 to 16 digits
    close(lgamma(1 + 2 ** -52), -1.281676242696001e-16, 4 * EPS);
  });
  it("satisfies the recurrence log Γ(x+1) = log Γ(x) + log x (property)", () => {
    fc.assert(fc.property(pos(0.01, 1e6), (x) => {
      close(lgamma(x + 1), lgamma(x) + Math.log(x), 1e-14, "recurrence", 1);
    }));
  });
  it("satisfies the reflection formula (property)", () => {
    fc.assert(fc.property(pos(-50, 50), (x) => {
      fc.pre(Math.abs(x - Math.round(x)) > 1e-6);
      const lhs = lgamma(x) + lgamma(1 - x);
      close(lhs, LOG_PI - Math.log(Math.abs(sinpi(x))), 1e-13, "reflection", Math.max(1, lgamma(Math.abs(x) + 1)));
    }));
  });
  it("satisfies Legendre's duplication formula (property)", () => {
    fc.assert(fc.property(pos(0.01, 1e4), (x) => {
      const rhs = (2 * x - 1) * Math.LN2 + lgamma(x) + lgamma(x + 0.5) - 0.5 * LOG_PI;
      close(lgamma(2 * x), rhs, 1e-13, "duplication", Math.max(1, Math.abs(lgamma(2 * x))));
    }));
  });
  it("lgamma1p is accurate for tiny arguments", () => {
    checkTable("lgamma1p", lgamma1p, ulps(5));
  });
  it("the Stirling correction is ≈ 1/(12x)", () => {
    close(stirlingCorrection(10), lgamma(10) - (9.5 * Math.log(10) - 10 + 0.5 * Math.log(2 * Math.PI)), 1e-13);
    close(stirlingCorrection(1e8), 1 / 12e8, 1e-15);
    assert.ok(Number.isNaN(stirlingCorrection(5)));
  });
});

describe("gammaFn", () => {
  it("matches mpmath to 8 ulps on (−30, 171)", () => {
    checkTable("gammaFn", gammaFn, ulps(8));
  });
  it("special values and factorials", () => {
    let f = 1;
    for (let n = 1; n <= 22; n++) {
      assert.equal(gammaFn(n), f, `Γ(${n})`);
      f *= n;
    }
    assert.equal(gammaFn(172), Infinity);
    assert.equal(gammaFn(0), Infinity);
    assert.equal(gammaFn(-0), -Infinity);
    assert.ok(Number.isNaN(gammaFn(-2)));
    close(gammaFn(0.5), Math.sqrt(Math.PI), 2 * EPS);
    close(gammaFn(-1.5), (4 * Math.sqrt(Math.PI)) / 3, 4 * EPS);
  });
  it("Γ(x+1) = x Γ(x) (property)", () => {
    fc.assert(fc.property(pos(-30, 150), (x) => {
      fc.pre(Math.abs(x - Math.round(x)) > 1e-6);
      close(gammaFn(x + 1), x * gammaFn(x), 1e-13, "recurrence");
    }));
  });
});

describe("digamma / trigamma", () => {
  it("match mpmath (ψ to 30 ulps, ψ′ to 10)", () => {
    checkTable("digamma", digamma, ulps(30));
    checkTable("trigamma", trigamma, ulps(10));
  });
  it("special values", () => {
    close(digamma(1), -0.5772156649015329, 2 * EPS);
    close(trigamma(1), (Math.PI * Math.PI) / 6, 2 * EPS);
    assert.ok(Math.abs(digamma(1.4616321449683622)) < 1e-16);
    assert.ok(Number.isNaN(digamma(0)));
    assert.ok(Number.isNaN(digamma(-2)));
    assert.equal(trigamma(-2), Infinity);
    assert.equal(digamma(Infinity), Infinity);
    assert.equal(trigamma(Infinity), 0);
  });
  it("ψ(x+1) = ψ(x) + 1/x and ψ′(x+1) = ψ′(x) − 1/x² (property)", () => {
    fc.assert(fc.property(pos(0.05, 1e5), (x) => {
      close(digamma(x + 1), digamma(x) + 1 / x, 1e-13, "ψ", Math.abs(1 / x));
      close(trigamma(x + 1), trigamma(x) - 1 / (x * x), 1e-13, "ψ′", 1 / (x * x));
    }));
  });
  it("ψ is the derivative of log Γ (central differences, property)", () => {
    fc.assert(fc.property(pos(0.5, 100), (x) => {
      const h = 1e-5 * x;
      close((lgamma(x + h) - lgamma(x - h)) / (2 * h), digamma(x), 1e-6, "ψ ≈ d lgamma", 1);
      close((digamma(x + h) - digamma(x - h)) / (2 * h), trigamma(x), 1e-6, "ψ′ ≈ dψ", 1);
    }));
  });
  it("reflection ψ(1−x) − ψ(x) = π cot πx (property)", () => {
    fc.assert(fc.property(pos(-20, 20), (x) => {
      fc.pre(Math.abs(x - Math.round(x)) > 1e-3);
      const cot = (Math.PI * cospi(x)) / sinpi(x);
      close(digamma(1 - x) - digamma(x), cot, 1e-12, "reflection", Math.max(1, Math.abs(digamma(x))));
    }));
  });
});

describe("lbeta, lfactorial, lchoose, lmultigamma", () => {
  it("match mpmath", () => {
    checkTable("lbeta", lbeta, ulps(15));
    checkTable("lfactorial", lfactorial, ulps(5));
    checkTable("lchoose", lchoose, ulps(5));
    checkTable("lmultigamma", lmultigamma, ulps(5));
  });
  it("exact small cases", () => {
    assert.equal(lbeta(1, 1), 0);
    assert.equal(lfactorial(0), 0);
    assert.equal(lfactorial(5), Math.log(120));
    assert.equal(lchoose(10, 3), Math.log(120));
    assert.equal(lchoose(50, 25), Math.log(126410606437752));
    assert.equal(lchoose(5, 0), 0);
    assert.equal(lchoose(5, 7), -Infinity);
    assert.equal(lchoose(5, -1), -Infinity);
    assert.ok(Number.isNaN(lmultigamma(0.4, 2)));
    close(lgammaRatio(1, 5), -Math.log(5), 2 * EPS);
  });
  it("lbeta is symmetric and satisfies B(a, b) = B(a+1, b)·(a+b)/a (property)", () => {
    fc.assert(fc.property(pos(1e-3, 1e6), pos(1e-3, 1e6), (a, b) => {
      const l = lbeta(a, b);
      assert.equal(l, lbeta(b, a));
      close(lbeta(a + 1, b) + Math.log((a + b) / a), l, 1e-13, "recurrence", 1);
    }));
  });
  it("lchoose satisfies Pascal's rule (property)", () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 5000 }), fc.integer({ min: 1, max: 4999 }), (n, k) => {
      fc.pre(k < n);
      const rhs = Math.log(Math.exp(lchoose(n - 1, k - 1) - lchoose(n, k)) + Math.exp(lchoose(n - 1, k) - lchoose(n, k)));
      assert.ok(Math.abs(rhs) < 1e-12, `Pascal n=${n} k=${k}: ${rhs}`);
    }));
  });
});
