// One panel: its legend, axes and grid, and its lines and bars, inside the rectangle layout gives it.
import type { SKRSContext2D } from '@napi-rs/canvas';
import { Path2D } from './skia.ts';
import type { ChartPanel } from '../core/types.ts';
import { font, fit, measure } from './fonts.ts';
import type { Plot } from './geometry.ts';
import { hasBars } from './geometry.ts';
import { seriesColor } from './overlay.ts';
import { clean, isFiniteNumber } from './scale.ts';
import { AXIS, GRID, INK, MUTED, NEGATIVE, TEXT, TYPE } from './theme.ts';

export interface LegendItem {
  text: string;
  color: string;
  shape: 'line' | 'dashed' | 'box';
}

export function legendItems(panel: ChartPanel): LegendItem[] {
  const series = panel.series ?? [];
  const bars = series.filter((l) => (l.kind ?? panel.kind) === 'bar');
  const items: LegendItem[] = [];
  series.forEach((l, i) => {
    if (!l.name) return;
    const bar = (l.kind ?? panel.kind) === 'bar';
    items.push({ text: l.name, color: seriesColor(panel, i), shape: bar ? 'box' : l.dashed ? 'dashed' : 'line' });
    // A lone bar series without a colour of its own shows negatives in their own colour: say so.
    if (bar && bars.length === 1 && !l.color && (l.values ?? []).some((v) => isFiniteNumber(v) && v < 0)) {
      items.push({ text: 'below zero', color: NEGATIVE, shape: 'box' });
    }
  });
  return items;
}

const swatchWidth = (s: number) => 30 * s;

/** Legend items wrapped into rows no wider than `width` (a legend never clips: it takes more rows). */
export function legendRows(ctx: SKRSContext2D, items: readonly LegendItem[], width: number, s: number): LegendItem[][] {
  const f = font(TYPE.legend * s);
  const rows: LegendItem[][] = [];
  let row: LegendItem[] = [];
  let used = 0;
  for (const item of items) {
    const w = swatchWidth(s) + 8 * s + Math.min(measure(ctx, item.text, f), width - swatchWidth(s) - 8 * s) + 24 * s;
    if (row.length && used + w > width) {
      rows.push(row);
      row = [];
      used = 0;
    }
    row.push(item);
    used += w;
  }
  if (row.length) rows.push(row);
  return rows;
}

export const legendLineHeight = (s: number) => Math.round(TYPE.legend * 1.45 * s);

