/**
 * Writing a posterior's figures to files (`borel run FILE --plot out.svg`): to `out.svg` one figure — all
 * figures of `figuresFor` stacked into one SVG; to a folder (a path ending in `/`, or an existing folder)
 * one file per figure, `<prefix>marginal.svg`, `<prefix>trace.svg`, ...; `.png` instead of `.svg` writes
 * PNGs (resvg).
 *
 * @example
 * ```ts
 * writeFigures(post, "plots/");              // plots/marginal.svg, plots/trace.svg, ...
 * writeFigures(post, "coin.png");            // one PNG with every figure
 * ```
 */
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { figuresFor, renderFigure, type FiguresOptions } from "./figure.js";
import type { PlotSource } from "./draws.js";
import { svgToPng } from "./png.js";

/** True when `path` names a folder: it ends with a slash or is an existing directory. */
export function isFolderPath(path: string): boolean {
  if (path.endsWith("/") || path.endsWith("\\")) return true;
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
  /** Prefix of the file names in a folder (the CLI uses `q2-` for a program's second query). */
  prefix?: string;
}

/** Writes the figures of `post` to `path` (a file or a folder, see the module doc); returns the paths written. */
export function writeFigures(post: PlotSource, path: string, opts: WriteFiguresOptions = {}): string[] {
  const specs = figuresFor(post, opts);
  const folder = isFolderPath(path);
  const png = folder ? false : path.toLowerCase().endsWith(".png");
  const encode = (svg: string) => (png ? svgToPng(svg) : svg);
  if (!folder) {
    writeFileSync(path, encode(stackSvgs(specs.map((s) => renderFigure(s)))));
    return [path];
  }
  mkdirSync(path, { recursive: true });
  return specs.map((s) => {
    const file = join(path, `${opts.prefix ?? ""}${s.kind}.svg`);
    writeFileSync(file, renderFigure(s));
    return file;
  });
}
