// A fast-check generator of small discrete programs, interpreted as embedded `gen` models: latent choices over
// bernoulli / categorical / uniform_int whose parameters depend on earlier choices, branches on earlier choices
// (so different branches have different numbers of choices), observations and factors (soft conditioning, and
// −∞ for hard conditioning).
import fc from "fast-check";
import { gen } from "../../src/trace/dynamic.js";
import { bernoulli } from "../../src/dist/bernoulli.js";
import { categorical } from "../../src/dist/categorical.js";
import { uniformInt } from "../../src/dist/uniform_int.js";
import type { Distribution } from "../../src/dist/distribution.js";
import type { GenerativeFunction } from "../../src/trace/gfi.js";
import type { ModelHandler } from "../../src/trace/handler.js";

export type Dist =
  | { kind: "bern"; table: number[] }
  | { kind: "cat"; table: number[][] }
  | { kind: "unif"; high: number };

export type Stmt =
  | { t: "sample"; id: number; dist: Dist; parent: number }
  | { t: "observe"; id: number; dist: Dist; parent: number; value: number }
  | { t: "factor"; weights: number[]; parent: number }
  | { t: "branch"; parent: number; then: Stmt[]; else: Stmt[] }
  | { t: "call"; id: number; body: Stmt[] };

const prob = fc.integer({ min: 1, max: 9 }).map((k) => k / 10);
const probs3 = fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }))
  .map((w) => { const s = w[0] + w[1] + w[2]; return w.map((x) => x / s); });
