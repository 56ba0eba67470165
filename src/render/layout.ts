// The page: title and subtitle on top, the as-of/source footer at the bottom, and between them the
// panels, either stacked (consecutive panels over the same x share its ticks, one plot width and one
// gutter, with the tick labels under the last of them) or as a grid of small multiples.
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { ChartPanel, ChartSpec } from '../core/types.ts';
import { font, fit, measure, wrap } from './fonts.ts';
import { tickLabels } from './format.ts';
import { hasBars, mergeDomains, xDomainOf, xMapping, type Plot, type Rect, type XDomain } from './geometry.ts';
import { drawBands, drawGutter, drawRefLines, drawVLines, drawWatermark, gutterLabels, gutterLabelWidth, type GutterLabel } from './overlay.ts';
import { drawBars, drawLegend, drawLines, drawXAxis, drawYAxis, legendItems, legendLineHeight, legendRows, type LegendItem } from './panel.ts';
import { categoryTicks, dateTicks, dayLabel, isDateAxis, niceTicks, widestMonthTick, yTicks, type Ticks, type XTick } from './scale.ts';
import type { Locale } from '../core/i18n/locale.ts';
import { GRID, INK, MUTED, NEGATIVE, TYPE } from './theme.ts';

const EMPTY: ChartPanel = { kind: 'line', labels: [], series: [] };

export function drawPage(ctx: SKRSContext2D, spec: ChartSpec, width: number, height: number): void {
  const s = Math.min(3, Math.max(0.5, width / 1000));
  const pad = Math.round(20 * s);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
  // A clear of the whole canvas lets skia drop the last chart's pixels instead of keeping them under the new
  // drawing: without it the first pixel read of each render touched 2.2 MB of fresh memory (~550 page faults
  // with `npm start`'s malloc settings, ~2.5 ms). The white fill then covers everything, so pixels are unchanged.
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);

  const top = drawHeader(ctx, spec, width, pad, s) + Math.round(8 * s);
  const bottom = drawFooter(ctx, spec.footer, width, height, pad, s) - Math.round(8 * s);
  const panels = (spec.panels ?? []).length ? spec.panels : [EMPTY];
  const area: Rect = { x: pad, y: top, w: width - 2 * pad, h: Math.max(60, bottom - top) };
  const columns = Math.max(1, Math.min(panels.length, Math.round(Number.isFinite(spec.columns) ? spec.columns! : 1)));
  if (columns === 1) drawStack(ctx, panels, area, s, width, spec.locale);
  else {
    const rows = Math.ceil(panels.length / columns);
    const gapX = Math.round(28 * s);
    const gapY = Math.round(22 * s);
    const cw = (area.w - gapX * (columns - 1)) / columns;
    const ch = (area.h - gapY * (rows - 1)) / rows;
    panels.forEach((p, i) => {
      const r = Math.floor(i / columns);
      const c = i % columns;
      drawStack(ctx, [p], { x: area.x + c * (cw + gapX), y: area.y + r * (ch + gapY), w: cw, h: ch }, s, width, spec.locale);
    });
  }
  if (spec.watermark) drawWatermark(ctx, spec.watermark, width, height);
}

function drawHeader(ctx: SKRSContext2D, spec: ChartSpec, width: number, pad: number, s: number): number {
  const word = spec.watermark?.trim();
  let right = width - pad;
  ctx.textBaseline = 'top';
  if (word && !(spec.title ?? '').includes(word)) {
    // The watermark word also sits in the title area, so a cropped chart still says what it is.
    const f = font(TYPE.subtitle * s, 'bold');
    const w = measure(ctx, word, f) + 18 * s;
    const h = TYPE.subtitle * s * 1.45;
    ctx.fillStyle = NEGATIVE;
    ctx.beginPath();
    ctx.roundRect(right - w, pad, w, h, 5 * s);
    ctx.fill();
    ctx.fillStyle = '#ffffff';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(word, right - w / 2, pad + h / 2);
    ctx.textBaseline = 'top';
    right -= w + 14 * s;
  }
  ctx.textAlign = 'left';
  ctx.fillStyle = INK;
  const tf = font(TYPE.title * s, 'bold');
  ctx.fillText(fit(ctx, spec.title ?? '', tf, right - pad), pad, pad);
  let bottom = pad + TYPE.title * s * 1.3;
  if (spec.subtitle) {
    const sf = font(TYPE.subtitle * s);
    ctx.fillStyle = MUTED;
    for (const line of wrap(ctx, spec.subtitle, sf, width - 2 * pad, 2)) {
      ctx.font = sf;
      ctx.fillText(line, pad, bottom);
      bottom += TYPE.subtitle * s * 1.3;
    }
  }
  return Math.round(bottom);
}

