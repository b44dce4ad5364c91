// Property: on random finite discrete Borel programs, enumeration by branching runs and the search by replay
// (src/infer/enumerate.ts) give the same posterior — the same log Z, and the same expectation of every choice,
// tracked value and the return value — or fail with the same error. The two searches share no code below the
// frontier (one forks paused runs, the other re-runs `generate` with a prefix of constraints), so agreement to
// rounding (1e-12; the sums differ only in order) checks the branching mechanism on programs nobody wrote by
// hand: branches with different numbers of choices, loops, sub-model calls, observations, factors of −∞.
// Programs are built from a random tape of integers (fast-check shrinks the tape to a small failing program).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { compileProgram } from "../../src/lang/program.js";
import type { GenerativeFunction } from "../../src/trace/gfi.js";
import type { Posterior } from "../../src/posterior/posterior.js";
import { enumerate } from "../../src/infer/enumerate.js";
import { isBorelError } from "../../src/util/errors.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

/** Borel source of a random discrete program read off `tape` (numbers used in order, 0 once it runs out). */
function discreteProgram(tape: readonly number[]): string {
  let at = 0, names = 0;
  const next = (n: number) => (at < tape.length ? tape[at++]! : 0) % n;
  const probs = ["0.1", "0.3", "0.5", "0.8"];
  const lines: string[] = [];
  // Names in scope: booleans and small integers (0..2).
  const emit = (depth: number, bools: string[], ints: string[], indent: string, budget: number): void => {
    for (let s = 0; s < budget; s++) {
      const b = bools.length > 0 ? bools[next(bools.length)]! : "true";
      const prob = () => (bools.length > 0 && next(2) === 0 ? `if ${b} { ${probs[next(4)]} } else { ${probs[next(4)]} }` : probs[next(4)]!);
      switch (next(9)) {
        case 0: case 1: { const c = `c${names++}`; lines.push(`${indent}${c} ~ bernoulli(${prob()})`); bools.push(c); break; }
        case 2: { const c = `k${names++}`; lines.push(`${indent}${c} ~ ${next(2) === 0 ? "uniform_int(0, 2)" : "categorical([0.2, 0.3, 0.5])"}`); ints.push(c); break; }
        case 3: { // with p = 0 or 1 in a branch: an observation impossible in some runs
          const edge = ["0", "0.3", "0.8", "1"];
          lines.push(`${indent}observe(bernoulli(if ${b} { ${edge[next(4)]} } else { ${edge[next(4)]} }), ${next(2) === 0})`);
          break;
        }
        case 4: lines.push(`${indent}observe(poisson(${ints.length > 0 ? `1 + ${ints[next(ints.length)]}` : "2"}), ${next(3)})`); break;
        case 5: lines.push(`${indent}factor(if ${b} { ${next(2) === 0 ? "-inf" : "-0.7"} } else { 0 })`); break;
        case 6: {
          if (depth >= 2) break;
          const cond = ints.length > 0 && next(2) === 0 ? `${ints[next(ints.length)]} == ${next(3)}` : b;
          lines.push(`${indent}if ${cond} {`);
          emit(depth + 1, [...bools], [...ints], indent + "  ", 1 + next(3));
          lines.push(`${indent}} else {`);
          emit(depth + 1, [...bools], [...ints], indent + "  ", next(3));
          lines.push(`${indent}}`);
          break;
        }
        case 7: {
          if (depth >= 2) break;
          const d = `d${names++}`;
          lines.push(`${indent}for i in 0..${1 + next(2)} {`);
          lines.push(`${indent}  ${d}[i] ~ bernoulli(${prob()})`);
          if (next(2) === 0) lines.push(`${indent}  observe(bernoulli(if ${d}[i] { 0.7 } else { 0.2 }), true)`);
          lines.push(`${indent}}`);
          break;
        }
        case 8: { const c = `s${names++}`; lines.push(`${indent}${c} ~ sub(${probs[next(4)]})`); bools.push(c); break; }
      }
    }
  };
  emit(0, [], [], "  ", 2 + next(5));
  const score = (v: string) => `(if ${v} { 1 } else { 0 })`;
  const top = lines.filter((l) => /^ {2}[cs]\d+ ~/.test(l)).map((l) => l.trim().split(" ")[0]!);
  const ret = top.length > 0 ? top.map(score).join(" + ") : "0";
  return `model sub(p) {
  a ~ bernoulli(p)
  observe(bernoulli(if a { 0.7 } else { 0.4 }), true)
  track pa = p
  return a
}
model m() {
${lines.join("\n")}
  track ntop = ${top.length}
  return ${ret}
}`;
}

type Outcome = { post: Posterior } | { error: string };

function run(gf: GenerativeFunction, branching: boolean): Outcome {
  try {
    return { post: enumerate(gf, [], {}, { keepTraces: false, branching }) };
  } catch (e) {
    if (isBorelError(e)) return { error: e.code };
    throw e;
  }
}

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

test("enumerate: branching runs and replay agree on random discrete Borel programs (log Z, every expectation, errors)", () => {
  let compared = 0, pruned = 0;
  fc.assert(fc.property(fc.array(fc.nat(1000), { minLength: 8, maxLength: 80 }), (tape) => {
    const source = discreteProgram(tape);
    const p = compileProgram(source, "random.borel");
    if (p.errors.length > 0) throw new Error(`the generator made an invalid program: ${p.errors[0]!.message}\n${source}`);
    const gf = (p.models as Record<string, GenerativeFunction>).m!;
    const a = run(gf, true), b = run(gf, false);
    if ("error" in a || "error" in b) {
      assert.deepEqual(a, b, source);
      return;
    }
    assert.ok(near(a.post.logZ!, b.post.logZ!), `log Z ${a.post.logZ} vs ${b.post.logZ}\n${source}`);
    const keys = new Set([...a.post.keys(), ...b.post.keys()]);
    for (const k of keys) {
      // E[value of k, or −1 where the draw has no k]: the same leaves with the same weights give the same number.
      const f = (post: Posterior) => post.expect((d) => { const v = d.get(k); return v === undefined ? -1 : Number(v); });
      assert.ok(near(f(a.post), f(b.post)), `E[${k}]: ${f(a.post)} vs ${f(b.post)}\n${source}`);
    }
    compared++;
    if (((a.post.diagnostics.pruned as number | undefined) ?? 0) > 0) pruned++;
  }), { numRuns: 300 });
  // The generator must reach the interesting cases, or the property says little.
  assert.ok(compared > 100, `only ${compared} programs compared`);
  assert.ok(pruned > 10, `only ${pruned} programs with pruned runs`);
  if (process.env.SHOW) console.log({ compared, pruned });
});
