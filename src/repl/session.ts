/**
 * A REPL session: the names defined so far and the seed. Each input is compiled as a small program whose
 * outside names (`globals`) are everything defined before — models, functions, values and the names an
 * `import` brought in (a program's exports include them) — so a later input can call an earlier model (`z ~ m(...)`) or function, and a
 * later definition of the same name shadows the earlier one — for later inputs: a definition made before keeps
 * the value it was compiled with, and a note names such definitions when a name they use is redefined. An input's top-level expressions print their
 * values (`1 + 1` prints 2), its queries run in order and print their summary tables, and its errors print
 * with `formatError` (location, source line, caret, hint) — never a stack trace. An input with an error
 * defines nothing.
 *
 * @example
 * ```ts
 * const s = new Session(processIO(), { seed: 0 });
 * await s.evaluate("model m() { x ~ normal(0, 1) \n return x }");
 * await s.evaluate("query m() using importance(particles: 1000)");   // prints the summary of x
 * await s.evaluate("1 + 1");                                          // prints 2
 * ```
 */
import { compileProgram, fromJSON, runQuery, type CompiledProgram } from "../lang/index.js";
import { mentionedNames } from "../lang/compile/analysis.js";
import { interruptible } from "../cli/interrupt.js";
import type { CliIO } from "../cli/io.js";
import { showValue } from "../cli/show.js";
import { formatErrors } from "../cli/source.js";
import { queryText } from "../cli/text-report.js";

export interface SessionOptions {
  seed?: number;
  /** JSON values bound to names from the start (`--data NAME=file.json`). */
  data?: Record<string, unknown>;
  /** Step, size and depth budgets of every input (`--max-steps`, `--max-elements`, `--max-depth`). */
  budget?: { maxSteps?: number; maxElements?: number; maxDepth?: number };
}

export class Session {
  seed: number;
  /** Every name defined so far, by name (later definitions replace earlier ones). */
  readonly names = new Map<string, unknown>();
  private readonly imports = new Map<string, CompiledProgram | "busy">();
  /** The names each model, function or let defined so far mentions (to note who keeps an old definition). */
  private readonly uses = new Map<string, Set<string>>();
  private running: AbortController | null = null;
  private readonly budget: SessionOptions["budget"];

  constructor(private readonly io: CliIO, o: SessionOptions = {}) {
    this.seed = o.seed ?? 0;
    this.budget = o.budget;
    for (const [k, v] of Object.entries(o.data ?? {})) this.names.set(k, fromJSON(v));
  }

  /**
   * The text of every input so far, by its name (`<repl 3>` for the third): an error raised in a function or
   * model an earlier input defined shows that input's line.
   */
  private readonly sources: Record<string, string> = {};
  private inputs = 0;

  /** Compiles and runs one input (a statement or several); `file` names it in error messages. */
  async evaluate(source: string, file = `<repl ${this.inputs + 1}>`): Promise<void> {
    this.inputs++;
    this.sources[file] = source;
    const prog = compileProgram(source, file, {
      globals: Object.fromEntries(this.names), imports: this.imports, seed: this.seed, budget: this.budget,
      onValue: (v) => this.io.out(`${showValue(v)}\n`),
    });
    if (prog.errors.length > 0) {
      this.io.err(`${formatErrors(prog.errors, this.sources)}\n`);
      return;
    }
    this.noteRedefinitions(prog);
    for (const [k, v] of prog.exports) if (!k.startsWith("__borel_")) this.names.set(k, v);
    for (const q of prog.queries) if (!(await this.runOne(q, source, prog))) break;
  }

  /**
   * A note for each earlier definition that uses a name this input redefines: it was compiled with the old value
   * and keeps it (redefining `a` after `model b() { y ~ a() }` left b on the old a without a word).
   */
  private noteRedefinitions(prog: CompiledProgram): void {
    const defined = new Map<string, Set<string>>();
    for (const item of prog.program?.items ?? [])
      if (item.kind === "Model" || item.kind === "Fn" || item.kind === "Let") defined.set(item.name.name, mentionedNames(item));
    for (const name of defined.keys()) {
      if (!this.names.has(name)) continue;
      const stale = [...this.uses].filter(([user, used]) => user !== name && !defined.has(user) && used.has(name)).map(([user]) => user);
      if (stale.length > 0)
        this.io.err(`note: '${name}' is redefined, but ${stale.map((u) => `'${u}'`).join(", ")} ${stale.length === 1 ? "was" : "were"} defined with the old '${name}' and still use${stale.length === 1 ? "s" : ""} it: enter ${stale.length === 1 ? "that definition" : "those definitions"} again to use the new one\n`);
    }
    for (const [name, used] of defined) this.uses.set(name, used);
  }

  /** Runs one query and prints it; false when it failed or was interrupted (the input's later queries are skipped). */
  private async runOne(q: CompiledProgram["queries"][number], source: string, prog: CompiledProgram): Promise<boolean> {
    this.running = new AbortController();
    try {
      const { value, interrupted } = await interruptible((signal) => runQuery(q, { seed: this.seed, signal }), { write: this.io.err }, this.running);
      this.io.out(`${queryText(q, source, value)}\n`);
      return !interrupted;
    } catch (e) {
      this.io.err(`${formatErrors([e], this.sources)}\n`);
      return false;
    } finally {
      this.running = null;
    }
  }

  /** Stops the running query (Ctrl-C at the terminal); true when one was running. */
  interrupt(): boolean {
    if (!this.running || this.running.signal.aborted) return false;
    this.running.abort();
    this.io.err("\ninterrupted: finishing the current step\n");
    return true;
  }

  /** Names defined so far, grouped as models, functions and values (for `:names`). */
  describeNames(): string {
    const groups: Record<string, string[]> = { models: [], functions: [], values: [] };
    for (const [k, v] of this.names) {
      const shown = showValue(v);
      if (shown.startsWith("<model")) groups.models.push(k);
      else if (shown.startsWith("<fn")) groups.functions.push(k);
      else groups.values.push(k);
    }
    return Object.entries(groups).filter(([, ns]) => ns.length > 0).map(([g, ns]) => `${g}: ${ns.join(", ")}`).join("\n") || "nothing defined yet";
  }
}
