// The `borel` command as users run it (child processes on the prebuilt bundle): the --json document (every
// key present, null where undefined, booleans as 0/1, non-finite numbers as strings, the seed echoed,
// deterministic per seed), --data (refusing predefined names), --draws (refusing directories and the run's
// inputs), check, located program errors (exit 1, also as JSON), usage
// errors (exit 2), progress and Ctrl-C (exit 130 with the draws so far), and the tsx fallback giving the
// same answer as the bundle.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ensureBundle, runCli, runJson, type SummaryJson } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "borel-cli-"));
const file = (name: string, text: string) => { writeFileSync(join(dir, name), text); return join(dir, name); };

const FLIP = file("flip.borel", `
model flip() {
  h ~ bernoulli(0.3)
  track big = if h { 1 / 0 } else { 1 }
  return if h { "heads" } else { "tails" }
}
model quiet() {
  x ~ normal(0, 1)
}
query flip() using enumerate()
query quiet() using mh(samples: 50, warmup: 10, chains: 2)
`);
const NORMAL = file("normal.borel", `
model m(ys) {
  mu ~ normal(0, 10)
  for i in 0..len(ys) { observe(normal(mu, 1), ys[i]) }
  return mu
}
query m(data.ys) using importance(particles: 2000)
`);
const DATA = file("data.json", JSON.stringify({ ys: [1.5, 2.5, 2.0] }));
const ROW_KEYS = ["mean", "sd", "q05", "q50", "q95", "rhat", "ess_bulk", "ess_tail", "mcse_mean"];

before(() => ensureBundle());

describe("borel run --json", () => {
  test("one document with every key; booleans as 0/1; non-finite numbers as strings; non-numeric returns as values", async () => {
    const doc = await runJson(FLIP, ["--seed", "7"]);
    assert.deepEqual(Object.keys(doc), ["borel", "file", "seed", "queries"]);
    assert.equal(doc.borel, 1);
    assert.equal(doc.seed, 7);
    const [flip, quiet] = doc.queries;
    for (const q of doc.queries) assert.deepEqual(Object.keys(q), ["model", "args", "method", "options", "summary", "return", "logZ", "diagnostics"]);
    for (const row of Object.values(flip.summary)) assert.deepEqual(Object.keys(row), ROW_KEYS);
    assert.equal(flip.method, "enumerate");
    assert.ok(Math.abs(Number(flip.summary.h.mean) - 0.3) < 1e-12);    // exact: p(h) = 0.3
    assert.equal(flip.summary.big.mean, "Infinity");
    assert.equal(flip.summary.h.rhat, null);
    assert.equal(flip.logZ, 0);
    const values = (flip.return as { values: [unknown, number][] }).values;
    assert.deepEqual(values.map(([v]) => v), ["tails", "heads"]);
    assert.ok(Math.abs(values[0][1] - 0.7) < 1e-12 && Math.abs(values[1][1] - 0.3) < 1e-12);
    assert.equal(quiet.method, "mh");
    assert.deepEqual(quiet.options, { samples: 50, warmup: 10, chains: 2, thin: 1, seed: 7 });
    assert.equal(quiet.logZ, null);
    assert.equal(quiet.return, null);
    assert.equal(typeof quiet.summary.x.rhat, "number");
  });

  test("the seed is 0 by default and determines the numbers", async () => {
    const a = await runJson(NORMAL, ["--data", `data=${DATA}`]);
    const b = await runJson(NORMAL, ["--data", `data=${DATA}`, "--seed", "0"]);
    const c = await runJson(NORMAL, ["--data", `data=${DATA}`, "--seed", "1"]);
    assert.equal(a.seed, 0);
    assert.deepEqual(a, b);
    assert.notEqual(a.queries[0].summary.mu.mean, c.queries[0].summary.mu.mean);
    // Normal-normal conjugacy: posterior of mu is N(6 / (3 + 0.01), 1 / (3 + 0.01)).
    const ret = a.queries[0].return as SummaryJson;
    assert.ok(Math.abs(Number(ret.mean) - 6 / 3.01) < 0.05, `mean ${ret.mean}`);
    assert.deepEqual(a.queries[0].args, [[1.5, 2.5, 2]]);
  });
});