/** Draws the footer (wrapped to at most two lines) at the bottom and returns its top edge. */
function drawFooter(ctx: SKRSContext2D, footer: string | undefined, width: number, height: number, pad: number, s: number): number {
  const f = font(TYPE.footer * s);
  const lineHeight = Math.round(TYPE.footer * 1.3 * s);
  const lines = wrap(ctx, footer ?? '', f, width - 2 * pad, 2);
  if (!lines.length) return height - pad;
  const top = height - Math.round(pad * 0.7) - lines.length * lineHeight - Math.round(8 * s);
  ctx.strokeStyle = GRID;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(pad, top + 0.5);
  ctx.lineTo(width - pad, top + 0.5);
  ctx.stroke();
  ctx.fillStyle = MUTED;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.font = f;
  lines.forEach((line, i) => ctx.fillText(line, pad, top + Math.round(7 * s) + i * lineHeight));
  return top;
}

function sameX(a: ChartPanel, b: ChartPanel): boolean {
  const da = xDomainOf(a);
  const db = xDomainOf(b);
  if (da.numeric || db.numeric) return da.numeric && db.numeric;
  if (hasBars(a) !== hasBars(b)) return false;
  const la = a.labels ?? [];
  const lb = b.labels ?? [];
  return la === lb || (la.length === lb.length && la.length > 0 && la[0] === lb[0] && la.at(-1) === lb.at(-1));
}

interface Planned {
  panel: ChartPanel;
  region: Rect;
  titleH: number;
  legend: LegendItem[][];
  legendH: number;
  showX: boolean;
  xStripH: number;
  plotH: number;
  yt: Ticks;
  yTexts: string[];
  gutter: GutterLabel[];
  group: number;
}

