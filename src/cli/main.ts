/**
 * The `borel` command (bin/borel.mjs runs this module's `main`):
 *
 *   borel run FILE [--seed N] [--json] [--data NAME=file.json]... [--draws out.csv] [--progress]
 *   borel check FILE [--json] [--data NAME=file.json]...
 *   borel repl [FILE] [--seed N] [--data NAME=file.json]...
 *   borel pfn train|predict|info ...   (src/cli/pfn.ts)
 *   borel --help | --version
 *
 * BOREL_TIMING=1 reports on stderr the time from process start to the first query (run) and to the end.
 *
 * Exit codes: 0 ok; 1 program error (located, with a hint; with `--json` also as `{"error": ...}` on stdout);
 * 2 usage error (unknown command or flag, missing file); 130 run interrupted by Ctrl-C.
 *
 * @example
 * ```ts
 * process.exitCode = await main(["run", "examples/coin.borel", "--json"]);
 * ```
 */
import { formatError } from "../util/errors.js";
import { parseCommandLine, UsageError, type CommandLine } from "./args.js";
import { checkCommand } from "./check.js";
import { processIO, type CliIO } from "./io.js";
import { runCommand } from "./run.js";
import { errorRecord } from "./source.js";
import { helpText, version } from "./usage.js";

export const EXIT_OK = 0;
export const EXIT_PROGRAM_ERROR = 1;
export const EXIT_USAGE = 2;

async function dispatch(cl: CommandLine, io: CliIO): Promise<number> {
  switch (cl.command) {
    case "help": io.out(helpText()); return EXIT_OK;
    case "version": io.out(`${version()}\n`); return EXIT_OK;
    case "check": return checkCommand(cl, io);
    case "run": return runCommand(cl, io);
    case "repl": {
      const { startRepl } = await import("../repl/start.js");
      return startRepl({ file: cl.file, seed: cl.seed, data: cl.data, budget: cl.budget }, io);
    }
  }
}

/** Runs the command line `argv` (without node and the script name) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const code = await mainUntimed(argv, io);
  if (process.env.BOREL_TIMING) {
    const cpu = process.cpuUsage();
    io.err(`borel: ${performance.now().toFixed(1)} ms from process start to the end (${((cpu.user + cpu.system) / 1000).toFixed(1)} ms cpu)\n`);
  }
  return code;
}

async function mainUntimed(argv: readonly string[], io: CliIO): Promise<number> {
  const json = argv.includes("--json");
  try {
    // `borel pfn ...` has its own subcommands and flags (src/cli/pfn.ts), loaded only when used.
    if (argv[0] === "pfn") return await (await import("./pfn.js")).pfnCommand(argv.slice(1), io);
    return await dispatch(parseCommandLine(argv), io);
  } catch (e) {
    if (e instanceof UsageError) {
      if (json) io.out(`${JSON.stringify({ error: { message: e.message, file: null, line: null, col: null, hint: "borel --help lists the commands and flags" } })}\n`);
      io.err(`borel: ${e.message}\nrun 'borel ${argv[0] === "pfn" ? "pfn " : ""}--help' for the commands and flags\n`);
      return EXIT_USAGE;
    }
    if (json) io.out(`${JSON.stringify({ error: errorRecord(e) })}\n`);
    io.err(`${formatError(e, { stack: process.env.BOREL_DEBUG !== undefined })}\n`);
    return EXIT_PROGRAM_ERROR;
  }
}
