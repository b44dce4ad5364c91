// `borel run FILE --plot PATH`: one SVG (or PNG) with every figure, or a folder with one SVG per figure,
// numbered per query like --draws.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { parseCommandLine } from "../../src/cli/args.js";
import { countMarks } from "./fixtures.js";

function io() {
  const out: string[] = [], err: string[] = [];
  return { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s), errIsTTY: false, text: () => ({ out: out.join(""), err: err.join("") }) };
}

const program = `
model m(ys) {
  mu ~ normal(0, 3)
  for i in 0..len(ys) { y[i] ~ normal(mu, 1) given ys[i] }
}
query m([0.5, 1.5, 1.0]) using mh(samples: 200, warmup: 100, chains: 2)
query m([0.5, 1.5, 1.0]) using importance(particles: 300)
`;

test("--plot writes every figure of every query", async () => {
  const dir = mkdtempSync(join(tmpdir(), "borel-cli-plot-"));
  const file = join(dir, "m.borel");
  writeFileSync(file, program);
  const a = io();
  assert.equal(await main(["run", file, "--plot", join(dir, "out.svg")], a), 0);
  assert.match(a.text().err, /wrote .*out\.svg/);
  const first = readFileSync(join(dir, "out.svg"), "utf8");
  assert.equal(countMarks(first, "line", "path"), 2 + 1); // trace: 2 chains; marginal: 1 density line
  assert.match(readFileSync(join(dir, "out-2.svg"), "utf8"), /weighted/);

  const b = io();
  assert.equal(await main(["run", file, "--plot", join(dir, "figs") + "/"], b), 0);
  assert.deepEqual(readdirSync(join(dir, "figs")).sort(), ["marginal.svg", "q2-marginal.svg", "rank.svg", "trace.svg"]);
  assert.equal(parseCommandLine(["run", "x.borel", "--plot", "p.png"]).plot, "p.png");
  assert.throws(() => parseCommandLine(["check", "x.borel", "--plot", "p.png"]), /does not take --plot/);
});
