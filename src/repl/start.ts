/**
 * `borel repl`: an interactive session on `node:repl`. Each complete input goes to the `Session`; an input
 * the parser finds unfinished (see incomplete.ts) is continued on the next line, until two empty lines
 * abandon it. Inputs run one after another even when they arrive faster than queries finish (piped stdin).
 * History is kept in ~/.borel_history (or $BOREL_HISTORY) on a terminal, in memory when that file cannot be
 * written. Node's own dot commands that would run JavaScript are removed: the session runs Borel only.
 *
 * @example
 * ```sh
 * $ borel repl
 * borel> 1 + 1
 * 2
 * ```
 */
import repl from "node:repl";
import { homedir } from "node:os";
import { join } from "node:path";
import { formatError } from "../util/errors.js";
import type { DataBinding } from "../cli/args.js";
import type { CliIO } from "../cli/io.js";
import { readData, readProgram } from "../cli/source.js";
import { version } from "../cli/usage.js";
import { isCommand, runReplCommand } from "./commands.js";
import { isIncomplete } from "./incomplete.js";
import { Session } from "./session.js";

export interface ReplOptions {
  /** A program to load first. */
  file?: string;
  seed: number;
  data: readonly DataBinding[];
  budget?: { maxSteps?: number; maxElements?: number; maxDepth?: number };
}

/** The history file: $BOREL_HISTORY, else ~/.borel_history. */
export function historyPath(): string {
  return process.env.BOREL_HISTORY ?? join(homedir(), ".borel_history");
}

/** True when the last two lines of a continued input are empty (the user abandons it). */
const abandoned = (text: string) => /\n[ \t]*\n[ \t]*$/.test(text);

export async function startRepl(o: ReplOptions, io: CliIO): Promise<number> {
  const session = new Session(io, { seed: o.seed, data: readData(o.data), budget: o.budget });
  if (o.file) await session.evaluate(readProgram(o.file), o.file);
  const terminal = process.stdin.isTTY === true && process.stdout.isTTY === true;
  if (terminal) io.out(`Borel ${version()} — :help for help, :quit to leave\n`);
  let queue: Promise<unknown> = Promise.resolve();
  let busy = 0;
  let quit = false;
  const handle = async (text: string) => {
    if (quit) return;
    try {
      if (!isCommand(text)) return await session.evaluate(text);
      const out = await runReplCommand(text, session);
      if (out === "quit") { quit = true; server.close(); } else if (out.startsWith("error:")) io.err(`${out}\n`); else if (out) io.out(`${out}\n`);
    } catch (e) {
      io.err(`${formatError(e)}\n`);
    }
  };
  const server = repl.start({
    prompt: terminal ? "borel> " : "", input: process.stdin, output: process.stdout, terminal, useColors: false,
    ignoreUndefined: true, preview: false, writer: (s: unknown) => String(s),
    // Parsing decides at once whether to continue the input; the work itself is queued and the callback
    // returns immediately, so node:repl never appends a new line to an input that is still running.
    eval: (cmd, _context, _file, done) => {
      let text = cmd.replace(/\r?\n$/, "");
      if (text.trim() === "") return done(null, undefined);
      // A command typed while a statement is unfinished (`:quit` after `foo(`) abandons the statement and runs.
      const lastLine = text.slice(text.lastIndexOf("\n") + 1).trim();
      if (text.includes("\n") && isCommand(lastLine)) { io.err("(the unfinished statement was abandoned)\n"); text = lastLine; }
      if (!isCommand(text) && isIncomplete(text)) {
        if (!abandoned(text)) return done(new repl.Recoverable(new Error("incomplete input")), undefined);
        // Two empty lines: the user gave up on it (it is not run, so no syntax error about its missing end).
        io.err("(the unfinished statement was abandoned)\n");
        return done(null, undefined);
      }
      busy++;
      queue = queue.then(() => handle(text)).finally(() => { if (--busy === 0 && !quit) server.displayPrompt(); });
      done(null, undefined);
    },
  });
  // The prompt shows when the queued work is done (so output never lands after it), and only on a terminal.
  const showPrompt = server.displayPrompt.bind(server);
  server.displayPrompt = (preserveCursor?: boolean) => { if (terminal && busy === 0) showPrompt(preserveCursor); };
  for (const name of ["load", "save", "clear", "editor", "help"]) delete (server.commands as Record<string, unknown>)[name];
  // Node's own `.help` would be "Invalid REPL keyword": point to Borel's commands (`.exit` stays Node's).
  server.defineCommand("help", { help: "Borel's commands", action() { io.err("Borel's commands start with ':' — :help lists them\n"); this.displayPrompt(); } });
  // Ctrl-C while work runs stops it (a second press while it finishes does nothing more); at the prompt it is
  // node:repl's (clear the line; twice to quit). node:repl's own handler ran too: it printed "press Ctrl+C
  // again to exit", and a second press quit the session while the query finished.
  const nodeSigint = server.listeners("SIGINT") as ((...a: unknown[]) => void)[];
  server.removeAllListeners("SIGINT");
  server.on("SIGINT", () => {
    if (busy > 0) { session.interrupt(); return; }
    for (const l of nodeSigint) l.call(server);
  });
  if (terminal) server.setupHistory(historyPath(), () => { /* unwritable: the history stays in memory */ });
  await new Promise<void>((resolve) => server.on("exit", () => resolve()));
  await queue;
  return 0;
}
