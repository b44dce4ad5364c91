// Every code block of the documentation pages runs: ```ts with tsx, ```borel compiled with every query run,
// ```sh with bash — each in a scratch folder that links to the repository (src, examples, node_modules, ...),
// so files the examples write stay out of the checkout. Also: relative links resolve, and every method of the
// inference registry is documented in docs/inference.md with each of its options.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileProgram, runQuery } from "../../src/lang/index.js";
import { getMethod, methodNames } from "../../src/infer/registry.js";
import { codeBlocks } from "./blocks.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
/** The pages of this suite (pfn.md's example runs in pfn-doc.test.ts with its training cut short; tensor.md and CONTRIBUTING.md hold no ts/borel/sh blocks). */
export const PAGES = ["README.md", "inference.md", "embedded-dsl.md", "plots.md", "cli.md", "notebooks.md", "playground.md"];

const scratch = mkdtempSync(join(tmpdir(), "borel-docs-"));
for (const f of ["src", "examples", "stdlib", "bin", "web", "node_modules", "package.json", ".ci", "tsconfig.json"])
  if (existsSync(join(root, f))) symlinkSync(join(root, f), join(scratch, f));

function run(cmd: string, args: string[], what: string): string {
  const r = spawnSync(cmd, args, { cwd: scratch, encoding: "utf8", timeout: 120_000, env: { ...process.env, FORCE_COLOR: "0" } });
  assert.equal(r.status, 0, `${what} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

// The ts blocks run in one tsx process (one start-up, one load of the library): each is a module imported
// in turn, and the runner reports each block's outcome on a line of its own.
const tsBlocks: { file: string; where: string }[] = [];
let blockCount = 0;
for (const page of PAGES)
  for (const b of codeBlocks(readFileSync(join(root, "docs", page), "utf8"))) {
    if (b.lang !== "ts") continue;
    const file = join(scratch, `block-${++blockCount}.ts`);
    writeFileSync(file, `${b.code}\nexport {};\n`);
    tsBlocks.push({ file, where: `docs/${page}:${b.line}` });
  }
const tsResults = new Map<string, string>();
before(() => {
  const runner = join(scratch, "run-blocks.ts");
  writeFileSync(runner, [
    `const files: string[] = ${JSON.stringify(tsBlocks.map((b) => b.file))};`,
    "for (const f of files) {",
    "  try { await import(f); console.log(`BLOCK ${f} ok`); }",
    "  catch (e) { console.log(`BLOCK ${f} failed: ${String((e as Error)?.stack ?? e).replace(/\\n/g, ' | ')}`); }",
    "}",
  ].join("\n"));
  const r = spawnSync(process.execPath, ["--import", "tsx", runner], { cwd: scratch, encoding: "utf8", timeout: 300_000 });
  for (const line of r.stdout.split("\n")) {
    const m = /^BLOCK (\S+) (.*)$/.exec(line);
    if (m) tsResults.set(m[1], m[2]);
  }
  if (tsResults.size === 0) tsResults.set("runner", `${r.stdout}\n${r.stderr}`);
});

for (const page of PAGES) {
  const md = readFileSync(join(root, "docs", page), "utf8");
  for (const b of codeBlocks(md)) {
    const where = `docs/${page}:${b.line}`;
    if (b.lang === "ts") {
      const file = tsBlocks.find((t) => t.where === where)!.file;
      test(`${where}: the ts block runs`, () => {
        assert.equal(tsResults.get(file), "ok", `${where}: ${tsResults.get(file) ?? tsResults.get("runner")}`);
      });
    } else if (b.lang === "borel") {
      test(`${where}: the borel block compiles and its queries run`, async () => {
        const prog = compileProgram(b.code, join(scratch, "examples", `doc-block.borel`));
        assert.deepEqual(prog.errors.map((e) => e.message), [], where);
        assert.ok(prog.queries.length > 0, `${where} has no query`);
        for (const q of prog.queries) {
          const post = await runQuery(q, { seed: 0 });
          assert.ok(post.size > 0, `${where}: ${q.name} gave no draws`);
        }
      });
    } else if (b.lang === "sh") {
      test(`${where}: the sh block runs`, () => { run("bash", ["-e", "-o", "pipefail", "-c", b.code], where); });
    } else {
      test(`${where}: block language '${b.lang}' is documented output, not code`, () => {
        assert.ok(b.lang === "text", `${where}: mark the block ts, borel, sh (run by this test) or text (not run)`);
      });
    }
  }
  test(`docs/${page}: relative links resolve`, () => {
    for (const m of md.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(m[1])) continue;
      assert.ok(existsSync(join(root, "docs", m[1])), `docs/${page}: broken link ${m[1]}`);
    }
  });
}

test("docs/inference.md documents every registered method and its options", () => {
  const md = readFileSync(join(root, "docs", "inference.md"), "utf8");
  for (const name of methodNames()) {
    if (name.startsWith("pfn")) continue; // docs/pfn.md, with the PFN layer
    const row = md.split("\n").find((l) => l.startsWith(`| \`${name}\``));
    assert.ok(row, `docs/inference.md has no table row for '${name}'`);
    for (const opt of Object.keys(getMethod(name)!.options)) assert.ok(row.includes(`\`${opt}\``), `docs/inference.md: '${name}' row lacks option '${opt}'`);
  }
});

