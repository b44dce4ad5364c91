// Persistent choice arrays (src/lang/runtime/pvec.ts): every version keeps its contents whatever is later set
// on it or on versions sharing its nodes — appends in place included — checked against plain arrays.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { PVec } from "../../../src/lang/runtime/pvec.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

/** One operation: which version to extend (by position), and where — append, overwrite or leave holes. */
const op = fc.record({ from: fc.nat(), where: fc.constantFrom("append", "append", "append", "overwrite", "hole"), k: fc.nat(90) });

test("every version reads what was set on it, after any sets on it and on versions sharing its nodes", () => {
  fc.assert(fc.property(fc.array(op, { minLength: 1, maxLength: 1500 }), (ops) => {
    const versions: [PVec, unknown[]][] = [[PVec.EMPTY, []]];
    ops.forEach((o, step) => {
      const [p, a] = versions[o.from % versions.length];
      const i = o.where === "append" ? a.length : o.where === "overwrite" ? o.k % Math.max(1, a.length) : a.length + 1 + o.k;
      const b = a.slice();
      b[i] = step;
      versions.push([p.set(i, step), b]);
    });
    for (const [p, a] of versions) {
      assert.equal(p.length, a.length);
      for (let i = 0; i < a.length + 2; i++) assert.equal(p.get(i), a[i]);
    }
  }), { numRuns: 60 });
});

test("appending to a version no other version extended copies nothing; a fork's append copies one leaf", () => {
  let p = PVec.EMPTY;
  const before = PVec.copied;
  for (let i = 0; i < 2000; i++) p = p.set(i, i);
  assert.equal(PVec.copied - before, 0);
  const a = p.set(2000, "a"), c = PVec.copied;
  const b = p.set(2000, "b");
  assert.ok(PVec.copied - c <= 32 + 2 * 32, `copied ${PVec.copied - c} slots`);
  assert.deepEqual([a.get(2000), b.get(2000), p.get(2000), a.get(1999), b.length], ["a", "b", undefined, 1999, 2001]);
});

test("a choice array over a base array reads the base where nothing was set; its length is at least the base's", () => {
  const base = [10, 11, 12];
  const p = PVec.over(base);
  assert.equal(p.length, 3);
  assert.deepEqual(p.toArray(), [10, 11, 12]);
  const q = p.set(1, 99).set(4, 7);
  assert.deepEqual(q.toArray(), [10, 99, 12, undefined, 7]);
  assert.equal(q.get(3), undefined);
  assert.deepEqual(p.toArray(), [10, 11, 12]); // persistent: the original is unchanged
  assert.deepEqual(PVec.over(Float64Array.of(1, 2)).set(0, 5).toArray(), [5, 2]);
  assert.equal(PVec.over(5), PVec.EMPTY);
  assert.equal(PVec.over({ a: 1 }), PVec.EMPTY);
  assert.equal(PVec.over(q), q);
});
