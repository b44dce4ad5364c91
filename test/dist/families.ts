// Test fixture: every distribution of the registry as one or more "cases". A case draws a flat vector of real
// parameters (fast-check) and builds the distribution from them — from numbers, or from AD scalars for the
// gradient tests — so one property can run over all families. `diff[i]` says whether parameter i is
// differentiable (binomial's n is a count, truncation bounds are plain numbers).
import fc from "fast-check";
import { add, mul, sub } from "../../src/ad/arith.js";
import { stack } from "../../src/ad/reduce.js";
import { m } from "../../src/ad/math.js";
import type { Real, Scalar } from "../../src/ad/var.js";
import type { Distribution } from "../../src/dist/distribution.js";
import {
  bernoulli, bernoulliLogit, beta, binomial, binomialLogit, categorical, categoricalLogit, cauchy, delta, dirichlet,
  exponential, flat, gamma, geometric, halfCauchy, halfFlat, halfNormal, iid, invGamma, laplace, logistic, lognormal,
  mixture, mvnormal, mvnormalChol, negBinomial, negBinomial2, normal, ordered, poisson, poissonLog, studentT,
  truncated, uniform, uniformInt,
} from "../../src/dist/index.js";

export interface Case {
  /** Unique id ("truncated_poisson"). */
  id: string;
  /** Registry name of the outermost distribution. */
  family: string;
  gen: fc.Arbitrary<number[]>;
  /** Parameters for the sample-moment tests when they need a narrower range (finite fourth moments). */
  momentGen?: fc.Arbitrary<number[]>;
  build: (p: Scalar[]) => Distribution;
  /** Which flat parameters are differentiable; default all. */
  diff?: boolean[];
}

/**
 * Reals uniform in [lo, hi] (fc.double is uniform over representable doubles, so most draws would be ~1e-300;
 * the bounds themselves are drawn too, a few percent of the time).
 */
export const real = (lo: number, hi: number): fc.Arbitrary<number> =>
  fc.noBias(fc.integer({ min: -50, max: (1 << 30) + 50 })).map((i) => lo + (hi - lo) * Math.min(1, Math.max(0, i / (1 << 30))));
/** Log-uniform positive reals in [lo, hi]. */
export const logU = (lo: number, hi: number): fc.Arbitrary<number> => real(Math.log(lo), Math.log(hi)).map(Math.exp);
const int = (lo: number, hi: number): fc.Arbitrary<number> => fc.noBias(fc.integer({ min: lo, max: hi }));
/** An AD/plain scalar expression as a Scalar (m.* ops return Real). */
const S = (x: Real): Scalar => x as Scalar;
const tup = (...a: fc.Arbitrary<number>[]): fc.Arbitrary<number[]> => fc.tuple(...a).map((t) => t as number[]);

/** A scalar family whose flat parameters are its positional arguments. */
function plain(family: string, make: (...a: Scalar[]) => Distribution, gen: fc.Arbitrary<number[]>, extra: Partial<Case> = {}): Case {
  return { id: family, family, gen, build: (p) => make(...p), ...extra };
}

