// ChartSpec → PNG, drawn straight on an @napi-rs/canvas (prebuilt skia, no native build). The few chart
// kinds the bot needs (lines, bars, bands, markers, stacked panels, small multiples) take a few hundred
// canvas calls; a general charting library spent ~10 ms a chart building and measuring what it never shows.
//   fonts.ts   bundled font, cached text measurement     scale.ts    ticks and domains
//   layout.ts  page, stacked panels, grid                 panel.ts    legend, axes, lines, bars
//   overlay.ts bands, reference lines, markers, gutter     queue.ts    render queue, canvas reuse
//   skia.ts    @napi-rs/canvas, loaded with require
import type { Canvas } from '@napi-rs/canvas';
import type { ChartSpec } from '../core/types.ts';
import { drawPage } from './layout.ts';
import { encodePng } from './png.ts';
import { canvasFor, enqueue } from './queue.ts';
import { DEFAULT_HEIGHT, DEFAULT_WIDTH } from './theme.ts';

export { FONT_FAMILY } from './fonts.ts';
export { DEFAULT_HEIGHT, DEFAULT_WIDTH, SERIES_COLORS as PALETTE, TONE_COLORS, NO_DATA_COLOR, toneColor } from './theme.ts';

const clampInt = (v: number | undefined, fallback: number, min: number, max: number): number =>
  Math.round(Math.min(max, Math.max(min, Number.isFinite(v) ? v! : fallback)));

/** Draws the whole page synchronously and returns the (shared, reused) canvas holding it. */
export function drawChart(spec: ChartSpec): Canvas {
  const width = clampInt(spec.width, DEFAULT_WIDTH, 320, 4000);
  const height = clampInt(spec.height, DEFAULT_HEIGHT, 240, 4000);
  const canvas = canvasFor(width, height);
  drawPage(canvas.getContext('2d'), spec, width, height);
  return canvas;
}

// At most one PNG's pool part deflates while the next chart draws (its other part is deflated on this thread
// before the queue moves on): overlapping them keeps both cores busy when charts come in bunches, and one in
// flight bounds the pixel copies held at once to two.
// Within one chart, deflating the top panel's rows while the rest draws did not pay on two cores: skia rasterises
// at the first pixel read (canvas.data() of a fresh drawing is ~1.3 ms of that), so the early read splits the
// raster, and with the watermark drawn band by band (exact only for glyphs up to 256 px: bigger ones are paths,
// whose antialiasing a clip changes) it cost +0.45 ms of main-thread CPU for an overlap the two parts had already.
// Nor a band split over two threads (each draws the whole page into its half-height canvas, reads it and deflates
// it; a prototype, 2026-12-04): 6.5–8.8 against 9.0–9.4 ms at the same load, for a second isolate that costs the
// bot +24 MB when ready and +35–45 MB after 500 renders (165–173 MB after 1,000 today: past the 200 MB target).
let deflating: Promise<unknown> = Promise.resolve();

/** PNG bytes of the chart. Drawing runs one chart after another: they share canvases, and memory stays flat. */
export function renderChart(spec: ChartSpec): Promise<Buffer> {
  return enqueue(async () => {
    const canvas = drawChart(spec);
    // A copy of the pixels: the canvas is free for the next chart. The page is opaque (white first), so
    // skia's premultiplied pixels equal straight RGBA.
    const pixels = canvas.data();
    await deflating;
    const png = encodePng(pixels, canvas.width, canvas.height);
    deflating = png.catch(() => undefined);
    return { png }; // wrapped, so the queue moves on before the PNG is done
  }).then((job) => job.png);
}
