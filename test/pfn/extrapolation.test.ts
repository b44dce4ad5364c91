// A PFN knows only its prior's datasets: a context larger than any training dataset and inputs or outputs far
// outside the prior (more than 6 prior sds from its mean) are named in warnings; data like the prior's is not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadPFN } from "../../src/pfn/pfn.js";
import { extrapolationWarnings } from "../../src/pfn/extrapolation.js";
import type { BarDistribution } from "../../src/pfn/bar-distribution.js";
import { pfnPredictive } from "../../src/pfn/query.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import type { BorelError } from "../../src/util/errors.js";

const pfn = loadPFN(new URL("../../examples/pfn/gp1d.int8.pfn", import.meta.url).pathname);   // x ~ U(0, 1): mean 0.5, sd 0.29

test("extrapolation warnings name far inputs, far outputs and oversized contexts", () => {
  assert.deepEqual(extrapolationWarnings(pfn.config, { x: [0.1, 0.9], y: [0.3, -1.2] }, [0, 1]), []);
  const far = extrapolationWarnings(pfn.config, { x: [0.1, 50], y: [0.3, 40] }, [0.2, 30, -20]);
  assert.equal(far.length, 2);
  assert.match(far[0], /1 of 2 context inputs and 2 of 3 query inputs lie more than 6 prior standard deviations from the prior's x \(mean 0\.5, sd 0\.29\)/);
  assert.match(far[1], /1 of 2 context outputs lie more than 6 prior standard deviations from the prior's y/);
  const rows = (pfn.config.training as { rows: number }).rows, n = rows + 5;
  const big = extrapolationWarnings(pfn.config, { x: Array.from({ length: n }, (_, i) => i / n), y: new Array<number>(n).fill(0) }, [0.5]);
  assert.deepEqual(big.map((w) => /context has \d+ rows, and the network was trained on datasets of at most/.test(w)), [true]);
  // The pfn query method carries them in the posterior's warnings.
  const post = pfnPredictive(pfn, ChoiceMap.from({ x: [0.1, 50], y: [0.3, 0.2] }), [0.5], { samples: 10 });
  assert.equal((post.diagnostics.warnings as string[]).length, 1);
});

test("an input beyond float32 once standardized is an error naming it, not a NaN bucket distribution", () => {
  const context = { x: [0.1, 0.5], y: [0.2, 0.3] };
  assert.throws(() => pfn.predict(context, [1e300]), /queries\[0\] = 1e\+300 lies .* prior standard deviations from the prior's inputs/);
  assert.ok(Number.isFinite((pfn.predict(context, [1e10])[0] as BarDistribution).mean()));
});

test("a context or query set that is not an array of rows is a bad-value error naming it (was a TypeError, or an internal tensor-shape message)", () => {
  assert.throws(() => pfn.predict(undefined as never, [0.2]), (e: BorelError) => e.code === "bad-value" && /the context is undefined, not a record \{ x, y \}/.test(e.message));
  assert.throws(() => pfn.predict({ x: 3, y: 3 } as never, [0.2]), (e: BorelError) => e.code === "bad-value" && /context\.x is 3, not an array of rows/.test(e.message));
  assert.throws(() => pfn.predict({ x: [0.1], y: 0.2 } as never, [0.2]), /context\.y is 0\.2/);
  assert.throws(() => pfn.predict({ x: [0.1], y: [0.2] }, 0.3 as never), /queries is 0\.3, not an array of rows/);
});
