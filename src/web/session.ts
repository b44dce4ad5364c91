/**
 * One playground run: compile a Borel program, run its queries (each with its own method, or all with the
 * method chosen in the page), and report summaries, figure specs and located errors as plain data. The
 * worker (worker.ts) is a thin message loop around this; tests call it directly in Node.
 *
 * @example
 * ```ts
 * const r = await runSource("model m() { p ~ beta(2, 2) }\nquery m() using importance(particles: 500)", { seed: 0 });
 * r.queries[0].rows[0];   // { key: "p", mean: 0.5..., sd: ..., ... }
 * ```
 */
import { formatError, isBorelError } from "../util/errors.js";
import { compileProgram, prepareQuery, runQuery, type QueryRecord } from "../lang/index.js";
import { figuresFor, type FigureSpec } from "../plot/figure.js";
import { ppcSpec } from "../plot/ppc.js";
import { queryHeader, warningsOf } from "../cli/text-report.js";
import { showValue } from "../cli/show.js";
import type { LocatedMessage, QueryResult, RunResult } from "./protocol.js";

export interface RunOptions {
  seed?: number;
  /** Run every query with this method and its default options ("" or undefined: as written). */
  method?: string;
  /** The program's file name (relative `load` and `import` paths resolve next to it). */
  file?: string;
  signal?: AbortSignal;
  onProgress?: (query: number, fraction: number, status: string) => void;
  /** Called as each query finishes. */
  onQuery?: (q: QueryResult) => void;
}

/** A located, formatted error record (non-Borel errors become "internal" ones without a place). */
export function locate(e: unknown, source: string, file: string): LocatedMessage {
  const b = isBorelError(e) ? e : null;
  const span = b?.span && b.span.file === file ? b.span : undefined;
  const short = file.slice(file.lastIndexOf("/") + 1);
  return {
    code: b?.code ?? "internal", message: b?.message ?? (e instanceof Error ? e.message : String(e)),
    line: span?.line ?? null, col: span?.col ?? null, endLine: span?.endLine ?? null, endCol: span?.endCol ?? null, hint: b?.hint ?? null,
    text: formatError(e, { source: span ? source : undefined }).split(file).join(short),
  };
}

/** The query with its `using` replaced by `method` with default options. */
function withMethod(q: QueryRecord, method: string | undefined): QueryRecord {
  if (!method) return q;
  return { ...q, method: { name: method, args: [], names: [], vals: [], span: q.methodSpan } };
}

function figures(post: Awaited<ReturnType<typeof runQuery>>): { specs: FigureSpec[]; errors: string[] } {
  const errors: string[] = [];
  let specs: FigureSpec[] = [];
  try {
    specs = figuresFor(post);
  } catch (e) {
    errors.push(`plots: ${(e as Error).message}`);
  }
  if (post.source && post.size > 1) {
    try {
      specs.push(ppcSpec(post, { seed: 1 }));
    } catch (e) {
      if (!(isBorelError(e) && e.code === "no-data")) errors.push(`posterior predictive check: ${(e as Error).message}`);
    }
  }
  return { specs, errors };
}

/** Compiles and runs `source` (see the module doc). */
export async function runSource(source: string, o: RunOptions = {}): Promise<RunResult> {
  const file = o.file ?? "playground.borel";
  const values: string[] = [];
  const t0 = performance.now();
  const result: RunResult = { values, queries: [], errors: [], compileMs: 0, stopped: false };
  const prog = compileProgram(source, file, { seed: o.seed ?? 0, onValue: (v) => values.push(showValue(v)) });
  result.compileMs = performance.now() - t0;
  if (prog.errors.length > 0) {
    result.errors = prog.errors.map((e) => locate(e, source, file));
    return result;
  }
  for (const [k, q0] of prog.queries.entries()) {
    if (o.signal?.aborted) { result.stopped = true; break; }
    const q = withMethod(q0, o.method);
    const t1 = performance.now();
    try {
      const prepared = prepareQuery(q);
      const post = await runQuery(q, { seed: prepared.seed ?? o.seed ?? 0, signal: o.signal, onProgress: (f, s) => o.onProgress?.(k, f, s) });
      const { specs, errors } = figures(post);
      const interrupted = post.diagnostics.aborted === true || post.diagnostics.interrupted === true;
      const qr: QueryResult = {
        header: queryHeader(q0, source) + (o.method ? `   [run with ${o.method}()]` : ""), method: post.method, draws: post.size, logZ: post.logZ,
        rows: [...post.summary()].map(([key, r]) => ({ key, ...r })), warnings: warningsOf(post), figures: specs, figureErrors: errors,
        interrupted, ms: performance.now() - t1,
      };
      result.queries.push(qr);
      o.onQuery?.(qr);
      if (interrupted) { result.stopped = true; break; }
    } catch (e) {
      if (o.signal?.aborted && !(isBorelError(e) && e.span)) { result.stopped = true; break; }
      result.errors.push(locate(isBorelError(e) && !e.span ? e.at(q.span) : e, source, file));
      break;
    }
  }
  return result;
}
