// stdlib/models/hmm: the forward algorithm against a brute-force sum over all 3^6 state paths; exact
// enumeration of the model has the same log Z, and its posterior of the last state equals hmm_filter.
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, close, compile, query } from "./helpers.js";

const init = [0.5, 0.3, 0.2];
const trans = [[0.8, 0.15, 0.05], [0.1, 0.7, 0.2], [0.25, 0.25, 0.5]];
const emit = [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.2, 0.2, 0.6]];
const ys = [0, 2, 1, 1, 2, 0];

const prog = compile(`
import "stdlib/models/hmm"
let init = vector(${JSON.stringify(init)})
let trans = matrix(${JSON.stringify(trans)})
let emit = matrix(${JSON.stringify(emit)})
let ys = ${JSON.stringify(ys)}
query hmm(init, trans, emit, ys) using enumerate()
`);
const args = [prog.values.init, prog.values.trans, prog.values.emit, prog.values.ys];

/** p(ys, z[T−1] = k) for each k, summing over every path. */
function bruteForce(): number[] {
  const T = ys.length, K = init.length, last = [0, 0, 0];
  for (let code = 0; code < K ** T; code++) {
    const z = Array.from({ length: T }, (_, t) => Math.floor(code / K ** t) % K);
    let p = init[z[0]] * emit[z[0]][ys[0]];
    for (let t = 1; t < T; t++) p *= trans[z[t - 1]][z[t]] * emit[z[t]][ys[t]];
    last[z[T - 1]] += p;
  }
  return last;
}

test("hmm_log_likelihood equals the sum over all paths; hmm_filter is the normalized last column", () => {
  const last = bruteForce();
  const total = last.reduce((a, b) => a + b, 0);
  close(call(prog, "hmm_log_likelihood", ...args) as number, Math.log(total), 1e-12, "log p(ys)");
  const filter = call(prog, "hmm_filter", ...args) as Float64Array;
  filter.forEach((f, k) => close(f, last[k] / total, 1e-12, `filter[${k}]`));
});

test("enumerate over the model: log Z is the forward log-likelihood, E[z/5] is the filter's mean", async () => {
  const post = await query(prog, 0);
  assert.equal(post.size, 3 ** ys.length);
  close(post.logZ!, call(prog, "hmm_log_likelihood", ...args) as number, 1e-10, "log Z");
  const filter = call(prog, "hmm_filter", ...args) as Float64Array;
  close(post.mean("z/5"), filter[1] + 2 * filter[2], 1e-10, "E[z/5]");
});
