// Models ported from posteriordb (examples/posteriordb/, data in examples/data/posteriordb/) run as users run
// them — `borel run FILE --data data=FILE.json --json`, NUTS with 4 chains — and checked against references
// computed here independently of Borel's inference (test/examples/posteriordb-reference.ts): closed forms
// with σ integrated by quadrature for the linear regressions, importance sampling around the mode or a long
// random-walk Metropolis run for the others. See posteriordb-cases.ts for the checks (means within 5
// combined standard errors, sds within 10%, R-hat < 1.01, bulk ESS ≥ 100 per chain, few divergences).
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ensureBundle, runJson } from "../cli/run-cli.js";
import { CASES, problems } from "./posteriordb-cases.js";

before(() => ensureBundle());

describe("posteriordb ports under NUTS agree with independent references", { concurrency: 2 }, () => {
  for (const c of CASES) {
    test(c.name, async () => {
      const doc = await runJson(`examples/posteriordb/${c.name}.borel`, ["--data", `data=examples/data/posteriordb/${c.data}.json`]);
      assert.equal(doc.queries.length, 1);
      const ref = c.reference();
      assert.deepEqual(problems(doc.queries[0], ref), [], c.name);
    });
  }
});