const distArb: fc.Arbitrary<Dist> = fc.oneof(
  fc.record({ kind: fc.constant("bern" as const), table: fc.array(prob, { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant("cat" as const), table: fc.array(probs3, { minLength: 1, maxLength: 2 }) }),
  fc.record({ kind: fc.constant("unif" as const), high: fc.integer({ min: 1, max: 2 }) }),
);
const parent = fc.integer({ min: -1, max: 3 });
const logWeight = fc.oneof({ arbitrary: fc.integer({ min: -20, max: 20 }).map((k) => k / 10), weight: 5 }, { arbitrary: fc.constant(-Infinity), weight: 1 });

type Raw = Omit<Stmt, "id">;
const { stmt } = fc.letrec<{ stmt: Raw; block: Raw[] }>((tie) => ({
  stmt: fc.oneof(
    { maxDepth: 2, depthIdentifier: "program" },
    { arbitrary: fc.record({ t: fc.constant("sample" as const), dist: distArb, parent }), weight: 5 },
    { arbitrary: fc.record({ t: fc.constant("observe" as const), dist: distArb, parent, value: fc.integer({ min: 0, max: 2 }) }), weight: 2 },
    { arbitrary: fc.record({ t: fc.constant("factor" as const), weights: fc.array(logWeight, { minLength: 1, maxLength: 3 }), parent }), weight: 1 },
    { arbitrary: fc.record({ t: fc.constant("branch" as const), parent, then: tie("block"), else: tie("block") }), weight: 4 },
    { arbitrary: fc.record({ t: fc.constant("call" as const), body: tie("block") }), weight: 1 },
  ) as fc.Arbitrary<Raw>,
  block: fc.array(tie("stmt"), { minLength: 0, maxLength: 2, depthIdentifier: "program" }),
}));

/**
 * Numbers the choices of a raw program (pre-order), giving each sample/observe its own address, and points
 * each parent at a latent choice numbered before it (so parameters and branches depend on earlier choices).
 */
function number(raw: Raw[]): Stmt[] {
  let next = 0;
  const latent: number[] = [];
  const parentOf = (r: number) => (r < 0 || latent.length === 0 ? -1 : latent[latent.length - 1 - (r % latent.length)]);
  const walk = (b: Raw[]): Stmt[] => b.map((s) => {
    const parent = parentOf((s as unknown as { parent?: number }).parent ?? -1);
    if (s.t === "branch") { const r = s as Extract<Stmt, { t: "branch" }>; return { ...r, parent, then: walk(r.then), else: walk(r.else) }; }
    if (s.t === "call") { const id = next++; return { t: "call", id, body: walk((s as Extract<Stmt, { t: "call" }>).body) } as Stmt; }
    if (s.t === "sample") { const id = next++; const out = { ...(s as Stmt), id, parent } as Stmt; latent.push(id); return out; }
    if (s.t === "observe") return { ...(s as Stmt), id: next++, parent } as Stmt;
    return { ...(s as Stmt), parent } as Stmt;
  });
  return walk(raw);
}

export const programArb: fc.Arbitrary<Stmt[]> = fc.array(stmt, { minLength: 1, maxLength: 4 }).map(number)
  .filter((p) => sampleKeys(p).length > 0);

/** Addresses of the latent choices of a program ("v3", or "c2/v3" inside the call c2). */
export function sampleKeys(p: Stmt[]): string[] {
  const out: string[] = [];
  const walk = (b: Stmt[], prefix: string) => b.forEach((s) => {
    if (s.t === "sample") out.push(`${prefix}v${s.id}`);
    else if (s.t === "branch") { walk(s.then, prefix); walk(s.else, prefix); }
    else if (s.t === "call") walk(s.body, `${prefix}c${s.id}/`);
  });
  walk(p, "");
  return out;
}

function distOf(d: Dist, pv: number): Distribution {
  switch (d.kind) {
    case "bern": return bernoulli(d.table[pv % d.table.length]);
    case "cat": return categorical(d.table[pv % d.table.length]);
    case "unif": return uniformInt(0, d.high);
  }
}

const num = (v: unknown): number => (v === true ? 1 : v === false ? 0 : (v as number));

/**
 * The program as a generative function (an undefined parent reads as 0). A call statement runs its body as a
 * nested `gen` model at address `c<id>`, reading and writing the caller's variables.
 */
export function toModel(p: Stmt[]): GenerativeFunction {
  const subs = new Map<number, GenerativeFunction>();
  const run = (t: ModelHandler, b: Stmt[], env: Map<number, number>) => {
    const val = (id: number) => (id < 0 ? 0 : env.get(id) ?? 0);
    for (const s of b) {
      switch (s.t) {
        case "sample": env.set(s.id, num(t.sample(`v${s.id}`, distOf(s.dist, val(s.parent))))); break;
        case "observe": {
          const d = distOf(s.dist, val(s.parent));
          const x = d.support.kind === "boolean" ? s.value % 2 === 1 : s.dist.kind === "unif" ? Math.min(s.value, s.dist.high) : s.value;
          t.observe(`o${s.id}`, d, x);
          break;
        }
        case "factor": t.factor(s.weights[val(s.parent) % s.weights.length]); break;
        case "branch": run(t, val(s.parent) % 2 === 1 ? s.then : s.else, env); break;
        case "call": {
          let sub = subs.get(s.id);
          if (!sub) { const body = s.body; sub = gen((h, e: Map<number, number>) => run(h, body, e), `c${s.id}`); subs.set(s.id, sub); }
          t.trace(`c${s.id}`, sub, [env]);
          break;
        }
      }
    }
  };
  return gen((t) => run(t, p, new Map()), "program");
}

/** A readable form, for failure messages. */
export function show(p: Stmt[], indent = ""): string {
  return p.map((s) => {
    switch (s.t) {
      case "sample": return `${indent}v${s.id} ~ ${showDist(s.dist)}[v${s.parent}]`;
      case "observe": return `${indent}observe o${s.id} ~ ${showDist(s.dist)}[v${s.parent}] = ${s.value}`;
      case "factor": return `${indent}factor [${s.weights.join(", ")}][v${s.parent}]`;
      case "branch": return `${indent}if v${s.parent} odd:\n${show(s.then, indent + "  ")}\n${indent}else:\n${show(s.else, indent + "  ")}`;
      case "call": return `${indent}call c${s.id}:\n${show(s.body, indent + "  ")}`;
    }
  }).join("\n");
}

function showDist(d: Dist): string {
  return d.kind === "bern" ? `bernoulli(${d.table.join("|")})` : d.kind === "cat" ? `categorical(${d.table.map((r) => r.map((x) => x.toFixed(2)).join(",")).join("|")})` : `uniform_int(0, ${d.high})`;
}
