// Large programs: a model with thousands of random statements in a row compiles (the rest of the body moves
// into segment functions, so neither the compiler nor the generated code nests deeply) and runs identically
// under generate and under a resumable run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../src/rand/rng.js";
import { ChoiceMap } from "../../../src/trace/choicemap.js";
import type { ParticleRun } from "../../../src/lang/compile/particle.js";
import { compile } from "./helpers.js";

test("3,000 random statements in a row, with vars, branches and observations between them", () => {
  const lines = ["model big(ys) {", "  var s = 0"];
  let last = -1;
  for (let i = 0; i < 3000; i++) {
    if (last >= 0 && i % 3 === 2) lines.push(`  s = s + x${last}`);
    else if (last >= 0 && i % 50 === 7) lines.push(`  if x${last} > 0 { s = s + 1 }`);
    else if (last >= 0 && i % 100 === 9) lines.push(`  if x${last} > 0 { y${i} ~ normal(0, 1) }`);
    else if (last >= 0 && i % 10 === 4) lines.push(`  observe(normal(x${last}, 1), ys[${i % 5}])`);
    else { lines.push(`  x${i} ~ normal(${i % 7}, 1)`); last = i; }
  }
  lines.push("  return s", "}");
  const { models } = compile(lines.join("\n"));
  const ys = [0.1, 0.2, 0.3, 0.4, 0.5];
  const g = models.big.generate([ys], ChoiceMap.EMPTY, new Rng(1));
  const run = models.big.start!([ys], ChoiceMap.EMPTY, new Rng(1)) as ParticleRun;
  const rng = new Rng(1);
  let pauses = 0;
  while (!run.advance(rng).done) pauses++;
  assert.equal(pauses, lines.filter((l) => l.includes("observe(")).length);
  assert.ok(pauses > 100);
  assert.equal(run.trace().retval, g.trace.retval);
  assert.equal(run.weight, g.weight);
  assert.equal(run.trace().score, g.trace.score);
});
