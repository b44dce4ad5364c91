/**
 * The document plots are drawn on. `@observablehq/plot` builds SVG elements with a document's
 * `createElementNS`; in Node that document is a `linkedom` one (made once, on first use), in a browser the
 * page passes its own (`setPlotDocument(document)` once, or `{ document }` per call). Plots never name DOM
 * types: a document is an opaque value here, so this layer compiles without the DOM library (notebooks
 * compile with tslab's TypeScript 5.0 and no DOM lib).
 *
 * @example
 * ```ts
 * setPlotDocument(globalThis.document);   // in a browser page, before the first plot
 * plotDocument();                          // the injected document, or a linkedom one in Node
 * ```
 */
import { parseHTML } from "linkedom";

/** A DOM document (the real one in a browser, linkedom's in Node), kept opaque. */
export type PlotDocument = object;

let injected: PlotDocument | null = null;
let nodeDocument: PlotDocument | null = null;

/** Makes `doc` the document of every later plot (a browser page calls it with `document`). */
export function setPlotDocument(doc: PlotDocument | null): void {
  injected = doc;
}

/** The document to draw on: `explicit`, else the injected one, else a linkedom document made once. */
export function plotDocument(explicit?: PlotDocument): PlotDocument {
  if (explicit) return explicit;
  if (injected) return injected;
  nodeDocument ??= parseHTML("<!DOCTYPE html><html><head></head><body></body></html>").document as PlotDocument;
  return nodeDocument;
}
