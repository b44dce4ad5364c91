/**
 * The page's side of the inference worker: starts it, sends runs, forwards progress and finished queries,
 * and stops runs. Stop first asks the worker: a method that yields sees it, the worker acknowledges at once
 * ("stopping") and answers with the draws so far. A worker that has not acknowledged within `graceMs` is
 * busy in a method that never yields, so it is terminated and a fresh one started — the page itself never
 * blocks either way.
 */
import type { FromWorker, QueryResult, RunResult } from "../../src/web/protocol.js";

export interface RunHandlers {
  onProgress(query: number, fraction: number, status: string): void;
  onQuery(q: QueryResult): void;
}

export class Runner {
  private worker!: Worker;
  private nextId = 1;
  private active: { id: number; resolve: (r: RunResult) => void; handlers: RunHandlers; queries: QueryResult[]; kill?: number } | null = null;
  /** Resolves with the method names once the worker has loaded. */
  ready!: Promise<string[]>;

  constructor(private url: URL, private graceMs = 400) {
    this.spawn();
  }

  private spawn(): void {
    this.worker = new Worker(this.url, { type: "module" });
    this.ready = new Promise((resolve, reject) => {
      this.worker.onerror = (e) => reject(new Error(`the inference worker failed to load: ${e.message}`));
      this.worker.onmessage = (ev: MessageEvent<FromWorker>) => {
        const m = ev.data;
        if (m.type === "ready") { resolve(m.methods); return; }
        const a = this.active;
        if (!a || m.id !== a.id) return;
        if (m.type === "progress") a.handlers.onProgress(m.query, m.fraction, m.status);
        else if (m.type === "query") { a.queries.push(m.query); a.handlers.onQuery(m.query); }
        else if (m.type === "stopping") clearTimeout(a.kill);
        else if (m.type === "done") { this.active = null; a.resolve(m.result); }
      };
    });
  }

  get running(): boolean {
    return this.active !== null;
  }

  run(source: string, seed: number, method: string, handlers: RunHandlers): Promise<RunResult> {
    if (this.active) this.stop();
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.active = { id, resolve, handlers, queries: [] };
      this.worker.postMessage({ type: "run", id, source, seed, method });
    });
  }

  /** Stops the running program (see the module doc). */
  stop(): void {
    const a = this.active;
    if (!a) return;
    this.worker.postMessage({ type: "stop", id: a.id });
    clearTimeout(a.kill);
    a.kill = window.setTimeout(() => {
      if (this.active !== a) return;
      this.worker.terminate();
      this.active = null;
      this.spawn();
      a.resolve({ values: [], queries: a.queries, errors: [], compileMs: 0, stopped: true });
    }, this.graceMs);
  }
}
