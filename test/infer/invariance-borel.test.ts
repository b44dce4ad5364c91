// The GFI operations MCMC kernels use, on compiled Borel programs nobody wrote by hand (./borel-programs.ts:
// branches, loops, sub-model calls, impossible observations, factors of −∞). The kernels' exact invariance is
// checked on embedded models (./invariance.test.ts), whose regenerate proposal can be replayed; a compiled
// model runs its own `regenerate` and `update` (re-running only what a change touches), so here each outcome is
// checked against the closed forms — MH's log α and update's weight from the two traces' choices — and each new
// trace's score against `assess` from scratch, on every state of the exact posterior.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Rng } from "../../src/rand/rng.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import { select } from "../../src/trace/selection.js";
import type { GenerativeFunction, Trace } from "../../src/trace/gfi.js";
import { exactPosterior, stateKey, type Posterior } from "./invariance-helpers.js";
import { assessAt, compiledProgram, programTapes } from "./borel-programs.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

/** The exact posterior, or undefined when it is degenerate, impossible or too large to build K for. */
function posteriorOf(model: GenerativeFunction): Posterior | undefined {
  try {
    const post = exactPosterior(model, [], new ChoiceMap());
    return post.states.length >= 2 && post.states.length <= 120 ? post : undefined;
  } catch (e) {
    if (e instanceof Error && /too many runs|probability zero/.test(e.message)) return undefined;
    throw e;
  }
}

/** Every latent address of the posterior's states. */
function latentAddresses(post: Posterior): string[] {
  const keys = new Set<string>();
  for (const t of post.traces) for (const c of t.choices()) if (!c.observed) keys.add(c.key);
  return [...keys];
}

/** Latent choices of a trace by key: value and log density. */
function latents(t: Trace): Map<string, { value: unknown; logp: number }> {
  const m = new Map<string, { value: unknown; logp: number }>();
  for (const c of t.choices()) if (!c.observed) m.set(c.key, { value: c.value, logp: c.logp });
  return m;
}

/**
 * MH by regenerate at `key` from t to t2, in closed form: log α = log p(t2) − log p(t) + log q(t | t2) − log q(t2 | t),
 * where q(t2 | t) is the prior density of t2's value at `key` and of the choices t2 has and t lacks (sampled from
 * their priors), and q(t | t2) the same the other way.
 */
function regenerateLogAlpha(t: Trace, t2: Trace, key: string): number {
  const a = latents(t), b = latents(t2);
  let q12 = b.get(key)!.logp, q21 = a.get(key)!.logp;
  for (const [k, c] of b) if (k !== key && !a.has(k)) q12 += c.logp;
  for (const [k, c] of a) if (k !== key && !b.has(k)) q21 += c.logp;
  return t2.score - t.score + q21 - q12;
}

const close = (a: number, b: number) => a === b || Math.abs(a - b) < 1e-9;

/** `check` at every latent address of the first states of the exact posteriors of 80 random programs. */
function eachState(check: (source: string, model: GenerativeFunction, t: Trace, key: string) => void): void {
  fc.assert(fc.property(programTapes, (tape) => {
    const { source, model } = compiledProgram(tape);
    const post = posteriorOf(model);
    fc.pre(post !== undefined);
    for (const t of post!.traces.slice(0, 8))
      for (const key of latentAddresses(post!)) if (t.choice(key) !== undefined && !t.choice(key)!.observed) check(source, model, t, key);
  }), { numRuns: 80 });
}

test("a compiled model's regenerate: the MH log α in closed form on every outcome, and the new trace's score as assess gives it", () => {
  const rng = new Rng(11);
  let compared = 0, moved = 0, changedShape = 0;
  eachState((source, model, t, key) => {
    for (let rep = 0; rep < 6; rep++) {
      const r = t.gf.regenerate(t, [], [], select(key), rng);
      if (r.weight === -Infinity || r.trace.score === -Infinity) { compared++; continue; }
      assert.ok(close(r.weight, regenerateLogAlpha(t, r.trace, key)), `mh(${key}): regenerate ${r.weight} vs closed form ${regenerateLogAlpha(t, r.trace, key)}\n${source}`);
      assert.ok(close(r.trace.score, assessAt(model, r.trace)), `regenerate's score ${r.trace.score} vs assess ${assessAt(model, r.trace)}\n${source}`);
      if (stateKey(r.trace) !== stateKey(t)) moved++;
      if (latents(r.trace).size !== latents(t).size) changedShape++;
      compared++;
    }
  });
  if (process.env.SHOW) console.log({ compared, moved, changedShape });
  assert.ok(compared > 500 && moved > 200 && changedShape > 20, `only ${compared} comparisons, ${moved} moves, ${changedShape} changes of shape`);
});

test("a compiled model's update to a new value at one address: weight log p(t′) − log p(t) − log q(new choices), score as assess", () => {
  const rng = new Rng(12);
  let compared = 0, changedShape = 0;
  eachState((source, model, t, key) => {
    for (const v of t.choice(key)!.dist.enumerate!()) {
      const r = t.gf.update(t, [], [], new ChoiceMap().set(key, v), rng);
      const a = latents(t), b = latents(r.trace);
      let fresh = 0;
      for (const [k, x] of b) if (!a.has(k)) fresh += x.logp;
      if (r.trace.score === -Infinity) { compared++; continue; }
      const expected = r.trace.score - t.score - fresh;
      assert.ok(close(r.weight, expected), `update ${key} = ${String(v)}: weight ${r.weight} vs ${expected}\n${source}`);
      assert.ok(close(r.trace.score, assessAt(model, r.trace)), `update's score ${r.trace.score} vs assess ${assessAt(model, r.trace)}\n${source}`);
      // The choices that stayed keep their values; the one updated has the new value.
      for (const [k, x] of b) if (a.has(k) && k !== key) assert.equal(x.value, a.get(k)!.value, `update ${key} changed ${k}\n${source}`);
      assert.equal(Number(b.get(key)!.value), Number(v));
      if (b.size !== a.size) changedShape++;
      compared++;
    }
  });
  if (process.env.SHOW) console.log({ compared, changedShape });
  assert.ok(compared > 500 && changedShape > 20, `only ${compared} comparisons, ${changedShape} changes of shape`);
});