describe("borel run", () => {
  test("--draws writes the draws as CSV (one file per query)", async () => {
    const out = join(dir, "draws.csv");
    const r = await runCli(["run", FLIP, "--draws", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(out, "utf8").split("\n")[0], /^chain,draw,log_weight,h,big/);
    assert.match(readFileSync(join(dir, "draws-2.csv"), "utf8").split("\n")[0], /^chain,draw,x,/);
    assert.match(r.stdout, /^query flip\(\) using enumerate\(\)$/m);
    assert.match(r.stdout, /return values \(most probable first\):\n {2}0\.7000 {2}"tails"/);
  });

  test("a program error: exit 1, file:line:col, the source line with a caret and a hint; with --json an error record", async () => {
    const bad = file("bad.borel", "model m() {\n  x ~ normal(0, 1)\n  return y\n}\n");
    const r = await runCli(["run", bad]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, new RegExp(`${bad.replaceAll("/", "\\/")}:3:10: error: unknown name 'y'\\n3 \\|   return y\\n {13}\\^\\nhint: `));
    const j = await runCli(["run", bad, "--json"]);
    assert.equal(j.code, 1);
    const { error, ...doc } = JSON.parse(j.stdout) as { error: Record<string, unknown>; borel: number; file: string; seed: number; queries: unknown[] };
    assert.deepEqual({ ...error, hint: typeof error.hint }, { message: "unknown name 'y'", file: bad, line: 3, col: 10, hint: "string" });
    // The document's other fields, as for an error at run time (no query ran).
    assert.deepEqual([doc.borel, doc.file, doc.seed, doc.queries], [1, bad, 0, []]);
  });

  test("a run-time error in a query is located at its cause", async () => {
    const bad = file("runtime.borel", "model m() {\n  x ~ normal(0, -1)\n}\nquery m() using importance(particles: 10)\n");
    const r = await runCli(["run", bad, "--json"]);
    assert.equal(r.code, 1);
    const { error } = JSON.parse(r.stdout) as { error: { line: number; message: string } };
    assert.equal(error.line, 2);
    assert.match(error.message, /sigma/);
    // A later query's error keeps the reports of the queries that finished before it.
    const later = file("later.borel", "model m() {\n  x ~ normal(0, 1)\n}\nquery m() using importance(particles: 10)\nquery m() using enumerate()\n");
    const l = await runCli(["run", later, "--json"]);
    assert.equal(l.code, 1);
    const doc = JSON.parse(l.stdout) as { queries: { method: string }[]; error: { line: number; message: string } };
    // (enumerate's error is located at its cause: the continuous choice on line 2.)
    assert.deepEqual([doc.queries.map((q) => q.method), doc.error.line], [["importance"], 2]);
    assert.match(doc.error.message, /enumerate: the choice at 'x' \(normal\(0, 1\)\) is not discrete/);
  });

  test("top-level values print in source order among the queries' reports", async () => {
    const prog = file("order.borel", 'model m() { x ~ normal(0, 1) }\n1 + 1\nquery m() using importance(particles: 10)\n"after"\nquery m() using enumerate()\n3 * 3\n');
    const r = await runCli(["run", prog]);
    assert.equal(r.code, 1, r.stderr); // enumerate refuses the continuous choice: the values before it still print
    const marks = ["2\n", "query m() using importance", '"after"', "9\n"].map((m) => r.stdout.indexOf(m));
    assert.ok(marks[0] === 0 && marks[1] > marks[0] && marks[2] > marks[1] && marks[3] > marks[2], r.stdout);
  });

  test("--max-steps bounds a run; its error says how to raise it", async () => {
    const loop = file("loop.borel", "model m(n) {\n  x ~ normal(0, 1)\n  var s = 0\n  for i in 0..n { s = s + i }\n  return s\n}\nquery m(1000) using importance(particles: 3)\n");
    const small = await runCli(["run", loop, "--max-steps", "500"]);
    assert.equal(small.code, 1, small.stderr);
    assert.match(small.stderr, /more than 500 steps[\s\S]*--max-steps N/);
    const big = await runCli(["run", loop, "--max-steps", "5000"]);
    assert.equal(big.code, 0, big.stderr);
  });

  test("--max-depth bounds the nesting of calls; its error says how to raise it", async () => {
    const rec = file("rec.borel", "model down(n) {\n  if n == 0 { return 0 }\n  b ~ bernoulli(0.5)\n  r ~ down(n - 1)\n  return r\n}\nquery down(60) using smc(particles: 10)\n");
    const small = await runCli(["run", rec, "--max-depth", "50"]);
    assert.equal(small.code, 1, small.stderr);
    assert.match(small.stderr, /more than 50 nested calls[\s\S]*--max-depth N/);
    assert.equal((await runCli(["run", rec])).code, 0);
  });

  test("a program without queries: its values are printed; the 'no queries' note only when it showed nothing", async () => {
    const calc = await runCli(["run", file("calc.borel", "let r = 2\npi * r * r\nlet z = -inf\nz\n")]);
    assert.deepEqual([calc.code, calc.stdout, calc.stderr], [0, `${String(Math.PI * 4)}\n-Infinity\n`, ""]);
    const quiet = await runCli(["run", file("quiet.borel", "let a = 1\n")]);
    assert.equal(quiet.code, 0);
    assert.match(quiet.stderr, /no queries to run/);
  });

  test("usage errors exit with 2", async () => {
    for (const args of [["run"], ["run", join(dir, "missing.borel")], ["run", NORMAL, "--bogus"], ["frobnicate"], ["run", NORMAL, "--seed", "x"],
      ["run", NORMAL, "--data", "1x=y.json"], ["run", NORMAL, "--data", `data=${join(dir, "missing.json")}`], ["check", NORMAL, "--draws", "x.csv"],
      ["run", NORMAL, "--draws", join(dir, "no", "such", "x.csv")], ["run", NORMAL, "--plot", "out.pdf"],
      ["run", NORMAL, "--data", `normal=${DATA}`], ["run", NORMAL, "--data", `sum=${DATA}`]]) {
      const r = await runCli(args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, /^borel: .*\nrun 'borel --help'/);
    }
    const j = await runCli(["run", "--json", join(dir, "missing.borel")]);
    assert.equal(j.code, 2);
    assert.match((JSON.parse(j.stdout) as { error: { message: string } }).error.message, /cannot read the program/);
  });

  test("--data refuses the names of constants (inf, pi, Infinity), builtins and keywords: the data would hide them", async () => {
    // Before the fix `--data inf=five.json` bound inf to 5, and factor(-inf) quietly became factor(-5).
    const five = file("five.json", "5");
    const usesInf = file("useinf.borel", "model m() {\n  x ~ normal(0, 1)\n  if x > 1 { factor(-inf) }\n}\nquery m() using importance(particles: 100)\n");
    for (const [name, kind] of [["inf", "constant"], ["pi", "constant"], ["Infinity", "constant"], ["normal", "builtin"], ["len", "builtin"], ["true", "keyword"]]) {
      for (const command of ["run", "check"]) {
        const r = await runCli([command, usesInf, "--data", `${name}=${five}`]);
        assert.equal(r.code, 2, `${command} --data ${name}: ${r.stderr}`);
        assert.match(r.stderr, new RegExp(`^borel: --data ${name}=\\S+: '${name}' is a ${kind} of Borel.*bind the data to another name \\(e\\.g\\. --data ${name}_data=`));
        assert.equal(r.stdout, "");
      }
    }
  });

  test("an error in an imported file is shown with its path relative to the working directory (it was absolute)", async () => {
    const sub = mkdtempSync(join(dir, "imports-"));
    mkdirSync(join(sub, "lib"));
    writeFileSync(join(sub, "lib", "util.borel"), "fn f(x) {\n  x + undefined_name\n}\n");
    writeFileSync(join(sub, "main.borel"), 'import "lib/util"\nlet a = f(1)\n');
    const r = await runCli(["run", "main.borel"], { cwd: sub });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^lib\/util\.borel:2:7: error: unknown name 'undefined_name'/m);
  });

  test("--draws and --plot refuse to overwrite what the run reads, before any query runs", async () => {
    // Each input is checked by content afterwards: the old CLI wrote the draws over it and exited with 0.
    const sub = mkdtempSync(join(dir, "inputs-"));
    const at = (name: string, text: string) => { mkdirSync(dirname(join(sub, name)), { recursive: true }); writeFileSync(join(sub, name), text); return join(sub, name); };
    const flips = at("data/flips.json", "[true, false, true]");
    const lib = at("lib/util.borel", 'let extra = load("extra.json")\nfn twice(x) { x * 2 }\n');
    const extra = at("lib/extra.json", "[1, 2]");
    const given = at("given.json", '{"k": 2}');
    const prog = at("coin.borel", `import "lib/util"\nmodel coin(flips) {\n  p ~ beta(1, 1)\n  for i in 0..len(flips) { observe(bernoulli(p), flips[i]) }\n}\nlet flips = load("data/flips.json")\nquery coin(flips) using importance(particles: 50)\nquery coin(flips) using importance(particles: 50)\n`);
    const svgProg = at("model.svg", "model m() { x ~ normal(0, 1) }\nquery m() using importance(particles: 50)\n");
    const linked = join(sub, "link.csv");
    symlinkSync(prog, linked);
    const cases: [string[], string, RegExp][] = [
      [["run", prog, "--draws", prog], prog, /it is the program, which --draws would overwrite/],
      [["run", prog, "--draws", linked], prog, /link\.csv: it is the program/],
      [["run", prog, "--data", `g=${given}`, "--draws", given], given, /it is the --data file of 'g'/],
      [["run", prog, "--draws", flips], flips, /it is a file the program loads \(load\("data\/flips\.json"\)\)/],
      [["run", prog, "--draws", lib], lib, /it is a file the program imports \(import "lib\/util"\)/],
      [["run", prog, "--draws", extra], extra, /it is a file the program loads \(load\("extra\.json"\)\)/],
      // The second query writes given-2.json: the numbered file is checked too.
      [["run", prog, "--data", `g=${at("given-2.json", "{}")}`, "--draws", given], join(sub, "given-2.json"), /given-2\.json \(query 2's output\) is the --data file of 'g'/],
      [["run", svgProg, "--plot", svgProg], svgProg, /--plot \S+model\.svg: it is the program, which --plot would overwrite/],
    ];
    for (const [args, input, message] of cases) {
      const before = readFileSync(input, "utf8");
      const r = await runCli(args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, "", "no query ran");
      assert.equal(readFileSync(input, "utf8"), before, `${input} unchanged`);
    }
    const both = await runCli(["run", svgProg, "--draws", join(sub, "out.svg"), "--plot", join(sub, "out.svg")]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /it is also written by --draws/);
  });

  test("--draws naming a directory is a usage error before any query runs (not EISDIR after them all)", async () => {
    const folder = mkdtempSync(join(dir, "drawsdir-"));
    const r = await runCli(["run", FLIP, "--draws", folder]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^borel: --draws \S+: it is a directory, but --draws writes CSV files .*e\.g\. --draws \S+draws\.csv/);
    assert.equal(r.stdout, "", "no query ran");
    const slash = await runCli(["run", FLIP, "--draws", `${folder}/`]);
    assert.equal(slash.code, 2);
    assert.match(slash.stderr, /names a folder, but --draws writes CSV files/);
    // The second query's numbered file (out-2.csv) is checked as well.
    mkdirSync(join(folder, "out-2.csv"));
    const later = await runCli(["run", FLIP, "--draws", join(folder, "out.csv")]);
    assert.equal(later.code, 2, later.stderr);
    assert.match(later.stderr, /out-2\.csv \(query 2's output\) is a directory/);
    assert.equal(later.stdout, "", "no query ran");
    assert.ok(!existsSync(join(folder, "out.csv")), "the first query's draws were not written either");
  });

  test("--help and --version", async () => {
    const h = await runCli(["--help"]);
    assert.equal(h.code, 0);
    for (const flag of ["--seed", "--json", "--data", "--draws", "--progress"]) assert.ok(h.stdout.includes(flag), flag);
    const v = await runCli(["--version"]);
    assert.equal(v.stdout.trim(), (JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")) as { version: string }).version);
  });

  /** Runs `program` with --progress and sends SIGINT at its first progress line; the run must exit 130. */
  async function interruptAtProgress(program: string) {
    let sent = false;
    const r = await runCli(["run", program, "--progress"], {
      // SMC on a program knows its number of steps only at the end: its progress names the step instead.
      onStderr: (chunk, child) => { if (!sent && /query 1 \(m\): +(\d+%|smc: step)/.test(chunk)) { sent = true; child.kill("SIGINT"); } },
    });
    assert.ok(sent, `no progress line:\n${r.stderr}`);
    assert.equal(r.code, 130, r.stderr);
    return r;
  }

  test("progress on stderr after a second with --progress; Ctrl-C stops the run and prints the draws so far (exit 130)", async () => {
    // 300 observations make a step slow (the draws so far stay few, their summary quick); the MCMC driver
    // checks the abort signal between chunks of 1/200 of the run, here 2,000 steps.
    const r = await interruptAtProgress(file("long.borel", "model m() {\n  x ~ normal(0, 1)\n  for i in 0..300 { observe(normal(x, 1), 0.5) }\n}\nquery m() using mh(samples: 400000, warmup: 10, chains: 1)\n"));
    assert.match(r.stderr, /interrupted/);
    assert.match(r.stdout, /^x\s+-?\d/m);
    assert.match(r.stdout, /warning: the run was interrupted/);
  });

  for (const method of ["importance(particles: 2000000)", "smc(particles: 300000)"])
    test(`Ctrl-C stops ${method.replace(/\(.*/, "")} too (its loop lets the SIGINT handler run) and prints the draws so far`, async () => {
      const r = await interruptAtProgress(file(`long-${method.slice(0, 3)}.borel`, `model m() {\n  x ~ normal(0, 1)\n  for i in 0..300 { observe(normal(x, 1), 0.5) }\n}\nquery m() using ${method}\n`));
      assert.match(r.stdout, /^x\s+-?\d/m);
      assert.match(r.stdout, /warning: the run was interrupted/);
    });

  test("Ctrl-C stops enumerate too (its depth-first search pauses between subtrees) and prints the runs so far", async () => {
    const r = await interruptAtProgress(file("long-enum.borel", "model m() {\n  for i in 0..22 { b[i] ~ bernoulli(0.5) }\n  observe(normal(if b[0] { 1 } else { 0 }, 1), 0.5)\n}\nquery m() using enumerate(max_executions: 10000000)\n"));
    assert.match(r.stdout, /^b\/0\s+\d/m);
    assert.match(r.stdout, /warning: the run was interrupted/);
    assert.match(r.stdout, /log Z is a lower bound/);
  });

  test("--plot and --draws on a program without queries say that nothing was written", async () => {
    const calc = file("calc.borel", "let a = 1 + 1\na\n");
    const r = await runCli(["run", calc, "--plot", join(dirname(calc), "p.svg"), "--draws", join(dirname(calc), "d.csv")]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), "2");
    assert.match(r.stderr, /--plot .*p\.svg: the program has no queries, so nothing was written/);
    assert.match(r.stderr, /--draws .*d\.csv: the program has no queries, so nothing was written/);
  });

  test("--plot: a query with nothing to plot is noted and the run goes on; a panel d3 cannot draw says so in place; a folder path naming a file is refused first", async () => {
    const prog = file("plotmix.borel", "model onlyobs() {\n  observe(normal(0, 1), 0.5)\n}\nmodel m() {\n  x ~ normal(0, 1)\n  track tiny = 1e-320 * x\n}\nquery onlyobs using importance(50)\nquery m using mh(samples: 100, chains: 2)\n");
    const png = join(dir, "pm.png");
    const r = await runCli(["run", prog, "--plot", png]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /--plot: query 1 has nothing to plot/);
    assert.match(r.stderr, /wrote \S*pm-2\.png/);
    const folder = join(dir, "pm-plots") + "/";
    const f = await runCli(["run", prog, "--plot", folder]);
    assert.equal(f.code, 0, f.stderr);
    assert.match(readFileSync(join(folder, "q2-trace.svg"), "utf8"), /cannot draw this panel/);
    const refused = await runCli(["run", prog, "--plot", `${prog}/`]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /this names a file, not a folder/);
    assert.doesNotMatch(refused.stdout, /importance/);
  });

  test("without the bundle (BOREL_FROM_SOURCE=1, tsx) the answer is the same", async () => {
    const a = await runJson(NORMAL, ["--data", `data=${DATA}`]);
    const b = await runJson(NORMAL, ["--data", `data=${DATA}`], { env: { BOREL_FROM_SOURCE: "1" } });
    assert.deepEqual(a, b);
  });
});

describe("borel check", () => {
  test("a clean program: exit 0 and a one-line summary", async () => {
    const r = await runCli(["check", NORMAL, "--data", `data=${DATA}`]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /normal\.borel: ok \(1 model, 0 functions, 1 query\)/);
  });

  test("a --data name the program defines itself is a warning naming the definition (the data would be unused)", async () => {
    const prog = file("hides.borel", "let data = [1.0]\nlen(data)\n");
    for (const cmd of ["check", "run"]) {
      const r = await runCli([cmd, prog, "--data", `data=${DATA}`]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /hides\.borel:1:5: warning: the program's own `let data` hides --data data, which is not used/);
    }
    assert.doesNotMatch((await runCli(["check", NORMAL, "--data", `data=${DATA}`])).stderr, /warning/);
  });

  test("every error is reported; --json lists them", async () => {
    const bad = file("two.borel", "let a = b\nmodel m() { x ~ 3 }\nquery m() using importance(bogus: 1)\n");
    const r = await runCli(["check", bad, "--json"]);
    assert.equal(r.code, 1);
    const doc = JSON.parse(r.stdout) as { ok: boolean; errors: { line: number }[] };
    assert.equal(doc.ok, false);
    assert.ok(doc.errors.length >= 2, r.stdout);
    assert.deepEqual(doc.errors.slice(0, 2).map((e) => e.line), [1, 2]);
  });
});
