// Exact invariance of the discrete-capable kernels (the point of issue 4): on small discrete programs drawn by
// fast-check (branches with different numbers of choices, observations, soft and hard conditioning), build
// the full transition matrix K of each kernel by enumerating its proposal's choices with probability
// q(u | t) · min(1, e^{log α}), enumerate the posterior π exactly, and check πK = π to 1e-10. Kernels: MH by
// regenerate on each address (its enumerable form, and its fast regenerate path checked against it), single-site
// MH (an involutive move that changes dimension), Gibbs, MH with an asymmetric custom proposal. The same kernels
// with their Hastings term dropped must fail the same test.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Rng } from "../../src/rand/rng.js";
import { ChoiceMap } from "../../src/trace/choicemap.js";
import { gen } from "../../src/trace/dynamic.js";
import { select } from "../../src/trace/selection.js";
import type { Trace } from "../../src/trace/gfi.js";
import { isBorelError } from "../../src/util/errors.js";
import { mhKernel } from "../../src/infer/kernels/mh.js";
import { singleSiteMH, singleSiteProposal, latentKeys } from "../../src/infer/kernels/single-site.js";
import { gibbsKernel } from "../../src/infer/kernels/gibbs.js";
import { mhProposal } from "../../src/infer/kernels/proposal-mh.js";
import { finiteDistribution } from "../../src/infer/kernels/finite.js";
import type { ProposalMove } from "../../src/infer/kernels/move.js";
import { exactPosterior, invariance, stateKey, withoutHastings, type Posterior } from "./invariance-helpers.js";
import { programArb, sampleKeys, show, toModel, type Stmt } from "./invariance-programs.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

const TOL = 1e-10;

/** An independence proposal at `key` favouring larger values (q(v_j) ∝ 1 + 2j): the Hastings term matters. */
function skewedProposal(key: string) {
  return gen((q, t: Trace) => {
    const c = t.choice(key);
    if (c === undefined || c.observed) return;
    const values = c.dist.enumerate!() as (number | boolean)[];
    q.sample(key, finiteDistribution(values, values.map((_, j) => Math.log(1 + 2 * j))));
  }, `skewed(${key})`);
}

/** The posterior of a generated program, or undefined when it is degenerate or too large to enumerate. */
function posteriorOf(p: Stmt[]): Posterior | undefined {
  try {
    const post = exactPosterior(toModel(p), [], new ChoiceMap());
    return post.states.length >= 2 && post.states.length <= 150 ? post : undefined;
  } catch (e) {
    if (e instanceof Error && /too many runs|probability zero/.test(e.message)) return undefined;
    throw e;
  }
}

/** Runs `f`; a structural refusal (Gibbs or a custom proposal across a branch change) gives undefined. */
function unlessStructural<T>(f: () => T): T | undefined {
  try { return f(); } catch (e) {
    if (isBorelError(e) && (e.code === "gibbs-structure" || e.code === "move-samples" || e.code === "irreversible-move")) return undefined;
    throw e;
  }
}

function movesFor(p: Stmt[]): [string, ProposalMove][] {
  const out: [string, ProposalMove][] = [["single-site", singleSiteMH().move]];
  for (const key of sampleKeys(p)) {
    out.push([`mh(${key})`, mhKernel(key).move]);
    out.push([`gibbs(${key})`, gibbsKernel(key).move]);
    out.push([`skewed(${key})`, mhProposal(skewedProposal(key)).move]);
  }
  return out;
}

const worst = { error: 0, checked: 0, programs: 0, skipped: 0, transdimensional: 0, nested: 0 };

test("πK = π to 1e-10 for MH by regenerate, single-site MH, Gibbs and custom-proposal MH on generated programs", () => {
  fc.assert(fc.property(programArb, (p) => {
    const post = posteriorOf(p);
    fc.pre(post !== undefined);
    worst.programs++;
    if (new Set(post!.traces.map((t) => latentKeys(t).length)).size > 1) worst.transdimensional++;
    if (sampleKeys(p).some((k) => k.includes("/"))) worst.nested++;
    for (const [name, move] of movesFor(p)) {
      // Only Gibbs and the custom proposal may refuse a move that changes which choices exist.
      const r = /^(gibbs|skewed)/.test(name) ? unlessStructural(() => invariance(move, post!)) : invariance(move, post!);
      if (r === undefined) { worst.skipped++; continue; }
      worst.checked++;
      worst.error = Math.max(worst.error, r.maxError);
      assert.ok(r.maxRowError < TOL, `${name}: rows of K do not sum to 1 (${r.maxRowError})\n${show(p)}`);
      assert.ok(r.maxError < TOL, `${name}: |πK − π| = ${r.maxError}\n${show(p)}`);
    }
  }), { numRuns: 150 });
  console.log(`# invariance: ${worst.programs} programs (${worst.transdimensional} with branches of different sizes, ${worst.nested} with nested calls), ${worst.checked} kernels checked (${worst.skipped} structural refusals), max |πK − π| = ${worst.error.toExponential(2)}`);
  assert.ok(worst.programs >= 60, `only ${worst.programs} usable programs`);
  assert.ok(worst.transdimensional >= 15, `only ${worst.transdimensional} programs change dimension`);
});

