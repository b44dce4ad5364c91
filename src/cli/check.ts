/**
 * `borel check FILE`: parse, check and compile the program — its top-level definitions run, its queries do
 * not (each query's method and options are still resolved, so an unknown option is reported) — and report
 * every error found, located, with the source line and a hint. Exit 0 when clean, 1 otherwise. With
 * `--json`: `{"borel": 1, "file", "ok", "errors": [{message, file, line, col, hint}]}`.
 *
 * @example
 * ```ts
 * process.exitCode = checkCommand(parseCommandLine(["check", "examples/coin.borel"]), processIO());
 * ```
 */
import { compileProgram, prepareQuery } from "../lang/index.js";
import type { CommandLine } from "./args.js";
import type { CliIO } from "./io.js";
import { errorRecord, formatErrors, hiddenDataWarnings, readData, readProgram } from "./source.js";

export function checkCommand(cl: CommandLine, io: CliIO): number {
  const file = cl.file!;
  const source = readProgram(file);
  const data = readData(cl.data);
  const prog = compileProgram(source, file, { data, seed: cl.seed, budget: cl.budget });
  for (const w of hiddenDataWarnings(prog.program, file, data)) io.err(`${w}\n`);
  const errors: unknown[] = [...prog.errors];
  for (const q of prog.queries) {
    try { prepareQuery(q); } catch (e) { errors.push(e); }
  }
  if (cl.json) io.out(`${JSON.stringify({ borel: 1, file, ok: errors.length === 0, errors: errors.map(errorRecord) })}\n`);
  if (errors.length > 0) {
    io.err(`${formatErrors(errors, { [file]: source })}\n${errors.length} error${errors.length > 1 ? "s" : ""} in ${file}\n`);
    return 1;
  }
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const counts = [count(Object.keys(prog.models).length, "model", "models"), count(Object.keys(prog.fns).length, "function", "functions"), count(prog.queries.length, "query", "queries")];
  if (!cl.json) io.out(`${file}: ok (${counts.join(", ")})\n`);
  return 0;
}
