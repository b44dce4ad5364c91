/**
 * From Observable Plot options to SVG text, and from panels to one figure. `renderPanel` draws one Plot
 * chart on the plot document (see document.ts) and serializes it; `composeFigure` lays panels out on a grid
 * inside one standalone `<svg>` (nested `<svg>` per panel, a label above each, a title on top), so a figure
 * whose panels need their own scales — a trace plot per parameter — is still one SVG string, valid as a
 * file, an `innerHTML` or a notebook output.
 *
 * @example
 * ```ts
 * const p = renderPanel({ width: 300, height: 160, marks: [Plot.lineY([1, 3, 2])] }, { label: "y" });
 * const svg = composeFigure([p, p], { columns: 2, title: "two lines" });
 * ```
 */
import * as Plot from "@observablehq/plot";
import { plotDocument, type PlotDocument } from "./document.js";

export const SVG_NS = "http://www.w3.org/2000/svg";

/** One rendered chart. */
export interface SvgPanel {
  svg: string;
  width: number;
  height: number;
  /** Drawn above the panel (a parameter name). */
  label?: string;
}

export interface RenderContext {
  /** The document to draw on (default: the injected one, or linkedom's in Node). */
  document?: PlotDocument;
}

/** The options of `@observablehq/plot`'s `plot()` (its own type). */
export type PlotOptions = Plot.PlotOptions;

/** Renders one chart; `options.width`/`height` are required so that figures can be laid out. */
export function renderPanel(options: PlotOptions & { width: number; height: number }, extra: { label?: string } & RenderContext = {}): SvgPanel {
  let chart: ReturnType<typeof Plot.plot>;
  try {
    chart = Plot.plot({ ...options, document: plotDocument(extra.document) as never });
  } catch (e) {
    // d3's ticks fail on some domains (values of ~1e-320: "Invalid array length"): this panel says so, and the
    // figure — and the run that asked for it — go on.
    return unplottable(options.width, options.height, extra.label, (e as Error).message);
  }
  // Plot returns a bare <svg> unless it adds a legend or title (a <figure>); the specs here ask for neither.
  chart.setAttribute("xmlns", SVG_NS);
  // Its <style> sizes the root for HTML (height: auto), which would resize a nested <svg>: the figure
  // positions panels by their attributes instead.
  for (const style of [...chart.querySelectorAll("style")]) style.remove();
  return { svg: String(chart.outerHTML), width: options.width, height: options.height, label: extra.label };
}

/** A panel in place of a chart that could not be drawn: the reason, as text. */
function unplottable(width: number, height: number, label: string | undefined, why: string): SvgPanel {
  const svg = `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<text x="8" y="${Math.round(height / 2)}" font-size="11" fill="#a33">cannot draw this panel: ${escapeXml(why.slice(0, 120))}</text></svg>`;
  return { svg, width, height, label };
}

export interface FigureLayout {
  /** Panels per row (default 1). */
  columns?: number;
  title?: string;
}

const TITLE_HEIGHT = 26;
const LABEL_HEIGHT = 16;

/** Escapes text for SVG content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/**
 * Lays panels out row by row (`null` leaves a cell empty) in one standalone SVG: each cell is as wide as the
 * widest panel and as tall as the tallest, plus a label line when any panel has a label.
 */
export function composeFigure(panels: readonly (SvgPanel | null)[], layout: FigureLayout = {}): string {
  const columns = Math.max(1, layout.columns ?? 1);
  const real = panels.filter((p): p is SvgPanel => p !== null);
  const cellW = Math.max(1, ...real.map((p) => p.width));
  const labelH = real.some((p) => p.label) ? LABEL_HEIGHT : 0;
  const cellH = Math.max(1, ...real.map((p) => p.height)) + labelH;
  const top = layout.title ? TITLE_HEIGHT : 0;
  const rows = Math.ceil(panels.length / columns);
  // Wide enough for the title too (about 8 px per character of 13 px bold text).
  const width = Math.max(cellW * Math.min(columns, Math.max(1, panels.length)), layout.title ? Math.ceil(16 + 8 * layout.title.length) : 0);
  const height = top + rows * cellH;
  const parts: string[] = [
    `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="10">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
  if (layout.title) parts.push(`<text x="8" y="18" font-size="13" font-weight="bold" fill="#222">${escapeXml(layout.title)}</text>`);
  panels.forEach((p, i) => {
    if (!p) return;
    const x = (i % columns) * cellW, y = top + Math.floor(i / columns) * cellH;
    if (p.label) parts.push(`<text x="${x + 8}" y="${y + 12}" font-size="11" font-weight="bold" fill="#333">${escapeXml(p.label)}</text>`);
    parts.push(p.svg.replace(/^<svg\b/, `<svg x="${x}" y="${y + labelH}"`));
  });
  parts.push("</svg>");
  return parts.join("");
}