/** Posterior marginal of a key: number of values with mass > 1e-3, and whether every state has the key. */
function spread(post: Posterior, key: string): { values: number; everywhere: boolean } {
  const mass = new Map<string, number>();
  let everywhere = true;
  post.traces.forEach((t, i) => {
    const c = t.choice(key);
    if (!c) { everywhere = false; return; }
    mass.set(String(c.value), (mass.get(String(c.value)) ?? 0) + post.probs[i]);
  });
  return { values: [...mass.values()].filter((m) => m > 1e-3).length, everywhere };
}

test("the same kernels with the Hastings term dropped fail the test", () => {
  let minBroken = Infinity, maxBroken = 0, cases = 0, regenMax = 0;
  fc.assert(fc.property(programArb, (p) => {
    const post = posteriorOf(p);
    fc.pre(post !== undefined);
    for (const key of sampleKeys(p)) {
      const s = spread(post!, key);
      if (!s.everywhere || s.values < 2) continue;
      const r = unlessStructural(() => invariance(withoutHastings(mhProposal(skewedProposal(key)).move), post!));
      if (r === undefined) continue;
      cases++;
      minBroken = Math.min(minBroken, r.maxError);
      maxBroken = Math.max(maxBroken, r.maxError);
      assert.ok(r.maxError > 1e-4, `skewed MH without Hastings passed (|πK − π| = ${r.maxError}) on\n${show(p)}`);
      regenMax = Math.max(regenMax, invariance(withoutHastings(mhKernel(key).move), post!).maxError);
    }
  }), { numRuns: 60 });
  console.log(`# broken kernels: skewed MH without Hastings: ${cases} cases, |πK − π| from ${minBroken.toExponential(2)} to ${maxBroken.toExponential(2)}; regenerate MH with log α = log p(t′)/p(t): max ${regenMax.toExponential(2)}`);
  assert.ok(cases >= 20, `only ${cases} cases`);
  assert.ok(regenMax > 1e-3);
});

test("the fast paths (regenerate, single-site) give the log α of their enumerable moves on every outcome they produce", () => {
  const rng = new Rng(7);
  let compared = 0;
  fc.assert(fc.property(programArb, (p) => {
    const post = posteriorOf(p);
    fc.pre(post !== undefined);
    const site = singleSiteMH().move;
    for (const t of post!.traces.slice(0, 6)) {
      for (const key of sampleKeys(p)) {
        if (!t.choice(key)) continue;
        const k = mhKernel(key);
        for (let rep = 0; rep < 8; rep++) {
          const r = t.gf.regenerate(t, [], [], select(key), rng);
          const u = newChoices(t, r.trace, key);
          const logQ = k.move.proposal.assess([t], u).weight;
          const m = k.move.accept(t, u, logQ, undefined);
          assert.equal(stateKey(m.trace), stateKey(r.trace));
          assert.ok(Math.abs(m.logAlpha - r.weight) < 1e-9 || m.logAlpha === r.weight, `mh(${key}): regenerate ${r.weight} vs move ${m.logAlpha}\n${show(p)}`);
          const keys = latentKeys(t);
          const s = singleSiteProposal(t, key, keys.length, rng);
          const su = new ChoiceMap().set("site", keys.indexOf(key)).mergeUnder("values", newChoices(t, s.trace, key));
          const sq = site.proposal.assess([t], su).weight;
          const sm = site.accept(t, su, sq, undefined);
          assert.ok(Math.abs(sm.logAlpha - s.logAlpha) < 1e-9 || sm.logAlpha === s.logAlpha, `single-site at ${key}: fast ${s.logAlpha} vs move ${sm.logAlpha}\n${show(p)}`);
          compared += 2;
        }
      }
    }
  }), { numRuns: 40 });
  assert.ok(compared > 500, `only ${compared} comparisons`);
});

/** The proposal's choices behind a regenerate outcome: the selected key and the choices t lacked. */
function newChoices(t: Trace, t2: Trace, key: string): ChoiceMap {
  const u = new ChoiceMap();
  for (const c of t2.choices()) if (!c.observed && (c.key === key || t.choice(c.key) === undefined)) u.set(c.key, c.value);
  return u;
}
