// Random finite discrete Borel programs for property tests (enumeration by branching, kernel invariance on
// compiled models): built from a tape of integers, so fast-check shrinks a failing tape to a small program.
// Choices over bernoulli / uniform_int / categorical whose parameters depend on earlier choices, branches with
// different numbers of choices, loops of indexed choices, sub-model calls, observations (some impossible in
// some runs), factors (some −∞), loops of nothing but observations or factors, tracked values and a return value.

import fc from "fast-check";
import { compileProgram } from "../../src/lang/program.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import type { GenerativeFunction, Trace } from "../../src/trace/gfi.js";

/** Borel source of a random discrete program read off `tape` (numbers used in order, 0 once it runs out). */
export function discreteProgram(tape: readonly number[]): string {
  let at = 0, names = 0;
  const next = (n: number) => (at < tape.length ? tape[at++]! : 0) % n;
  const probs = ["0.1", "0.3", "0.5", "0.8"];
  const lines: string[] = [];
  // An observation or factor, alone or repeated by a loop of nothing else (which compiled runs may run directly).
  const loopOf = (stmt: string, depth: number, indent: string) => {
    if (depth >= 2 || next(3) !== 0) { lines.push(`${indent}${stmt}`); return; }
    lines.push(`${indent}for j in 0..${1 + next(2)} {`, `${indent}  ${stmt}`, `${indent}}`);
  };
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
          loopOf(`observe(bernoulli(if ${b} { ${edge[next(4)]} } else { ${edge[next(4)]} }), ${next(2) === 0})`, depth, indent);
          break;
        }
        case 4: lines.push(`${indent}observe(poisson(${ints.length > 0 ? `1 + ${ints[next(ints.length)]}` : "2"}), ${next(3)})`); break;
        case 5: loopOf(`factor(if ${b} { ${next(2) === 0 ? "-inf" : "-0.7"} } else { 0 })`, depth, indent); break;
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

/** The tapes the property tests draw programs from. */
export const programTapes = fc.array(fc.nat(1000), { minLength: 8, maxLength: 40 });

/** The model `m` of the program read off `tape`, with its source (for failure messages). */
export function compiledProgram(tape: readonly number[]): { source: string; model: GenerativeFunction } {
  const source = discreteProgram(tape);
  const p = compileProgram(source, "random.borel");
  if (p.errors.length > 0) throw new Error(`the generator made an invalid program: ${p.errors[0]!.message}\n${source}`);
  return { source, model: (p.models as Record<string, GenerativeFunction>).m! };
}

/** `assess` of a program's model at a trace's latent choices (its observations are in its source). */
export function assessAt(model: GenerativeFunction, t: Trace): number {
  const c = new ChoiceMap();
  for (const ch of t.choices()) if (!ch.observed) c.set(ch.key, ch.value);
  return model.assess([], c).weight;
}
