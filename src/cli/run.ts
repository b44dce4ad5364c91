/**
 * `borel run FILE`: compile the program (with `--data` bindings), run its queries in order with the seed,
 * and print each posterior — a summary table per query, or with `--json` exactly one JSON document
 * `{"borel": 1, "file", "seed", "queries": [...]}` (see report.ts). `--draws out.csv` writes the draws of the
 * first query to out.csv and of the k-th to out-k.csv; before any query runs, an output that is a directory
 * or one of the run's own inputs is a usage error (./outputs.ts). Program errors print located, with the
 * source line and a hint (exit 1; with `--json`, `{"error": {message, file, line, col, hint}, "errors": [...]}`
 * on stdout, with `borel`, `file`, `seed` and the finished `queries` when some ran before the error); Ctrl-C
 * stops the running query, prints its draws so far and exits with 130.
 *
 * With BOREL_TIMING=1 the command reports on stderr the time from process start to the first query and the
 * compile time (bench/compile.ts reads it).
 *
 * @example
 * ```ts
 * process.exitCode = await runCommand(parseCommandLine(["run", "examples/coin.borel"]), processIO());
 * ```
 */
import { closeSync, openSync, statSync, writeSync } from "node:fs";
import { dataKind } from "../lang/syntax/data-file.js";
import { extname } from "node:path";
import { unwritableFolder } from "../util/files.js";
import { BorelError } from "../util/errors.js";
import { compileProgram, prepareQuery, runQuery, type CompiledProgram } from "../lang/index.js";
import type { Posterior } from "../posterior/posterior.js";
import { UsageError, type CommandLine } from "./args.js";
import { interruptible, type HeldInterruptible } from "./interrupt.js";
import { guardOutputs, programInputs, type InputFile, type OutputFile } from "./outputs.js";
import { ProgressLine } from "./progress.js";
import { queryReport, type QueryReport } from "./report.js";
import { showValue } from "./show.js";
import { errorRecord, formatErrors, hiddenDataWarnings, readData, readProgram } from "./source.js";
import { queryText } from "./text-report.js";
import type { CliIO } from "./io.js";

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

/** The CSV path of the k-th query (0-based): `out.csv`, `out-2.csv`, ... */
export function drawsPath(path: string, k: number): string {
  if (k === 0) return path;
  const dot = path.lastIndexOf(".");
  return dot > path.lastIndexOf("/") ? `${path.slice(0, dot)}-${k + 1}${path.slice(dot)}` : `${path}-${k + 1}`;
}

export async function runCommand(cl: CommandLine, io: CliIO): Promise<number> {
  const file = cl.file!;
  // A --plot path the plot layer would refuse is a usage error before any query runs.
  const plotExt = cl.plot === undefined || /[/\\]$/.test(cl.plot) ? "" : extname(cl.plot).toLowerCase();
  if (plotExt !== "" && plotExt !== ".svg" && plotExt !== ".png")
    throw new UsageError(`--plot ${cl.plot}: write a .svg or .png file, or a folder (plots/) for one SVG per figure`);
  if (cl.draws !== undefined) writableFolder(cl.draws, "--draws");
  if (cl.plot !== undefined && plotExt !== "") writableFolder(cl.plot, "--plot");
  // A folder path naming an existing file failed with ENOTDIR after the first query had run.
  if (cl.plot !== undefined && plotExt === "" && isFile(cl.plot.replace(/[/\\]+$/, "")))
    throw new UsageError(`--plot ${cl.plot}: this names a file, not a folder; give a folder (plots/) or a .svg/.png file`);
  // Outputs that would overwrite an input, or that are directories, are refused before anything runs:
  // the program and --data files now, the files the program imports or loads once it is compiled.
  const plotFile = cl.plot !== undefined && plotExt !== "" && !isDirectory(cl.plot) ? cl.plot : undefined;
  const given: InputFile[] = [{ path: file, what: "the program" }, ...cl.data.map((d) => ({ path: d.path, what: `the --data file of '${d.name}'` }))];
  guardOutputs(outputFiles(cl.draws, plotFile, 1), given);
  const source = readProgram(file);
  const data = readData(cl.data);
  const t0 = performance.now();
  // Top-level expression values are computed before any query runs; they print in source order among the
  // queries' reports (a value written after a query prints after it).
  const values: { line: number; text: string }[] = [];
  let shown = 0;
  const showValuesBefore = (line: number) => {
    while (shown < values.length && values[shown]!.line < line) io.out(`${values[shown++]!.text}\n`);
  };
  const prog = compileProgram(source, file, { data, seed: cl.seed, budget: cl.budget, onValue: cl.json ? undefined : (v, span) => values.push({ line: span.file === file ? span.line : 0, text: showValue(v) }) });
  const reports: QueryReport[] = [];
  const fail = (errors: readonly unknown[]): number => {
    showValuesBefore(Infinity);
    // The queries that finished before the error keep their reports (a run's work is not thrown away).
    const done = { borel: 1, file: prog.file, seed: cl.seed, queries: reports };
    if (cl.json) io.out(`${JSON.stringify({ ...done, error: errorRecord(errors[0]), errors: errors.map(errorRecord) })}\n`);
    io.err(`${formatErrors(errors, { [file]: source })}\n`);
    return 1;
  };
  if (prog.errors.length > 0) return fail(prog.errors);
  guardOutputs(outputFiles(cl.draws, plotFile, prog.queries.length), [...given, ...programInputs(prog)]);
  for (const w of hiddenDataWarnings(prog.program, file, data)) io.err(`${w}\n`);
  if (process.env.BOREL_TIMING) {
    const cpu = process.cpuUsage();
    io.err(`borel: ${performance.now().toFixed(1)} ms from process start to the first query (${((cpu.user + cpu.system) / 1000).toFixed(1)} ms cpu; compile ${(performance.now() - t0).toFixed(1)} ms)\n`);
  }
  for (const [k, q] of prog.queries.entries()) {
    showValuesBefore(q.span.line);
    let post: Posterior, interrupted: boolean, held: HeldInterruptible<Posterior> | undefined;
    try {
      const prepared = prepareQuery(q);
      const progress = io.errIsTTY || cl.progress ? new ProgressLine({ write: io.err }, { tty: io.errIsTTY, label: `query ${k + 1} (${q.name})` }) : undefined;
      // The Ctrl-C handler stays while this query's report is printed and written (a summary of 10⁶ draws takes
      // seconds): a Ctrl-C then ends the run after it, rather than killing the process with its output unwritten.
      held = await interruptible((signal) => runQuery(q, { seed: cl.seed, onProgress: progress?.update, signal }), { write: io.err }, new AbortController(), true);
      ({ value: post, interrupted } = held);
      progress?.done();
      reports.push(queryReport(q, prepared, prepared.seed ?? cl.seed, post));
    } catch (e) {
      await held?.release();
      // Ctrl-C before the method had a draw (tempered SMC's first level, a slow first particle): an
      // interruption (exit 130), not a program error.
      if (e instanceof BorelError && e.code === "aborted") {
        io.err(`interrupted: ${e.message}: no draws to show\n`);
        return finish(cl, prog, reports, io, EXIT_INTERRUPTED);
      }
      return fail([e]);
    }
    try {
      if (!cl.json) io.out(`${k > 0 ? "\n" : ""}${queryText(q, source, post)}\n`);
      if (cl.draws) writeDraws(drawsPath(cl.draws, k), post, io);
      if (cl.plot) await writePlots(cl.plot, k, post, io);
    } finally {
      await held.release();
    }
    if (interrupted || held.interruptedSince) return finish(cl, prog, reports, io, EXIT_INTERRUPTED);
  }
  showValuesBefore(Infinity);
  // A program that only computes values (a calculator) printed them: nothing to point out.
  if (prog.queries.length === 0 && shown === 0 && !cl.json) io.err(`${file}: no queries to run (add: query MODEL(args) using METHOD(...))\n`);
  // A JSON data file is also a valid expression: it ran and printed itself; say how data reaches a program.
  if (prog.queries.length === 0 && Object.keys(prog.models).length === 0 && dataKind(source, file) === "JSON")
    io.err(`note: ${file} looks like a data file, not a program: give it to a program with --data NAME=${file}, or read it there with load("${file}")\n`);
  // Flags that write a query's results write nothing without queries: say so rather than exit quietly.
  if (prog.queries.length === 0) for (const [flag, v] of [["--plot", cl.plot], ["--draws", cl.draws]] as const) if (v !== undefined) io.err(`${flag} ${v}: the program has no queries, so nothing was written\n`);
  return finish(cl, prog, reports, io, 0);
}

