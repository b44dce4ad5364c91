/**
 * Particles of a step-by-step SMC kept as columns instead of traces: for each step, the values of every
 * particle's latent choices and tracked values (one column per address of the step), its return value, and the
 * slot of its parent at the step before (the genealogy, shared by resampled duplicates). A particle is the
 * number of its slot at its last step. Each step's trace lives only until its values are copied out, so a run
 * with N particles over T steps retains a few typed columns instead of N·T trace objects — what a posterior
 * without traces needs. `draws` then follows each final particle's ancestry to build the posterior's
 * columns, in the order (and with the keys) a `DrawRecorder` gives the particle's unfold trace.
 *
 * @example
 * ```ts
 * const cols = new StepColumns(T, N);
 * const slot = cols.add(t, parentSlot, stepTrace);     // after each step's generate
 * const draws = cols.draws(finalSlots);                 // ChainDraws for a Posterior
 * ```
 */
import { DynamicTrace } from "../../trace/dynamic-trace.js";
import type { Trace } from "../../trace/gfi.js";
import { RETURN_KEY } from "../../posterior/draws.js";
import { DrawRecorder } from "../../posterior/recorder.js";
import type { ChainDraws } from "../../posterior/types.js";

/**
 * One value per particle slot: a Float64Array while every value is a number (no boxing, nothing for the
 * garbage collector to scan or copy), an array once another kind of value appears.
 */
class Column {
  private nums: Float64Array | null;
  private any: unknown[] | null = null;

  constructor(capacity: number) {
    this.nums = new Float64Array(capacity);
  }

  set(slot: number, v: unknown): void {
    const nums = this.nums;
    if (nums !== null && typeof v === "number") {
      if (slot < nums.length) { nums[slot] = v; return; }
      const grown = new Float64Array(2 * nums.length + 16);
      grown.set(nums);
      this.nums = grown;
      grown[slot] = v;
      return;
    }
    if (this.any === null) { this.any = nums === null ? [] : Array.from(nums.subarray(0, slot)); this.nums = null; }
    while (this.any.length < slot) this.any.push(undefined);
    this.any[slot] = v;
  }

  get(slot: number): unknown {
    return this.nums !== null ? this.nums[slot] : this.any![slot];
  }
}

/** One step's particles. */
class StepStore {
  parent: Int32Array;
  count = 0;
  readonly retvals: Column;
  /** Latent keys (choices, then tracked values) of the first particle; most particles share them. */
  layout: string[] | null = null;
  /** Number of choice keys at the front of `layout` (the rest are tracked values). */
  choices = 0;
  /** Full keys `t/key` of the layout. */
  fullKeys: string[] = [];
  readonly cols: Column[] = [];
  /** Particles whose keys differ from the layout: their keys, values and number of choices. */
  odd: Map<number, { keys: string[]; values: unknown[]; choices: number }> | null = null;

  constructor(readonly capacity: number) {
    this.parent = new Int32Array(capacity);
    this.retvals = new Column(capacity);
  }
}

export class StepColumns {
  private readonly steps: StepStore[] = [];
  // Scratch for one trace's values.
  private readonly keys: string[] = [];
  private readonly values: unknown[] = [];

  constructor(readonly T: number, private readonly capacity: number) {}

  /** The return value of the particle at `slot` of step t. */
  retval(t: number, slot: number): unknown {
    return this.steps[t]!.retvals.get(slot);
  }

  /** Stores step t of a particle whose previous slot is `parent` (−1 at t = 0); returns its slot. */
  add(t: number, parent: number, trace: Trace): number {
    const st = (this.steps[t] ??= new StepStore(this.capacity));
    const slot = st.count++;
    if (slot >= st.parent.length) { const p = new Int32Array(2 * st.parent.length + 1); p.set(st.parent); st.parent = p; }
    st.parent[slot] = parent;
    st.retvals.set(slot, trace.retval);
    const n = this.collect(trace), keys = this.keys, values = this.values;
    let layout = st.layout;
    if (layout === null) {
      layout = st.layout = keys.slice(0, n);
      st.choices = this.choicesSeen;
      st.fullKeys = layout.map((k) => `${t}/${k}`);
      for (let j = 0; j < n; j++) st.cols.push(new Column(st.capacity));
    }
    let same = n === layout.length && this.choicesSeen === st.choices;
    for (let j = 0; same && j < n; j++) same = keys[j] === layout[j];
    const cols = st.cols;
    if (same) for (let j = 0; j < n; j++) cols[j]!.set(slot, values[j]);
    else {
      // A particle with other addresses (another branch): kept whole (its layout columns are not read).
      (st.odd ??= new Map()).set(slot, { keys: keys.slice(0, n), values: values.slice(0, n), choices: this.choicesSeen });
    }
    return slot;
  }

  private choicesSeen = 0;

