/**
 * The error for a summary asked at a key without scalar draws (`post.mean(key)`): it says why — the key holds
 * vectors (summarized per element as `w[j]`), or values that are not numbers (strings, objects) — or suggests the
 * nearest key (`w/0` for the element `w[0]`, a typo), instead of listing the key among the "known" ones.
 *
 * @example
 * ```ts
 * throw unknownKeyError("w", columns, scalars);   // 'w' holds vectors of 3 elements: ... 'w[0]' … 'w[2]'
 * ```
 */
import { BorelError } from "../util/errors.js";
import { describeValue } from "../dist/params.js";
import { closest } from "../util/suggest.js";

export function unknownKeyError(key: string, columns: ReadonlyMap<string, readonly unknown[]>, scalars: ReadonlyMap<string, unknown>): BorelError {
  const col = columns.get(key);
  if (col !== undefined) {
    const first = col.find((v) => v !== undefined);
    let len = 0;
    while (scalars.has(`${key}[${len}]`)) len++;
    if (len > 0)
      return new BorelError("not-scalar", `'${key}' holds vectors of ${len} element${len === 1 ? "" : "s"}${col.some((v) => (v as ArrayLike<unknown> | undefined)?.length !== len) ? " (in the longest draws)" : ""}: summaries are per element, at '${key}[0]'${len > 1 ? ` … '${key}[${len - 1}]'` : ""}`, {
        address: key, hint: `e.g. post.mean("${key}[0]"); post.draws("${key}") gives the vectors`,
      });
    return new BorelError("not-scalar", `'${key}' holds values that are not numbers (${first === undefined ? "no draw has a value" : `e.g. ${describeValue(first)}`}), so it has no numeric summary`, {
      address: key, hint: `post.marginal("${key}") gives the probability of each value; post.draws("${key}") the values`,
    });
  }
  const element = /^(.*)\/(\d+)$/.exec(key);
  const near = element && scalars.has(`${element[1]}[${element[2]}]`) ? `${element[1]}[${element[2]}]` : closest(key, [...scalars.keys()]);
  const keys = [...new Set([...scalars.keys(), ...columns.keys()])];
  return new BorelError("unknown-address", `the posterior has no draws at '${key}'`, {
    address: key,
    hint: `${near ? `did you mean '${near}'? ` : ""}known keys: ${keys.slice(0, 12).join(", ")}${keys.length > 12 ? ", ..." : ""}`,
  });
}
