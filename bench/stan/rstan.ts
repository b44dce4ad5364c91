// Runs rstan from bench/nuts.ts when it is installed (issue 5: "run rstan in the same run when it is installed").
// `rstanAvailable()` asks Rscript for the rstan package; `runStan(jobs)` writes the jobs as R code, runs
// bench/stan/run.R and turns its output into the figures bench/nuts.ts prints for Stan: ESS_bulk per 1000
// gradients per seed (the smallest bulk ESS over the named parameters, by Borel's diagnostics — the same
// estimator as R's `posterior` 1.4.0 — over all leapfrog steps of warmup and sampling, as results.json counts
// them), µs per gradient (Stan's own elapsed time / leapfrog steps), compile time and the wall time per fit.
// Install on Debian: `apt-get install r-cran-rstan libboost-dev` (run.R finds the system Boost itself).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { essBulk } from "../../src/diagnostics/ess.js";

export interface StanJob {
  name: string;
  stanFile: string;
  data: Record<string, unknown>;
  seeds: number[];
  /** Parameter names (without indices) whose bulk ESS counts: the parameters block, not transformed ones. */
  params: string[];
  warmup?: number;
  draws?: number;
}

export interface StanFigures {
  rstan: string;
  compileS: number;
  /** Per seed: min bulk ESS per 1000 leapfrog steps (warmup + sampling). */
  essPer1kg: number[];
  /** Per seed: Stan's elapsed time (warmup + sampling) per leapfrog step, µs. */
  usPerGrad: number[];
  /** Per seed: wall time of the R `sampling` call, s. */
  wallS: number[];
  divergences: number;
}

/** True when `Rscript` runs and has rstan (a few seconds: R loads the package). */
export function rstanAvailable(): boolean {
  const r = spawnSync("Rscript", ["-e", "cat(requireNamespace('rstan', quietly = TRUE))"], { encoding: "utf8" });
  return r.status === 0 && r.stdout.trim().endsWith("TRUE");
}

/** An R literal for JSON-like data: integers as integers (Stan's `int` data), arrays of rows as matrices. */
function rValue(v: unknown, name: string): string {
  const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
  const lit = (x: number, ints: boolean) => (ints ? `${x}L` : x.toPrecision(17));
  if (isNum(v)) return lit(v, Number.isInteger(v));
  if (Array.isArray(v) && v.every(isNum)) { const ints = v.every(Number.isInteger); return `c(${v.map((x) => lit(x, ints)).join(",")})`; }
  if (Array.isArray(v) && v.length > 0 && v.every((r) => Array.isArray(r) && r.every(isNum) && r.length === (v[0] as number[]).length)) {
    const flat = (v as number[][]).flat(), ints = flat.every(Number.isInteger);
    return `matrix(c(${flat.map((x) => lit(x, ints)).join(",")}), nrow = ${v.length}, byrow = TRUE)`;
  }
  throw new Error(`bench/stan: data '${name}' is not a number, a vector or a matrix of numbers`);
}

const rString = (s: string) => JSON.stringify(s);

/** Runs every job in one R process (each model compiled once) and returns the figures by job name. */
export function runStan(jobs: StanJob[]): Map<string, StanFigures> {
  const dir = mkdtempSync(join(tmpdir(), "borel-rstan-"));
  try {
    const jobR = join(dir, "job.R"), outJson = join(dir, "out.json");
    const list = jobs.map((j) => `list(name = ${rString(j.name)}, stan_file = ${rString(j.stanFile)}, seeds = c(${j.seeds.join(",")}), warmup = ${j.warmup ?? 1000}, draws = ${j.draws ?? 1000}, adapt_delta = 0.8, max_treedepth = 10,
  data = list(${Object.entries(j.data).map(([k, v]) => `${k} = ${rValue(v, k)}`).join(",\n    ")}))`);
    writeFileSync(jobR, `jobs <- list(\n${list.join(",\n")}\n)\n`);
    const runR = fileURLToPath(new URL("run.R", import.meta.url));
    const r = spawnSync("Rscript", [runR, jobR, outJson], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 28 });
    // (maxBuffer: the C++ compiler's warnings for a model can pass the 1 MB default, which kills R.)
    if (r.status !== 0) throw new Error(`bench/stan/run.R failed (exit ${r.status ?? r.signal}${r.error ? `: ${r.error.message}` : ""}):\n${(r.stderr ?? "").split("\n").filter((l) => !l.includes("codetools")).slice(-15).join("\n")}`);
    const out = JSON.parse(readFileSync(outJson, "utf8")) as Record<string, RModel>;
    return new Map(jobs.map((j) => [j.name, figures(out[j.name]!, j.params)]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface RFit {
  seed: number; leapfrog_warmup: number; leapfrog_sampling: number; elapsed_warmup_s: number; elapsed_sampling_s: number;
  wall_s: number; divergences: number; stepsize: number; draws: Record<string, (number | null)[]>;
}
interface RModel { compile_s: number; rstan: string; fits: RFit[] }

function figures(m: RModel, params: string[]): StanFigures {
  const base = (k: string) => k.replace(/\[.*$/, "");
  const essPer1kg: number[] = [], usPerGrad: number[] = [], wallS: number[] = [];
  let divergences = 0;
  for (const fit of m.fits) {
    const grads = fit.leapfrog_warmup + fit.leapfrog_sampling;
    const keys = Object.keys(fit.draws).filter((k) => params.includes(base(k)));
    if (keys.length === 0) throw new Error(`bench/stan: none of ${params.join(", ")} among Stan's draws (${Object.keys(fit.draws).join(", ")})`);
    const minEss = Math.min(...keys.map((k) => essBulk([Float64Array.from(fit.draws[k]!, (x) => x ?? NaN)])));
    essPer1kg.push((1000 * minEss) / grads);
    usPerGrad.push((1e6 * (fit.elapsed_warmup_s + fit.elapsed_sampling_s)) / grads);
    wallS.push(fit.wall_s);
    divergences += fit.divergences;
  }
  return { rstan: m.rstan, compileS: m.compile_s, essPer1kg, usPerGrad, wallS, divergences };
}
