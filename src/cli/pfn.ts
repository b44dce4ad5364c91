/**
 * `borel pfn ...`: train a PFN on a Borel model's prior, predict with a weights file, describe one.
 *
 *   borel pfn train FILE --model NAME --out gp.pfn [--steps 2000 --format int8 --checkpoint gp.ckpt ...]
 *   borel pfn predict WEIGHTS --data data.json --at 0.1,0.5 [--format int8] [--json]
 *   borel pfn info WEIGHTS
 *
 * The model's first argument is the number of rows n; row i is the pair of choices (x/i, y/i) (names set by
 * --inputs / --outputs). Ctrl-C during training stops at the end of the current step, writes the checkpoint
 * (with --checkpoint) and the weights so far; rerunning with the same flags resumes. The flag table of
 * `train` is `PFN_TRAIN_FLAGS` (src/pfn/cli-commands.ts), which also writes its help.
 *
 * @example
 * ```ts
 * process.exitCode = await pfnCommand(["info", "examples/pfn/gp1d.int8.pfn"], processIO());
 * ```
 */
import { parseArgs } from "node:util";
import { compileProgram } from "../lang/index.js";
import { PFN_TRAIN_FLAGS, parsePfnTrainFlags, pfnInfo, pfnPredict, pfnTrain, type CommandIO } from "../pfn/index.js";
import type { GenerativeFunction } from "../trace/gfi.js";
import { BorelError } from "../util/errors.js";
import { parseData, UsageError } from "./args.js";
import { interruptible } from "./interrupt.js";
import type { CliIO } from "./io.js";
import { formatErrors, readData, readProgram } from "./source.js";

const PREDICT_FLAGS = {
  data: { type: "string", doc: "JSON file with the observed rows {x: [...], y: [...]}" },
  at: { type: "string", doc: "query inputs: 0.1,0.5 or a JSON array of rows" },
  format: { type: "string", doc: "run the weights in f32, int8 or int4 (default: as stored)" },
  json: { type: "boolean", doc: "print one JSON array" },
} as const;

/** The help of `borel pfn`, written from the flag tables. */
export function pfnHelp(): string {
  const row = (name: string, doc: string) => `  --${name.padEnd(16)} ${doc}`;
  return [
    "usage:",
    "  borel pfn train FILE --model NAME --out OUT.pfn [flags]   train on the model's prior (Ctrl-C stops and saves)",
    "  borel pfn predict WEIGHTS --data data.json --at 0.1,0.5     posterior predictive at the query inputs",
    "  borel pfn info WEIGHTS                                      what a weights file holds",
    "",
    "train flags:",
    row("model NAME", "the model to train on (its first argument is the number of rows)"),
    row("data NAME=f.json", "bind NAME to the file's JSON value in the program (repeatable)"),
    ...Object.entries(PFN_TRAIN_FLAGS).map(([n, s]) => row(n, `${s.doc}${s.default ? ` (default ${s.default})` : ""}${s.values ? ` [${s.values.join("|")}]` : ""}`)),
    "",
    "predict flags:",
    ...Object.entries(PREDICT_FLAGS).map(([n, s]) => row(n, s.doc)),
    "",
  ].join("\n");
}

function parse(args: readonly string[], options: Record<string, { type: "string" | "boolean"; multiple?: boolean }>) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`pfn: ${(e as Error).message.replace(/\. To specify a positional argument.*$/s, "")}`);
  }
}

/** Runs `borel pfn SUBCOMMAND ...` (argv without "pfn"); returns the exit code. */
export async function pfnCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  const lines: CommandIO = { out: (l) => io.out(`${l}\n`), err: (l) => io.err(`${l}\n`) };
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") { io.out(pfnHelp()); return 0; }
  // `borel pfn train --help` (it was "Unknown option '--help'").
  if (rest.includes("--help") || rest.includes("-h")) { io.out(pfnHelp()); return 0; }
  if (sub === "info") {
    const { positionals } = parse(rest, {});
    if (positionals.length !== 1) throw new UsageError("pfn info needs one weights file, e.g. borel pfn info examples/pfn/gp1d.int8.pfn");
    pfnInfo(positionals[0], lines);
    return 0;
  }
  if (sub === "predict") {
    const { values: v, positionals } = parse(rest, Object.fromEntries(Object.entries(PREDICT_FLAGS).map(([n, s]) => [n, { type: s.type }])));
    if (positionals.length !== 1) throw new UsageError("pfn predict needs one weights file");
    if (typeof v.at !== "string") throw new UsageError("pfn predict needs --at, e.g. --at 0.1,0.5");
    if (v.format !== undefined && !["f32", "int8", "int4"].includes(v.format as string)) throw new UsageError(`--format must be f32, int8 or int4, got '${String(v.format)}'`);
    pfnPredict({ weights: positionals[0], dataFile: v.data as string | undefined, at: v.at, format: v.format as "f32" | "int8" | "int4" | undefined, json: v.json === true }, lines);
    return 0;
  }
  if (sub === "train") return pfnTrainCommand(rest, io, lines);
  throw new UsageError(`unknown pfn command '${sub}': train, predict or info`);
}

async function pfnTrainCommand(rest: readonly string[], io: CliIO, lines: CommandIO): Promise<number> {
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean }> = { model: { type: "string" }, data: { type: "string", multiple: true } };
  for (const [n, s] of Object.entries(PFN_TRAIN_FLAGS)) options[n] = { type: s.type === "bool" ? "boolean" : "string" };
  const { values: v, positionals } = parse(rest, options);
  if (positionals.length !== 1) throw new UsageError("pfn train needs one program file, e.g. borel pfn train gp.borel --model gp --out gp.pfn");
  const file = positionals[0];
  const { model: modelName, data, ...flags } = v as Record<string, string | boolean | string[] | undefined>;
  const bindings = ((data as string[] | undefined) ?? []).map(parseData);
  const opts = parsePfnTrainFlags({ out: `${(modelName as string | undefined) ?? "model"}.pfn`, ...(flags as Record<string, string | boolean | undefined>) });
  const source = readProgram(file);
  const prog = compileProgram(source, file, { data: readData(bindings) });
  if (prog.errors.length > 0) {
    io.err(`${formatErrors(prog.errors, { [file]: source })}\n`);
    return 1;
  }
  const names = Object.keys(prog.models);
  const name = (modelName as string | undefined) ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined) throw new UsageError(`pfn train: name the model with --model (models in ${file}: ${names.join(", ") || "none"})`);
  const model: GenerativeFunction | undefined = prog.models[name];
  if (!model) throw new BorelError("unknown-model", `borel pfn train: ${file} has no model '${name}'`, { hint: `models: ${names.join(", ") || "none"}` });
  const r = await interruptible((signal) => pfnTrain({ ...opts, modelName: name, model, signal }, lines), process.stderr);
  return r.interrupted ? 130 : 0;
}
