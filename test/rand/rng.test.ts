import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Rng } from "../../src/rand/rng.js";

test("the same seed and path give the same stream; split streams are independent of the parent's position", () => {
  const a = new Rng(42), b = new Rng(42);
  const xs = Array.from({ length: 5 }, () => a.double());
  assert.deepEqual(xs, Array.from({ length: 5 }, () => b.double()));
  const c1 = new Rng(42).split("chain/0").double();
  const p = new Rng(42);
  p.double(); p.double();
  assert.equal(p.split("chain/0").double(), c1);
  assert.notEqual(new Rng(42).split("chain/1").double(), c1);
  assert.equal(new Rng(42).split("a").split("b").path, "a/b");
});

test("uniforms are in [0, 1) with the right mean and variance; normals have mean 0 and variance 1", () => {
  const r = new Rng(7), n = 100_000;
  let s = 0, s2 = 0, z = 0, z2 = 0;
  for (let i = 0; i < n; i++) {
    const u = r.double();
    assert.ok(u >= 0 && u < 1);
    s += u; s2 += u * u;
    const g = r.normal(); z += g; z2 += g * g;
  }
  // Standard errors: uniform mean sd 0.289/√n ≈ 9e-4, normal mean 3.2e-3, normal variance √2/√n ≈ 4.5e-3; 5 SE bounds.
  assert.ok(Math.abs(s / n - 0.5) < 5 * 9.2e-4);
  assert.ok(Math.abs(s2 / n - (s / n) ** 2 - 1 / 12) < 5e-3);
  assert.ok(Math.abs(z / n) < 5 * 3.2e-3);
  assert.ok(Math.abs(z2 / n - 1) < 5 * 4.5e-3);
});

test("int(n) covers 0..n-1 uniformly", () => {
  const r = new Rng(3), counts = new Array(6).fill(0);
  for (let i = 0; i < 60_000; i++) counts[r.int(6)]++;
  // Each count ~ Binomial(60000, 1/6): sd ≈ 91; allow 5 sd.
  for (const c of counts) assert.ok(Math.abs(c - 10_000) < 460, String(counts));
});

test("no Math.random in src/ (every random draw goes through an Rng)", () => {
  const offenders: string[] = [];
  (function walk(dir: string) {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|mts|js|mjs)$/.test(name) && /Math\.random\s*\(/.test(readFileSync(p, "utf8"))) offenders.push(p);
    }
  })(join(import.meta.dirname, "../../src"));
  assert.deepEqual(offenders, []);
});

test("a seed that is not a finite number or a string is an error (an object or NaN would all seed the same stream)", () => {
  for (const bad of [{}, NaN, Infinity, null, [1]]) assert.throws(() => new Rng(bad as never), (e: unknown) => (e as { code?: string }).code === "bad-seed", String(bad));
  assert.equal(new Rng("a").double(), new Rng("a").double());
});