export const CASES: Case[] = [
  plain("normal", normal, tup(real(-5, 5), logU(0.05, 20))),
  plain("half_normal", halfNormal, tup(logU(0.05, 20))),
  plain("lognormal", lognormal, tup(real(-2, 2), logU(0.1, 1.2))),
  plain("student_t", studentT, tup(logU(0.5, 60), real(-5, 5), logU(0.1, 10)), { momentGen: tup(real(9, 60), real(-5, 5), logU(0.1, 10)) }),
  plain("cauchy", cauchy, tup(real(-5, 5), logU(0.05, 20))),
  plain("half_cauchy", halfCauchy, tup(logU(0.05, 20))),
  plain("laplace", laplace, tup(real(-5, 5), logU(0.05, 20))),
  plain("logistic", logistic, tup(real(-5, 5), logU(0.05, 20))),
  plain("exponential", exponential, tup(logU(0.05, 20))),
  plain("gamma", gamma, tup(logU(0.2, 50), logU(0.05, 20))),
  plain("inv_gamma", invGamma, tup(logU(0.5, 30), logU(0.1, 10)), { momentGen: tup(real(5, 30), logU(0.1, 10)) }),
  // beta < 0.5 puts mass > 1e-8 within one ulp of x = 1, which no double can resolve (the density there is
  // +Infinity at the representable x = 1): the quadrature could not see it, so the fixture stays above.
  plain("beta", beta, tup(logU(0.1, 50), logU(0.5, 50))),
  {
    id: "uniform", family: "uniform", gen: tup(real(-10, 10), logU(0.01, 20)),
    build: ([low, width]) => uniform(low, add(low, width)),
  },
  plain("flat", flat, tup()),
  plain("half_flat", halfFlat, tup()),
  plain("bernoulli", bernoulli, tup(real(0.01, 0.99))),
  plain("bernoulli_logit", bernoulliLogit, tup(real(-6, 6))),
  plain("binomial", binomial, tup(int(0, 80), real(0.01, 0.99)), { diff: [false, true] }),
  plain("binomial_logit", binomialLogit, tup(int(0, 80), real(-4, 4)), { diff: [false, true] }),
  plain("poisson", poisson, tup(logU(0.1, 300))),
  plain("poisson_log", poissonLog, tup(real(-2, 5.5))),
  plain("neg_binomial", negBinomial, tup(logU(0.2, 30), real(0.05, 0.95))),
  plain("neg_binomial_2", negBinomial2, tup(logU(0.2, 50), logU(0.3, 50))),
  plain("geometric", geometric, tup(real(0.05, 0.95))),
  {
    id: "uniform_int", family: "uniform_int", gen: tup(int(-20, 20), int(0, 30)), diff: [false, false],
    build: ([low, width]) => uniformInt(low, add(low, width)),
  },
  {
    id: "categorical", family: "categorical", gen: tup(real(-3, 3), real(-3, 3), real(-3, 3), real(-3, 3)),
    build: (p) => categorical(m.softmax(stack(p))),
  },
  { id: "categorical_logit", family: "categorical_logit", gen: tup(real(-4, 4), real(-4, 4), real(-4, 4)), build: (p) => categoricalLogit(stack(p)) },
  { id: "dirichlet", family: "dirichlet", gen: tup(logU(0.5, 20), logU(0.5, 20), logU(0.5, 20)), build: (p) => dirichlet(stack(p)) },
  {
    // cov = L Lᵀ with L = [[a, 0], [b, c]].
    id: "mvnormal", family: "mvnormal", gen: tup(real(-3, 3), real(-3, 3), logU(0.3, 3), real(-1, 1), logU(0.3, 3)),
    build: ([m0, m1, a, b, c]) => mvnormal(stack([m0, m1]), stack([S(mul(a, a)), S(mul(a, b)), S(mul(a, b)), S(add(mul(b, b), mul(c, c)))])),
  },
  {
    id: "mvnormal_chol", family: "mvnormal_chol", gen: tup(real(-3, 3), real(-3, 3), logU(0.3, 3), real(-1, 1), logU(0.3, 3)),
    build: ([m0, m1, a, b, c]) => mvnormalChol(stack([m0, m1]), stack([a, 0, b, c])),
  },
  {
    id: "mixture", family: "mixture", gen: tup(real(0.05, 0.95), real(-4, 4), logU(0.2, 3), real(-4, 4), logU(0.2, 3)),
    build: ([w, m1, s1, m2, s2]) => mixture(stack([w, S(sub(1, w))]), [normal(m1, s1), normal(m2, s2)]),
  },
  {
    id: "mixture_poisson", family: "mixture", gen: tup(real(0.05, 0.95), logU(0.5, 20), logU(0.5, 20)),
    build: ([w, r1, r2]) => mixture(stack([w, S(sub(1, w))]), [poisson(r1), poisson(r2)]),
  },
  {
    id: "mixture_vector", family: "mixture", gen: tup(real(0.05, 0.95), real(-4, 4), real(-4, 4), logU(0.3, 3)),
    build: ([w, m1, m2, s]) => mixture(stack([w, S(sub(1, w))]), [normal(stack([m1, m2, m1]), s), studentT(5, m2, s)]),
  },
  { id: "ordered", family: "ordered", gen: tup(real(-3, 3), logU(0.3, 3)), build: ([mu, s]) => ordered(normal(mu, s), 2) },
  { id: "ordered_positive", family: "ordered", gen: tup(logU(0.5, 10), logU(0.3, 3)), build: ([a, r]) => ordered(gamma(a, r), 2) },
  {
    id: "truncated", family: "truncated", gen: tup(real(-3, 3), logU(0.3, 3), real(-4, 2), logU(0.5, 6)), diff: [true, true, false, false],
    build: ([mu, s, low, w]) => truncated(normal(mu, s), low as number, (low as number) + (w as number)),
  },
  {
    id: "truncated_gamma_upper", family: "truncated", gen: tup(logU(0.5, 10), logU(0.3, 3), logU(0.2, 5)), diff: [true, true, false],
    build: ([a, r, low]) => truncated(gamma(a, r), low as number),
  },
  {
    id: "truncated_poisson", family: "truncated", gen: tup(logU(0.5, 30), int(0, 10), int(1, 15)), diff: [true, false, false],
    build: ([rate, low, w]) => truncated(poisson(rate), low as number, (low as number) + (w as number)),
  },
  { id: "delta", family: "delta", gen: tup(real(-5, 5)), diff: [false], build: ([v]) => delta(v) },
  { id: "iid", family: "iid", gen: tup(real(-3, 3), logU(0.3, 3)), build: ([mu, s]) => iid(normal(mu, s), 3) },
  { id: "iid_bernoulli_logit", family: "iid", gen: tup(real(-3, 3)), build: ([l]) => iid(bernoulliLogit(l), 4) },
];

/** The case's distribution from plain numbers. */
export const buildPlain = (c: Case, p: number[]): Distribution => c.build(p);

/** Runs `prop` over `numRuns` parameter draws of every case passing `filter`. */
export function forEachCase(
  filter: (c: Case, d: Distribution) => boolean,
  prop: (c: Case, p: number[], d: Distribution) => void,
  numRuns: number,
  gen: (c: Case) => fc.Arbitrary<number[]> = (c) => c.gen,
): string[] {
  const ran: string[] = [];
  for (const c of CASES) {
    let probe: Distribution;
    try {
      probe = c.build(fc.sample(c.gen, { numRuns: 1, seed: 1 })[0]);
    } catch (e) {
      throw new Error(`case ${c.id}: building failed: ${(e as Error).message}`);
    }
    if (!filter(c, probe)) continue;
    ran.push(c.id);
    try {
      fc.assert(fc.property(gen(c), (p) => { prop(c, p, c.build(p)); }), { numRuns, includeErrorInReport: true });
    } catch (e) {
      throw new Error(`case ${c.id}: ${(e as Error).message}`);
    }
  }
  return ran;
}

