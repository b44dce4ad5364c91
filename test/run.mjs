#!/usr/bin/env node
// Runs the test suite. Node 20's test runner ignores .ts files inside a folder argument and `sh` has no `**`,
// so this script finds the test files itself and passes them by name (DESIGN.md, toolchain).
//   node test/run.mjs            fast suite: test/**/*.test.ts (not *.slow.test.ts)
//   node test/run.mjs --slow     slow suite: test/**/*.slow.test.ts
//   node test/run.mjs FILTER...  only files whose path contains one of the filters
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const args = process.argv.slice(2);
const slow = args.includes("--slow");
const filters = args.filter((a) => !a.startsWith("--"));

const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) { if (name !== "fixtures" && name !== "node_modules") walk(p); continue; }
    const isSlow = name.endsWith(".slow.test.ts");
    if (!name.endsWith(".test.ts") || isSlow !== slow) continue;
    const rel = relative(root, p);
    if (filters.length === 0 || filters.some((f) => rel.includes(f))) files.push(rel);
  }
})(join(root, "test"));

if (files.length === 0) {
  console.error(`test/run.mjs: no ${slow ? "slow " : ""}test files found${filters.length ? ` matching ${filters.join(", ")}` : ""}`);
  process.exit(1);
}

const child = spawn(process.execPath, ["--import", "tsx", "--test", "--test-reporter=tap", ...files], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, FC_SEED: process.env.FC_SEED ?? "42" },
});
child.on("exit", (code, signal) => process.exit(signal ? 1 : code ?? 1));
