/**
 * Checks an observed or constrained value against a distribution before it enters a trace: the right kind of
 * value (number, boolean, vector of the right length) inside the part of the support that does not depend on
 * parameters. Values outside parameter-dependent bounds (uniform(0, theta) observing 2 when theta = 1) are not
 * errors: they have log density −Infinity, and inference handles that particle.
 *
 * Runs once per observation, so the common cases (a finite number, a boolean) return without allocating.
 */
import { BorelError } from "../util/errors.js";
import type { Distribution } from "./distribution.js";
import { describeValue } from "./params.js";
import { describeSupport } from "./support.js";

export function checkValue(d: Distribution, value: unknown, address: string): unknown {
  if (d.size >= 0) return checkVector(d, value, address);
  const kind = d.support.kind;
  if (kind === "boolean") {
    if (value === true || value === false) return value;
    if (value === 1 || value === 0) return value === 1;
    throw fail(d, value, address, "outside the support");
  }
  if (typeof value !== "number") {
    if (Array.isArray(value) || value instanceof Float64Array)
      throw new BorelError("shape", `the value at address '${address}' is ${describeValue(value)}, but ${d.name} there has scalar parameters: it is a distribution over one value`, {
        address,
        hint: `observe each element in a loop (for i in 0..len(y) { observe(d, y[i]) }), or the whole vector at once with iid(d, len(y)) or with vector parameters (normal(mu + zeros(len(y)), s))`,
      });
    throw fail(d, value, address, "not a number, outside the support");
  }
  const why = elementProblem(kind, d, value);
  if (why !== null) throw fail(d, value, address, why);
  return value;
}

function checkVector(d: Distribution, value: unknown, address: string): Float64Array {
  let v = value;
  if (Array.isArray(v) && v.every((e) => typeof e === "number" || typeof e === "boolean")) v = Float64Array.from(v as number[], Number);
  if (!(v instanceof Float64Array)) throw fail(d, value, address, "not a vector, as expected for the vector-valued distribution");
  if (v.length !== d.size)
    throw new BorelError("shape", `the value at address '${address}' has ${v.length} element${v.length === 1 ? "" : "s"}, but ${d.name} there has ${d.size} (one per element of its parameters)`, {
      address, hint: "give one observed value per element: check the data's length against the parameters' (e.g. the rows of X)",
    });
  const kind = d.support.kind;
  for (let i = 0; i < v.length; i++) {
    const why = elementProblem(kind, d, v[i]);
    if (why !== null) throw fail(d, value, address, `${why} (element ${i})`);
  }
  return v;
}

/** Why one element is outside the parameter-independent support, or null when it is fine. */
function elementProblem(kind: string, d: Distribution, x: number): string | null {
  if (x !== x) return "NaN, outside the support";
  // No family has mass or density at ±∞ (a JSON "Infinity" in the data, a division by zero upstream).
  if (x === Infinity || x === -Infinity) return "infinite, outside the support";
  switch (kind) {
    case "boolean":
      return x === 0 || x === 1 ? null : "outside the support";
    case "integer": {
      if (!Number.isInteger(x)) return "not an integer, outside the support";
      const s = d.support as { low: number; high: number };
      return s.low === 0 && s.high === Infinity && x < 0 ? "negative, outside the support" : null;
    }
    case "positive":
      return x < 0 ? "negative, outside the support" : null;
    case "unit":
      return x < 0 || x > 1 ? "outside the support" : null;
    default:
      return null;
  }
}

function fail(d: Distribution, value: unknown, address: string, why: string): BorelError {
  return new BorelError("bad-value", `value ${describeValue(value)} at address '${address}' is ${why} of ${d.name} (${describeSupport(d.support)})`, {
    address,
    hint: "check the observed data: its type and range must match the distribution",
  });
}
