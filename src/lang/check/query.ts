/**
 * Checks of `query m(args) [given {...}] using method(options)` against the inference registry
 * (src/infer/registry.ts): the method and every kernel inside it must be registered, named options must
 * exist (`seed` always does), literal option values must have the option's type and range, positional
 * arguments must fit the spec. A kernel whose spec declares no positional arguments takes any number
 * (addresses such as `mh("x", "y")`, kernels such as `cycle(k1, k2)`); a method without them takes none.
 *
 * @example
 * ```ts
 * checkMethod(parseExpr("importance(particle: 10)"), walk);   // unknown option 'particle' ... did you mean 'particles'?
 * ```
 */
import "../../infer/index.js";
import "../../pfn/register.js";
import { getKernel, getMethod, kernelNames, methodNames, resolveOptions, type OptionSpec } from "../../infer/registry.js";
import { BorelError, isBorelError } from "../../util/errors.js";
import type * as A from "../syntax/ast.js";
import type { Binding } from "./scope.js";
import { didYouMean } from "../../util/suggest.js";

/** What the query checker needs from the main checker. */
export interface QueryHooks {
  /** Checks an ordinary expression (names, calls) in the query's scope. */
  expr(e: A.Expr): void;
  lookup(name: string): Binding | undefined;
  report(e: BorelError): void;
}

interface Owner {
  name: string;
  what: "method" | "kernel";
  options: Readonly<Record<string, OptionSpec>>;
  positional?: readonly OptionSpec[];
  /** The options the positional arguments are, in order (a method's `positionalOptions`). */
  positionalNames?: readonly string[];
}

const SEED: OptionSpec = { type: "int", doc: "random seed" };

/** A literal option value (number, -number, string, bool, array of literals), or undefined when computed. */
function literal(e: A.Expr): { value: unknown } | undefined {
  switch (e.kind) {
    case "Number":
    case "String":
    case "Bool":
      return { value: e.value };
    case "Unary":
      return e.op === "-" && e.arg.kind === "Number" ? { value: -e.arg.value } : undefined;
    case "Array": {
      const xs = e.elements.map(literal);
      return xs.every((x) => x !== undefined) ? { value: xs.map((x) => x!.value) } : undefined;
    }
    default:
      return undefined;
  }
}

function calleeName(call: A.CallExpr): A.Identifier | undefined {
  return call.callee.kind === "Identifier" ? call.callee : undefined;
}

export function checkMethod(call: A.CallExpr, hooks: QueryHooks): void {
  const id = calleeName(call);
  if (!id || id.name === "") return;
  const spec = getMethod(id.name);
  if (!spec) {
    const asKernel = getKernel(id.name) ? ` '${id.name}' is a kernel: run it with mcmc(${id.name}(), samples: 1000).` : "";
    const dym = didYouMean(id.name, methodNames());
    hooks.report(new BorelError("unknown-method", `unknown inference method '${id.name}'`, {
      span: id.span,
      hint: `${dym ? `${dym} ` : ""}${asKernel ? `${asKernel.trim()} ` : ""}methods: ${methodNames().join(", ")}`,
    }));
    for (const a of call.args) hooks.expr(a.value);
    return;
  }
  const byPosition = spec.positionalOptions;
  checkArgs({ name: spec.name, what: "method", options: spec.options, positional: byPosition ? byPosition.map((n) => spec.options[n]!) : spec.positional ?? [], positionalNames: byPosition }, call, hooks);
}

function checkKernel(call: A.CallExpr, hooks: QueryHooks): void {
  const id = calleeName(call);
  if (!id) {
    hooks.report(new BorelError("unknown-kernel", "expected a kernel such as mh(\"x\") or cycle(k1, k2)", { span: call.span, hint: `kernels: ${kernelNames().join(", ")}` }));
    return;
  }
  if (id.name === "") return;
  const spec = getKernel(id.name);
  if (!spec) {
    const dym = didYouMean(id.name, kernelNames());
    // A method in kernel position (rejuvenate: mcmc(k)): the kernel is wanted itself.
    const method = getMethod(id.name) !== undefined ? `${id.name} is an inference method, not a kernel: give the kernel itself (e.g. cycle(rw("x"), gibbs("z"))); ` : "";
    hooks.report(new BorelError("unknown-kernel", `unknown kernel '${id.name}'`, {
      span: id.span,
      hint: `${method}${dym ? `${dym} ` : ""}kernels: ${kernelNames().join(", ")}`,
    }));
    // Its arguments are still checked — as kernels where they name one (no "unknown name" for each).
    for (const a of call.args) {
      const inner = a.value.kind === "Call" ? calleeName(a.value) : undefined;
      if (a.value.kind === "Call" && inner && getKernel(inner.name)) checkKernel(a.value, hooks);
      else hooks.expr(a.value);
    }
    return;
  }
  checkArgs({ name: spec.name, what: "kernel", options: spec.options, positional: spec.positional }, call, hooks);
}

