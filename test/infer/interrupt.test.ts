// Long synchronous loops let the event loop run (src/infer/cooperative.ts): an AbortSignal aborted by a timer
// (as the CLI's Ctrl-C handler aborts it) stops importance and SMC with the work so far. A loop that never
// yields would finish all its particles first — these runs are sized to take seconds, and are stopped after
// 50 ms — and the same seed gives the same draws whether the run yields or not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gen } from "../../src/trace/dynamic.js";
import { normal } from "../../src/dist/normal.js";
import { importance, importanceAsync } from "../../src/infer/importance.js";
import { smc, smcAsync } from "../../src/infer/smc/smc.js";
import { mhKernel } from "../../src/infer/kernels/mh.js";
import { compileProgram } from "../../src/lang/program.js";
import type { GenerativeFunction } from "../../src/trace/gfi.js";
import { isBorelError } from "../../src/util/errors.js";

const ys = Array.from({ length: 50 }, (_, i) => Math.sin(i));
const embedded = gen((t, y: number[]) => {
  const mu = t.sample("mu", normal(0, 3)) as number;
  y.forEach((v, i) => t.observe(["y", i], normal(mu, 1), v));
  return mu;
}, "embedded");
const program = compileProgram(`
model walk(ys) {
  var x = 0
  for t in 0..len(ys) {
    z[t] ~ normal(x, 1)
    x = z[t]
    observe(normal(x, 1), ys[t])
  }
}`, "walk.borel").models.walk as unknown as GenerativeFunction;

const abortSoon = () => { const c = new AbortController(); setTimeout(() => c.abort(), 50); return c.signal; };

test("importanceAsync stops on an aborted signal with the particles so far", async () => {
  const post = await importanceAsync(embedded, [ys], {}, { particles: 5_000_000, seed: 1, signal: abortSoon() });
  assert.equal(post.diagnostics.aborted, true);
  assert.ok(post.size > 0 && post.size < 5_000_000, `${post.size} particles`);
});

test("importanceAsync and importance give the same draws for a seed", async () => {
  const a = importance(embedded, [ys], {}, { particles: 3000, seed: 7 }), b = await importanceAsync(embedded, [ys], {}, { particles: 3000, seed: 7 });
  assert.deepEqual(b.values("mu"), a.values("mu"));
  assert.equal(b.logZ, a.logZ);
});

for (const [name, opts] of [["lockstep", {}], ["one run per particle", { lockstep: false }]] as const)
  test(`smcAsync on a program (${name}) stops on an aborted signal after a step`, async () => {
    const post = await smcAsync(program, [Array.from({ length: 2000 }, (_, i) => Math.sin(i))], {}, { particles: 50_000, seed: 1, signal: abortSoon(), ...opts });
    assert.equal(post.diagnostics.aborted, true);
    const at = post.diagnostics.abortedAt as number;
    assert.ok(at > 0 && at < 2000, `aborted at step ${at}`);
  });

test("tempered smcAsync stops on an aborted signal (after a level, or before the first: an 'aborted' error)", async () => {
  try {
    const post = await smcAsync(embedded, [ys], {}, { particles: 50_000, seed: 1, mode: "tempered", rejuvenate: mhKernel("mu"), signal: abortSoon() });
    assert.equal(post.diagnostics.aborted, true);
  } catch (e) {
    assert.ok(isBorelError(e) && e.code === "aborted", String(e));
  }
});

test("smcAsync and smc give the same draws for a seed", async () => {
  for (const opts of [{}, { lockstep: false }]) {
    const a = smc(program, [ys], {}, { particles: 500, seed: 3, ...opts }), b = await smcAsync(program, [ys], {}, { particles: 500, seed: 3, ...opts });
    assert.deepEqual(b.values("z/10"), a.values("z/10"));
    assert.equal(b.logZ, a.logZ);
  }
});

test("rejectionAsync and viAsync stop on an aborted signal; the same seed gives the same draws as the synchronous runs", async () => {
  const { rejection, rejectionAsync } = await import("../../src/infer/rejection.js");
  const { vi, viAsync } = await import("../../src/infer/vi/vi.js");
  // 10⁶ accepted draws of a cheap model take seconds: stopped after 50 ms with the draws so far.
  const prior = gen((t) => t.sample("mu", normal(0, 1)), "prior");
  const cut = await rejectionAsync(prior, [], {}, { samples: 1_000_000, seed: 1, signal: abortSoon() });
  assert.equal(cut.diagnostics.aborted, true);
  assert.ok(cut.size > 0 && cut.size < 1_000_000, `${cut.size} draws`);
  const long = await viAsync(embedded, [ys], {}, { steps: 1_000_000, tolerance: 0, samples: 10, seed: 1, signal: abortSoon() });
  assert.ok((long.diagnostics.steps as number) < 1_000_000, `${long.diagnostics.steps} steps`);
  assert.deepEqual((await rejectionAsync(prior, [], {}, { samples: 50, seed: 4 })).values("mu"), rejection(prior, [], {}, { samples: 50, seed: 4 }).values("mu"));
  assert.deepEqual((await viAsync(embedded, [ys], {}, { steps: 200, samples: 20, seed: 4 })).values("mu"), vi(embedded, [ys], {}, { steps: 200, samples: 20, seed: 4 }).values("mu"));
});
