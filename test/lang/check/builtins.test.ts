// The builtin signature table: every builtin issue 3 names is there, entries are consistent, and the example
// programs shipped with the repository pass the checker (no false positives).
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { BUILTINS } from "../../../src/lang/check/builtins.js";
import { parseAndCheck } from "../../../src/lang/check/parse-and-check.js";
import { distributionRegistry } from "../../../src/dist/registry.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

test("every builtin of issue 3 has a signature", () => {
  const issue = "exp log sqrt abs pow logistic logit softmax log_sum_exp sum mean len range zeros ones min max floor logpdf map fold filter load observe factor param".split(" ");
  for (const name of issue) assert.ok(BUILTINS.has(name), name);
  for (const name of ["ceil", "round", "cumsum", "dot", "concat"]) assert.ok(BUILTINS.has(name), name);
});

test("signatures are consistent: 0 ≤ min ≤ max, a parameter name for each fixed position, a doc line", () => {
  for (const [name, s] of BUILTINS) {
    assert.ok(s.min >= 0 && s.min <= s.max, name);
    assert.ok(s.params.length >= s.min && (s.max === Infinity || s.params.length === s.max), name);
    assert.ok(s.doc.length >= 4, name);
    assert.match(name, /^[a-z][a-z0-9_]*$/);
  }
});

test("only logistic is both a builtin and a distribution (one argument: the function)", () => {
  const both = [...BUILTINS.keys()].filter((n) => distributionRegistry.has(n));
  assert.deepEqual(both, ["logistic"]);
});

function borelFiles(dir: string): string[] {
  let out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out = out.concat(borelFiles(p));
    else if (n.endsWith(".borel")) out.push(p);
  }
  return out;
}

test("the repository's .borel programs (examples/, stdlib/) pass parse and check", () => {
  const files = [...borelFiles(join(ROOT, "examples")), ...borelFiles(join(ROOT, "stdlib"))];
  assert.ok(files.length > 0);
  for (const f of files) {
    // The posteriordb ports take their data as Stan programs do, from outside: `--data data=FILE.json`.
    const globals = f.includes(join("examples", "posteriordb")) ? ["data"] : [];
    const { errors } = parseAndCheck(readFileSync(f, "utf8"), f, { fileDir: dirname(f), globals });
    assert.deepEqual(errors.map((e) => `${e.span?.line}:${e.span?.col} ${e.message}`), [], f);
  }
});
