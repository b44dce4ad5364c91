/**
 * `schema()` of a compiled model, read from its source: one address pattern per `~` and `observe`
 * ("x", "x/*" for `x[i] ~`, "obs_4_5/*" for an observe inside one loop, "z/…" from a sub-model's own schema,
 * "z/**" for a recursive one), whether it is discrete and its support where the distribution's family fixes
 * them, whether it is an observation point, and whether the set of addresses is fixed (no random choice
 * under an `if`, no loop bound or sub-model that depends on a sampled value).
 *
 * @example
 * ```ts
 * modelSchema(coinDecl, lookup);
 * // { addresses: [{pattern: "p", discrete: false, support: {kind: "unit"}, observed: false, dist: "beta"},
 * //               {pattern: "obs_4_5/*", discrete: true, support: {kind: "boolean"}, observed: true, dist: "bernoulli"}],
 * //   staticStructure: true }
 * ```
 */
import type { Support } from "../../dist/support.js";
import type { GenerativeFunction } from "../../trace/gfi.js";
import type { AddressPattern, ModelSchema } from "../../trace/schema.js";
import { argFor, type Expr, type ModelDecl, type Node } from "../syntax/ast.js";
import { children, mentionedNames } from "./analysis.js";

const REAL: Support = { kind: "real" }, POSITIVE: Support = { kind: "positive" }, UNIT: Support = { kind: "unit" };
const NAT: Support = { kind: "integer", low: 0, high: Infinity };

/** What a family's name says about its values, when its parameters do not matter. */
const FAMILIES: Record<string, { discrete: boolean; support?: Support }> = {
  normal: { discrete: false, support: REAL }, student_t: { discrete: false, support: REAL }, cauchy: { discrete: false, support: REAL },
  laplace: { discrete: false, support: REAL }, logistic: { discrete: false, support: REAL }, flat: { discrete: false, support: REAL },
  half_normal: { discrete: false, support: POSITIVE }, half_cauchy: { discrete: false, support: POSITIVE },
  exponential: { discrete: false, support: POSITIVE }, gamma: { discrete: false, support: POSITIVE },
  inv_gamma: { discrete: false, support: POSITIVE }, lognormal: { discrete: false, support: POSITIVE },
  half_flat: { discrete: false, support: POSITIVE }, beta: { discrete: false, support: UNIT },
  uniform: { discrete: false }, dirichlet: { discrete: false, support: { kind: "simplex" } },
  mvnormal: { discrete: false, support: REAL }, mvnormal_chol: { discrete: false, support: REAL }, ordered: { discrete: false },
  bernoulli: { discrete: true, support: { kind: "boolean" } }, bernoulli_logit: { discrete: true, support: { kind: "boolean" } },
  poisson: { discrete: true, support: NAT }, poisson_log: { discrete: true, support: NAT }, geometric: { discrete: true, support: NAT },
  neg_binomial: { discrete: true, support: NAT }, neg_binomial_2: { discrete: true, support: NAT },
  binomial: { discrete: true }, binomial_logit: { discrete: true }, categorical: { discrete: true },
  categorical_logit: { discrete: true }, uniform_int: { discrete: true },
};

/** Family facts of a distribution expression (`iid`, `truncated`, `mixture` look at their component). */
function family(e: Expr): { dist?: string; discrete: boolean; support?: Support } {
  if (e.kind !== "Call" || e.callee.kind !== "Identifier") return { discrete: false };
  const name = e.callee.name, first = argFor(e, "d", 0);
  if ((name === "iid" || name === "truncated") && first) return { ...family(first), dist: name, ...(name === "truncated" ? { support: undefined } : {}) };
  if (name === "mixture") {
    const comps = argFor(e, "dists", 1);
    const f = comps?.kind === "Array" && comps.elements[0] ? family(comps.elements[0]) : { discrete: false };
    return { dist: name, discrete: f.discrete };
  }
  const f = FAMILIES[name];
  return f ? { dist: name, ...f } : { discrete: false };
}

/**
 * The schema of a model declaration; `lookup` finds the generative function a name refers to. A sub-model
 * without a schema (embedded, or recursive: its schema is being computed) contributes "z/**".
 */
export function modelSchema(decl: ModelDecl, lookup: (name: string) => GenerativeFunction | undefined): ModelSchema {
  const addresses: AddressPattern[] = [];
  let staticStructure = true;
  const sampled = new Set<string>();
  const depends = (e: Node) => [...mentionedNames(e)].some((n) => sampled.has(n));
  const visit = (n: Node, loops: number, underIf: boolean) => {
    switch (n.kind) {
      case "Sample": {
        const base = [n.name.name, ...n.indices.map(() => "*")].join("/");
        sampled.add(n.name.name);
        if (underIf) staticStructure = false;
        const callee = n.dist.kind === "Call" && n.dist.callee.kind === "Identifier" ? lookup(n.dist.callee.name) : undefined;
        if (callee !== undefined && n.given === null) {
          // undefined: an embedded model, or a model whose schema is being computed (recursion).
          const sub = callee.schema();
          if (sub === undefined) { staticStructure = false; addresses.push({ pattern: `${base}/**`, discrete: false, observed: false }); }
          else {
            if (!sub.staticStructure) staticStructure = false;
            for (const a of sub.addresses) addresses.push({ ...a, pattern: `${base}/${a.pattern}` });
          }
        } else {
          if (n.dist.kind !== "Call") staticStructure = false;
          addresses.push({ pattern: base, ...family(n.dist), observed: n.given !== null });
        }
        break;
      }
      case "Observe":
        if (underIf) staticStructure = false;
        addresses.push({ pattern: [`obs_${n.span.line}_${n.span.col}`, ...Array.from({ length: loops }, () => "*")].join("/"), ...family(n.dist), observed: true });
        return;
      case "If": if (depends(n.cond)) staticStructure = false; break;
      case "ForRange": if (depends(n.from) || depends(n.to)) staticStructure = false; break;
      case "ForEach": if (depends(n.iterable)) staticStructure = false; break;
    }
    const inLoop = n.kind === "ForRange" || n.kind === "ForEach";
    for (const c of children(n)) visit(c, inLoop && c.kind === "Block" ? loops + 1 : loops, underIf || (n.kind === "If" && c !== n.cond));
  };
  visit(decl.body, 0, false);
  return { addresses: dedupe(addresses), staticStructure };
}

function dedupe(a: AddressPattern[]): AddressPattern[] {
  const seen = new Map<string, AddressPattern>();
  for (const p of a) if (!seen.has(p.pattern)) seen.set(p.pattern, p);
  return [...seen.values()];
}
