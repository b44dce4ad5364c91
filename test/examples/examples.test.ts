// Every example is a test: each examples/*.borel runs through the CLI (`borel run FILE --json`) and its
// numbers are checked against exact answers — closed forms, quadrature, the forward algorithm or series
// sums computed here, independently of Borel. MCMC estimates must lie within 5 Monte Carlo standard errors
// (the mcse_mean the run reports) of the exact mean, plus 0.2% of the posterior sd for the bias a finite
// warmup may leave; sds within 10% (their relative error is ≈ 1/√(2·ESS) ≤ 3% at the ESS these runs reach).
// Importance-sampling estimates use 4 standard errors computed from the reported ESS. The embedded
// TypeScript examples run under tsx, and examples/embed/program.ts also under ts-node (the loader users of
// ts-node need: node --loader ts-node/esm).
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ensureBundle, ROOT, runJson, type QueryJson, type SummaryJson } from "../cli/run-cli.js";

const run = promisify(execFile);
const num = (x: unknown): number => (typeof x === "number" ? x : Number(x));

/** |estimate − exact| within 5 MCSE (+0.2% of the sd); sd within 10%. */
function closeMCMC(row: SummaryJson | undefined, mean: number, sd: number, what: string): void {
  assert.ok(row, `${what}: no summary row`);
  const mcse = num(row.mcse_mean);
  assert.ok(Number.isFinite(mcse) && mcse > 0, `${what}: mcse ${row.mcse_mean}`);
  assert.ok(Math.abs(num(row.mean) - mean) <= 5 * mcse + 0.002 * sd, `${what}: mean ${row.mean} vs exact ${mean} (mcse ${mcse})`);
  assert.ok(Math.abs(num(row.sd) - sd) <= 0.1 * sd, `${what}: sd ${row.sd} vs exact ${sd}`);
  assert.ok(num(row.rhat) < 1.05, `${what}: rhat ${row.rhat}`);
}

/** An importance-sampling mean within 4 standard errors sd/√ESS. */
function closeIS(q: QueryJson, row: SummaryJson | undefined, mean: number, sd: number, what: string): void {
  assert.ok(row, `${what}: no summary row`);
  const ess = num(q.diagnostics.ess);
  assert.ok(Math.abs(num(row.mean) - mean) <= (4 * sd) / Math.sqrt(ess), `${what}: mean ${row.mean} vs exact ${mean} (ESS ${ess})`);
}

/** Forward algorithm (log space) of a discrete HMM: log p(ys) and the filtering distribution of the last state. */
function forward(init: number[], trans: number[][], emit: number[][], ys: number[]): { logLik: number; filter: number[] } {
  let alpha = init.map((p, j) => p * emit[j][ys[0]]);
  let logLik = 0;
  for (let t = 0; t <= ys.length - 1; t++) {
    if (t > 0) alpha = init.map((_, j) => alpha.reduce((s, a, i) => s + a * trans[i][j], 0) * emit[j][ys[t]]);
    const c = alpha.reduce((a, b) => a + b, 0);
    logLik += Math.log(c);
    alpha = alpha.map((a) => a / c);
  }
  return { logLik, filter: alpha };
}

/** Posterior moments of mu and tau in the eight schools model by quadrature (theta integrated out). */
function eightSchoolsExact(): { mu: [number, number]; tau: [number, number] } {
  const y = [28, 8, -3, 7, -1, 1, 18, 12], s = [15, 10, 16, 11, 9, 11, 10, 18];
  let z = 0, m1 = 0, m2 = 0, t1 = 0, t2 = 0;
  for (let mu = -40; mu <= 50; mu += 0.1) {
    for (let u = -10; u <= 7; u += 0.02) {
      const tau = Math.exp(u);
      let lp = -0.5 * (mu / 5) ** 2 - Math.log1p((tau / 5) ** 2) + u;       // normal(0, 5) · half_cauchy(5) · dtau/du
      for (let j = 0; j < 8; j++) { const v = s[j] ** 2 + tau ** 2; lp += -0.5 * Math.log(v) - (0.5 * (y[j] - mu) ** 2) / v; }
      const w = Math.exp(lp + 20);
      z += w; m1 += w * mu; m2 += w * mu * mu; t1 += w * tau; t2 += w * tau * tau;
    }
  }
  const sd = (a: number, b: number) => Math.sqrt(b / z - (a / z) ** 2);
  return { mu: [m1 / z, sd(m1, m2)], tau: [t1 / z, sd(t1, t2)] };
}