function checkArgs(owner: Owner, call: A.CallExpr, hooks: QueryHooks): void {
  const positional = call.args.filter((a) => a.name === null);
  positional.forEach((a, i) => {
    const spec = owner.positional?.[i];
    if (owner.positional && !spec) {
      const n = owner.positional.length;
      // A second address for a one-address kernel (gibbs(a, b)): one kernel per address, in a cycle.
      const first = owner.positional[0], bare = first !== undefined && isBareAddress(owner, first, a.value, hooks.lookup);
      const quoted = first?.type === "string" && a.value.kind === "String";
      const name = (e: A.Expr) => (e.kind === "Identifier" ? e.name : e.kind === "String" ? e.value : undefined);
      const addrs = bare || quoted ? positional.map((p) => name(p.value)) : [];
      hooks.report(new BorelError("unknown-option", `${owner.name} takes ${n === 0 ? "no" : `at most ${n}`} positional argument${n === 1 ? "" : "s"}, got ${positional.length}`, {
        span: a.span,
        hint: owner.positionalNames ? `by position, ${owner.name}(${owner.positionalNames.join(", ")}); name the others: options of ${owner.name}: ${optionList(owner)}`
          : (bare || quoted) && addrs.every((x) => x !== undefined)
          ? `${owner.name} moves one address: cycle(${addrs.map((x) => `${owner.name}(${quoted ? JSON.stringify(x) : x})`).join(", ")}) moves each in turn`
          : `name the option, e.g. ${owner.name}(${Object.keys(owner.options)[0] ?? "seed"}: ...); options of ${owner.name}: ${optionList(owner)}`,
      }));
      // The extra address is not also an unknown name.
      if (!bare) hooks.expr(a.value);
      return;
    }
    // A kernel's address may be written bare (gibbs(tau), nuts(m1, m2)) when the program binds no such name.
    if (isBareAddress(owner, spec, a.value, hooks.lookup)) return;
    const option = owner.positionalNames?.[i];
    checkValue(owner, option ? `option '${option}' (argument ${i + 1})` : `argument ${i + 1}`, spec, a.value, hooks, option);
  });
  // Options given by position count as given: naming one of them again is giving it twice.
  const seen = new Set<string>(owner.positionalNames?.slice(0, positional.length) ?? []);
  for (const a of call.args) {
    if (a.name === null) continue;
    if (seen.has(a.name)) hooks.report(new BorelError("unknown-option", `option '${a.name}' of ${owner.name} is given twice`, { span: a.span }));
    seen.add(a.name);
    const spec = a.name === "seed" ? SEED : owner.options[a.name];
    if (!spec) {
      const dym = didYouMean(a.name, [...Object.keys(owner.options), "seed"]);
      hooks.report(new BorelError("unknown-option", `${owner.name} has no option '${a.name}'`, {
        span: a.span,
        hint: `${dym ? `${dym} ` : ""}options of ${owner.name}: ${optionList(owner)}`,
      }));
      hooks.expr(a.value);
      continue;
    }
    checkValue(owner, `option '${a.name}'`, spec, a.value, hooks, a.name);
  }
}

/**
 * True for a positional kernel argument that is an address written as a bare name: an identifier the program
 * does not bind and no kernel is called, where the kernel takes addresses. The emitter makes it that string.
 */
export function isBareAddress(owner: { what: "method" | "kernel" }, spec: OptionSpec | undefined, e: A.Expr, lookup: (name: string) => unknown): boolean {
  return owner.what === "kernel" && (spec === undefined || spec.type === "string") && e.kind === "Identifier" && lookup(e.name) === undefined && getKernel(e.name) === undefined;
}

