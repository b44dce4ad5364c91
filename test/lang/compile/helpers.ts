// Shared helpers for the compiler tests: compile a Borel source (throwing its first error), log densities.
import assert from "node:assert/strict";
import { compileProgram, type CompileOptions, type CompiledProgram } from "../../../src/lang/program.js";
import { formatError } from "../../../src/util/errors.js";
import type { Trace } from "../../../src/trace/gfi.js";

/** Compiles `source`; fails the test with the formatted errors when there are any. */
export function compile(source: string, options: CompileOptions = {}, file = "test.borel"): CompiledProgram {
  const p = compileProgram(source, file, options);
  if (p.errors.length > 0) assert.fail(p.errors.map((e) => formatError(e, { source })).join("\n"));
  return p;
}

/** The first error of compiling `source` (fails when it compiles). */
export function compileError(source: string, options: CompileOptions = {}, file = "test.borel") {
  const p = compileProgram(source, file, options);
  assert.ok(p.errors.length > 0, "expected an error");
  return p.errors[0];
}

export const lnorm = (x: number, mu: number, s: number) => -0.5 * ((x - mu) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
export const lbern = (b: boolean, p: number) => Math.log(b ? p : 1 - p);
export const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

const plain = (v: unknown) => (v instanceof Float64Array ? Array.from(v) : v);
/** Everything a trace says: its choices in order, scores, return value, tracked values (for deepEqual). */
export function signature(t: Trace): unknown {
  return {
    choices: [...t.choices()].map((c) => [c.key, plain(c.value), c.logp, c.observed]),
    scores: [t.score, t.latentScore, t.observedScore, t.factorScore],
    retval: plain(t.retval),
    tracked: [...t.tracked()].map(([k, v]) => [k, plain(v)]),
  };
}
