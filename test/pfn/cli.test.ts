// `borel pfn train / predict / info` and the `pfn(file, at:)` query of a Borel program, end to end through the
// command: a tiny network trained for a few steps on a GP prior written in Borel, then the predictive it gives
// from the CLI and from a query must be the same bar distribution; the query's static rules are located errors.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBundle, runCli, runJson } from "../cli/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "borel-pfn-cli-"));
const PROGRAM = `// a 1-D GP prior: row i is (x/i, y/i)
import "stdlib/models/gp"
model gp1d(n) {
  for i in 0..n { x[i] ~ uniform(0, 1) }
  let xs = map(fn(i) => x[i], range(n))
  f ~ mvnormal(zeros(n), add_diagonal(rbf_kernel(xs, 0.2, 1), 1e-6))
  for i in 0..n { y[i] ~ normal(f[i], 0.1) }
}
let data = {x: [0.1, 0.5], y: [0.3, -0.2]}
`;
const program = (query: string) => { const f = join(dir, `p${Math.random().toString(36).slice(2)}.borel`); writeFileSync(f, PROGRAM + query + "\n"); return f; };

before(async () => {
  ensureBundle();
  writeFileSync(join(dir, "gp.borel"), PROGRAM);
  writeFileSync(join(dir, "data.json"), JSON.stringify({ x: [0.1, 0.5], y: [0.3, -0.2] }));
  const r = await runCli(["pfn", "train", join(dir, "gp.borel"), "--model", "gp1d", "--out", join(dir, "gp.pfn"), "--steps", "6", "--d", "16", "--layers", "1", "--ff", "32", "--rows", "12", "--batch-size", "4", "--buckets", "20", "--seed", "3"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /wrote .*gp\.pfn \(f32, \d+ bytes\) after 6 steps/);
});

test("borel pfn info describes the file; predict prints one row per query input", async () => {
  const info = await runCli(["pfn", "info", join(dir, "gp.pfn")]);
  assert.equal(info.code, 0, info.stderr);
  assert.match(info.stdout, /regression PFN of gp1d \(x → y\), f32/);
  assert.match(info.stdout, /"steps":6/);
  const p = await runCli(["pfn", "predict", join(dir, "gp.pfn"), "--data", join(dir, "data.json"), "--at", "0.2,0.4", "--json"]);
  assert.equal(p.code, 0, p.stderr);
  const rows = JSON.parse(p.stdout) as { at: number; mean: number; sd: number; q05: number; q95: number }[];
  assert.deepEqual(rows.map((r) => r.at), [0.2, 0.4]);
  for (const r of rows) assert.ok(Number.isFinite(r.mean) && r.sd > 0 && r.q05 < r.q95, JSON.stringify(r));
});

test("--init continues training from a weights file; an architecture flag that disagrees with it is an error", async () => {
  const base = ["pfn", "train", join(dir, "gp.borel"), "--model", "gp1d", "--rows", "12", "--batch-size", "4", "--init", join(dir, "gp.pfn")];
  const r = await runCli([...base, "--out", join(dir, "gp2.pfn"), "--steps", "2", "--seed", "4"]);
  assert.equal(r.code, 0, r.stderr);
  const info = await runCli(["pfn", "info", join(dir, "gp2.pfn")]);
  assert.match(info.stdout, /architecture: d 16, 1 layers, 4 heads, ff 32, 20 buckets/);
  const bad = await runCli([...base, "--out", join(dir, "gp3.pfn"), "--d", "32"]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /'d' = 32 disagrees with the init weights' d = 16/);
  const missing = await runCli([...base.slice(0, -1), join(dir, "nope.pfn"), "--out", join(dir, "gp3.pfn")]);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /nope\.pfn/);
});

test("a pfn query returns the network's predictive: its exact summaries equal the CLI's, its draws match them", async () => {
  const f = program(`query gp1d(2) given {x: data.x, y: data.y} using pfn("gp.pfn", at: [0.2, 0.4], samples: 4000)`);
  const out = await runJson(f);
  const q = out.queries[0]!;
  assert.equal(q.method, "pfn");
  const cli = JSON.parse((await runCli(["pfn", "predict", join(dir, "gp.pfn"), "--data", join(dir, "data.json"), "--at", "0.2,0.4", "--json"])).stdout) as { mean: number; sd: number }[];
  const predictive = q.diagnostics.predictive as { mean: number; sd: number }[];
  predictive.forEach((d, j) => {
    assert.ok(Math.abs(d.mean - cli[j]!.mean) < 1e-9 && Math.abs(d.sd - cli[j]!.sd) < 1e-9);
    // 4000 iid draws: the sample mean is within 4 standard errors of the exact mean.
    const s = q.summary[`y/${j}`]!;
    assert.ok(Math.abs(Number(s.mean) - d.mean) < 4 * d.sd / Math.sqrt(4000), `y/${j}: ${s.mean} vs ${d.mean}`);
  });
});

test("any other use of pfn is a static error located at its cause", async () => {
  const cases: [string, RegExp][] = [
    [`query gp1d(2) given {x: data.x, y: data.y} using pfn("gp.pfn")`, /pfn needs the query inputs 'at:'/],
    [`query gp1d(2) using pfn("gp.pfn", at: [0.5])`, /the query needs 'given'/],
    [`query gp1d(2) given {x: data.x, f: data.y} using pfn("gp.pfn", at: [0.5])`, /conditions on \{x, y\}, but the query gives \{x, f\}/],
    [`query gp1d(2) given {x: data.x, y: data.y} using pfn("../gp.pfn", at: [0.5])`, /leaves the program's folder/],
    [`query gp1d(2) given {x: data.x, y: data.y} using pfn("missing.pfn", at: [0.5])`, /no such file/],
    [`query gp1d(2) given {x: data.x, y: data.y} using pfn_importance("gp.pfn")`, /predicts outputs, it is not a proposal PFN/],
    [`query gp1d(2) given {x: data.x, y: data.y} using mcmc(pfn("gp.pfn"), samples: 10)`, /unknown kernel 'pfn'/],
  ];
  for (const [query, message] of cases) {
    const r = await runCli(["check", program(query)]);
    assert.equal(r.code, 1, `${query}\n${r.stderr}`);
    assert.match(r.stderr, message, query);
    assert.match(r.stderr, /:10:\d+: error/, query);
  }
});

test("borel pfn usage errors name the fix", async () => {
  const r = await runCli(["pfn", "train", join(dir, "gp.borel"), "--model", "gp1d", "--steps", "ten", "--out", join(dir, "x.pfn")]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /--steps must be an integer, got 'ten'/);
  const u = await runCli(["pfn", "frobnicate"]);
  assert.equal(u.code, 2);
  assert.match(u.stderr, /unknown pfn command 'frobnicate'.*\n.*borel pfn --help/);
  const m = await runCli(["pfn", "train", join(dir, "gp.borel"), "--out", join(dir, "x.pfn")]);
  assert.equal(m.code, 2);
  assert.match(m.stderr, /name the model with --model \(models in .*gp1d\)/);
  const h = await runCli(["pfn", "--help"]);
  assert.match(h.stdout, /borel pfn train FILE --model NAME/);
  for (const sub of ["train", "predict"]) {
    const sh = await runCli(["pfn", sub, "--help"]);
    assert.equal(sh.code, 0, sh.stderr);
    assert.match(sh.stdout, /borel pfn train FILE --model NAME/);
  }
});
