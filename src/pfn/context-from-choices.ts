/**
 * The rows of an observed dataset read from a choice map, by the PFN's input and output names: row i is
 * (`x/i`, `y/i`) for i = 0, 1, … while both are present. An input row may be a number, a vector value, or
 * sub-addresses `x/i/j`. This is how a query's `given {x: xs, y: ys}` and an importance-sampling target's
 * observations become the PFN's context.
 *
 * @example
 * ```ts
 * contextFromChoices(ChoiceMap.from({ x: [0.1, 0.5], y: [1.2, 0.3] }), "x", "y");   // {x: [0.1, 0.5], y: [1.2, 0.3]}
 * ```
 */
import { BorelError } from "../util/errors.js";
import { ChoiceMap } from "../trace/choicemap.js";
import type { Context, InputRow } from "./inputs.js";

function inputAt(c: ChoiceMap, base: string, i: number): InputRow | undefined {
  const key = `${base}/${i}`, v = c.lookup(key);
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof Float64Array || (Array.isArray(v) && v.every((e) => typeof e === "number"))) return v as ArrayLike<number>;
  const parts: number[] = [];
  for (let j = 0; ; j++) {
    const e = c.lookup(`${key}/${j}`);
    if (typeof e !== "number") break;
    parts.push(e);
  }
  return parts.length ? parts : undefined;
}

export function contextFromChoices(choices: unknown, inputs: string, outputs: string): Context {
  const c = ChoiceMap.from(choices), x: InputRow[] = [], y: (number | boolean)[] = [];
  for (let i = 0; ; i++) {
    const xi = inputAt(c, inputs, i), yi = c.lookup(`${outputs}/${i}`);
    if (xi === undefined || (typeof yi !== "number" && typeof yi !== "boolean")) {
      if (xi !== undefined || typeof yi === "number" || typeof yi === "boolean") {
        const count = (has: (j: number) => boolean) => { let n = i; while (has(n)) n++; return n; };
        const nx = count((j) => inputAt(c, inputs, j) !== undefined), ny = count((j) => { const v = c.lookup(`${outputs}/${j}`); return typeof v === "number" || typeof v === "boolean"; });
        throw new BorelError("bad-value", `PFN: the data has ${nx} '${inputs}' row${nx === 1 ? "" : "s"} but ${ny} '${outputs}' value${ny === 1 ? "" : "s"} (row ${i} has no '${xi === undefined ? inputs : outputs}/${i}')`, {
          address: xi === undefined ? `${inputs}/${i}` : `${outputs}/${i}`, hint: `give ${inputs} and ${outputs} with one entry per row`,
        });
      }
      break;
    }
    x.push(xi);
    y.push(yi);
  }
  return { x, y };
}
