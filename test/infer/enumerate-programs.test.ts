// Property: on random finite discrete Borel programs, enumeration's three searches (src/infer/enumerate.ts) —
// depth first in place, paused branching runs on a frontier, replay — give the same posterior — the same log Z,
// and the same expectation of every choice, tracked value and the return value — or fail with the same error.
// The searches share no code below the enumeration's bookkeeping (one calls each choice's continuation per
// value, one forks paused runs, one re-runs `generate` with a prefix of constraints), so agreement to
// rounding (1e-12; the sums differ only in order) checks the branching mechanism on programs nobody wrote by
// hand: branches with different numbers of choices, loops, sub-model calls, observations, factors of −∞.
// Programs are built from a random tape of integers (fast-check shrinks the tape to a small failing program).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { GenerativeFunction } from "../../src/trace/gfi.js";
import type { Posterior } from "../../src/posterior/posterior.js";
import { enumerate } from "../../src/infer/enumerate.js";
import { isBorelError } from "../../src/util/errors.js";
import { compiledProgram } from "./borel-programs.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

type Outcome = { post: Posterior } | { error: string };

function run(gf: GenerativeFunction, branching: boolean | "paused"): Outcome {
  try {
    return { post: enumerate(gf, [], {}, { keepTraces: false, branching }) };
  } catch (e) {
    if (isBorelError(e)) return { error: e.code };
    throw e;
  }
}

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

test("enumerate: depth-first, paused and replay searches agree on random discrete Borel programs (log Z, every expectation, errors)", () => {
  let compared = 0, pruned = 0, inPlace = 0;
  fc.assert(fc.property(fc.array(fc.nat(1000), { minLength: 8, maxLength: 80 }), (tape) => {
    const { source, model: gf } = compiledProgram(tape);
    const b = run(gf, false), depthFirst = run(gf, true), paused = run(gf, "paused");
    for (const [branching, a] of [[true, depthFirst], ["paused", paused]] as const) {
      if ("error" in a || "error" in b) {
        assert.deepEqual(a, b, source);
        return;
      }
      assert.ok(near(a.post.logZ!, b.post.logZ!), `log Z ${a.post.logZ} vs ${b.post.logZ} (branching ${branching})\n${source}`);
      const keys = new Set([...a.post.keys(), ...b.post.keys()]);
      for (const k of keys) {
        // E[value of k, or −1 where the draw has no k]: the same leaves with the same weights give the same number.
        // (A key no draw of a posterior has is an error there, not undefined: that posterior's expectation is −1.)
        const f = (post: Posterior) => (post.keys().includes(k) ? post.expect((d) => { const v = d.get(k); return v === undefined ? -1 : Number(v); }) : -1);
        assert.ok(near(f(a.post), f(b.post)), `E[${k}]: ${f(a.post)} vs ${f(b.post)} (branching ${branching})\n${source}`);
      }
    }
    if (!("post" in depthFirst && "post" in paused)) return;
    // Both branching searches stop a run at the same place (an impossible observation or factor).
    for (const d of ["executions", "pruned"]) assert.equal(depthFirst.post.diagnostics[d], paused.post.diagnostics[d], `${d}\n${source}`);
    if (depthFirst.post.diagnostics.search === "depth-first") inPlace++;
    if (((depthFirst.post.diagnostics.pruned as number | undefined) ?? 0) > 0) pruned++;
    compared++;
  }), { numRuns: 300 });
  // The generator must reach the interesting cases, or the property says little.
  assert.ok(compared > 100, `only ${compared} programs compared`);
  assert.ok(inPlace === compared, `${compared - inPlace} programs fell back from the depth-first search`);
  assert.ok(pruned > 10, `only ${pruned} programs with pruned runs`);
  if (process.env.SHOW) console.log({ compared, pruned });
});
