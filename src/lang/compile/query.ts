/**
 * Running a `query m(args) given {...} using method(opts)`: the method is looked up in the inference
 * registry (src/infer/registry.ts), nested kernel calls (`cycle(nuts(), gibbs("z"))`) become `KernelSpec`s,
 * options are validated and defaulted by `resolveOptions`, and the method runs with the seed (the query's
 * own `seed:` option wins over the context's). Unknown methods, kernels and options are errors located at
 * the query.
 *
 * @example
 * ```ts
 * const { queries } = compileProgram(source, "coin.borel");
 * const posterior = await runQuery(queries[0], { seed: 0 });
 * posterior.mean("p");
 * ```
 */
import { BorelError, isBorelError, type Span } from "../../util/errors.js";
import { getKernel, getMethod, kernelNames, methodNames, resolveOptions, type KernelSpec, type MethodSpec, type RunContext } from "../../infer/registry.js";
import type { Posterior } from "../../posterior/posterior.js";
import { ChoiceMap } from "../../trace/choicemap.js";
import { Rng } from "../../rand/rng.js";
import { isGenerativeFunction, type GenerativeFunction } from "../../trace/gfi.js";
import { FORBIDDEN_KEYS, aTypeName, typeName } from "../runtime/values.js";
import { plainValue } from "./run-handler.js";
import type { HiddenValue } from "./analysis.js";
// Registers every inference method and kernel a query can name.
import "../../infer/index.js";

/** A method or kernel call as written in `using` (evaluated arguments, not yet resolved). */
export interface MethodCall {
  name: string;
  args: unknown[];
  names: string[];
  vals: unknown[];
  span: Span;
}

/** A query statement after its arguments were evaluated. */
export interface QueryRecord {
  span: Span;
  methodSpan: Span;
  /** The model's name as written. */
  name: string;
  model: unknown;
  args: unknown[];
  given: ChoiceMap | null;
  method: unknown;
  /** Resolves a file the method names (relative to the program's folder, refusing paths that leave it). */
  resolveFile?: (path: string, what: string) => string;
}

/** A query ready to run: the method, its resolved options and the evaluated model arguments. */
export interface PreparedQuery {
  model: GenerativeFunction;
  args: unknown[];
  observations: ChoiceMap;
  method: MethodSpec;
  options: Record<string, unknown>;
  seed: number | undefined;
}

export function isMethodCall(x: unknown): x is MethodCall {
  return typeof x === "object" && x !== null && typeof (x as MethodCall).name === "string" && Array.isArray((x as MethodCall).names) && "span" in x;
}

/** A kernel call as a `KernelSpec`; other values as plain values. */
function toKernelArg(x: unknown): unknown {
  if (!isMethodCall(x)) return plainValue(x);
  const f = getKernel(x.name);
  if (!f) throw new BorelError("unknown-kernel", `unknown kernel '${x.name}'`, { span: x.span, hint: `kernels: ${kernelNames().join(", ")}` });
  checkOptionNames(x.names, x.span);
  const given = Object.create(null) as Record<string, unknown>;
  x.names.forEach((n, i) => { given[n] = toKernelArg(x.vals[i]); });
  const spec: KernelSpec = { kernel: x.name, args: x.args.map(toKernelArg), options: locate(() => resolveOptions(x.name, f.options, given), x.span) };
  return spec;
}

/** Option names reach JavaScript objects of the inference layer: the prototype-bending ones are refused. */
function checkOptionNames(names: readonly string[], span: Span): void {
  for (const n of names) if (FORBIDDEN_KEYS.has(n)) throw new BorelError("forbidden-key", `'${n}' cannot be an option name`, { span });
}

function locate<T>(f: () => T, span: Span): T {
  try {
    return f();
  } catch (e) {
    if (isBorelError(e)) throw e.at(span);
    throw e;
  }
}

