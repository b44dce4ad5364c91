import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/rand/rng.js";
import { setThreads, threadCount } from "../../src/tensor/pool.js";
import { Linear } from "../../src/tensor/linear.js";
import { tensor } from "../../src/tensor/tensor.js";
import { randn } from "./helpers.js";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";

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

test("worker pool: a GEMM while setThreads(1) stops the workers runs on the main thread (it hung forever); the process exits with workers alive", () => {
  // in a child with a timeout: a regression blocks the main thread, which no in-process timer could interrupt
  const root = new URL("../../", import.meta.url).pathname, src = (f: string) => pathToFileURL(join(root, "src/tensor", f)).href;
  const script = `
    import { setThreads, threadCount } from "${src("pool.ts")}";
    import { matmul } from "${src("matmul.ts")}";
    import { tensor } from "${src("tensor.ts")}";
    const a = tensor(new Float32Array(256 * 64).fill(1), [256, 64]), b = tensor(new Float32Array(64 * 64).fill(1), [64, 64]);
    await setThreads(2);
    const stopping = setThreads(1);
    const c = matmul(a, b);
    await stopping;
    const last = Promise.all([setThreads(3), setThreads(2)]);
    await last;
    const bad = await setThreads(2.5).then(() => "accepted", (e) => e.message);
    console.log(JSON.stringify({ c0: c.data[0], cLast: c.data[c.data.length - 1], threads: threadCount(), bad }));
  `;
  const file = join(mkdtempSync(join(tmpdir(), "borel-pool-")), "stop.mts");
  writeFileSync(file, script);   // a file, not --eval: the workers inherit the parent's flags
  const r = spawnSync(join(root, "node_modules/.bin/tsx"), [file], { cwd: root, encoding: "utf8", timeout: 60_000 });
  rmSync(dirname(file), { recursive: true });
  assert.equal(r.error, undefined, "timed out: the GEMM waited for stopped workers");
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split("\n").pop()!);
  assert.deepEqual([out.c0, out.cLast, out.threads], [64, 64, 2]);   // the last setThreads call decides
  assert.match(out.bad, /setThreads: the thread count must be an integer ≥ 1, got 2.5/);
});
