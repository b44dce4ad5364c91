// Shared helpers for the compiler tests: compile a Borel source (throwing its first error), log densities.
import assert from "node:assert/strict";
import { compileProgram, type CompileOptions, type CompiledProgram } from "../../../src/lang/program.js";
import { formatError } from "../../../src/util/errors.js";
import type { Trace } from "../../../src/trace/gfi.js";
import { parse } from "../../../src/lang/syntax/parse.js";
import { emitProgram } from "../../../src/lang/compile/emit-program.js";
import { makeBuiltins } from "../../../src/lang/runtime/builtins.js";
import { Budget } from "../../../src/lang/runtime/budget.js";
import { Rng } from "../../../src/rand/rng.js";
import { ChoiceMap } from "../../../src/trace/choicemap.js";
import { UnconstrainedView } from "../../../src/infer/unconstrained.js";
import { finiteDifference } from "../../../src/ad/grad.js";

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

/** The JavaScript a Borel source compiles to. */
export function emitted(source: string): string {
  const builtins = new Set(Object.keys(makeBuiltins(new Budget(), () => { throw new Error("no load"); })));
  return emitProgram(parse(source, "t.borel").program, { globals: [], imports: [], builtins }).code;
}
/** True when the compiled source has a batched loop. */
export const batched = (source: string) => /\$tryBatch\(/.test(emitted(source));

/**
 * For each program `m(args)` and seeds 1–3: the gradient run's log joint equals generate's (the loop as written)
 * to 1e-9, and its gradient matches finite differences to 1e-5.
 */
export function checkGradientRuns(programs: Record<string, [string, unknown[]]>): void {
  for (const [name, [source, args]] of Object.entries(programs)) {
    const model = compile(source).models.m;
    for (const seed of [1, 2, 3]) {
      const tr = model.generate(args, ChoiceMap.EMPTY, new Rng(seed)).trace;
      const v = new UnconstrainedView(model, tr, undefined, { jacobian: false });
      const th = v.thetaOf(tr), g = new Float64Array(v.dim);
      const lp = v.logDensityGradient(th, g);
      const joint = model.generate(args, v.valuesAt(th), new Rng(0)).trace.score;
      assert.ok(Math.abs(lp - joint) <= 1e-9 * Math.max(1, Math.abs(joint)), `${name}, seed ${seed}: ${lp} vs generate's ${joint}`);
      const fd = finiteDifference((x) => v.logDensity(x), th);
      g.forEach((gi, i) => assert.ok(Math.abs(gi - fd[i]) <= 1e-5 * Math.max(1, Math.abs(fd[i])), `${name}, seed ${seed} ∂/∂θ${i}: ${gi} vs ${fd[i]}`));
    }
  }
}
