/**
 * The Borel playground page: an editor, example and method menus, a seed, Run and Stop. Programs run in a
 * Web Worker (runner.ts); results arrive as data and are drawn here, plots on this page's document.
 * `window.borelPlayground` exposes timings for the browser test (time from navigation to the first answer).
 */
import { examples } from "virtual:borel-examples";
import { setPlotDocument } from "../../src/plot/document.js";
import { Editor } from "./editor.js";
import { Runner } from "./runner.js";
import { errorElements, queryElement } from "./view.js";

setPlotDocument(document);
const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;
const editor = new Editor($("#source"), $(".backdrop"), $(".gutter"));
const exampleMenu = $<HTMLSelectElement>("#example"), methodMenu = $<HTMLSelectElement>("#method");
const seedInput = $<HTMLInputElement>("#seed"), runButton = $<HTMLButtonElement>("#run"), stopButton = $<HTMLButtonElement>("#stop");
const status = $("#status"), output = $("#output"), errors = $("#errors");
const stats = { loadedAt: 0, firstAnswerAt: 0, runs: 0, lastRunMs: 0 };
(window as unknown as { borelPlayground: typeof stats }).borelPlayground = stats;

for (const ex of examples) exampleMenu.add(new Option(`${ex.name}${ex.title ? ` — ${ex.title.slice(0, 48)}` : ""}`, ex.name));
const load = (name: string) => { editor.value = examples.find((e) => e.name === name)?.source ?? ""; errors.replaceChildren(); };
exampleMenu.addEventListener("change", () => load(exampleMenu.value));
load(examples[0]?.name ?? "");

const runner = new Runner(new URL("worker.js", import.meta.url));
runner.ready.then((methods) => {
  for (const m of methods) methodMenu.add(new Option(m, m));
  status.textContent = "ready";
  stats.loadedAt = performance.now();
}, (e: Error) => { status.textContent = e.message; });

let ticker = 0;
async function run(): Promise<void> {
  const t0 = performance.now();
  const seed = Number.parseInt(seedInput.value, 10) || 0;
  runButton.disabled = true;
  stopButton.disabled = false;
  errors.replaceChildren();
  editor.mark([]);
  output.replaceChildren();
  clearInterval(ticker);
  ticker = window.setInterval(() => { status.textContent = `running… ${((performance.now() - t0) / 1000).toFixed(1)} s`; }, 100);
  const result = await runner.run(editor.value, seed, methodMenu.value, {
    onProgress: (q, f, s) => { status.textContent = `query ${q + 1}: ${Number.isFinite(f) ? `${(100 * f).toFixed(0)}% ` : ""}${s} (${((performance.now() - t0) / 1000).toFixed(1)} s)`; },
    onQuery: (q) => {
      output.appendChild(queryElement(q));
      if (!stats.firstAnswerAt) stats.firstAnswerAt = performance.now();
    },
  });
  clearInterval(ticker);
  if (result.values.length) {
    const pre = document.createElement("div");
    pre.className = "values";
    pre.textContent = result.values.join("\n");
    output.prepend(pre);
  }
  errors.replaceChildren(...errorElements(result.errors));
  editor.mark(result.errors.filter((e) => e.line !== null).map((e) => ({ line: e.line!, col: e.col!, endLine: e.endLine ?? e.line!, endCol: e.endCol ?? e.col! })));
  stats.runs++;
  stats.lastRunMs = performance.now() - t0;
  status.textContent = `${result.stopped ? "stopped" : result.errors.length ? `${result.errors.length} error${result.errors.length > 1 ? "s" : ""}` : "done"} in ${(stats.lastRunMs / 1000).toFixed(2)} s`;
  runButton.disabled = false;
  stopButton.disabled = true;
}

runButton.addEventListener("click", () => void run());
stopButton.addEventListener("click", () => { runner.stop(); status.textContent = "stopping…"; });
document.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !runButton.disabled) { e.preventDefault(); void run(); } });
