/**
 * The runtime object `$`: the only free name of generated code. It holds the span table, the budget, the
 * builtins record (null prototype), the operators, and the helpers compiled code calls (`$call`, `$idx`,
 * `$tilde`, ...). Builtins and helpers are plain closures that never use `this`, and every value handed to
 * user code is a Borel value (never a host object with reachable prototypes).
 *
 * @example
 * ```ts
 * const $ = makeRuntime({ spans, budget, builtins, globals, imports, models, onQuery });
 * new Function("$", code)($);
 * ```
 */
import { isGenerativeFunction, type GenerativeFunction } from "../../trace/gfi.js";
import { ChoiceMap } from "../../trace/choicemap.js";
import type { ModelSchema } from "../../trace/schema.js";
import type { ModelDecl } from "../syntax/ast.js";
import { BorelError, type Span } from "../../util/errors.js";
import { index, choiceAt, iterationLength, member, rangeBound, toIndex } from "../runtime/access.js";
import { operators, type Operators } from "../runtime/arith.js";
import type { Budget } from "../runtime/budget.js";
import { BorelFn, bindNamed, callFn, checkArity } from "../runtime/callable.js";
import { located, typeError } from "../runtime/errors.js";
import { PVec } from "../runtime/pvec.js";
import { batchGather, batchLogpdf, batchRange, batchScalar, batchSlice, tryBatch } from "../runtime/batch.js";
import { isRecord, makeArray, makeRecord, typeName } from "../runtime/values.js";
import { plainValue } from "./run-handler.js";
import { BorelModel } from "./model.js";
import type { HiddenValue } from "./analysis.js";
import type { LockstepBody } from "../runtime/lockstep.js";
import { bounce, type BodyHandler, type CompiledBody, type Cont, type Step } from "./steps.js";
import type { QueryRecord, MethodCall } from "./query.js";

export interface RuntimeSetup {
  spans: Span[];
  budget: Budget;
  builtins: Record<string, BorelFn>;
  globals: Record<string, unknown>;
  imports: ReadonlyMap<string, unknown>[];
  models: ModelDecl[];
  /** The schema of a model declaration (computed lazily, once the program's names are known). */
  schemaOf: (decl: ModelDecl) => ModelSchema | undefined;
  onQuery: (q: QueryRecord) => void;
  /** Called with the value of each top-level expression statement (the REPL prints it). */
  onValue?: (v: unknown, span: Span) => void;
}

export interface Runtime {
  spans: Span[];
  budget: Budget;
  builtins: Record<string, BorelFn>;
  ops: Operators;
  globals: Record<string, unknown>;
  imports: ReadonlyMap<string, unknown>[];
  h: Record<string, unknown>;
}

/** Positional arguments of a model called with named ones. */
function modelArgs(gf: GenerativeFunction, pos: unknown[], names: string[], vals: unknown[], span: Span): unknown[] {
  if (!(gf instanceof BorelModel)) throw typeError(span, `named arguments need a Borel model, got ${typeName(gf)}`);
  return bindNamed(new BorelFn(gf.name, gf.params, () => undefined), pos, names, vals, span);
}

/** The value of a name bound by `~` before its statement ran. */
const NOT_SAMPLED: unique symbol = Symbol("not sampled");

/** Indices below this get a shared key string per address site. */
const KEY_TABLE = 1 << 16;

/** An empty slot of a model's cache of argument-invariant values (./invariant.ts). */
const NOT_CACHED: unique symbol = Symbol("not cached");

/** The cache slots of one model for one argument list. */
interface ArgCache {
  readonly args: readonly unknown[];
  readonly slots: unknown[];
}

