/**
 * categorical_logit(logits): categorical(softmax(logits)), with log p(k) = logits[k] − logSumExp(logits)
 * computed without forming the probabilities (stable for logits in the thousands). 0-based index value.
 *
 * @example
 * ```ts
 * categoricalLogit([0, 0, Math.log(2)]).logpdf(2);   // log 0.5
 * ```
 */
import { sub } from "../ad/arith.js";
import { logSumExp } from "../ad/reduce.js";
import { logSumExp as lse } from "../math/log.js";
import { Categorical } from "./categorical.js";
import type { Distribution } from "./distribution.js";
import { badParameter } from "./params.js";
import { plainVector, vectorParam } from "./vector-param.js";

export function categoricalLogit(logits: unknown): Distribution<number> {
  const l = vectorParam("categorical_logit", "logits", logits, "any");
  const lv = plainVector(l);
  lv.forEach((v, i) => {
    if (v === Infinity || Number.isNaN(v)) throw badParameter("categorical_logit", "logits", `must be finite or −Infinity, got ${v} at element ${i}`);
  });
  const z = lse(lv);
  if (z === -Infinity) throw badParameter("categorical_logit", "logits", "must have at least one finite element, got all −Infinity");
  const probs = lv.map((v) => Math.exp(v - z));
  return new Categorical("categorical_logit", [l], probs, () => sub(l, logSumExp(l)));
}
