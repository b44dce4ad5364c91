// Shared helpers of the stdlib tests: compile a program that imports stdlib modules (failing the test with
// the formatted errors), run one of its queries, call its functions; exact closeness; small data sets.
import assert from "node:assert/strict";
import { callFunction, compileProgram, runQuery, type CompiledProgram } from "../../src/lang/index.js";
import type { Posterior } from "../../src/posterior/posterior.js";
import { formatError } from "../../src/util/errors.js";

export function compile(source: string): CompiledProgram {
  const p = compileProgram(source, "stdlib-test.borel");
  if (p.errors.length > 0) assert.fail(p.errors.map((e) => formatError(e, { source })).join("\n"));
  return p;
}

/** Runs the i-th query of the program with the seed. */
export function query(p: CompiledProgram, i: number, seed = 1): Promise<Posterior> {
  return runQuery(p.queries[i]!, { seed });
}

export function call(p: CompiledProgram, name: string, ...args: unknown[]): unknown {
  return callFunction(p, name, args);
}

export function close(a: number, b: number, tol = 1e-10, what = ""): void {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what} ${a} vs ${b}`);
}

/** A posterior mean within 5 MCSE (+0.2% of the sd) of the exact value and the sd within 10%. */
export function closeMCMC(post: Posterior, key: string, mean: number, sd: number): void {
  const row = post.summary().get(key);
  assert.ok(row && row.mcse_mean !== null, `no MCMC summary for ${key}`);
  assert.ok(Math.abs(row.mean - mean) <= 5 * row.mcse_mean + 0.002 * sd, `${key}: mean ${row.mean} vs exact ${mean} (mcse ${row.mcse_mean})`);
  assert.ok(Math.abs(row.sd - sd) <= 0.1 * sd, `${key}: sd ${row.sd} vs exact ${sd}`);
}

export const lnorm = (x: number, mu: number, s: number): number => -0.5 * ((x - mu) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);

/** A deterministic pseudo-random sequence in [0, 1) (data for tests; no dependence on Borel's Rng). */
export function uniforms(n: number, seed = 1): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  });
}

/** Standard normal draws from `uniforms` by Box–Muller. */
export function normals(n: number, seed = 1): number[] {
  const u = uniforms(2 * n, seed);
  return Array.from({ length: n }, (_, i) => Math.sqrt(-2 * Math.log(1 - u[2 * i])) * Math.cos(2 * Math.PI * u[2 * i + 1]));
}

/** Solves A x = b by Gaussian elimination with partial pivoting (small dense systems). */
export function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}