/**
 * The name an option value spells when written bare: an identifier the program does not bind (`objective:
 * elbo`), or unbound identifiers joined by `-` (`order: depth-first`, which parses as a subtraction); else null.
 * The emitter makes it that string when it is one of the option's values.
 */
export function bareName(e: A.Expr, lookup: (name: string) => unknown): string | null {
  if (e.kind === "Identifier") return lookup(e.name) === undefined ? e.name : null;
  if (e.kind !== "Binary" || e.op !== "-") return null;
  const left = bareName(e.left, lookup), right = e.right.kind === "Identifier" ? bareName(e.right, lookup) : null;
  return left !== null && right !== null ? `${left}-${right}` : null;
}

function optionList(owner: Owner): string {
  return [...Object.keys(owner.options), "seed"].join(", ");
}

function checkValue(owner: Owner, label: string, spec: OptionSpec | undefined, e: A.Expr, hooks: QueryHooks, name?: string): void {
  const type = spec?.type;
  if (type === "kernel" || (type === undefined && e.kind === "Call")) {
    if (e.kind === "Call") checkKernel(e, hooks);
    else if (type === "kernel" && e.kind !== "Identifier")
      hooks.report(new BorelError("unknown-kernel", `${owner.name}: ${label} must be a kernel`, { span: e.span, hint: `kernels: ${kernelNames().join(", ")}` }));
    else if (e.kind === "Identifier" && hooks.lookup(e.name) === undefined && getKernel(e.name) !== undefined)
      // `rejuvenate: mh`: a kernel's name, not called (a name the program binds is a kernel value: fine).
      hooks.report(new BorelError("unknown-kernel", `${owner.name}: ${label} names the kernel '${e.name}' without calling it`, {
        span: e.span, hint: `a kernel is made by a call: write ${e.name}(...) with its arguments, e.g. ${e.name}() or ${e.name}("x") (docs/inference.md lists each kernel's arguments)`,
      }));
    else hooks.expr(e);
    return;
  }
  if (type === "model") {
    const b = e.kind === "Identifier" ? hooks.lookup(e.name) : undefined;
    hooks.expr(e);
    if (e.kind === "Identifier" && b && b.kind !== "model" && b.kind !== "let" && b.kind !== "value")
      hooks.report(new BorelError("bad-option", `${owner.name}: ${label} must be a model`, { span: e.span, hint: `pass the name of a model declared with \`model\`` }));
    return;
  }
  // A choice option may name its value bare (`objective: iwae`, as the language reference writes it) when the
  // program binds no such name: the emitter makes it that string (emit-program.ts, emitSpec).
  // An option of another type may also take a few names (`ess_threshold: always`): those, bare, are fine too.
  const named = spec?.type !== "enum" && spec?.values !== undefined ? bareName(e, hooks.lookup) : null;
  if (named !== null && spec!.values!.includes(named)) return;
  const bare = spec?.type === "enum" ? bareName(e, hooks.lookup) : null;
  if (spec !== undefined && bare !== null) {
    if (!spec.values?.includes(bare))
      hooks.report(new BorelError("bad-option", `${owner.name}: ${name ?? label} cannot be '${bare}'`, {
        span: e.span, hint: `${name ?? label}: one of ${spec.values?.join(", ")}`,
      }));
    return;
  }
  // `objective: iwae(5)`: a choice is a bare name; what it would take are options of the method itself.
  const called = spec?.type === "enum" && e.kind === "Call" ? bareName(e.callee, hooks.lookup) : null;
  if (called !== null && spec?.values?.includes(called)) {
    hooks.report(new BorelError("bad-option", `${owner.name}: ${name ?? label} is a name, not a call: write ${name ?? label}: ${called}`, {
      span: e.span, hint: `its settings are options of ${owner.name}: ${optionList(owner)}`,
    }));
    return;
  }
  hooks.expr(e);
  const lit = literal(e);
  if (!spec || !lit) return;
  try {
    resolveOptions(owner.name, { [name ?? "value"]: spec }, { [name ?? "value"]: lit.value });
  } catch (err) {
    if (!isBorelError(err)) throw err;
    const message = name ? err.message : err.message.replace("option 'value'", label);
    // The error's own hint (why a limit exists) first; else what the option is.
    hooks.report(new BorelError(err.code, message, { span: e.span, hint: err.hint ?? (spec.doc ? `${name ?? label}: ${spec.doc}` : undefined) }));
  }
}
