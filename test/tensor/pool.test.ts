import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/rand/rng.js";
import { setThreads, threadCount } from "../../src/tensor/pool.js";
import { Linear } from "../../src/tensor/linear.js";
import { tensor } from "../../src/tensor/tensor.js";
import { randn } from "./helpers.js";

test("worker pool: results equal on 1 and 2 threads, jobs right after start-up do not deadlock, terminable", async () => {
  const rng = new Rng(6), k = 64, n = 48, m = 64;
  const w = tensor(randn(rng, k * n), [k, n]), x = tensor(randn(rng, m * k), [m, k]);
  for (const format of ["f32", "int8", "int4", "blockfp"] as const) {
    const lin = Linear.fromF32(w, null, { format, groupSize: 32 });
    await setThreads(1);
    const y1 = lin.forward(x);
    for (let rep = 0; rep < 3; rep++) {       // restart the pool and post a job at once, several times
      await setThreads(2);
      assert.equal(threadCount(), 2);
      assert.deepEqual(lin.forward(x).data, y1.data, format);
      await setThreads(1);
    }
  }
  assert.equal(threadCount(), 1);
});
