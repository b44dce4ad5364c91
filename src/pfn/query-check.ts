/**
 * The static rules of PFN queries, for the language's checker (layer 8 may import this; it needs no AST):
 *
 *   query m(n) given {x: xs, y: ys} using pfn(FILE, at: xq [, samples: S] [, format: F] [, seed: K])
 *   query m(n) given {x: xs, y: ys} using pfn_importance(FILE [, particles: N] [, temperature: T] ...)
 *
 * 1. `given` is required and names the PFN's data: exactly its input and output names when the file can be
 *    read at check time, else two names;
 * 2. the weights file is given once (positionally or as `file:`), as a string;
 * 3. `pfn` needs `at:`;
 * 4. the model takes the number of rows as its first argument (at least one argument);
 * 5. a file that can be read must hold the right kind of PFN: a predictive one for `pfn`, a latent (proposal)
 *    one for `pfn_importance`.
 *
 * Any other use is reported with a `BorelError` (code `bad-query`) located at the part the rule is about.
 *
 * @example
 * ```ts
 * checkPfnQuery({ method: "pfn", modelArgs: 1, given: { names: ["x", "y"] }, positional: 1, options: ["at"], file: "gp.pfn" });   // []
 * ```
 */
import { readFileSync } from "node:fs";
import { BorelError, type Span } from "../util/errors.js";
import { deserialize } from "../tensor/serialize.js";
import type { PFNConfig } from "./config.js";
import { readJsonEntry } from "./io.js";

export interface PfnQueryShape {
  method: string;
  /** Number of arguments the query passes to the model. */
  modelArgs: number;
  given: { names: readonly string[]; span?: Span } | null;
  /** Number of positional arguments of the method call, and the names of its named options. */
  positional: number;
  options: readonly string[];
  /** The weights file when it is a string literal. */
  file?: string;
  span?: Span;
  methodSpan?: Span;
  modelSpan?: Span;
}

export const PFN_METHODS = ["pfn", "pfn_importance"] as const;

/** The config stored in a PFN file, or undefined when it cannot be read. */
export function readPfnConfig(file: string): PFNConfig | undefined {
  try {
    const meta = readJsonEntry(deserialize(new Uint8Array(readFileSync(file)))["pfn.meta"], "pfn.meta") as { config: PFNConfig };
    return meta.config;
  } catch { return undefined; }
}

export function checkPfnQuery(q: PfnQueryShape, readConfig: (file: string) => PFNConfig | undefined = readPfnConfig): BorelError[] {
  if (!(PFN_METHODS as readonly string[]).includes(q.method)) return [];
  const errs: BorelError[] = [], m = q.method, at = q.methodSpan ?? q.span;
  const err = (msg: string, span: Span | undefined, hint: string) => errs.push(new BorelError("bad-query", msg, { span, hint }));
  const example = m === "pfn" ? `query m(n) given {x: xs, y: ys} using pfn("gp.pfn", at: xq)` : `query m(n) given {x: xs, y: ys} using pfn_importance("proposal.pfn")`;
  const files = q.positional + (q.options.includes("file") ? 1 : 0);
  if (files !== 1) err(files === 0 ? `${m} needs the PFN weights file` : `${m}: the weights file is given ${files} times`, at, `write ${example}`);
  if (q.positional > 1) err(`${m} takes one positional argument (the weights file), got ${q.positional}`, at, `write ${example}`);
  if (m === "pfn" && !q.options.includes("at")) err("pfn needs the query inputs 'at:'", at, `write ${example}`);
  if (q.modelArgs < 1) err(`${m}: the model's first argument must be the number of rows`, q.modelSpan ?? q.span, "a PFN prior is a model m(n) whose row i is the pair of choices x/i, y/i");
  const config = q.file !== undefined ? readConfig(q.file) : undefined;
  if (!q.given) {
    err(`${m} conditions on data: the query needs 'given'`, q.span, `write ${example}`);
    return errs;
  }
  if (config) {
    const want = [config.inputs, config.outputs], names = [...q.given.names].sort();
    if (names.length !== 2 || !want.every((w) => names.includes(w)))
      err(`${m}: the PFN in '${q.file}' conditions on {${want.join(", ")}}, but the query gives {${q.given.names.join(", ")}}`, q.given.span ?? q.span,
        `write given {${config.inputs}: ..., ${config.outputs}: ...}`);
    if (m === "pfn" && config.kind === "latent") err(`pfn: '${q.file}' is a proposal (latent) PFN`, at, `use pfn_importance("${q.file}") to run importance sampling with it`);
    if (m === "pfn_importance" && config.kind !== "latent") err(`pfn_importance: '${q.file}' predicts outputs, it is not a proposal PFN`, at, `use pfn("${q.file}", at: xq) for its predictive`);
  } else if (q.given.names.length !== 2) err(`${m}: 'given' must name the data's inputs and outputs (two names), got ${q.given.names.length}`, q.given.span ?? q.span, `write ${example}`);
  return errs;
}