/** Panels stacked in `rect`, sharing one plot width (aligned axes) and, where their x is the same, its ticks. */
function drawStack(ctx: SKRSContext2D, panels: readonly ChartPanel[], rect: Rect, s: number, pageWidth: number, locale?: Locale): void {
  const groups: number[] = [];
  panels.forEach((p, i) => groups.push(i > 0 && sameX(panels[i - 1]!, p) ? groups[i - 1]! : i));
  const gap = Math.round(16 * s);
  const weights = panels.map((p) => (Number.isFinite(p.weight) && p.weight! > 0 ? p.weight! : 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const available = rect.h - gap * (panels.length - 1);
  const legendWidth = rect.w - 100 * s;
  let y = rect.y;
  const plans: Planned[] = panels.map((panel, i) => {
    const h = Math.max(50, (available * weights[i]!) / totalWeight);
    const region = { x: rect.x, y, w: rect.w, h };
    y += h + gap;
    const titleH = panel.title ? Math.round(TYPE.cellTitle * 1.4 * s) : 0;
    const legend = legendRows(ctx, legendItems(panel), legendWidth, s);
    const legendH = legend.length * legendLineHeight(s) + (legend.length ? Math.round(4 * s) : 0);
    const showX = groups[i + 1] !== groups[i];
    const xStripH = showX ? Math.round(TYPE.tick * 1.5 * s + (panel.xLabel ? TYPE.label * 1.3 * s : 0)) : Math.round(4 * s);
    const plotH = Math.max(24 * s, h - titleH - legendH - xStripH - 8 * s);
    const yt = yTicks(panel, Math.max(1, Math.floor(plotH / (TYPE.tick * s * 1.7))));
    return { panel, region, titleH, legend, legendH, showX, xStripH, plotH, yt, yTexts: tickLabels(yt.values, panel.unit), gutter: gutterLabels(panel), group: groups[i]! };
  });

  const tickFont = font(TYPE.tick * s);
  const tickW = Math.max(0, ...plans.flatMap((p) => p.yTexts.map((t) => measure(ctx, t, tickFont))));
  const yLabelW = panels.some((p) => p.yLabel) ? TYPE.label * s * 1.5 : 0;
  const axisW = Math.round(tickW + 12 * s + yLabelW);
  const labelW = Math.max(0, ...plans.flatMap((p) => p.gutter.filter((g) => !g.inside).map((g) => gutterLabelWidth(ctx, g, s))));
  const gutterW = Math.round(Math.min(rect.w * 0.38, labelW ? labelW + 22 * s : 12 * s));
  const plotX = rect.x + axisW;
  const plotW = Math.max(40, rect.w - axisW - gutterW);

  const domains = new Map<number, XDomain>();
  for (const g of new Set(groups)) domains.set(g, mergeDomains(plans.filter((p) => p.group === g).map((p) => xDomainOf(p.panel))));
  const ticksOf = new Map<number, XTick[]>();
  for (const [g, d] of domains) ticksOf.set(g, xTicks(ctx, plans.find((p) => p.group === g)!.panel, d, plotW, s, locale));

  for (const p of plans) {
    const { region } = p;
    const d = domains.get(p.group)!;
    const map = xMapping(d, plotX, plotW);
    const plotY = region.y + p.titleH + p.legendH + 4 * s;
    const { min, max } = p.yt;
    const span = max - min || 1;
    const plot: Plot = {
      x: plotX,
      y: plotY,
      w: plotW,
      h: p.plotH,
      numeric: d.numeric,
      slot: map.slot,
      xOf: map.xOf,
      yOf: (v) => plotY + p.plotH - ((v - min) / span) * p.plotH,
      yt: p.yt,
      xTicks: ticksOf.get(p.group)!,
    };
    if (p.panel.title) {
      ctx.fillStyle = INK;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      const f = font(TYPE.cellTitle * s, 'bold');
      ctx.font = f;
      ctx.fillText(fit(ctx, p.panel.title, f, region.w), region.x, region.y);
    }
    drawLegend(ctx, p.legend, Math.min(plotX, region.x + region.w - legendWidth), region.y + p.titleH, legendWidth, s);
    drawBands(ctx, p.panel, plot);
    drawYAxis(ctx, plot, p.yTexts, p.panel.yLabel, region.x, s);
    drawXAxis(ctx, plot, p.showX, p.panel.xLabel, s, pageWidth);
    ctx.save();
    ctx.beginPath();
    ctx.rect(plot.x - 8 * s, plot.y - 2 * s, plot.w + 16 * s, plot.h + 4 * s);
    ctx.clip();
    drawBars(ctx, p.panel, plot, s);
    drawRefLines(ctx, p.panel, plot, s);
    drawLines(ctx, p.panel, plot, s);
    drawVLines(ctx, p.panel, plot, s);
    ctx.restore();
    drawGutter(ctx, p.gutter, plot, gutterW, s);
  }
}

function xTicks(ctx: SKRSContext2D, panel: ChartPanel, d: XDomain, plotW: number, s: number, locale?: Locale): XTick[] {
  const tickFont = font(TYPE.tick * s);
  const labels = panel.labels ?? [];
  if (d.numeric) {
    const t = niceTicks(d.min, d.max, Math.max(2, Math.floor(plotW / (120 * s))));
    const values = t.values.filter((v) => v >= d.min - 1e-9 && v <= d.max + 1e-9);
    const texts = tickLabels(values, panel.xUnit);
    return values.map((v, i) => ({ at: v, text: texts[i]! }));
  }
  if (!d.offset && isDateAxis(labels)) {
    const last = dayLabel(labels.at(-1)!, locale);
    return dateTicks(labels, plotW, measure(ctx, widestMonthTick(locale), tickFont) + 28 * s, measure(ctx, last, font(TYPE.tick * s, 'bold')), locale);
  }
  const slot = d.offset ? plotW / Math.max(1, d.count) : plotW / Math.max(1, d.count - 1);
  return categoryTicks(labels, (t) => measure(ctx, t, tickFont), slot);
}
