// Lockstep SMC against per-particle SMC on random continuous Borel programs (fast-check). Between two
// observation points each program makes at most one latent choice, so both forms draw their random numbers in
// the same order — every particle's choice, then the resampling — and must agree exactly: the same log Ẑ, the
// same increments and resampling steps, the same draws particle by particle. Programs mix `let`s and `var`s of
// random values, elementwise builtins, `if` statements and `if` expressions on data, loops over ranges and
// arrays, indexed choices read back (x[t − 1]), `track`, `factor`, `x ~ d given v` and a random return value.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { compileProgram } from "../../src/lang/program.js";
import { smc } from "../../src/infer/smc/smc.js";
import type { GenerativeFunction } from "../../src/trace/gfi.js";

/** Borel source of a random lockstep-eligible program read off `tape` (numbers used in order, 0 once it runs out). */
function continuousProgram(tape: readonly number[]): string {
  let at = 0, names = 0;
  const next = (n: number) => (at < tape.length ? tape[at++]! : 0) % n;
  const lines: string[] = ["model m(ys) {"];
  const latents: string[] = [];
  // A random or data expression (a mean): a latent, a data point, a combination.
  const mean = (): string => {
    const l = latents.length > 0 ? latents[next(latents.length)]! : "0.5";
    switch (next(6)) {
      case 0: return l;
      case 1: return `0.8 * ${l} + ys[${next(4)}]`;
      case 2: return `tanh(${l}) - 0.3`;
      case 3: return `${l} / 2 - ${latents.length > 1 ? latents[next(latents.length)] : "1"}`;
      case 4: return `if ys[${next(4)}] > 0 { ${l} } else { -${l} }`;
      default: return `-${l} * 0.5`;
    }
  };
  // A positive random expression (a scale).
  const scale = () => `0.5 + exp(-abs(${mean()}))`;
  const latent = (indent: string, name: string) => {
    switch (next(4)) {
      case 0: lines.push(`${indent}${name} ~ lognormal(${mean()} * 0.1, 0.5)`); break;
      case 1: lines.push(`${indent}${name} ~ gamma(2, ${scale()})`); break;
      default: lines.push(`${indent}${name} ~ normal(${mean()}, ${scale()})`);
    }
  };
  const observation = (indent: string, y: string) => {
    switch (next(5)) {
      case 0: lines.push(`${indent}observe(student_t(4, ${mean()}, ${scale()}), ${y})`); break;
      case 1: lines.push(`${indent}factor(-0.5 * square(${mean()} - ${y}))`); break;
      case 2: { const o = `o${names++}`; lines.push(`${indent}${o} ~ normal(${mean()}, 1) given ${y}`); break; }
      default: lines.push(`${indent}observe(normal(${mean()}, ${scale()}), ${y})`);
    }
  };
  const segments = 1 + next(4);
  for (let s = 0; s < segments; s++) {
    switch (next(4)) {
      case 0: { // a state-space loop: x[t] from x[t - 1], one observation per step
        const x = `x${names++}`;
        latent("  ", `${x}[0]`);
        observation("  ", "ys[0]");
        lines.push(`  for t in 1..4 {`);
        latents.push(`${x}[t - 1]`);
        latent("    ", `${x}[t]`);
        latents.pop();
        latents.push(`${x}[t]`);
        if (next(2) === 0) lines.push(`    let d${names} = ${mean()} * 2`);
        if (next(3) === 0) lines.push(`    if ys[t] > 0.5 { track hi${names++} = ${mean()} }`);
        observation("    ", "ys[t]");
        lines.push("  }");
        latents.pop();
        latents.push(`${x}[3]`);
        break;
      }
      case 1: { // a var accumulated over an array of data
        const v = `acc${names++}`;
        lines.push(`  var ${v} = 0`);
        lines.push(`  for y in ys { ${v} = ${v} + y * ${latents.length > 0 ? latents[next(latents.length)] : "1"} }`);
        latents.push(v);
        lines.push(`  observe(normal(${v} * 0.01, 3), ys[1])`);
        break;
      }
      default: { // one scalar choice, a let of it, then an observation
        const z = `z${names++}`;
        latent("  ", z);
        latents.push(z);
        if (next(2) === 0) { const l = `l${names++}`; lines.push(`  let ${l} = ${mean()} + log1p(exp(${z}))`); latents.push(l); }
        observation("  ", `ys[${next(4)}]`);
      }
    }
  }
  lines.push(`  track last = ${mean()}`);
  lines.push(`  return ${latents.length > 0 ? latents[latents.length - 1] : "0"}`);
  lines.push("}");
  return lines.join("\n");
}

test("lockstep SMC equals per-particle SMC exactly on random programs with one choice per observation point", () => {
  const ys = [0.3, -1.2, 0.8, 1.5];
  fc.assert(
    fc.property(fc.array(fc.nat(1000), { minLength: 0, maxLength: 60 }), fc.integer({ min: 1, max: 1000 }), (tape, seed) => {
      const src = continuousProgram(tape);
      const p = compileProgram(src, "random.borel");
      assert.deepEqual(p.errors, [], src);
      const m = (p.models as Record<string, GenerativeFunction>).m!;
      const a = smc(m, [ys], {}, { particles: 40, seed });
      const b = smc(m, [ys], {}, { particles: 40, seed, lockstep: false });
      assert.equal(a.diagnostics.lockstep, true, src);
      assert.equal(a.logZ, b.logZ, src);
      assert.deepEqual(a.diagnostics.resampled, b.diagnostics.resampled, src);
      assert.deepEqual(a.diagnostics.logZIncrements, b.diagnostics.logZIncrements, src);
      assert.deepEqual([...a.scalarKeys()].sort(), [...b.scalarKeys()].sort(), src);
      for (const k of a.scalarKeys()) assert.deepEqual(Array.from(a.values(k)), Array.from(b.values(k)), `${k}\n${src}`);
    }),
    { numRuns: 60, seed: 20261128 },
  );
});
