/**
 * Writing a posterior's figures to files (`borel run FILE --plot out.svg`): to `out.svg` one figure — all
 * figures of `figuresFor` stacked into one SVG; to a folder (a path ending in `/`, an existing folder, or a
 * path without an extension) one file per figure, `marginal.svg`, `trace.svg`, ...; `.png` instead of `.svg`
 * writes a PNG (resvg); another extension is an error.
 * The k-th query of a program (`query: k`, 0-based) writes `out-<k+1>.svg`, or `q<k+1>-trace.svg` in a
 * folder, as `--draws` names its CSV files.
 *
 * @example
 * ```ts
 * writeFigures(post, "plots/");              // plots/marginal.svg, plots/trace.svg, ...
 * writeFigures(post, "coin.png");            // one PNG with every figure
 * ```
 */
import { BorelError } from "../util/errors.js";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";
import { figuresFor, renderFigure, type FiguresOptions } from "./figure.js";
import type { PlotSource } from "./draws.js";
import { svgToPng } from "./png.js";

/** True when `path` names a folder: it ends with a slash, is an existing directory, or has no extension (`plots`). */
export function isFolderPath(path: string): boolean {
  if (path.endsWith("/") || path.endsWith("\\")) return true;
  if (extname(path) === "") return true;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Stacks standalone SVGs vertically into one. */
export function stackSvgs(svgs: readonly string[]): string {
  let y = 0, width = 0;
  const parts = svgs.map((s) => {
    const w = Number(/width="([\d.]+)"/.exec(s)?.[1] ?? 0), h = Number(/height="([\d.]+)"/.exec(s)?.[1] ?? 0);
    const placed = s.replace(/^<svg\b/, `<svg x="0" y="${y}"`);
    y += h;
    width = Math.max(width, w);
    return placed;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}">${parts.join("")}</svg>`;
}

export interface WriteFiguresOptions extends FiguresOptions {
  /** Index of the query in its program (0-based): the files of query k > 0 get `-<k+1>` or `q<k+1>-`. */
  query?: number;
}

/** `out.svg` for the first query, `out-2.svg` for the second, ... */
function numbered(path: string, k: number): string {
  if (k === 0) return path;
  const dot = path.lastIndexOf(".");
  return dot > path.lastIndexOf("/") ? `${path.slice(0, dot)}-${k + 1}${path.slice(dot)}` : `${path}-${k + 1}`;
}

/** Writes the figures of `post` to `path` (a file or a folder, see the module doc); returns the paths written. */
export function writeFigures(post: PlotSource, path: string, opts: WriteFiguresOptions = {}): string[] {
  const specs = figuresFor(post, opts);
  const folder = isFolderPath(path);
  const png = folder ? false : path.toLowerCase().endsWith(".png");
  if (!folder && !png && !path.toLowerCase().endsWith(".svg"))
    throw new BorelError("bad-option", `plot: '${path}' is neither a .svg nor a .png file nor a folder`, { hint: "write out.svg, out.png, or a folder (plots/) for one SVG per figure" });
  const encode = (svg: string) => (png ? svgToPng(svg) : svg);
  const k = opts.query ?? 0;
  // Nothing to draw (no latent choice, tracked value or return value): no file (an empty SVG of size 0 was
  // written, and PNG failed with "invalid size"); the caller says so.
  if (specs.length === 0) return [];
  if (!folder) {
    const file = numbered(path, k);
    writeFileSync(file, encode(stackSvgs(specs.map((s) => renderFigure(s)))));
    return [file];
  }
  mkdirSync(path, { recursive: true });
  return specs.map((s) => {
    const file = join(path, `${k > 0 ? `q${k + 1}-` : ""}${s.kind}.svg`);
    writeFileSync(file, renderFigure(s));
    return file;
  });
}
