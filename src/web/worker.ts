/**
 * The playground's inference worker (a module Web Worker, bundled by web/build.mjs): runs programs with
 * `runSource` off the page's thread and posts progress, each finished query and the final result. A "stop"
 * message aborts the run through an AbortSignal; methods that yield (MCMC, SMC between steps) stop within
 * milliseconds and report their draws so far. A method that never yields cannot see the message, so the
 * page also terminates a worker that has not answered a stop quickly, and starts a fresh one.
 *
 * @example
 * ```ts
 * const w = new Worker("worker.js", { type: "module" });
 * w.postMessage({ type: "run", id: 1, source, seed: 0, method: "" });
 * ```
 */
import { methodNames } from "../infer/registry.js";
import { runSource } from "./session.js";
import type { FromWorker, ToWorker } from "./protocol.js";

// Node's setImmediate, which the MCMC driver yields with, does not exist in browsers.
const g = globalThis as { setImmediate?: (f: () => void) => void };
if (g.setImmediate === undefined) {
  const channel = new MessageChannel(), queue: (() => void)[] = [];
  channel.port1.onmessage = () => queue.shift()?.();
  g.setImmediate = (f) => { queue.push(f); channel.port2.postMessage(0); };
}

const post = (m: FromWorker) => postMessage(m);
let current: { id: number; controller: AbortController } | null = null;

onmessage = async (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  if (m.type === "stop") {
    if (current?.id === m.id) { current.controller.abort(); post({ type: "stopping", id: m.id }); }
    return;
  }
  current?.controller.abort();
  const controller = new AbortController();
  current = { id: m.id, controller };
  let lastProgress = 0;
  const result = await runSource(m.source, {
    seed: m.seed, method: m.method, file: "/borel/examples/playground.borel", signal: controller.signal,
    onProgress: (query, fraction, status) => {
      const now = performance.now();
      if (now - lastProgress > 50) { lastProgress = now; post({ type: "progress", id: m.id, query, fraction, status }); }
    },
    onQuery: (query) => post({ type: "query", id: m.id, query }),
  });
  if (current?.id === m.id) current = null;
  post({ type: "done", id: m.id, result });
};

post({ type: "ready", methods: methodNames() });
