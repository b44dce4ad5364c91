// The prebuilt CLI bundle (bin/build-cli.mjs): every file a source module finds through `import.meta.url`
// (the stdlib folder, package.json, worker-thread bootstraps) resolves, from the bundle, to the file the
// source itself would find; the launcher records what the bundle was built from.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureBundle, ROOT } from "./run-cli.js";

const dist = join(ROOT, "dist/cli");

before(() => ensureBundle());

test("paths computed from import.meta.url in the sources resolve from the bundle to existing files", () => {
  // The entry and its chunks (code behind dynamic imports) all live in dist/cli/.
  const text = readdirSync(dist).filter((f) => f.endsWith(".mjs")).map((f) => readFileSync(join(dist, f), "utf8")).join("\n");
  const uses = [...text.matchAll(/new URL\("([^"]+)", new URL\("([^"]+)", import\.meta\.url\)\.href\)/g)];
  assert.ok(uses.length >= 3, "the bundle rewrites import.meta.url");
  const bundleUrl = new URL(`file://${join(dist, "borel.mjs")}`);
  for (const [, target, source] of uses) {
    const sourceUrl = new URL(source, bundleUrl);
    assert.ok(existsSync(fileURLToPath(sourceUrl)), `source ${source}`);
    assert.ok(existsSync(fileURLToPath(new URL(target, sourceUrl))), `${target} from ${source}`);
  }
  assert.ok(uses.some(([, t]) => t.includes("stdlib")) && uses.some(([, t]) => t.endsWith("worker-boot.mjs")));
  assert.doesNotMatch(text, /import\.meta\.url(?!\)\.href)/, "no bare import.meta.url left (it would point into dist/)");
});

test("the recorded inputs are the TypeScript sources (relative to the repository) and the build files", () => {
  const inputs = JSON.parse(readFileSync(join(ROOT, "dist/cli/inputs.json"), "utf8")) as string[];
  assert.ok(inputs.includes("src/cli/main.ts") && inputs.includes("src/lang/program.ts") && inputs.includes("package-lock.json"));
  for (const f of inputs) assert.ok(existsSync(join(ROOT, f)), f);
});
