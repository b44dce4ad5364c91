// Choice maps (src/trace/choicemap.ts): a key absent from the map is found as an element of a vector or array
// stored at an ancestor, whatever the order of the writes and lookups (the map remembers whether it holds any
// vector or array, and must forget it on every write).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ChoiceMap, NOT_FOUND } from "../../src/trace/choicemap.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

test("choice map: an element of an ancestor's vector is found, also when the vector is set after a lookup missed", () => {
  const c = new ChoiceMap([["a", 1]]);
  assert.equal(c.find("y/1"), undefined);
  assert.equal(c.lookup("y/1"), NOT_FOUND);
  c.set("y", Float64Array.from([0.5, 0.7]));
  assert.deepEqual(c.find("y/1"), [["y"], 0.7]);
  assert.equal(c.lookup("y/1"), 0.7);
  // Nested arrays, and a scalar ancestor (no element to read).
  const d = ChoiceMap.from({ s: 3 });
  assert.equal(d.find("s/0"), undefined);
  d.mergeUnder("m", ChoiceMap.from({ z: [[1, 2], [3, 4]] }));
  assert.equal(d.lookup("m/z/1/0"), 3);
  assert.equal(d.under("m").lookup("z/0/1"), 2);
});

test("choice map: lookups agree with a reference over random writes of scalars, vectors and arrays", () => {
  const keyArb = fc.constantFrom("x", "y", "x/0", "x/1", "y/0/1", "z");
  const valueArb = fc.oneof(fc.integer({ min: 0, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 3 }).map((a) => Float64Array.from(a)));
  const ops = fc.array(fc.oneof(fc.record({ set: keyArb, value: valueArb }), fc.record({ get: keyArb })), { maxLength: 12 });
  fc.assert(fc.property(ops, (list) => {
    const c = new ChoiceMap(), ref = new Map<string, unknown>();
    // The reference: the key itself, else the first stored ancestor's element at the rest of the path.
    const expected = (key: string): unknown => {
      if (ref.has(key)) return ref.get(key);
      const parts = key.split("/");
      for (let cut = parts.length - 1; cut > 0; cut--) {
        const head = parts.slice(0, cut).join("/");
        if (!ref.has(head)) continue;
        let cur: unknown = ref.get(head);
        for (const p of parts.slice(cut)) {
          if (cur instanceof Float64Array && Number(p) < cur.length) cur = cur[Number(p)];
          else return NOT_FOUND;
        }
        return cur;
      }
      return NOT_FOUND;
    };
    for (const op of list) {
      if ("set" in op) { c.set(op.set, op.value); ref.set(op.set, op.value); }
      else assert.deepEqual(c.lookup(op.get), expected(op.get), op.get);
    }
  }), { numRuns: 300 });
});
