/**
 * Messages between the playground page and its inference worker. Everything here is structured-cloneable:
 * plain records, arrays and figure specs (the page renders the figures on its own document).
 *
 * @example
 * ```ts
 * worker.postMessage({ type: "run", id: 1, source, seed: 0, method: "" } satisfies ToWorker);
 * ```
 */
import type { FigureSpec } from "../plot/figure.js";
import type { SummaryRow } from "../posterior/types.js";

export type ToWorker =
  | { type: "run"; id: number; source: string; seed: number; /** "" runs each query's own method. */ method: string }
  | { type: "stop"; id: number };

export type FromWorker =
  | { type: "ready"; methods: string[] }
  | { type: "progress"; id: number; query: number; fraction: number; status: string }
  /** The worker saw a stop (its method yields): it will answer with the draws so far. */
  | { type: "stopping"; id: number }
  | { type: "query"; id: number; query: QueryResult }
  | { type: "done"; id: number; result: RunResult };

/** An error with its place in the program (1-based line and column; null when it has none). */
export interface LocatedMessage {
  code: string;
  message: string;
  line: number | null;
  col: number | null;
  endLine: number | null;
  endCol: number | null;
  hint: string | null;
  /** The formatted error: `file:line:col: error: ...`, the source line with a caret, the hint. */
  text: string;
}

export interface QueryResult {
  /** The query as written (`query coin(flips) using importance(particles: 10000)`). */
  header: string;
  method: string;
  draws: number;
  logZ: number | null;
  rows: (SummaryRow & { key: string })[];
  warnings: string[];
  figures: FigureSpec[];
  /** Figures that could not be made, with the reason. */
  figureErrors: string[];
  interrupted: boolean;
  ms: number;
}

export interface RunResult {
  /** Values of top-level expression statements, as the REPL shows them. */
  values: string[];
  queries: QueryResult[];
  errors: LocatedMessage[];
  compileMs: number;
  stopped: boolean;
}
