// Running the `borel` command in a child process, as users do: `node bin/borel.mjs ARGS`, after making
// sure the prebuilt bundle is fresh (so the tests exercise what `npm ci` installs). Shared by the CLI, REPL
// and examples tests.
import { execFileSync, spawn } from "node:child_process";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "../..");
export const BOREL = join(ROOT, "bin/borel.mjs");

/** Builds dist/cli/borel.mjs unless it is fresh (atomic: concurrent test files may call this too). */
export function ensureBundle(): void {
  execFileSync(process.execPath, [join(ROOT, "bin/build-cli.mjs"), "--if-stale"], { cwd: ROOT, stdio: "inherit" });
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, which is then closed. */
  input?: string;
  /** Called with each chunk of stderr (e.g. to send a signal once progress shows). */
  onStderr?: (chunk: string, child: ReturnType<typeof spawn>) => void;
}

/** Runs `node bin/borel.mjs ...args` and collects its output and exit code. */
export function runCli(args: readonly string[], o: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BOREL, ...args], { cwd: o.cwd ?? ROOT, env: { ...process.env, ...o.env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => { stdout += s; });
    child.stderr.setEncoding("utf8").on("data", (s: string) => { stderr += s; o.onStderr?.(s, child); });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(o.input ?? "");
  });
}

export interface SummaryJson {
  mean: number | string;
  sd: number | string;
  q05: number | string;
  q50: number | string;
  q95: number | string;
  rhat: number | string | null;
  ess_bulk: number | string | null;
  ess_tail: number | string | null;
  mcse_mean: number | string | null;
}

export interface QueryJson {
  model: string;
  args: unknown[];
  method: string;
  options: Record<string, unknown>;
  summary: Record<string, SummaryJson>;
  return: SummaryJson | SummaryJson[] | { values: [unknown, number][] } | null;
  logZ: number | string | null;
  diagnostics: Record<string, unknown>;
}

export interface RunJson {
  borel: number;
  file: string;
  seed: number;
  queries: QueryJson[];
}

/** `borel run FILE --json ...`: the parsed document (fails with stderr when the exit code is not 0). */
export async function runJson(file: string, extra: readonly string[] = [], o: CliOptions = {}): Promise<RunJson> {
  const r = await runCli(["run", file, "--json", ...extra], o);
  if (r.code !== 0) throw new Error(`borel run ${file} exited with ${r.code}:\n${r.stderr}`);
  return JSON.parse(r.stdout) as RunJson;
}