/** The posterior of the recursive example: p(n | 4) ∝ 0.7^n 0.3 Poisson(4; n + 1), by summing the series. */
function geometricExact(): { mean: number; sd: number; logZ: number } {
  let z = 0, m1 = 0, m2 = 0;
  for (let n = 0; n < 400; n++) {
    const w = Math.exp(n * Math.log(0.7) + Math.log(0.3) - (n + 1) + 4 * Math.log(n + 1) - Math.log(24));
    z += w; m1 += n * w; m2 += n * n * w;
  }
  return { mean: m1 / z, sd: Math.sqrt(m2 / z - (m1 / z) ** 2), logZ: Math.log(z) };
}

/** Kalman filter of x₁ ~ N(0, 1), x_t = a·x_{t−1} + N(0, 1), y_t = x_t + N(0, 1): log p(ys) and the last filter. */
function kalman(ys: number[], a = 0.9): { logLik: number; mean: number; sd: number } {
  let m = 0, v = 1, logLik = 0;
  ys.forEach((y, t) => {
    if (t > 0) { m = a * m; v = a * a * v + 1; }
    const s = v + 1;                                   // predictive variance of y_t
    logLik += -0.5 * (Math.log(2 * Math.PI * s) + (y - m) ** 2 / s);
    const k = v / s;
    m += k * (y - m);
    v *= 1 - k;
  });
  return { logLik, mean: m, sd: Math.sqrt(v) };
}

/** The checks of each example, by file name; an example without checks fails the test below. */
const CHECKS: Record<string, (queries: QueryJson[]) => void> = {
  "coin.borel": ([q]) => {
    // Beta(71, 31): mean 0.696078, sd 0.045320, log Z = log B(71, 31) = −63.25722.
    closeIS(q, q.summary.p, 0.696078, 0.04532, "coin p");
    assert.ok(Math.abs(num(q.logZ) - -63.25722) < 0.1, `coin log Z ${q.logZ}`);
  },
  "linreg.borel": ([known, unknown]) => {
    // Conjugate Gaussian posterior (the team's exact.json, linreg entry).
    closeMCMC(known.summary.slope, 1.9769344207074198, 0.03954654614050838, "linreg slope");
    closeMCMC(known.summary.intercept, -1.036234930081155, 0.05006924415262417, "linreg intercept");
    // The data were simulated with noise sd 0.5: the posterior of sigma covers it.
    const sigma = unknown.summary.sigma;
    assert.ok(num(sigma.q05) < 0.5 && 0.5 < num(sigma.q95), `sigma 90% interval [${sigma.q05}, ${sigma.q95}]`);
  },
  "eight_schools.borel": ([q]) => {
    const exact = eightSchoolsExact();
    closeMCMC(q.summary.mu, exact.mu[0], exact.mu[1], "eight schools mu");
    closeMCMC(q.summary.tau, exact.tau[0], exact.tau[1], "eight schools tau");
  },
  "hmm.borel": ([q]) => {
    const fair = Array(6).fill(1 / 6);
    const { logLik, filter } = forward([0.5, 0.5], [[0.95, 0.05], [0.1, 0.9]], [fair, [0.1, 0.1, 0.1, 0.1, 0.1, 0.5]], [2, 4, 0, 5, 3, 5, 5, 1, 5, 5, 5, 2]);
    assert.ok(Math.abs(num(q.logZ) - logLik) < 1e-9, `hmm log Z ${q.logZ} vs forward ${logLik}`);
    assert.ok(Math.abs(num(q.summary["z/11"].mean) - filter[1]) < 1e-9, `hmm p(z/11 = 1) ${q.summary["z/11"].mean} vs ${filter[1]}`);
  },
  "mixture.borel": ([q]) => {
    // Grid quadrature of the mu[0] < mu[1] mode (the team's exact.json, gmm entry).
    closeMCMC(q.summary["mu[0]"], -1.9539165857942482, 0.09872664671860508, "mixture mu[0]");
    closeMCMC(q.summary["mu[1]"], 1.9149677498340631, 0.11989267686184338, "mixture mu[1]");
  },
  "ssm.borel": ([q]) => {
    const ys = (JSON.parse(readFileSync(join(ROOT, "examples", "data", "ssm.json"), "utf8")) as { ys: number[] }).ys;
    const exact = kalman(ys);
    // Tolerances from 16 seeds of this run (10000 particles): log Ẑ − log Z had sd 0.12, the last state's mean
    // error sd 0.013 and its sd's error sd 0.008; each bound is about 4–5 of those sds.
    assert.ok(Math.abs(num(q.logZ) - exact.logLik) < 0.5, `ssm log Z ${q.logZ} vs Kalman ${exact.logLik}`);
    const last = q.summary["x/99"];
    assert.ok(Math.abs(num(last.mean) - exact.mean) < 0.06, `ssm x/99 mean ${last.mean} vs Kalman ${exact.mean}`);
    assert.ok(Math.abs(num(last.sd) - exact.sd) < 0.04, `ssm x/99 sd ${last.sd} vs Kalman ${exact.sd}`);
    assert.equal(q.diagnostics.lockstep, true);
  },
  "queens.borel": ([six, eight]) => {
    // 4 solutions of 6^6 boards, 92 of 8^8; the solutions are symmetric under mirroring (column c ↔ n − 1 − c).
    assert.ok(Math.abs(num(six.logZ) - Math.log(4 / 6 ** 6)) < 1e-9, `6 queens log Z ${six.logZ}`);
    assert.ok(Math.abs(num(eight.logZ) - Math.log(92 / 8 ** 8)) < 1e-9, `8 queens log Z ${eight.logZ}`);
    assert.ok(Math.abs(num((eight.return as SummaryJson).mean) - 3.5) < 1e-9, `8 queens E[q[0]] ${(eight.return as SummaryJson).mean}`);
    assert.equal(eight.diagnostics.complete, true);
  },
  "geometric.borel": ([prior, posterior, enumerated]) => {
    closeIS(prior, prior.return as SummaryJson, 7 / 3, Math.sqrt(0.7) / 0.3, "geometric prior mean");
    const exact = geometricExact();
    closeIS(posterior, posterior.return as SummaryJson, exact.mean, exact.sd, "geometric posterior mean");
    assert.ok(Math.abs(num(posterior.logZ) - exact.logZ) < 0.05, `geometric log Z ${posterior.logZ} vs ${exact.logZ}`);
    // Enumeration stops at its tolerance (1e-12 of Z): exact to about that.
    assert.ok(Math.abs(num(enumerated.logZ) - exact.logZ) < 1e-9, `geometric enumerated log Z ${enumerated.logZ} vs ${exact.logZ}`);
    assert.ok(Math.abs(num((enumerated.return as SummaryJson).mean) - exact.mean) < 1e-8, `geometric enumerated mean ${(enumerated.return as SummaryJson).mean} vs ${exact.mean}`);
  },
};