function sameArgs(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

export function makeRuntime(s: RuntimeSetup): Runtime {
  const { budget } = s;
  const ops = operators(budget);
  const builtins = Object.assign(Object.create(null) as Record<string, BorelFn>, s.builtins);
  const caches: (ArgCache | undefined)[] = [];
  const keys: string[][] = [];
  const call = (f: unknown, args: unknown[], span: Span) => {
    if (isGenerativeFunction(f)) throw typeError(span, `model '${f.name}' must be called with '~'`, `z ~ ${f.name}(...)`);
    return callFn(f, args, span, budget);
  };
  const cb = (f: BorelFn, args: unknown[], span: Span) => {
    checkArity(f, args.length, span);
    if (++budget.steps > budget.limit) budget.outOfSteps(span);
    if (f.countsArguments) for (const a of args) budget.work(a, span);
    try {
      return f.impl(args, span);
    } catch (e) {
      throw located(e, span);
    }
  };
  const calln = (f: unknown, pos: unknown[], names: string[], vals: unknown[], span: Span) => {
    if (!(f instanceof BorelFn)) return call(f, pos, span);
    return callFn(f, bindNamed(f, pos, names, vals, span), span, budget);
  };
  const h: Record<string, unknown> = {
    $call: call,
    // A builtin (the compiler knows the callee is one): arity, a step and located errors — no depth count
    // (builtins do not recurse; a user function they call counts its own depth through callFn).
    $cb: cb,
    // The same with one or two arguments: no argument list when the builtin has a fixed-arity form.
    $cb1: (f: BorelFn, a: unknown, span: Span) => {
      const g = f.fixed?.one;
      if (g === undefined) return cb(f, [a], span);
      if (++budget.steps > budget.limit) budget.outOfSteps(span);
      if (typeof a === "object" && a !== null && f.countsArguments) budget.work(a, span);
      try {
        return g(a, span);
      } catch (e) {
        throw located(e, span);
      }
    },
    $cb2: (f: BorelFn, a: unknown, b: unknown, span: Span) => {
      const g = f.fixed?.two;
      if (g === undefined) return cb(f, [a, b], span);
      if (++budget.steps > budget.limit) budget.outOfSteps(span);
      // Scalars (most calls in inner loops) are no work to count.
      if ((typeof a === "object" || typeof b === "object") && f.countsArguments) { budget.work(a, span); budget.work(b, span); }
      try {
        return g(a, b, span);
      } catch (e) {
        throw located(e, span);
      }
    },
    $calln: calln,
    $fn: (name: string, params: string[], impl: (a: readonly unknown[]) => unknown) => new BorelFn(name, params, impl, params.length, false, undefined, false),
    $arr: (xs: unknown[], span: Span) => { budget.alloc(xs.length, span, "the array"); return makeArray(xs); },
    $rec: (keys: string[], vals: unknown[], span: Span) => {
      try { return makeRecord(keys.map((k, i) => [k, vals[i]] as const)); } catch (e) { throw located(e, span); }
    },
    $idx: index,
    $cat: choiceAt,
    $mem: member,
    $mat: (p: PVec) => plainValue(p),
    $int: (x: unknown, span: Span) => rangeBound(x, span),
    $aidx: (x: unknown, span: Span) => {
      const i = toIndex(x, span);
      if (i < 0) throw new BorelError("bad-index", `an address index must be ≥ 0, got ${i}`, { span });
      return i;
    },
    $ilen: iterationLength,
    $elem: (xs: unknown, j: number) => (xs instanceof PVec ? xs.get(j) : typeof xs === "string" ? xs[j] : index(xs, j, undefined)),
    $pset: (arr: PVec, idx: number[], v: unknown) => setPath(arr, idx, 0, v),
    $PV0: PVec.EMPTY,
    $PVover: PVec.over,
    $tilde: (H: BodyHandler, addr: string | (string | number)[], f: unknown, pos: unknown[], names: string[] | null, vals: unknown[], span: Span, k: Cont): Step => {
      if (isGenerativeFunction(f)) return H.call(addr, f, names === null ? pos : modelArgs(f, pos, names, vals, span), span, k);
      return H.sample(addr, names === null ? callFn(f, pos, span, budget) : calln(f, pos, names, vals, span), span, k);
    },
    $tildeV: (H: BodyHandler, addr: string | (string | number)[], d: unknown, span: Span, k: Cont): Step =>
      isGenerativeFunction(d) ? H.call(addr, d, [], span, k) : H.sample(addr, d, span, k),
    $margs: modelArgs,
    $bounce: bounce,
    $param: (H: BodyHandler, a: unknown[], span: Span) => {
      if (a.length < 1 || a.length > 2) throw new BorelError("arity", `param takes 1 or 2 arguments (name, init), got ${a.length}`, { span });
      return H.param(a[0], a[1], span);
    },
    $model: (i: number, body: CompiledBody, loops: boolean, hidden: readonly HiddenValue[] = [], lockstep?: LockstepBody) => {
      const d = s.models[i];
      // "busy" while computing: a recursive model sees no schema of itself (its sub-addresses become "z/**").
      let state: "none" | "busy" | { v: ModelSchema | undefined } = "none";
      return new BorelModel(d.name.name, d.params.map((p) => p.name), body, budget, d.name.span, () => {
        if (state === "busy") return undefined;
        if (state !== "none") return state.v;
        state = "busy";
        try {
          const v = s.schemaOf(d);
          state = { v };
          return v;
        } finally {
          if (state === "busy") state = "none";
        }
      }, loops, hidden, lockstep);
    },
    $top: (f: () => unknown, span: Span, isExpr = false) => budget.run(() => {
      let v: unknown;
      try {
        v = f();
      } catch (e) {
        const err = located(e, span);
        if (e instanceof ReferenceError && err.code !== "use-before-definition")
          throw new BorelError("use-before-definition", "a name is used before its definition ran", { span, hint: "move the definition above this statement" });
        throw err;
      }
      if (isExpr) s.onValue?.(v, span);
      return v;
    }),
    $query: (span: Span, methodSpan: Span, name: string, model: unknown, args: unknown[], given: ChoiceMap | null, method: unknown) =>
      s.onQuery({ span, methodSpan, name, model, args, given, method } satisfies QueryRecord),
    $given: (keys: string[], vals: unknown[], span: Span) => givenMap(keys, vals, span),
    $spec: (name: string, args: unknown[], names: string[], vals: unknown[], span: Span): MethodCall => ({ name, args, names, vals, span }),
    $brange: batchRange,
    $bslice: batchSlice,
    $bgather: batchGather,
    $bscalar: batchScalar,
    $blogpdf: batchLogpdf,
    $tryBatch: tryBatch,
    $NS: NOT_SAMPLED,
    $NC: NOT_CACHED,
    // The key `prefix + i` of an address site with one index: one shared string per (site, i) below KEY_TABLE.
    $key: (site: number, prefix: string, i: number): string => {
      const table = (keys[site] ??= []);
      let k = table[i];
      if (k === undefined) {
        k = prefix + i;
        if (i >= 0 && i < KEY_TABLE) table[i] = k;
      }
      return k;
    },
    // A new slot array when the arguments differ from the last run's (a paused run keeps the array it took).
    $cache: (i: number, args: readonly unknown[], n: number): unknown[] => {
      const c = caches[i];
      if (c !== undefined && sameArgs(c.args, args)) return c.slots;
      const slots = new Array<unknown>(n).fill(NOT_CACHED);
      caches[i] = { args: args.slice(), slots };
      return slots;
    },
    $sv: (v: unknown, span: Span, name: string) => {
      if (v === NOT_SAMPLED) throw new BorelError("not-sampled", `${name} has not been sampled in this run`, { span, hint: `the statement ${name} ~ ... did not run before this point (a branch not taken?)` });
      return v;
    },
    $exports: (names: string[], vals: unknown[]) => new Map(names.map((n, i) => [n, vals[i]])),
  };
  return { spans: s.spans, budget, builtins, ops, globals: s.globals, imports: s.imports, h };
}

function setPath(arr: PVec, idx: number[], from: number, v: unknown): PVec {
  if (from === idx.length - 1) return arr.set(idx[from], v);
  const inner = arr.get(idx[from]);
  return arr.set(idx[from], setPath(PVec.over(inner), idx, from + 1, v));
}

/** A choice map from `given {x: 1, "z/3": true, w: {a: 2}}`: records nest, "a/b" keys are paths. */
/** True for an array with a record somewhere inside (nested arrays included). */
function holdsRecord(v: unknown): boolean {
  return Array.isArray(v) && v.some((e) => isRecord(e) || holdsRecord(e));
}

export function givenMap(keys: string[], vals: unknown[], span: Span): ChoiceMap {
  const out = new ChoiceMap();
  // The same address written two ways ({"x/0": 5, x: [1, 2]}, {z: {mu: 1}, "z/mu": 2}): an error, as a key
  // written twice is — one value silently won.
  const leaves = new Set<string>(), inner = new Set<string>();
  const twice = (a: string, b: string) => new BorelError("duplicate", a === b ? `address '${a}' is given twice`
    : `address '${a.length > b.length ? a : b}' is given twice: on its own and within '${a.length > b.length ? b : a}'`, {
    span, hint: "give each address once: as a key of its own (\"x/0\": v) or inside its parent's value (x: [...]), not both",
  });
  const claim = (k: string) => {
    if (leaves.has(k)) throw twice(k, k);
    if (inner.has(k)) throw twice(k, [...leaves].find((l) => l.startsWith(`${k}/`)) ?? k);
    const parts = k.split("/");
    for (let i = 1; i < parts.length; i++) {
      const p = parts.slice(0, i).join("/");
      if (leaves.has(p)) throw twice(k, p);
      inner.add(p);
    }
    leaves.add(k);
  };
  const put = (prefix: string, key: string, v: unknown) => {
    const k = prefix === "" ? key : `${prefix}/${key}`;
    if (k.split("/").some((p) => p === "")) throw new BorelError("bad-address", `'${k}' is not an address`, { span });
    const plain = v instanceof PVec ? plainValue(v) : v;
    if (isRecord(plain)) for (const [kk, vv] of Object.entries(plain)) put(k, kk, vv);
    // An array of records constrains sub-model calls by index (`f: [{c: true}, ...]` is f/0/c, ...); arrays
    // of values stay whole (a vector choice, or elements read by index).
    else if (holdsRecord(plain)) (plain as readonly unknown[]).forEach((e, i) => put(k, String(i), e));
    else { claim(k); out.set(k, plain); }
  };
  keys.forEach((k, i) => put("", k, vals[i]));
  return out;
}
