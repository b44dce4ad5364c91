// Argument parsing (src/cli/args.ts), the CSV path of later queries, and the progress line's throttling —
// in process, without spawning the command.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FLAGS, parseCommandLine, UsageError } from "../../src/cli/args.js";
import { helpText } from "../../src/cli/usage.js";
import { drawsPath } from "../../src/cli/run.js";
import { ProgressLine } from "../../src/cli/progress.js";

/** The fields this test knows (flags added later, such as --plot, are checked by their own tests). */
const known = (cl: ReturnType<typeof parseCommandLine>) => ({ command: cl.command, file: cl.file, seed: cl.seed, json: cl.json, data: cl.data, draws: cl.draws, progress: cl.progress });

test("run with every flag; defaults; repeated --data in order", () => {
  assert.deepEqual(known(parseCommandLine(["run", "a.borel"])), { command: "run", file: "a.borel", seed: 0, json: false, data: [], draws: undefined, progress: false });
  const cl = parseCommandLine(["run", "a.borel", "--seed", "-3", "--json", "--data", "x=1.json", "--data=y=d/2.json", "--draws", "o.csv", "--progress"]);
  assert.deepEqual(known(cl), { command: "run", file: "a.borel", seed: -3, json: true, data: [{ name: "x", path: "1.json" }, { name: "y", path: "d/2.json" }], draws: "o.csv", progress: true });
  assert.equal(parseCommandLine(["--seed=7", "run", "a.borel"]).seed, 7);
});

test("help, version, repl with and without a file", () => {
  assert.equal(parseCommandLine([]).command, "help");
  assert.equal(parseCommandLine(["-h"]).command, "help");
  assert.equal(parseCommandLine(["run", "--help"]).command, "help");
  assert.equal(parseCommandLine(["--version"]).command, "version");
  assert.equal(parseCommandLine(["repl"]).file, undefined);
  assert.equal(parseCommandLine(["repl", "x.borel", "--seed", "2"]).seed, 2);
});

test("usage errors name the problem", () => {
  const bad: [string[], RegExp][] = [
    [["run"], /needs a program file/], [["check"], /needs a program file/], [["run", "a", "b"], /unexpected argument 'b'/],
    [["go"], /unknown command 'go'/], [["run", "a", "--nope"], /Unknown option '--nope'/], [["run", "a", "--seed", "1.5"], /--seed needs an integer/],
    [["run", "a", "--seed", "x"], /--seed needs an integer/], [["run", "a", "--data", "x.json"], /NAME=file.json/],
    [["check", "a", "--draws", "o.csv"], /'check' does not take --draws/], [["repl", "--json"], /'repl' does not take --json/],
    [["run", "a", "--sed", "3"], /Unknown option '--sed': did you mean --seed\?/], [["rnu", "a"], /unknown command 'rnu': did you mean 'run'\?/],
    [["run", "a", "--plots", "x/"], /did you mean --plot\?/],
  ];
  for (const [argv, message] of bad) assert.throws(() => parseCommandLine(argv), (e: unknown) => e instanceof UsageError && message.test(e.message), argv.join(" "));
});

test("--max-steps, --max-elements and --max-depth set the runtime budgets (run, check, repl); they must be positive integers", () => {
  assert.deepEqual(parseCommandLine(["run", "a.borel"]).budget, { maxSteps: undefined, maxElements: undefined, maxDepth: undefined });
  assert.deepEqual(parseCommandLine(["run", "a.borel", "--max-steps", "5e8", "--max-elements=100", "--max-depth", "40"]).budget, { maxSteps: 5e8, maxElements: 100, maxDepth: 40 });
  assert.equal(parseCommandLine(["repl", "--max-steps", "10"]).budget.maxSteps, 10);
  for (const v of ["0", "-1", "1.5", "x", ""]) assert.throws(() => parseCommandLine(["check", "a", `--max-steps=${v}`]), /--max-steps needs a positive integer/);
});

test("the help lists every flag of the table", () => {
  const help = helpText();
  for (const f of FLAGS) assert.ok(help.includes(`--${f.name}`), f.name);
});

test("drawsPath: out.csv, out-2.csv, ...", () => {
  assert.equal(drawsPath("out.csv", 0), "out.csv");
  assert.equal(drawsPath("dir.v1/out.csv", 2), "dir.v1/out-3.csv");
  assert.equal(drawsPath("dir.v1/out", 1), "dir.v1/out-2");
});

test("progress: quiet for the first second, then throttled; lines when not a terminal", () => {
  let now = 0;
  const lines: string[] = [];
  const p = new ProgressLine({ write: (s: string) => lines.push(s) }, { tty: false, label: "q", now: () => now });
  p.update(0.1, "a");
  now = 999; p.update(0.2, "b");
  now = 1000; p.update(0.5, "c");
  now = 1500; p.update(0.6, "d");
  now = 2000; p.update(1, "e");
  p.done();
  assert.deepEqual(lines, ["q:  50% c (1.0 s)\n", "q: 100% e (2.0 s)\n"]);
  const tty: string[] = [];
  const t = new ProgressLine({ write: (s: string) => tty.push(s) }, { tty: true, label: "q", now: () => now, delay: 0 });
  t.update(0.25, "x");
  t.done();
  assert.deepEqual(tty, ["\r\x1b[Kq:  25% x (0.0 s)", "\r\x1b[K"]);
});
