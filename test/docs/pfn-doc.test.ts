// docs/pfn.md's TypeScript block runs as written, with its 2000 training steps cut to 3 (the PFN layer's own
// tests check what training learns): a scratch folder linked to the repository, as the docs suite does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { codeBlocks } from "./blocks.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

test("docs/pfn.md: the TypeScript example runs (steps cut to 3)", () => {
  const blocks = codeBlocks(readFileSync(join(root, "docs", "pfn.md"), "utf8")).filter((b) => b.lang === "ts");
  assert.ok(blocks.length > 0);
  const scratch = mkdtempSync(join(tmpdir(), "borel-pfn-doc-"));
  for (const f of ["src", "node_modules", "package.json", "tsconfig.json"]) if (existsSync(join(root, f))) symlinkSync(join(root, f), join(scratch, f));
  for (const [i, b] of blocks.entries()) {
    assert.match(b.code, /steps: 2000/, "the cut below must still apply");
    const file = join(scratch, `pfn-${i}.ts`);
    writeFileSync(file, `${b.code.replace(/steps: 2000/, "steps: 3")}\nexport {};\n`);
    const r = spawnSync(process.execPath, ["--import", "tsx", file], { cwd: scratch, encoding: "utf8", timeout: 180_000 });
    assert.equal(r.status, 0, `docs/pfn.md:${b.line} failed:\n${r.stdout}\n${r.stderr}`);
  }
});
