// The README's quick start is a contract: its command runs a real model and prints the coin posterior.
// 70 heads in 100 flips with a Beta(1,1) prior: exact posterior Beta(71, 31), mean 0.696078, sd 0.045320.
// Importance sampling with 10,000 prior particles has ESS ≈ 1,100 here, so the Monte Carlo sd of the mean is
// ≈ 0.045/√1100 ≈ 0.0014: the 0.005 tolerance is > 3 of those; the sd's relative error is ≈ 1/√(2·ESS) ≈ 2%.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "../..");

function quickStartCommand(): string[] {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const block = readme.split("## Quick start")[1].split("```sh")[1].split("```")[0];
  const lines = block.trim().split("\n").map((l) => l.trim());
  const run = lines.find((l) => l.startsWith("npx "));
  assert.ok(run, "the quick start has an npx command");
  return run.split(/\s+/).slice(1);
}

test("the README's quick-start command prints the coin posterior", () => {
  const [cmd, ...args] = quickStartCommand();
  // `npx borel` runs this package's own bin; node_modules/.bin has the dependencies' commands.
  const bin = cmd === "borel" ? join(root, "bin/borel.mjs") : join(root, "node_modules/.bin", cmd);
  const out = execFileSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
  const row = out.split("\n").find((l) => /^\s*p\s/.test(l));
  assert.ok(row, `a row for p in:\n${out}`);
  const [, mean, sd] = row.trim().split(/\s+/).map(Number);
  assert.ok(Math.abs(mean - 0.69608) < 0.005, `mean ${mean}`);
  assert.ok(Math.abs(sd - 0.04532) / 0.04532 < 0.1, `sd ${sd}`);
});
