// Gradient methods from Borel queries run through the MCMC driver's mcmcAsync with a kernel spec, so that their
// chains can run on worker threads. A chain's draws depend only on the seed and its index: the same program gives
// the same draws on two workers, in this thread through the driver, and through the synchronous nuts(); and the
// sampler diagnostics (divergences, tree depth, E-BFMI, gradient counts) are complete for chains run on workers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileProgram, prepareQuery } from "../../src/lang/index.js";
import { nuts } from "../../src/infer/nuts.js";
import { hmc } from "../../src/infer/hmc.js";
import { runGradientQuery } from "../../src/infer/hmc-sampler.js";
import { methodChainOptions } from "../../src/infer/hmc-options.js";
import type { SamplerDiagnostics } from "../../src/infer/hmc-diagnostics.js";
import type { Posterior } from "../../src/posterior/posterior.js";

const program = compileProgram(`
model schools(y, sigma) {
  mu ~ normal(0, 5)
  tau ~ half_cauchy(5)
  theta_tilde ~ normal(zeros(len(y)), 1)
  observe(normal(mu + tau * theta_tilde, sigma), y)
}
query schools(vector([28, 8, -3, 7, -1, 1, 18, 12]), vector([15, 10, 16, 11, 9, 11, 10, 18])) using nuts(chains: 2, samples: 200, warmup: 200, max_depth: 6)
query schools(vector([28, 8, -3, 7, -1, 1, 18, 12]), vector([15, 10, 16, 11, 9, 11, 10, 18])) using hmc(chains: 2, samples: 100, warmup: 100, steps: 8, jitter: 0.3)
`, "schools.borel");

const sameDraws = (a: Posterior, b: Posterior, what: string) => {
  assert.deepEqual(a.chainLengths, b.chainLengths, what);
  for (const k of ["mu", "tau", "theta_tilde[3]"]) assert.deepEqual(a.values(k), b.values(k), `${what}: draws of ${k}`);
  for (const s of ["energy", "n_leapfrog", "step_size", "tree_depth", "divergent"])
    if (a.sampleStats.has(s)) assert.deepEqual(a.sampleStats.get(s), b.sampleStats.get(s), `${what}: stat ${s}`);
};

const complete = (d: SamplerDiagnostics, chains: number, what: string) => {
  assert.equal(d.n_grad_per_chain.length, chains, what);
  for (const g of d.n_grad_per_chain) assert.ok(Number.isInteger(g) && g > 0, `${what}: gradients per chain ${d.n_grad_per_chain}`);
  assert.ok(Number.isInteger(d.n_grad) && d.n_leapfrog > 0 && d.n_leapfrog <= d.n_grad, `${what}: n_grad ${d.n_grad}, n_leapfrog ${d.n_leapfrog}`);
  for (const x of [...d.ebfmi, ...d.step_size, ...d.accept_stat]) assert.ok(Number.isFinite(x) && x > 0, `${what}: ${JSON.stringify(d)}`);
  assert.ok(Number.isInteger(d.divergences) && Number.isInteger(d.treedepth_hits) && d.divergencesPerChain.length === chains, what);
};

test("nuts(chains: 2) from a Borel query: the same draws and diagnostics on two workers as in this thread", async () => {
  assert.deepEqual(program.errors, []);
  const q = prepareQuery(program.queries[0]);
  const notHere = () => { throw new Error("a compiled Borel model is portable: the query must go through mcmcAsync"); };
  const onWorkers = await runGradientQuery("nuts", q.model, q.args, q.observations, q.options, methodChainOptions(q.options, { seed: 7 }), notHere, 2);
  const inThread = await runGradientQuery("nuts", q.model, q.args, q.observations, q.options, methodChainOptions(q.options, { seed: 7 }), notHere, 1);
  assert.equal(onWorkers.diagnostics.workers, 2, "the chains ran on two workers");
  assert.equal(inThread.diagnostics.workers, undefined);
  sameDraws(onWorkers, inThread, "workers vs this thread");
  // The synchronous TypeScript API on the same model, seed and settings.
  const sync = nuts(q.model, q.args, q.observations, { chains: 2, samples: 200, warmup: 200, maxDepth: 6, seed: 7 });
  sameDraws(onWorkers, sync, "workers vs nuts()");
  const [dw, dt, ds] = [onWorkers, inThread, sync].map((p) => p.diagnostics.sampler as SamplerDiagnostics);
  complete(dw, 2, "workers");
  assert.deepEqual(dw, dt);
  assert.deepEqual(dw, ds);
  assert.equal(onWorkers.method, "nuts");
  // Through the registry (the query's run): the driver probes the work and runs the same chains.
  const viaQuery = await q.method.run(q.model, q.args, q.observations, q.options, { seed: 7 });
  sameDraws(onWorkers, viaQuery, "workers vs the registered method");
  assert.deepEqual(viaQuery.diagnostics.sampler, dw);
  assert.ok(!(viaQuery.diagnostics.warnings as string[]).some((w) => w.includes("hold functions")), `${viaQuery.diagnostics.warnings}`);
});

test("hmc with step-size jitter from a Borel query: the same draws on workers as hmc() with those options", async () => {
  const q = prepareQuery(program.queries[1]);
  const notHere = () => { throw new Error("not portable?"); };
  const a = await runGradientQuery("hmc", q.model, q.args, q.observations, q.options, methodChainOptions(q.options, { seed: 8 }), notHere, 2);
  complete(a.diagnostics.sampler as SamplerDiagnostics, 2, "hmc workers");
  assert.ok(Math.max(...a.sampleStats.get("n_leapfrog")!) === 8, "steps: 8 reached the kernel");
  // The options reached the kernel spec: the same draws as hmc() with steps 8 and jitter 0.3, not as with the default jitter (0.2).
  const o = { chains: 2, samples: 100, warmup: 100, steps: 8, seed: 8 };
  sameDraws(a, hmc(q.model, q.args, q.observations, { ...o, jitter: 0.3 }), "hmc workers vs hmc()");
  assert.notDeepEqual(a.values("mu"), hmc(q.model, q.args, q.observations, o).values("mu"));
});

test("records, matrices and distributions cross to worker threads and back: the same draws and return values as in this thread", async () => {
  // A record's null prototype and a Matrix's class are lost by structured cloning (the worker refused 'd.x' of a
  // "host object"), and a distribution cannot be cloned at all (the chains ran in this thread, with a warning);
  // the transfer codec keeps them.
  const p = compileProgram(`
model m(X, data, info, prior) {
  b ~ prior
  observe(normal(X * b, 0.5), vector(map(fn(d) { d.y }, data)))
  return {b0: b[0], label: info.name}
}
query m(matrix([[1, 0], [1, 1], [1, 2]]), [{y: 1}, {y: 3}, {y: 5.2}], {name: "fit"}, normal(zeros(2), 1)) using nuts(chains: 2, samples: 100, warmup: 100)
`, "records.borel");
  assert.deepEqual(p.errors, []);
  const q = prepareQuery(p.queries[0]);
  const notHere = () => { throw new Error("portable"); };
  const [onWorkers, inThread] = await Promise.all([2, 1].map((w) => runGradientQuery("nuts", q.model, q.args, q.observations, q.options, methodChainOptions(q.options, { seed: 3 }), notHere, w)));
  assert.equal(onWorkers.diagnostics.workers, 2);
  assert.deepEqual(onWorkers.values("b[1]"), inThread.values("b[1]"));
  const ret = onWorkers.returns![0] as { label: string };
  assert.equal(Object.getPrototypeOf(ret), null, "a record again");
  assert.equal(ret.label, "fit");
});
