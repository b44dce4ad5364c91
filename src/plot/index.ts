/**
 * Plots (layer 8): each figure is a function from a posterior (or data) to an SVG string, drawn with
 * `@observablehq/plot` on a linkedom document in Node or on the page's document in a browser
 * (`setPlotDocument`), and to PNG with `svgToPng` (Node). Each also exists as data (`...Spec`) plus a
 * renderer, so a Web Worker can compute a figure and a page draw it.
 *
 * This module names no DOM type: it compiles without the DOM library (tslab notebooks).
 *
 * @example
 * ```ts
 * import { tracePlot, rankPlot, marginalPlot, pairPlot, svgToPng } from "./plot/index.js";
 * const svg = tracePlot(post, { keys: ["mu", "tau"] });
 * writeFileSync("trace.png", svgToPng(svg));
 * ```
 */
export { setPlotDocument, plotDocument, type PlotDocument } from "./document.js";
export { renderPanel, composeFigure, escapeXml, type SvgPanel, type RenderContext, type FigureLayout, type PlotOptions } from "./svg.js";
export { plotKeys, thinIndices, resampleIndices, kde, bin, extent, type PlotSource, type KeysOption } from "./draws.js";
export { tracePlot, traceSpec, renderTrace, type TraceSpec, type TraceOptions } from "./trace.js";
export { rankPlot, rankSpec, renderRank, ranks, type RankSpec, type RankOptions } from "./rank.js";
export { marginalPlot, marginalSpec, renderMarginal, type MarginalSpec, type MarginalPanel, type MarginalOptions } from "./marginal.js";
export { pairPlot, pairSpec, renderPair, type PairSpec, type PairOptions } from "./pair.js";
export { ppcPlot, ppcSpec, renderPPC, type PPCSpec, type PPCOptions } from "./ppc.js";
export { smcPlot, smcSpec, renderSMC, type SMCSpec } from "./smc.js";
export { lossPlot, lossSpec, renderLoss, movingAverage, type LossSpec, type LossOptions } from "./loss.js";
export { energyPlot, energySpec, renderEnergy, type EnergySpec } from "./energy.js";
export { bandPlot, bandSpec, renderBand, linspace, type BandSpec, type Quantiles } from "./band.js";
export { figuresFor, renderFigure, type FigureSpec, type FigureKind, type FiguresOptions } from "./figure.js";
export { svgToPng, type PngOptions } from "./png.js";
export { writeFigures, stackSvgs, isFolderPath, type WriteFiguresOptions } from "./files.js";
