/**
 * Distribution builtins: one `BorelFn` per entry of `distributionRegistry` (src/dist/registry.ts), taking its
 * parameters positionally or by name with the registry's defaults (`student_t(3, sigma: 2)`), plus
 * `logpdf(d, x)` (differentiable: an AD value when d's parameters or x are). Arrays of numbers or AD scalars
 * passed as parameters become vectors, so `normal(map(f, xs), 1)` works in gradient runs too.
 *
 * @example
 * ```ts
 * const b = distributionBuiltins();
 * callFn(b.gamma, [8, 2], span, budget);             // gamma(shape 8, rate 2)
 * callFn(b.logpdf, [normal(0, 1), 0], span, budget); // −0.9189…
 * ```
 */
import { m } from "../../ad/math.js";
import { Var } from "../../ad/var.js";
import { isDistribution, type Distribution } from "../../dist/distribution.js";
import { distributionRegistry, type RegistryEntry } from "../../dist/registry.js";
import { BorelError, type Span } from "../../util/errors.js";
import { checkNaN } from "./arith.js";
import { BorelFn } from "./callable.js";
import { typeError } from "./errors.js";
import { PVec } from "./pvec.js";
import { isScalar, numberOf, aTypeName } from "./values.js";

/** A parameter value as distributions take it: arrays of scalars become (AD) vectors. */
function paramValue(x: unknown): unknown {
  const xs = x instanceof PVec ? x.toArray() : x;
  if (Array.isArray(xs) && xs.length > 0 && xs.every(isScalar))
    return xs.every((e) => typeof e === "number") ? Float64Array.from(xs as number[]) : m.stack(xs as (number | Var)[]);
  return xs;
}

/** A parameter the family takes as it is. */
function isDirect(a: unknown): boolean {
  return typeof a === "number" || a instanceof Var || a instanceof Float64Array;
}

function constructor(e: RegistryEntry): BorelFn {
  let required = e.params.length;
  while (required > 0 && e.params[required - 1].default !== undefined) required--;
  const n = e.params.length, defaults = e.params.map((p) => p.default), make = e.make;
  const impl = (args: readonly unknown[]) => {
    // Distributions are built in the inner loop of every model run: all parameters given as numbers, vectors
    // or AD values go straight to the family (no copy of the argument list).
    if (args.length === n && n <= 2) {
      const a = args[0], b = args[1];
      if (isDirect(a) && (n === 1 || isDirect(b))) return n === 1 ? make(a) : make(a, b);
    }
    const full = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const a = args[i];
      full[i] = a === undefined ? defaults[i] : isDirect(a) ? a : paramValue(a);
    }
    return n === 1 ? make(full[0]) : n === 2 ? make(full[0], full[1]) : make(...full);
  };
  const fixed = n === 1 ? { one: (a: unknown) => (isDirect(a) ? make(a) : impl([a])) }
    : n === 2 ? { two: (a: unknown, b: unknown) => (isDirect(a) && isDirect(b) ? make(a, b) : impl([a, b])) } : undefined;
  return new BorelFn(e.name, e.params.map((p) => p.name), impl, required, false, fixed);
}

/** A value for `logpdf(d, x)`: vectors for vector-valued distributions, 0/1 accepted for booleans. */
function valueFor(d: Distribution, x: unknown, span: Span | undefined): unknown {
  if (d.size >= 0) {
    // A vectorized bernoulli's value: booleans as 1/0 (as observed data are).
    if (Array.isArray(x) && x.length > 0 && x.every((e) => typeof e === "boolean")) return Float64Array.from(x as boolean[], Number);
    return paramValue(x);
  }
  if (typeof x !== "number" && typeof x !== "boolean" && !(x instanceof Var))
    throw typeError(span, `logpdf: the value must be a number or a boolean for ${d.name}, got ${aTypeName(x)}`);
  if (d.support.kind === "boolean" && typeof x !== "boolean") {
    if (!isScalar(x)) throw typeError(span, `logpdf: ${d.name} has boolean values, got ${aTypeName(x)}`);
    const n = numberOf(x);
    if (n !== 0 && n !== 1)
      throw new BorelError("bad-value", `logpdf: ${n} is not a value of ${d.name}, whose values are false and true (or 0 and 1)`, {
        span, hint: `a ${d.name} value is a boolean, or the number 0 or 1 standing for one`,
      });
    return n === 1;
  }
  return x;
}

export function distributionBuiltins(): Record<string, BorelFn> {
  const t: Record<string, BorelFn> = {};
  for (const e of distributionRegistry.values()) t[e.name] = constructor(e);
  t.logpdf = new BorelFn("logpdf", ["d", "x"], ([d, x], span) => {
    if (!isDistribution(d)) throw typeError(span, `logpdf needs a distribution first, got ${aTypeName(d)}`, "logpdf(normal(0, 1), x)");
    const v = valueFor(d, x, span);
    return checkNaN(d.logpdfAD(v), span, "logpdf");
  });
  return t;
}

/** `param(name, init)` outside a model: parameters belong to models (the handler of a run provides them). */
export function paramOutsideModel(): BorelFn {
  return new BorelFn("param", ["name", "init"], (_a, span) => {
    throw new BorelError("param-outside-model", "param(name, init) can only be used inside a model", { span, hint: "learnable parameters belong to a model run (VI)" });
  });
}
