/**
 * The REPL's own commands, written with a leading colon so they can never be mistaken for Borel:
 * `:load FILE`, `:seed [N]`, `:names`, `:help`, `:quit`. Each returns what to print, or "quit".
 *
 * @example
 * ```ts
 * await runCommand(":seed 7", session);      // "seed 7"
 * await runCommand(":load model.borel", session);
 * ```
 */
import { readFileSync } from "node:fs";
import type { Session } from "./session.js";

export const REPL_HELP = [
  "Type Borel statements; they run as you enter them. For example:",
  "  model coin(flips) { p ~ beta(1, 1); for f in flips { observe(bernoulli(p), f) }; return p }",
  "  query coin([true, true, false]) using importance(particles: 2000)",
  "  fn sq(x) { x * x }",
  "  sq(3) + 1",
  "A statement that is not finished (an open brace, a trailing operator) continues on the next line;",
  "two empty lines abandon it. Ctrl-C stops a running query (it keeps its draws so far; map and laplace finish first).",
  "",
  "commands:",
  "  :load FILE   run a Borel file here (its definitions stay; its queries run)",
  "  :seed [N]    show or set the seed of the following queries (default 0)",
  "  :names       list the models, functions and values defined so far",
  "  :help        this help",
  "  :quit        leave (also Ctrl-D)",
].join("\n");

/** True when the input is a colon command rather than Borel source. */
export function isCommand(input: string): boolean {
  return /^\s*:[A-Za-z]/.test(input);
}

/** Runs a colon command; returns the text to print (empty for none) or "quit". */
export async function runReplCommand(input: string, session: Session): Promise<string | "quit"> {
  const [name, ...args] = input.trim().slice(1).split(/\s+/);
  const arg = args.join(" ");
  switch (name) {
    case "help": case "h": case "?":
      return REPL_HELP;
    case "quit": case "q": case "exit":
      return "quit";
    case "names":
      return session.describeNames();
    case "seed": {
      if (arg === "") return `seed ${session.seed}`;
      const n = Number(arg);
      if (!Number.isSafeInteger(n)) return `error: :seed needs an integer, got '${arg}'`;
      session.seed = n;
      return `seed ${n}`;
    }
    case "load": {
      if (arg === "") return "error: :load needs a file name, e.g. :load examples/coin.borel";
      let source: string;
      try { source = readFileSync(arg, "utf8"); } catch { return `error: cannot read '${arg}'`; }
      await session.evaluate(source, arg);
      return "";
    }
    default:
      return `error: unknown command ':${name}' (:help lists the commands)`;
  }
}
