// Numerical integration for the tests: adaptive Gauss–Kronrod (7/15 points) on finite intervals, and the
// integral of a density over its whole support after mapping the support to R^k by the distribution's own
// bijector and then y = c + s·sinh((π/2)·sinh(v)) (c, s: median and spread of unconstrained samples), whose
// double-exponential decay in v tames heavy tails (student_t with ν = 0.5) and integrable endpoint
// singularities (beta(1, 0.1)); v runs over [−5, 5].
import { bijectorFor } from "../../src/dist/bijectors.js";
import type { Distribution } from "../../src/dist/distribution.js";
import { Rng } from "../../src/rand/rng.js";

const XGK = [0.991455371120812639, 0.949107912342758525, 0.864864423359769073, 0.741531185599394440,
  0.586087235467691130, 0.405845151377397167, 0.207784955007898468, 0];
const WGK = [0.022935322010529225, 0.063092092629978553, 0.104790010322250184, 0.140653259715525919,
  0.169004726639267903, 0.190350578064785410, 0.204432940075298892, 0.209482141084727828];
const WG = [0.129484966168869693, 0.279705391489276668, 0.381830050505118945, 0.417959183673469388];

function gk15(f: (x: number) => number, a: number, b: number): [number, number] {
  const c = 0.5 * (a + b), h = 0.5 * (b - a);
  const fc = f(c);
  let k = fc * WGK[7], g = fc * WG[3];
  for (let j = 0; j < 7; j++) {
    const dx = h * XGK[j], f1 = f(c - dx), f2 = f(c + dx);
    k += WGK[j] * (f1 + f2);
    if (j % 2 === 1) g += WG[(j - 1) / 2] * (f1 + f2);
  }
  return [k * h, Math.abs((k - g) * h)];
}

/**
 * ∫_a^b f: 16 initial panels (so a narrow peak cannot slip between the first nodes), then adaptive bisection:
 * a panel is accepted when its 15-point Kronrod value agrees with the sum over its two halves within its share
 * of the absolute tolerance `tol` (more robust at kinks than the Gauss–Kronrod difference alone). After
 * `budget` panels the rest are accepted as they are (the double-precision limits of a density near a pole
 * make the estimate jagged). Non-finite integrand values count as 0 (endpoint limits).
 */
export function integrate(f: (x: number) => number, a: number, b: number, tol = 1e-10, budget = 4000): number {
  const g = (x: number): number => { const y = f(x); return Number.isFinite(y) ? y : 0; };
  let panels = 0;
  const rec = (lo: number, hi: number, t: number, whole: number): number => {
    const m = 0.5 * (lo + hi), left = gk15(g, lo, m)[0], right = gk15(g, m, hi)[0];
    if (Math.abs(whole - left - right) <= t || hi - lo < 1e-13 || ++panels > budget) return left + right;
    return rec(lo, m, t / 2, left) + rec(m, hi, t / 2, right);
  };
  const P = 16, h = (b - a) / P;
  let s = 0;
  for (let i = 0; i < P; i++) { const lo = a + i * h, hi = i === P - 1 ? b : lo + h; s += rec(lo, hi, tol / P, gk15(g, lo, hi)[0]); }
  return s;
}

/** Median and a robust spread of the unconstrained coordinates of samples of d. */
function centerScale(d: Distribution, dim: number, seed: number): { c: number[]; s: number[] } {
  const b = bijectorFor(d.support, d.size);
  const rng = new Rng(seed);
  const cols: number[][] = Array.from({ length: dim }, () => []);
  for (let i = 0; i < 400; i++) {
    const y = b.inverse(d.sample(rng) as number | Float64Array);
    for (let j = 0; j < dim; j++) cols[j].push(typeof y === "number" ? y : y[j]);
  }
  const c: number[] = [], s: number[] = [];
  for (const col of cols) {
    const fin = col.filter(Number.isFinite).sort((x, y) => x - y);
    const q = (p: number) => fin[Math.min(fin.length - 1, Math.floor(p * fin.length))];
    c.push(q(0.5));
    s.push(Math.max((q(0.9) - q(0.1)) / 2.56, 1e-3));
  }
  return { c, s };
}

/** The unconstrained map of `totalMass` for a scalar distribution, and its inverse. */
function scalarMap(d: Distribution, seed: number) {
  const b = bijectorFor(d.support, d.size);
  const { c, s } = centerScale(d, 1, seed);
  const HALF_PI = Math.PI / 2;
  return {
    density: (v: number): number => {
      const u = HALF_PI * Math.sinh(v), y = c[0] + s[0] * Math.sinh(u);
      return Math.exp(d.logpdf(b.forward(y) as number) + (b.logDetJ(y) as number)) * s[0] * Math.cosh(u) * HALF_PI * Math.cosh(v);
    },
    vOf: (x: number): number => Math.asinh(Math.asinh(((b.inverse(x) as number) - c[0]) / s[0]) / HALF_PI),
  };
}

/** ∫ p over (lower end of the support, x] for a continuous scalar distribution: the cdf by quadrature. */
export function massBelow(d: Distribution, x: number, tol = 1e-11, seed = 7): number {
  const { density, vOf } = scalarMap(d, seed);
  const v = Math.min(5, vOf(x));
  return v <= -5 ? 0 : integrate(density, -5, v, tol);
}

/** ∫ p over the support of a continuous distribution (scalar, or vector with ≤ 2 unconstrained dims). */
export function totalMass(d: Distribution, tol = 1e-10, seed = 7): number {
  const b = bijectorFor(d.support, d.size);
  const dim = b.unconstrainedSize(d.size);
  const { c, s } = centerScale(d, dim, seed);
  const density = (y: number | Float64Array): number => {
    const x = b.forward(y) as number | Float64Array;
    return Math.exp(d.logpdf(x) + (b.logDetJ(y) as number));
  };
  const H = 5, HALF_PI = Math.PI / 2;
  const jac = (v: number, j: number): [number, number] => {
    const u = HALF_PI * Math.sinh(v);
    return [c[j] + s[j] * Math.sinh(u), s[j] * Math.cosh(u) * HALF_PI * Math.cosh(v)];
  };
  if (dim === 1) {
    return integrate((t) => {
      const [y, w] = jac(t, 0);
      return density(d.size === -1 ? y : new Float64Array([y])) * w;
    }, -H, H, tol);
  }
  if (dim === 2) {
    return integrate((t0) => {
      const [y0, w0] = jac(t0, 0);
      return w0 * integrate((t1) => {
        const [y1, w1] = jac(t1, 1);
        return density(new Float64Array([y0, y1])) * w1;
      }, -H, H, tol);
    }, -H, H, tol);
  }
  throw new Error(`totalMass: ${dim} unconstrained dimensions are not supported`);
}