function finish(cl: CommandLine, prog: CompiledProgram, reports: QueryReport[], io: CliIO, code: number): number {
  if (cl.json) io.out(`${JSON.stringify({ borel: 1, file: prog.file, seed: cl.seed, queries: reports })}\n`);
  return code;
}

/** The files `--draws` and a one-file `--plot` write for a program of `queries` queries. */
function outputFiles(draws: string | undefined, plotFile: string | undefined, queries: number): OutputFile[] {
  const out: OutputFile[] = [];
  for (let k = 0; k < queries; k++) {
    if (draws !== undefined) out.push({ flag: "--draws", given: draws, path: drawsPath(draws, k), query: k });
    // The plot layer numbers its files as drawsPath does (src/plot/files.ts).
    if (plotFile !== undefined) out.push({ flag: "--plot", given: plotFile, path: drawsPath(plotFile, k), query: k });
  }
  return out;
}

function isFile(path: string): boolean {
  try { return statSync(path).isFile(); } catch { return false; }
}

function isDirectory(path: string): boolean {
  try { return statSync(path).isDirectory(); } catch { return false; }
}

/** A usage error unless the folder of `path` exists and can be written (checked before the queries run). */
function writableFolder(path: string, flag: string): void {
  const why = unwritableFolder(path);
  if (why !== null) throw new UsageError(`${flag} ${path}: ${why}; create the folder first`);
}

/** `--plot`: the plot layer is loaded only when asked for (it is large). */
async function writePlots(path: string, k: number, post: Posterior, io: CliIO): Promise<void> {
  const { writeFigures } = await import("../plot/files.js");
  let written: string[];
  try {
    written = writeFigures(post, path, { query: k });
  } catch (e) {
    throw new UsageError(`--plot: cannot write '${path}' (${(e as Error).message})`);
  }
  io.err(written.length > 0 ? `borel: wrote ${written.join(", ")}\n` : `borel: --plot: query ${k + 1} has nothing to plot (no random choice, tracked value or return value with numbers)\n`);
}

/** Writes the lines in chunks of ~1 MB: a CSV larger than the longest string V8 makes is still written. */
function writeChunks(path: string, lines: Iterable<string>): void {
  const fd = openSync(path, "w");
  try {
    let chunk = "";
    for (const line of lines) {
      chunk += line;
      if (chunk.length >= 1 << 20) { writeSync(fd, chunk); chunk = ""; }
    }
    if (chunk.length > 0) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

function writeDraws(path: string, post: Posterior, io: CliIO): void {
  try {
    writeChunks(path, post.csvLines({ stats: true }));
  } catch (e) {
    throw new UsageError(`--draws: cannot write '${path}' (${(e as Error).message})`);
  }
  io.err(`borel: wrote ${post.size} draw${post.size === 1 ? "" : "s"} to ${path}\n`);
}