const examples = readdirSync(join(ROOT, "examples")).filter((f) => f.endsWith(".borel")).sort();

before(() => ensureBundle());

test("every .borel example has checks", () => {
  assert.deepEqual(examples.filter((f) => !(f in CHECKS)), []);
  assert.ok(examples.length >= 6);
});

describe("examples through `borel run --json`", { concurrency: 2 }, () => {
  for (const file of examples) {
    test(file, async () => {
      const doc = await runJson(join("examples", file));
      assert.equal(doc.seed, 0);
      CHECKS[file]?.(doc.queries);
    });
  }
});

describe("embedded TypeScript examples", { concurrency: 2 }, () => {
  test("template.ts (tsx): the borel tag, NUTS on the conjugate regression", async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "examples/embed/template.ts"], { cwd: ROOT });
    const slope = /^slope\s+(\S+)/m.exec(stdout);
    assert.ok(slope && Math.abs(Number(slope[1]) - 1.97693) < 0.01, stdout);
  });
  test("program.ts (tsx): forward algorithm and enumeration agree", async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "examples/embed/program.ts"], { cwd: ROOT });
    const [, a, b] = /log p\(rolls\) = (\S+)[\s\S]*log Z\s+= (\S+)/.exec(stdout) ?? [];
    assert.ok(a !== undefined && a === b, stdout);
  });
  test("coin.ts (tsx): the README's embedded model", async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "examples/embed/coin.ts"], { cwd: ROOT });
    assert.match(stdout, /^p\s+0\.69/m);
  });
  test("program.ts under ts-node (node --loader ts-node/esm)", async () => {
    const { stdout } = await run(process.execPath, ["--loader", "ts-node/esm", "examples/embed/program.ts"], { cwd: ROOT, env: { ...process.env, NODE_NO_WARNINGS: "1" } });
    assert.match(stdout, /log p\(rolls\) = -18\.7746/);
  });
});
