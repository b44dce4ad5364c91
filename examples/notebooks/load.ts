/**
 * Borel in a tslab notebook. tslab compiles a notebook's imports of local TypeScript to CommonJS with its own
 * TypeScript 5.0, which cannot run Borel's sources (ES modules with top-level await and import.meta). So the
 * notebooks load Borel the way `npx tsx` runs it — as native ES modules through tsx's loader — from the
 * `borel` link beside this file (borel -> ../../src). The modules come back untyped (`any`): the notebooks'
 * own cells are still type-checked.
 *
 *   import { loadBorel, show } from "./load";
 *   const B = await loadBorel();                 // the public API, inference, language, plots
 *   show(B.tracePlot(post));                     // a plot inline (PNG, so it also reads on GitHub)
 */
import * as tslab from "tslab";
import { join } from "path";
import { pathToFileURL } from "url";

// A real dynamic import (TypeScript would turn `import()` into `require` in tslab's CommonJS output).
const importESM = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<any>;
let registered: Promise<unknown> | null = null;
let plot: any = null;

/** Imports `borel/<path>` (a module of src/, e.g. "lang/index.ts") as a native ES module. */
export async function importBorel(path: string): Promise<any> {
  registered ??= importESM("tsx/esm/api").then((tsx) => tsx.register());
  await registered;
  return importESM(pathToFileURL(join(__dirname, "borel", path)).href);
}

/** Borel's public API with the inference layer, the language and the plots, in one object. */
export async function loadBorel(): Promise<any> {
  const [core, infer, lang, plots] = await Promise.all(["index.ts", "infer/index.ts", "lang/index.ts", "plot/index.ts"].map(importBorel));
  plot = plots;
  return { ...core, ...infer, ...lang, ...plots };
}

/** Observable Plot itself, for figures of your own (`B.renderPanel({ marks: [...] })`). */
export function plotLib(): Promise<any> {
  return importESM("@observablehq/plot");
}

/** Shows an SVG figure inline as a PNG (scale: pixels per SVG unit). */
export function show(svg: string, scale = 1.1): void {
  if (!plot) throw new Error("call loadBorel() first");
  tslab.display.png(plot.svgToPng(svg, { scale }));
}

/** Shows text in a fixed-width block (summary tables). */
export function showText(text: string): void {
  tslab.display.text(text);
}
