/**
 * Scoping what a caller passes to a callee at an address: constraints and the `latent` option are keyed from
 * the caller's root, the callee sees the part under its address. Combinators split once per call
 * (`groupByHead`) and look each element or step up in O(1).
 */
import { ChoiceMap } from "./choicemap.js";
import type { GFIOptions } from "./gfi.js";

/** Options for a callee at `prefix`: `latent` narrowed to the callee's addresses. */
export function optionsUnder<O extends GFIOptions>(opts: O | undefined, prefix: string): O | undefined {
  if (opts?.latent === undefined) return opts;
  return Object.assign({}, opts, { latent: opts.latent.under(prefix) });
}

/** Per-head constraints and options for a combinator's elements or steps. */
export class ScopedByHead<O extends GFIOptions> {
  private readonly constraints: Map<string, ChoiceMap> | null;
  private readonly latent: Map<string, ChoiceMap> | null;

  constructor(constraints: ChoiceMap | undefined, private readonly opts: O | undefined) {
    this.constraints = constraints === undefined || constraints.isEmpty() ? null : constraints.groupByHead();
    this.latent = opts?.latent === undefined || opts.latent.isEmpty() ? null : opts.latent.groupByHead();
  }

  /** The constraints of element or step `head` (empty when none). */
  constraintsAt(head: number | string): ChoiceMap {
    return this.constraints?.get(String(head)) ?? ChoiceMap.EMPTY;
  }

  /** The options of element or step `head`. */
  optionsAt(head: number | string): O | undefined {
    if (this.latent === null) return this.opts?.latent === undefined ? this.opts : Object.assign({}, this.opts, { latent: ChoiceMap.EMPTY });
    return Object.assign({}, this.opts, { latent: this.latent.get(String(head)) ?? ChoiceMap.EMPTY });
  }
}