export function drawLegend(ctx: SKRSContext2D, rows: readonly LegendItem[][], x: number, y: number, width: number, s: number): void {
  const f = font(TYPE.legend * s);
  const lh = legendLineHeight(s);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  rows.forEach((row, r) => {
    let cx = x;
    const cy = y + r * lh + lh / 2;
    for (const item of row) {
      const sw = swatchWidth(s);
      ctx.fillStyle = item.color;
      ctx.strokeStyle = item.color;
      if (item.shape === 'box') ctx.fillRect(cx + sw / 2 - 8 * s, cy - 8 * s, 16 * s, 16 * s);
      else {
        ctx.lineWidth = 4 * s;
        ctx.setLineDash(item.shape === 'dashed' ? [7 * s, 4 * s] : []);
        ctx.beginPath();
        ctx.moveTo(cx, cy);
        ctx.lineTo(cx + sw, cy);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      const text = fit(ctx, item.text, f, width - (cx - x) - sw - 8 * s);
      ctx.fillStyle = INK;
      ctx.font = f;
      ctx.fillText(text, cx + sw + 8 * s, cy);
      cx += sw + 8 * s + measure(ctx, text, f) + 24 * s;
    }
  });
}

/** Horizontal grid lines with the y tick labels left of the plot, and the y axis title turned up the left edge. */
export function drawYAxis(ctx: SKRSContext2D, plot: Plot, yTexts: readonly string[], yLabel: string | undefined, left: number, s: number): void {
  const f = font(TYPE.tick * s);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  ctx.font = f;
  // One path per colour (the grid, and the zero line where the axis crosses zero): lines of one colour never
  // overlap here, so the pixels are those of one stroke each, for a few native calls instead of five a line.
  const zeroAxis = plot.yt.min < 0;
  ctx.lineWidth = 1;
  for (const color of zeroAxis ? [GRID, AXIS] : [GRID]) {
    ctx.strokeStyle = color;
    ctx.beginPath();
    for (const v of plot.yt.values) {
      if ((v === 0 && zeroAxis ? AXIS : GRID) !== color) continue;
      const y = Math.round(plot.yOf(v)) + 0.5;
      ctx.moveTo(plot.x, y);
      ctx.lineTo(plot.x + plot.w, y);
    }
    ctx.stroke();
  }
  ctx.fillStyle = TEXT;
  plot.yt.values.forEach((v, i) => ctx.fillText(yTexts[i] ?? '', plot.x - 8 * s, Math.round(plot.yOf(v)) + 0.5));
  if (yLabel) {
    ctx.save();
    ctx.translate(left + TYPE.label * s * 0.6, plot.y + plot.h / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillStyle = MUTED;
    const lf = font(TYPE.label * s);
    ctx.fillText(fit(ctx, yLabel, lf, plot.h), 0, 0);
    ctx.restore();
  }
}

/** Light vertical lines at the x ticks (so stacked panels read against the same dates), the axis line, and the labels where shown. */
export function drawXAxis(ctx: SKRSContext2D, plot: Plot, showLabels: boolean, xLabel: string | undefined, s: number, pageWidth: number): void {
  const bottom = plot.y + plot.h;
  ctx.lineWidth = 1;
  ctx.strokeStyle = GRID;
  ctx.beginPath();
  for (const t of plot.xTicks) {
    const x = Math.round(plot.xOf(t.at)) + 0.5;
    ctx.moveTo(x, plot.y);
    ctx.lineTo(x, bottom);
  }
  ctx.stroke();
  // the axis line and the tick marks hanging from it: one colour, one path
  ctx.strokeStyle = AXIS;
  ctx.beginPath();
  ctx.moveTo(plot.x, Math.round(bottom) + 0.5);
  ctx.lineTo(plot.x + plot.w, Math.round(bottom) + 0.5);
  if (showLabels) {
    for (const t of plot.xTicks) {
      const cx = Math.round(plot.xOf(t.at)) + 0.5;
      ctx.moveTo(cx, bottom);
      ctx.lineTo(cx, bottom + 5 * s);
    }
  }
  ctx.stroke();
  if (!showLabels) return;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  const y = bottom + 6 * s;
  for (const t of plot.xTicks) {
    const f = font(TYPE.tick * s, t.strong ? 'bold' : 'normal');
    const w = measure(ctx, t.text, f);
    const cx = plot.xOf(t.at);
    // centred on its tick, but kept on the page
    const left = Math.max(2 * s, Math.min(pageWidth - 2 * s - w, cx - w / 2));
    ctx.fillStyle = t.strong ? INK : TEXT;
    ctx.fillText(t.text, left, y);
  }
  if (xLabel) {
    ctx.textAlign = 'right';
    ctx.fillStyle = MUTED;
    const f = font(TYPE.label * s);
    ctx.font = f;
    ctx.fillText(fit(ctx, xLabel, f, plot.w), plot.x + plot.w, y + TYPE.tick * s * 1.25);
  }
}

/** x position of value i of a series: its numeric x, or its label index. */
const xAt = (panel: ChartPanel, plot: Plot, i: number): number => (plot.numeric ? plot.xOf(panel.x?.[i] ?? NaN) : plot.xOf(i));

export function drawBars(ctx: SKRSContext2D, panel: ChartPanel, plot: Plot, s: number): void {
  if (!hasBars(panel)) return;
  const bars = panel.series.map((l, i) => ({ l, i })).filter(({ l }) => (l.kind ?? panel.kind) === 'bar');
  const zero = plot.yOf(Math.max(plot.yt.min, Math.min(plot.yt.max, 0)));
  const slot = Math.min(plot.slot * 0.78, 90 * s);
  const lone = bars.length === 1 && !bars[0]!.l.color;
  const n = Math.max(0, ...bars.map(({ l }) => l.values?.length ?? 0));
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  bars.forEach(({ l, i }, k) => {
    const color = seriesColor(panel, i);
    const values = clean(l.values);
    const w = panel.stacked ? slot : slot / bars.length;
    values.forEach((v, j) => {
      if (v === null) return;
      const cx = xAt(panel, plot, j);
      if (!Number.isFinite(cx)) return;
      const left = panel.stacked ? cx - slot / 2 : cx - slot / 2 + k * w;
      let from = 0;
      if (panel.stacked) {
        from = v >= 0 ? up[j]! : down[j]!;
        if (v >= 0) up[j]! += v;
        else down[j]! += v;
      }
      const y0 = panel.stacked ? plot.yOf(from) : zero;
      const y1 = plot.yOf(from + v);
      ctx.fillStyle = lone && v < 0 ? NEGATIVE : color;
      const top = Math.min(y0, y1);
      ctx.fillRect(left + 0.5 * s, top, Math.max(1, w - 1 * s), Math.max(1, Math.abs(y1 - y0)));
    });
  });
  // the zero line over the bars' feet
  ctx.strokeStyle = AXIS;
  ctx.lineWidth = 1.5 * s;
  ctx.beginPath();
  ctx.moveTo(plot.x, Math.round(zero) + 0.5);
  ctx.lineTo(plot.x + plot.w, Math.round(zero) + 0.5);
  ctx.stroke();
}

// A line's points reach skia as one SVG path string rather than one lineTo call each (~0.3 µs a point, a
// quarter of drawing a chart). Skia reads decimal fractions inexactly, so each coordinate goes as the float32
// lineTo would make of it, times 2^15: an integer, or a short exact binary fraction, which it reads exactly
// (checked on 400,000 coordinates; only values within 0.001 px of zero, never inside a plot, came back 1 ulp off);
// scaling back by 2^-15 is exact too, so skia strokes the very points lineTo would have given it.
const FIXED = 2 ** 15;
/** A coordinate as written into a line's SVG path string. */
export const fixed = (v: number): number => Math.fround(v) * FIXED;
/** The transform that brings a path of `fixed` coordinates back to page pixels. */
export const UNFIXED = { a: 1 / FIXED, b: 0, c: 0, d: 1 / FIXED, e: 0, f: 0 };

// Most of a chart's raster is its lines: a 3 px stroke of 250 points takes ~0.5 ms, nearly all of it skia's
// antialiased fill of the stroked outline (the stroker itself 0.06–0.1 ms), where a 1 px one is a hairline skia
// draws in ~0.02 ms. So a line up to 5 px wide is painted as a brush of 1 px strokes, the path translated to
// each point of an octagon of radius r = (width − 1)/2 and a core (its centre, or for r > 1 a cross of radius
// r − 1, which closes the gap a hairline's 1 px cross-section along its major axis leaves at 45°): 9 or 12
// hairlines. Drawing a chart, pixels read (the bench's spec, 2026-12-04): 1000×560 1.89–2.00 → 1.58–1.67 ms,
// 1200×675 2.20–2.37 → 2.10–2.18 ms; the bench's renders 4.1–4.8 → 3.7–3.9 ms p50 without npm start's allocator
// settings (with them ~0.3 ms less, inside the noise). Across a line the ink stays within 0.89–1.11 of the
// stroke's and its inside solid (≥ 240 of 255 at any angle), joins come out rounder than bevels, and the
// reference charts moved by 3–93 pixels each (≤ 0.009 %, under pixelmatch's threshold 0.1).
// Only for opaque colours: where the hairlines overlap, a translucent one would darken.
// Not cheaper (2026-12-04): miter or round joins, the line cut into chunks of 10–125 points, or the outline
// simplified first (simplify() alone 3.8 ms); 16 hairlines (two octagons) are slower than the stroke.
const OCTAGON = Array.from({ length: 8 }, (_, k) => [Math.cos((k * Math.PI) / 4), Math.sin((k * Math.PI) / 4)] as const);
const CROSS = OCTAGON.filter((_, k) => k % 2 === 0);
const OPAQUE = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** Where the hairlines of a brush of radius `r` px are laid, as offsets from the path in px. */
function brushOffsets(r: number): (readonly [number, number])[] {
  const core = r > 1 ? CROSS.map(([x, y]) => [x * (r - 1), y * (r - 1)] as const) : [[0, 0] as const];
  return [...core, ...OCTAGON.map(([x, y]) => [x * r, y * r] as const)];
}

/** Strokes `path` (in page pixels, the context untransformed) at the context's line width, colour and dashes. */
export function strokeLine(ctx: SKRSContext2D, path: Path2D, color: string): void {
  const width = ctx.lineWidth;
  if (width <= 1.5 || width > 5 || !OPAQUE.test(color)) return ctx.stroke(path);
  const r = (width - 1) / 2;
  const dash = ctx.getLineDash();
  // every hairline's dash reaches r further along the line at each end than the union should
  if (dash.length) {
    ctx.setLineDash(dash.map((d, k) => (k % 2 ? d + 2 * r : Math.max(0.5, d - 2 * r))));
    ctx.lineDashOffset = -r;
  }
  ctx.lineWidth = 1;
  for (const [x, y] of brushOffsets(r)) {
    ctx.setTransform(1, 0, 0, 1, x, y);
    ctx.stroke(path);
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.lineWidth = width;
  ctx.setLineDash(dash);
  ctx.lineDashOffset = 0;
}

export function drawLines(ctx: SKRSContext2D, panel: ChartPanel, plot: Plot, s: number): void {
  ctx.lineJoin = 'bevel';
  ctx.lineCap = 'butt';
  // drawn in reverse, so the first series (the one the chart is about) lies on top
  for (let i = panel.series.length - 1; i >= 0; i--) {
    const l = panel.series[i]!;
    if ((l.kind ?? panel.kind) === 'bar') continue;
    const values = clean(l.values);
    const color = seriesColor(panel, i);
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = (i === 0 ? 3 : 2.5) * s;
    ctx.setLineDash(l.dashed ? [9 * s, 6 * s] : []);
    let d = '';
    let open = false;
    const lonely: [number, number][] = [];
    for (let j = 0; j < values.length; j++) {
      const v = values[j]!;
      const x = xAt(panel, plot, j);
      if (v === null || !Number.isFinite(x)) {
        open = false;
        continue;
      }
      const y = plot.yOf(v);
      d += `${open ? 'L' : 'M'}${fixed(x)} ${fixed(y)}`;
      if (!open) {
        open = true;
        if (values[j + 1] == null) lonely.push([x, y]);
      }
    }
    if (d) strokeLine(ctx, new Path2D(d).transform(UNFIXED), color);
    ctx.setLineDash([]);
    // a point with no neighbour would vanish without a dot
    for (const [x, y] of lonely) {
      ctx.beginPath();
      ctx.arc(x, y, 3.5 * s, 0, Math.PI * 2);
      ctx.fill();
    }
  }
}

