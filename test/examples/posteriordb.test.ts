// One posteriordb port in the fast suite (the rest are in posteriordb.slow.test.ts): sblrc-blr, a linear
// regression with D = 5 predictors, run as users run it (`borel run examples/posteriordb/blr.borel --data
// data=... --json`, NUTS, 4 chains) and checked against its closed-form posterior (σ integrated by quadrature):
// means within 5 combined standard errors, sds within 10%, R-hat < 1.01, bulk ESS ≥ 100 per chain.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { ensureBundle, runJson } from "../cli/run-cli.js";
import { CASES, problems } from "./posteriordb-cases.js";

before(() => ensureBundle());

test("posteriordb blr under NUTS agrees with the closed-form posterior", async () => {
  const c = CASES.find((x) => x.name === "blr")!;
  const doc = await runJson(`examples/posteriordb/${c.name}.borel`, ["--data", `data=examples/data/posteriordb/${c.data}.json`]);
  assert.deepEqual(problems(doc.queries[0], c.reference()), []);
});
