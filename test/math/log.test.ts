import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  log1mExp, log1pExp, log1pmx, logAddExp, logistic, logit, logMeanExp, logSubExp, logSumExp, xlog1py, xlogy,
} from "../../src/math/log.js";
import { EPS, checkTable, close, ulps } from "./helpers.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

describe("logSumExp", () => {
  it("handles the special values", () => {
    assert.equal(logSumExp([]), -Infinity);
    assert.equal(logSumExp([-Infinity, -Infinity]), -Infinity);
    assert.equal(logSumExp([1, Infinity]), Infinity);
    assert.ok(Number.isNaN(logSumExp([1, NaN, 2])));
    assert.ok(Number.isNaN(logSumExp([Infinity, NaN])));
    assert.equal(logSumExp([-Infinity, 3]), 3);
  });
  it("is exact on simple sums and does not overflow", () => {
    close(logSumExp([Math.log(1), Math.log(3)]), Math.log(4), 2 * EPS);
    close(logSumExp([1000, 1000]), 1000 + Math.LN2, 2 * EPS);
    close(logSumExp([-1000, -1000, -1000]), -1000 + Math.log(3), 2 * EPS);
    // a tiny second term survives through log1p: 0 + log1p(1e-20) = 1e-20
    close(logSumExp(new Float64Array([0, Math.log(1e-20)])), 1e-20, 1e-15);
  });
  it("is shift-equivariant and bounded by max and max + log n (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -700, max: 700, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: -100, max: 100, noNaN: true }), (xs, c) => {
          const l = logSumExp(xs);
          const max = Math.max(...xs);
          assert.ok(l >= max && l <= max + Math.log(xs.length) + 1e-12);
          close(logSumExp(xs.map((x) => x + c)), l + c, 1e-13, "shift", 1);
        }),
    );
  });
  it("logMeanExp subtracts log n; NaN for empty", () => {
    close(logMeanExp([Math.log(1), Math.log(3)]), Math.log(2), 2 * EPS);
    assert.ok(Number.isNaN(logMeanExp([])));
    // Equal values: exactly that value (a deterministic model's log Z is 0, not 5.6e-17), at every n.
    for (const n of [1, 2, 3, 7, 14, 176, 1000, 2486, 50000]) for (const v of [0, -3.25, 1e17]) assert.equal(logMeanExp(new Float64Array(n).fill(v)), v, `n ${n}, v ${v}`);
    assert.equal(logMeanExp([-Infinity, -Infinity]), -Infinity);
    assert.ok(Number.isNaN(logMeanExp([0, NaN])));
    close(logMeanExp([0, -1000]), -Math.LN2, 2 * EPS);
  });
});

describe("logAddExp / logSubExp", () => {
  it("special values", () => {
    assert.equal(logAddExp(-Infinity, -Infinity), -Infinity);
    assert.equal(logAddExp(-Infinity, 2), 2);
    assert.equal(logAddExp(Infinity, 2), Infinity);
    assert.ok(Number.isNaN(logAddExp(NaN, 0)));
    assert.ok(Number.isNaN(logAddExp(-Infinity, NaN)));
    assert.equal(logSubExp(3, -Infinity), 3);
    assert.equal(logSubExp(3, 3), -Infinity);
    assert.ok(Number.isNaN(logSubExp(1, 2)));
  });
  it("exact cases", () => {
    close(logAddExp(0, 0), Math.LN2, EPS);
    close(logSubExp(Math.log(3), Math.log(1)), Math.log(2), 2 * EPS);
    close(logSubExp(0, -1e-20), Math.log(1e-20), 2 * EPS); // no cancellation
  });
  it("agree with logSumExp, commute, and invert each other (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -500, max: 500, noNaN: true }), fc.double({ min: -500, max: 500, noNaN: true }), (a, b) => {
        const s = logAddExp(a, b);
        assert.equal(s, logAddExp(b, a));
        close(s, logSumExp([a, b]), 4 * EPS, "lse", 1);
        if (a - b > -30) close(logSubExp(s, b), a, 1e-12, "sub", 1);
      }),
    );
  });
});

describe("log1pExp / log1mExp", () => {
  it("match high-precision values at the switch points and tails", () => {
    // mpmath: log1p(exp(x))
    close(log1pExp(0), Math.LN2, EPS);
    close(log1pExp(-40), 4.248354255291589e-18, 2 * EPS);
    close(log1pExp(20), 20.000000002061153, 2 * EPS);
    close(log1pExp(35), 35, 0);
    close(log1pExp(-800), 0, 0);
    // mpmath: log(1 - exp(x))
    close(log1mExp(-1e-20), -46.051701859880914, 2 * EPS);
    close(log1mExp(-Math.LN2), -Math.LN2, 2 * EPS);
    close(log1mExp(-50), -1.9287498479639178e-22, 2 * EPS);
    assert.equal(log1mExp(0), -Infinity);
    assert.ok(Number.isNaN(log1mExp(1)));
  });
  it("softplus(x) − softplus(−x) = x (property)", () => {
    fc.assert(fc.property(fc.double({ min: -700, max: 700, noNaN: true }), (x) => {
      close(log1pExp(x) - log1pExp(-x), x, 4 * EPS, "softplus", 1);
    }));
  });
  it("log1mExp(x) = log(1 − eˣ) where the direct formula is accurate (property)", () => {
    fc.assert(fc.property(fc.double({ min: -30, max: -1, noNaN: true }), (x) => {
      close(log1mExp(x), Math.log1p(-Math.exp(x)), 4 * EPS, "log1mExp", 1e-14);
    }));
  });
});

describe("logistic / logit", () => {
  it("values and limits", () => {
    assert.equal(logistic(0), 0.5);
    close(logistic(-700), 9.85967654375977e-305, 4 * EPS);
    assert.equal(logistic(800), 1);
    assert.equal(logistic(-800), 0);
    assert.equal(logit(0), -Infinity);
    assert.equal(logit(1), Infinity);
    assert.equal(logit(0.5), 0);
    assert.ok(Number.isNaN(logit(1.5)));
    const d = 2 ** -33; // logit(½ + d) = 4d + (16/3)d³ + …: the log1p branch keeps relative accuracy near ½
    close(logit(0.5 + d), 4 * d, 2 * EPS);
  });
  it("logit inverts logistic (property)", () => {
    // logistic(x) near 1 keeps only ε·e^|x| of relative information about x: the tolerance says so.
    fc.assert(fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
      const err = Math.abs(logit(logistic(x)) - x);
      assert.ok(err <= 8 * EPS * (Math.abs(x) + Math.exp(Math.abs(x))), `logit(logistic(${x})) off by ${err}`);
    }));
  });
});

describe("xlogy / xlog1py / log1pmx", () => {
  it("0·log 0 = 0 but NaN stays NaN", () => {
    assert.equal(xlogy(0, 0), 0);
    assert.equal(xlogy(0, Infinity), 0);
    assert.ok(Number.isNaN(xlogy(0, NaN)));
    close(xlogy(2, Math.E), 2, EPS);
    assert.equal(xlog1py(0, -1), 0);
    close(xlog1py(3, 1e-20), 3e-20, EPS);
  });
  it("log1pmx matches mpmath", () => {
    checkTable("log1pmx", log1pmx, ulps(5));
    assert.equal(log1pmx(-1), -Infinity);
  });
});
