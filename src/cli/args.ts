/**
 * Command-line arguments of `borel`: one table of flags (name, value, which commands take it, one line of
 * help), parsed with `node:util`'s `parseArgs`. Adding a flag — e.g. `--plot out.svg` — is one row here and
 * one use in the command that reads it; the help text is written from the same rows.
 *
 * @example
 * ```ts
 * parseCommandLine(["run", "coin.borel", "--seed", "3", "--data", "flips=f.json"]);
 * // { command: "run", file: "coin.borel", seed: 3, json: false, data: [{name: "flips", path: "f.json"}], ... }
 * ```
 */
import { parseArgs } from "node:util";
import { closest } from "../util/suggest.js";

export type Command = "run" | "check" | "repl" | "help" | "version";

export interface FlagSpec {
  /** Long name without the dashes. */
  name: string;
  short?: string;
  /** The value's placeholder in the help (`N`, `out.csv`); absent for boolean flags. */
  value?: string;
  /** May be given several times (values collected in order). */
  repeat?: boolean;
  /** Commands that accept the flag. */
  commands: readonly Command[];
  doc: string;
}

export const FLAGS: readonly FlagSpec[] = [
  { name: "seed", value: "N", commands: ["run", "repl"], doc: "random seed of the queries (an integer, default 0)" },
  { name: "json", commands: ["run", "check"], doc: "print exactly one JSON document on stdout" },
  { name: "data", value: "NAME=file.json", repeat: true, commands: ["run", "check", "repl"], doc: "bind NAME to the file's JSON value in the program" },
  { name: "draws", value: "out.csv", commands: ["run"], doc: "write the draws as CSV (out-2.csv, ... for later queries)" },
  { name: "plot", value: "out.svg|dir/", commands: ["run"], doc: "write the posterior's plots: all in one SVG (or .png; out-2.svg, ... for later queries), or one SVG per plot in a folder" },
  { name: "max-steps", value: "N", commands: ["run", "check", "repl"], doc: "step budget of one run of a program or model (loop iterations and calls; default 1e8)" },
  { name: "max-elements", value: "N", commands: ["run", "check", "repl"], doc: "largest array, vector or string a program may build (default 1e7)" },
  { name: "max-depth", value: "N", commands: ["run", "check", "repl"], doc: "deepest nesting of function and model calls (default 2500; JavaScript's stack may end first: ~1800 levels of a fn, a few hundred of a model run directly)" },
  { name: "progress", commands: ["run"], doc: "report progress on stderr even when it is not a terminal" },
  { name: "help", short: "h", commands: ["run", "check", "repl", "help", "version"], doc: "show this help" },
  { name: "version", short: "v", commands: ["run", "check", "repl", "help", "version"], doc: "print the version" },
];

export interface DataBinding {
  name: string;
  path: string;
}

export interface CommandLine {
  command: Command;
  /** The program file (run, check; optional for repl). */
  file?: string;
  seed: number;
  json: boolean;
  data: DataBinding[];
  draws?: string;
  plot?: string;
  progress: boolean;
  /** Budgets of the Borel runtime (`--max-steps`, `--max-elements`, `--max-depth`); absent: the defaults. */
  budget: { maxSteps?: number; maxElements?: number; maxDepth?: number };
}

/** A usage error: the CLI prints it with a pointer to `--help` and exits with code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

const COMMANDS: readonly Command[] = ["run", "check", "repl", "help", "version"];

/** Parses `argv` (without node and the script); throws `UsageError` for anything malformed. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv), allowPositionals: true, strict: true,
      options: Object.fromEntries(FLAGS.map((f) => [f.name, {
        type: f.value ? "string" : "boolean", ...(f.short ? { short: f.short } : {}), ...(f.repeat ? { multiple: true } : {}),
      }] as const)),
    });
  } catch (e) {
    const message = (e as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    // A misspelled flag: name the closest one.
    const unknown = /^Unknown option '--([^']+)'/.exec(message)?.[1];
    const near = unknown === undefined ? undefined : closest(unknown, FLAGS.map((f) => f.name));
    throw new UsageError(near === undefined ? message : `${message}: did you mean --${near}?`);
  }
  const v = parsed.values as Record<string, string | string[] | boolean | undefined>;
  const [first, ...rest] = parsed.positionals;
  const command: Command = v.help ? "help" : v.version ? "version" : ((first ?? "help") as Command);
  if (!COMMANDS.includes(command)) {
    const near = closest(String(first), COMMANDS);
    throw new UsageError(`unknown command '${first}'${near ? `: did you mean '${near}'?` : ""}`);
  }
  if (!v.help && !v.version) {
    for (const f of FLAGS) if (v[f.name] !== undefined && !f.commands.includes(command)) throw new UsageError(`'${command}' does not take --${f.name}`);
  }
  const files = v.help || v.version ? [] : rest;
  const needsFile = command === "run" || command === "check";
  if (needsFile && files.length === 0) throw new UsageError(`'${command}' needs a program file, e.g. borel ${command} examples/coin.borel`);
  if (files.length > (command === "repl" ? 1 : needsFile ? 1 : 0)) throw new UsageError(`unexpected argument '${files[needsFile || command === "repl" ? 1 : 0]}'`);
  return {
    command, file: files[0], seed: parseSeed(v.seed as string | undefined), json: v.json === true,
    data: ((v.data as string[] | undefined) ?? []).map(parseData), draws: v.draws as string | undefined, plot: v.plot as string | undefined, progress: v.progress === true,
    budget: { maxSteps: parseCount("max-steps", v["max-steps"] as string | undefined), maxElements: parseCount("max-elements", v["max-elements"] as string | undefined), maxDepth: parseCount("max-depth", v["max-depth"] as string | undefined) },
  };
}

/** `--seed -3` as `--seed=-3` (parseArgs would read "-3" as a flag). */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const takesValue = FLAGS.some((f) => f.value && argv[i] === `--${f.name}`);
    if (takesValue && /^-\d/.test(argv[i + 1] ?? "")) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

function parseSeed(s: string | undefined): number {
  if (s === undefined) return 0;
  const n = Number(s);
  if (s.trim() === "" || !Number.isSafeInteger(n)) throw new UsageError(`--seed needs an integer, got '${s}'`);
  return n;
}

/** A positive integer flag value (`--max-steps 5e8` allowed), or undefined when absent. */
function parseCount(flag: string, s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (s.trim() === "" || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${flag} needs a positive integer, got '${s}'`);
  return n;
}

/** `NAME=file.json` → a data binding (a usage error naming the expected form otherwise). */
export function parseData(s: string): DataBinding {
  const m = /^([\p{ID_Start}_][\p{ID_Continue}]*)=(.+)$/u.exec(s);
  if (!m) throw new UsageError(`--data needs NAME=file.json with NAME an identifier, got '${s}'`);
  return { name: m[1], path: m[2] };
}
