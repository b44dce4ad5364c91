/**
 * SVG to PNG with `@resvg/resvg-js` (Node only: a native module, loaded on first use so that importing the
 * plot layer stays cheap and a browser bundle never sees it). Text uses the system's fonts (DejaVu Sans
 * where `system-ui`/`sans-serif` is not found).
 *
 * @example
 * ```ts
 * writeFileSync("trace.png", svgToPng(tracePlot(post), { scale: 2 }));
 * ```
 */
import { createRequire } from "node:module";

interface ResvgModule {
  Resvg: new (svg: string, opts: unknown) => { render(): { asPng(): Uint8Array } };
}

let resvg: ResvgModule | null = null;

export interface PngOptions {
  /** Pixels per SVG unit (default 1.5). */
  scale?: number;
  /** Font family for `sans-serif`, `system-ui` and unknown families (default "DejaVu Sans"). */
  font?: string;
}

/** Rasterizes an SVG string to PNG bytes on a white background. */
export function svgToPng(svg: string, opts: PngOptions = {}): Uint8Array {
  resvg ??= createRequire(import.meta.url)("@resvg/resvg-js") as ResvgModule;
  const font = opts.font ?? "DejaVu Sans";
  const r = new resvg.Resvg(svg, {
    background: "white",
    fitTo: { mode: "zoom", value: opts.scale ?? 1.5 },
    font: { loadSystemFonts: true, defaultFontFamily: font, sansSerifFamily: font },
  });
  return r.render().asPng();
}