/** Resolves a query's method and options (errors located at the query). */
export function prepareQuery(q: QueryRecord): PreparedQuery {
  if (!isGenerativeFunction(q.model))
    throw new BorelError("not-a-model", `query needs a model, but '${q.name}' is ${aTypeName(q.model)}`, { span: q.span });
  const m = q.method;
  if (!isMethodCall(m)) throw new BorelError("bad-method", "using needs an inference method, e.g. using importance(particles: 1000)", { span: q.methodSpan });
  const method = getMethod(m.name);
  if (!method) throw new BorelError("unknown-method", `unknown inference method '${m.name}'`, { span: m.span, hint: `methods: ${methodNames().join(", ")}` });
  checkOptionNames(m.names, m.span);
  const given = Object.create(null) as Record<string, unknown>;
  m.names.forEach((n, i) => {
    if (n in given) throw new BorelError("duplicate-option", `${m.name}: option '${n}' is given twice`, { span: m.span });
    given[n] = toKernelArg(m.vals[i]);
  });
  const byPosition = method.positionalOptions;
  if (byPosition !== undefined) {
    if (m.args.length > byPosition.length)
      throw new BorelError("arity", `${m.name} takes at most ${byPosition.length} positional argument${byPosition.length === 1 ? "" : "s"}`, { span: m.span, hint: `by position, ${m.name}(${byPosition.join(", ")}); name the others` });
    m.args.forEach((a, i) => {
      const n = byPosition[i]!;
      if (n in given) throw new BorelError("duplicate-option", `${m.name}: option '${n}' is given twice (by position and by name)`, { span: m.span });
      given[n] = toKernelArg(a);
    });
  } else {
    const positional = method.positional ?? [];
    if (m.args.length > positional.length)
      throw new BorelError("arity", `${m.name} takes ${positional.length === 0 ? "no" : `at most ${positional.length}`} positional argument${positional.length === 1 ? "" : "s"}`, {
        span: m.span, hint: `name the options: ${m.name}(${Object.keys(method.options).map((k) => `${k}: ...`).join(", ")})`,
      });
    // The i-th positional argument fills the first option of the same type not given by name (mcmc's kernel).
    m.args.forEach((a, i) => {
      const name = Object.keys(method.options).find((k) => method.options[k].type === positional[i].type && !(k in given));
      if (name === undefined) throw new BorelError("bad-method", `${m.name}: no option takes positional argument ${i + 1}`, { span: m.span });
      given[name] = toKernelArg(a);
    });
  }
  const seed = given.seed;
  if (seed !== undefined && (typeof seed !== "number" || !Number.isInteger(seed)))
    throw new BorelError("bad-option", `${m.name}: option 'seed' must be an integer`, { span: m.span });
  const options = locate(() => resolveOptions(m.name, method.options, given), m.span);
  return { model: q.model, args: q.args, observations: q.given ?? ChoiceMap.EMPTY, method, options, seed: seed as number | undefined };
}

/** Runs a query; the query's `seed:` option overrides `ctx.seed`. */
export async function runQuery(q: QueryRecord, ctx: Partial<RunContext> = {}): Promise<Posterior> {
  const p = prepareQuery(q);
  const run: RunContext = { seed: p.seed ?? ctx.seed ?? 0, onProgress: ctx.onProgress, signal: ctx.signal, resolveFile: ctx.resolveFile ?? q.resolveFile };
  try {
    const post = await p.method.run(p.model, p.args, p.observations, p.options, run);
    const hidden = hiddenWarnings(p.model, p.observations, q.name);
    if (hidden.length > 0) post.addWarningsLazily(() => hidden);
    const params = p.method.name === "vi" ? [] : paramsRead(p.model, p.args, p.observations);
    if (params.length > 0)
      post.addWarningsLazily(() => [`${q.name} reads learnable parameters (${params.slice(0, 4).map((n) => `'${n}'`).join(", ")}${params.length > 4 ? ", …" : ""}) that only vi learns: ${p.method.name} used their initial values`]);
    return post;
  } catch (e) {
    if (isBorelError(e) && e.span === undefined) e.span = q.span;
    throw e;
  }
}

/**
 * The names of the `param`s one run of the model reads (a differentiable run reports each it asks for): a
 * method other than vi reads their initial values (exp(param("log_tau", 0)) ran with tau = 1, silently).
 */
function paramsRead(model: GenerativeFunction, args: unknown[], observations: ChoiceMap): string[] {
  const names = new Set<string>();
  try {
    const { trace } = model.generate(args, observations, new Rng("params-probe"));
    model.scoreAD(trace, () => undefined, { paramOverride: (name) => { names.add(name); return undefined; } });
  } catch {
    // A model that cannot be probed (it already ran under the method): no warning.
  }
  return [...names];
}

/**
 * Warnings for the model's sample statements that hide a parameter or program value of the same name
 * (./analysis.ts, `HiddenValue`) when the query's `given` does not constrain that name either.
 */
export function hiddenWarnings(model: GenerativeFunction, given: ChoiceMap, name: string): string[] {
  const hidden = (model as { hidden?: readonly HiddenValue[] }).hidden ?? [];
  const keys = hidden.length === 0 ? [] : [...given.keys()];
  return hidden.filter((h) => !keys.some((k) => k === h.name || k.startsWith(`${h.name}/`))).map((h) => {
    const of = h.what === "parameter" ? `the parameter '${h.name}' of ${name}` : `the program's value '${h.name}'`;
    const what = h.target === h.name ? `a new random choice '${h.name}' that hides` : `new random choices '${h.name}/…' that hide`;
    return `'${h.target} ~ …' (line ${h.line}:${h.col}) samples ${what} ${of}, which is therefore not observed: to condition on it write ` +
      `'${h.target} ~ … given ${h.target}' (or observe(…, ${h.target})), or query ${name}(…) given {${h.name}: …}; to sample, give the choice another name`;
  });
}