  /** Copies a trace's latent choices, then its tracked values, into the scratch; returns their number. */
  private collect(trace: Trace): number {
    const keys = this.keys, values = this.values;
    let n = 0, calls = false;
    if (trace instanceof DynamicTrace) {
      for (const r of trace.records.list) {
        if (r.kind === "choice") { if (!r.observed) { keys[n] = r.key; values[n++] = r.value; } continue; }
        calls = true;
        for (const c of r.trace.choices()) if (!c.observed) { keys[n] = `${r.key}/${c.key}`; values[n++] = c.value; }
      }
      this.choicesSeen = n;
      if (calls || trace.trackedValues.size > 0) for (const [k, v] of trace.tracked()) { keys[n] = k; values[n++] = v; }
      return n;
    }
    for (const c of trace.choices()) if (!c.observed) { keys[n] = c.key; values[n++] = c.value; }
    this.choicesSeen = n;
    for (const [k, v] of trace.tracked()) { keys[n] = k; values[n++] = v; }
    return n;
  }

  /**
   * The draws of the particles whose last slots are `finals` (after all T steps): per particle, every step's
   * latent choices as `t/key`, then every step's tracked values, then the return value (the array of the
   * steps' return values) — as a `DrawRecorder` records the particle's unfold trace.
   */
  draws(finals: ArrayLike<number>): ChainDraws {
    return this.uniformDraws(finals) ?? this.recordedDraws(finals);
  }

  /**
   * `draws` when every particle of a step has the step's keys (no branch left the layout) and all keys are
   * distinct: the recorder's columns are then dense and in a known order — each step's choices, each step's
   * tracked values, the return value — so they are filled column by column, walking the genealogy back one
   * step at a time. Null otherwise.
   */
  private uniformDraws(finals: ArrayLike<number>): ChainDraws | null {
    // The steps run (fewer than T when the run was aborted; `finals` are slots of the last of them).
    const T = this.steps.length, N = finals.length, steps = this.steps;
    const seen = new Set<string>();
    for (const st of steps) {
      if (st.odd !== null) return null;
      for (const k of st.fullKeys) { if (seen.has(k)) return null; seen.add(k); }
    }
    const choiceCols: unknown[][][] = [], trackedCols: unknown[][][] = [];
    const retvals: unknown[][] = new Array(N), numeric = new Uint8Array(N).fill(1);
    for (let i = 0; i < N; i++) retvals[i] = new Array<unknown>(T);
    let cur = Int32Array.from(finals);
    for (let t = T - 1; t >= 0; t--) {
      const st = steps[t]!, cols: unknown[][] = [];
      for (let j = 0; j < st.fullKeys.length; j++) {
        const src = st.cols[j]!, col = new Array<unknown>(N);
        for (let i = 0; i < N; i++) col[i] = src.get(cur[i]!);
        cols.push(col);
      }
      choiceCols[t] = cols.slice(0, st.choices);
      trackedCols[t] = cols.slice(st.choices);
      for (let i = 0; i < N; i++) {
        const v = st.retvals.get(cur[i]!);
        retvals[i]![t] = v;
        if (typeof v !== "number" && typeof v !== "boolean") numeric[i] = 0;
      }
      const next = new Int32Array(N), parent = st.parent;
      for (let i = 0; i < N; i++) next[i] = parent[cur[i]!]!;
      cur = next;
    }
    const columns = new Map<string, unknown[]>(), choiceKeys = new Set<string>();
    for (let t = 0; t < T; t++) steps[t]!.fullKeys.slice(0, steps[t]!.choices).forEach((k, j) => { columns.set(k, choiceCols[t]![j]!); choiceKeys.add(k); });
    for (let t = 0; t < T; t++) steps[t]!.fullKeys.slice(steps[t]!.choices).forEach((k, j) => columns.set(k, trackedCols[t]![j]!));
    // The return value (the steps' return values) where it is summarizable, as the recorder keeps it.
    if (numeric.includes(1)) columns.set(RETURN_KEY, retvals.map((r, i) => (numeric[i] === 1 ? r : undefined)));
    return { length: N, columns, choiceKeys, stats: new Map() };
  }

  /** `draws` through a `DrawRecorder`, particle by particle (any layouts). */
  private recordedDraws(finals: ArrayLike<number>): ChainDraws {
    const T = this.steps.length, rec = new DrawRecorder();
    const slots = new Int32Array(T);
    for (let i = 0; i < finals.length; i++) {
      let s = finals[i]!;
      for (let t = T - 1; t >= 0; t--) { slots[t] = s; s = this.steps[t]!.parent[s]!; }
      const retvals = new Array<unknown>(T);
      for (let t = 0; t < T; t++) retvals[t] = this.steps[t]!.retvals.get(slots[t]!);
      rec.addValues((choice, tracked) => {
        for (let t = 0; t < T; t++) this.emit(t, slots[t]!, choice, true);
        for (let t = 0; t < T; t++) this.emit(t, slots[t]!, tracked, false);
      }, retvals);
    }
    return rec.finish();
  }

  /** Passes the choices (or the tracked values) of one particle's step to `put`. */
  private emit(t: number, slot: number, put: (key: string, value: unknown) => void, choices: boolean): void {
    const st = this.steps[t]!;
    const odd = st.odd?.get(slot);
    if (odd !== undefined) {
      const from = choices ? 0 : odd.choices, to = choices ? odd.choices : odd.keys.length;
      for (let j = from; j < to; j++) put(`${t}/${odd.keys[j]}`, odd.values[j]);
      return;
    }
    const from = choices ? 0 : st.choices, to = choices ? st.choices : st.fullKeys.length;
    for (let j = from; j < to; j++) put(st.fullKeys[j]!, st.cols[j]!.get(slot));
  }
}
