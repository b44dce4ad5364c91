/**
 * Checks an observed or constrained value against a distribution before it enters a trace: the right kind of
 * value (number, boolean, vector of the right length) inside the part of the support that does not depend on
 * parameters. Values outside parameter-dependent bounds (uniform(0, theta) observing 2 when theta = 1) are not
 * errors: they have log density −Infinity, and inference handles that particle.
 */
import { BorelError } from "../util/errors.js";
import type { Distribution } from "./distribution.js";
import { describeValue } from "./params.js";
import { describeSupport } from "./support.js";

export function checkValue(d: Distribution, value: unknown, address: string): unknown {
  const fail = (why: string) =>
    new BorelError("bad-value", `value ${describeValue(value)} at address '${address}' is ${why} of ${d.name} (${describeSupport(d.support)})`, {
      address,
      hint: "check the observed data: its type and range must match the distribution",
    });
  if (d.size >= 0) {
    let v = value;
    if (Array.isArray(v) && v.every((e) => typeof e === "number" || typeof e === "boolean")) v = Float64Array.from(v as number[], Number);
    if (!(v instanceof Float64Array)) throw fail("not a vector, as expected for the vector-valued distribution");
    if (v.length !== d.size) throw fail(`a vector of length ${v.length}, not ${d.size} as expected for the value`);
    for (let i = 0; i < v.length; i++) checkElement(d, v[i], (why) => fail(`${why} (element ${i})`));
    return v;
  }
  if (d.support.kind === "boolean") {
    if (value === true || value === false) return value;
    if (value === 1 || value === 0) return value === 1;
    throw fail("outside the support");
  }
  if (typeof value !== "number") throw fail("not a number, outside the support");
  checkElement(d, value, (why) => fail(why));
  return value;
}

function checkElement(d: Distribution, x: number, fail: (why: string) => BorelError): void {
  if (Number.isNaN(x)) throw fail("NaN, outside the support");
  const s = d.support;
  switch (s.kind) {
    case "boolean":
      if (x !== 0 && x !== 1) throw fail("outside the support");
      return;
    case "integer":
      if (!Number.isInteger(x)) throw fail("not an integer, outside the support");
      if (s.low === 0 && s.high === Infinity && x < 0) throw fail("negative, outside the support");
      return;
    case "positive":
      if (x < 0) throw fail("negative, outside the support");
      return;
    case "unit":
      if (x < 0 || x > 1) throw fail("outside the support");
      return;
    default:
      return;
  }
}
