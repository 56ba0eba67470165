// ChartSpec → PNG: chart.js draws each panel on an @napi-rs/canvas (prebuilt, no native build),
// the panels are stacked on one white page with a title, a footer and an optional watermark.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Canvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  type ChartConfiguration,
  type ChartDataset,
  type ChartItem,
  type LegendItem,
  type Plugin,
  type Scale,
} from 'chart.js';
import type { ChartLine, ChartPanel, ChartSpec } from '../core/types.ts';
import { tickLabels } from './format.ts';
import { encodePng } from './png.ts';

Chart.register(LineController, BarController, LineElement, BarElement, PointElement, CategoryScale, LinearScale, Legend);

// The font ships in node_modules (npm `pretendard`), so Hangul renders with no system fonts installed.
export const FONT_FAMILY = 'Pretendard';
const fontDir = dirname(createRequire(import.meta.url).resolve('pretendard/dist/public/static/Pretendard-Regular.otf'));
for (const weight of ['Regular', 'SemiBold', 'Bold']) {
  GlobalFonts.registerFromPath(join(fontDir, `Pretendard-${weight}.otf`), FONT_FAMILY);
}
Chart.defaults.font.family = FONT_FAMILY;
Chart.defaults.color = '#334155';

export const DEFAULT_WIDTH = 1200;
export const DEFAULT_HEIGHT = 675;
/** Line and bar colours in the order series take them when they name none. */
export const PALETTE = ['#1d4ed8', '#e4572e', '#2a9d8f', '#7c3aed', '#d97706', '#475569', '#db2777', '#65a30d'];
/** Regime colours; a band labelled calm/elevated/high/extreme takes its colour from here by default. */
export const TONE_COLORS: Record<string, string> = {
  calm: '#2a9d8f',
  elevated: '#e9c46a',
  high: '#f77f00',
  extreme: '#d62828',
  /** No data: neutral grey, never a regime colour. */
  missing: '#94a3b8',
};
const INK = '#0f172a';
const MUTED = '#64748b';
const GRID = '#e5e7eb';
const NEGATIVE = '#d62828';
const BAND_ALPHA = 0.16;

let queue: Promise<unknown> = Promise.resolve();

/** PNG bytes of the chart. Renders run one after another: they share canvases, and memory stays flat. */
export function renderChart(spec: ChartSpec): Promise<Buffer> {
  const run = queue.then(() => {
    const canvas = drawChart(spec);
    // The page is opaque (white first), so skia's premultiplied pixels equal straight RGBA.
    return encodePng(canvas.data(), canvas.width, canvas.height);
  });
  queue = run.catch(() => undefined);
  return run;
}

// A few canvases reused across renders; a new size evicts the oldest.
const canvases = new Map<string, Canvas>();
function canvasFor(role: string, width: number, height: number): Canvas {
  const key = `${role}:${width}x${height}`;
  let canvas = canvases.get(key);
  if (!canvas) {
    if (canvases.size >= 12) canvases.delete(canvases.keys().next().value!);
    canvas = new Canvas(width, height);
    canvases.set(key, canvas);
  }
  return canvas;
}

const clampInt = (v: number | undefined, fallback: number, min: number, max: number): number =>
  Math.round(Math.min(max, Math.max(min, Number.isFinite(v) ? v! : fallback)));

/** Draws the whole page synchronously and returns the (shared) canvas holding it. */
export function drawChart(spec: ChartSpec): Canvas {
  const width = clampInt(spec.width, DEFAULT_WIDTH, 320, 4000);
  const height = clampInt(spec.height, DEFAULT_HEIGHT, 240, 4000);
  const s = Math.min(2, Math.max(0.8, width / DEFAULT_WIDTH)); // type scale
  const pad = Math.round(18 * s);
  const canvas = canvasFor('page', width, height);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.globalAlpha = 1;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);

  const headerBottom = drawHeader(ctx, spec, width, pad, s);
  const footerTop = drawFooter(ctx, spec.footer, width, height, pad, s);

  const panels = spec.panels.length ? spec.panels : [{ kind: 'line', labels: [], series: [] } as ChartPanel];
  const gap = Math.round(8 * s);
  const top = headerBottom + Math.round(4 * s);
  const available = Math.max(panels.length * 60, footerTop - top - gap * (panels.length - 1));
  const weights = panels.map((p) => (Number.isFinite(p.weight) && p.weight! > 0 ? p.weight! : 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const anyRight = panels.some((p) => p.series.some((l) => l.axis === 'right'));
  const anyYLabel = panels.some((p) => p.yLabel);
  // Fixed axis widths so every panel's plot area starts and ends at the same x.
  const axisWidth = Math.round((anyYLabel ? 84 : 66) * s);
  const rightWidth = anyRight ? Math.round((panels.some((p) => p.rightLabel) ? 84 : 66) * s) : 0;
  let y = top;
  panels.forEach((panel, i) => {
    const h = Math.max(60, Math.round((available * weights[i]!) / totalWeight));
    const next = panels[i + 1];
    const sharesX = next !== undefined && sameLabels(panel.labels, next.labels);
    const panelCanvas = canvasFor('panel', width, h);
    const chart = new Chart(
      panelCanvas as ChartItem,
      panelConfig(panel, { s, pad, axisWidth, rightWidth, showX: !sharesX, plotWidth: width - axisWidth - rightWidth - 2 * pad }),
    );
    try {
      ctx.drawImage(panelCanvas, 0, y);
    } finally {
      chart.destroy();
    }
    y += h + gap;
  });

  if (spec.watermark) drawWatermark(ctx, spec.watermark, width, height);
  return canvas;
}

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.length > 0 && a[0] === b[0] && a.at(-1) === b.at(-1));
}

function drawHeader(ctx: SKRSContext2D, spec: ChartSpec, width: number, pad: number, s: number): number {
  const word = spec.watermark?.trim();
  let right = width - pad;
  ctx.textBaseline = 'top';
  if (word && !spec.title.includes(word)) {
    // The watermark word also sits in the title area, so a cropped chart still says what it is.
    ctx.font = `bold ${Math.round(14 * s)}px ${FONT_FAMILY}`;
    const w = ctx.measureText(word).width + 16 * s;
    const h = 24 * s;
    ctx.fillStyle = NEGATIVE;
    ctx.beginPath();
    ctx.roundRect(right - w, pad, w, h, 4 * s);
    ctx.fill();
    ctx.fillStyle = '#ffffff';
    ctx.textAlign = 'center';
    ctx.fillText(word, right - w / 2, pad + 5 * s);
    right -= w + 12 * s;
  }
  ctx.textAlign = 'left';
  ctx.fillStyle = INK;
  ctx.font = `bold ${Math.round(22 * s)}px ${FONT_FAMILY}`;
  ctx.fillText(fit(ctx, spec.title, right - pad), pad, pad);
  let bottom = pad + 28 * s;
  if (spec.subtitle) {
    ctx.fillStyle = MUTED;
    ctx.font = `${Math.round(14 * s)}px ${FONT_FAMILY}`;
    ctx.fillText(fit(ctx, spec.subtitle, width - 2 * pad), pad, bottom);
    bottom += 20 * s;
  }
  return Math.round(bottom);
}

/** Draws the footer (wrapped to at most two lines) at the bottom and returns its top edge. */
function drawFooter(ctx: SKRSContext2D, footer: string, width: number, height: number, pad: number, s: number): number {
  const size = Math.round(12 * s);
  const lineHeight = Math.round(16 * s);
  ctx.font = `${size}px ${FONT_FAMILY}`;
  const lines = wrap(ctx, footer ?? '', width - 2 * pad, 2);
  const top = height - Math.round(pad * 0.6) - lines.length * lineHeight - Math.round(8 * s);
  if (!lines.length) return height - pad;
  ctx.strokeStyle = GRID;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(pad, top + 0.5);
  ctx.lineTo(width - pad, top + 0.5);
  ctx.stroke();
  ctx.fillStyle = MUTED;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  lines.forEach((line, i) => ctx.fillText(line, pad, top + Math.round(6 * s) + i * lineHeight));
  return top;
}

function fit(ctx: SKRSContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

function wrap(ctx: SKRSContext2D, text: string, maxWidth: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(candidate).width > maxWidth) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  return [...lines.slice(0, maxLines - 1), fit(ctx, lines.slice(maxLines - 1).join(' '), maxWidth)];
}

function drawWatermark(ctx: SKRSContext2D, word: string, width: number, height: number): void {
  ctx.save();
  ctx.translate(width / 2, height / 2);
  ctx.rotate(-Math.atan2(height, width));
  let size = Math.min(width, height) * 0.32;
  ctx.font = `bold ${Math.round(size)}px ${FONT_FAMILY}`;
  const maxWidth = Math.hypot(width, height) * 0.6;
  const measured = ctx.measureText(word).width;
  if (measured > maxWidth) {
    size *= maxWidth / measured;
    ctx.font = `bold ${Math.round(size)}px ${FONT_FAMILY}`;
  }
  ctx.fillStyle = 'rgba(100, 116, 139, 0.13)';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(word, 0, 0);
  ctx.restore();
}

interface PanelLayout {
  s: number;
  pad: number;
  axisWidth: number;
  rightWidth: number;
  showX: boolean;
  plotWidth: number;
}

/** Non-finite values (NaN, ±Infinity, undefined holes) become gaps. */
const clean = (values: readonly (number | null | undefined)[]): (number | null)[] =>
  Array.from(values, (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null));

function panelConfig(panel: ChartPanel, layout: PanelLayout): ChartConfiguration {
  const { s } = layout;
  const series = panel.series ?? [];
  const data = series.map((l) => clean(l.values ?? []));
  const length = Math.max(panel.labels?.length ?? 0, ...data.map((d) => d.length));
  const labels = Array.from({ length }, (_, i) => panel.labels?.[i] ?? '');
  const isBar = (l: ChartLine): boolean => (l.kind ?? panel.kind) === 'bar';
  const barCount = series.filter(isBar).length;
  const hasRight = series.some((l) => l.axis === 'right');
  const tickFont = { size: Math.round(12 * s) };
  const fewCategories = panel.kind === 'bar' && length <= 24;

  const datasets = series.map((line, i): ChartDataset => {
    const color = line.color ?? PALETTE[i % PALETTE.length]!;
    const values = data[i]!;
    const common = { label: line.name, data: values, yAxisID: line.axis === 'right' ? 'y2' : 'y' };
    if (isBar(line)) {
      // One bar series with no colour of its own: red below zero, so outflows read at a glance.
      const fill = !line.color && barCount === 1 ? values.map((v) => (v !== null && v < 0 ? NEGATIVE : color)) : color;
      return { ...common, type: 'bar', backgroundColor: fill, borderWidth: 0, order: 2, maxBarThickness: 48 * s };
    }
    return {
      ...common,
      type: 'line',
      borderColor: color,
      backgroundColor: color,
      borderWidth: 2 * s,
      borderDash: line.dashed ? [7 * s, 5 * s] : [],
      pointRadius: pointRadii(values, length),
      pointHoverRadius: 0,
      tension: 0,
      order: 1,
    };
  });

  const refs = (panel.refLines ?? []).filter((r) => Number.isFinite(r.y));
  const refYs = refs.map((r) => r.y);
  const yTicks = (unit: string | undefined) => ({
    font: tickFont,
    color: '#475569',
    maxTicksLimit: 8,
    callback: (_v: unknown, index: number, ticks: { value: number }[]) => tickLabels(ticks.map((t) => t.value), unit)[index],
  });
  const axisTitle = (text: string | undefined) => ({
    display: Boolean(text),
    text: text ?? '',
    font: { size: Math.round(12 * s) },
    color: MUTED,
  });
  const fixWidth = (w: number) => (scale: Scale) => {
    scale.width = w;
  };

  return {
    type: panel.kind === 'bar' ? 'bar' : 'line',
    data: { labels, datasets },
    options: {
      animation: false,
      responsive: false,
      devicePixelRatio: 1,
      events: [],
      normalized: true,
      layout: {
        padding: { left: layout.pad, right: layout.pad + (hasRight ? 0 : layout.rightWidth), top: 2 * s, bottom: 0 },
      },
      scales: {
        x: {
          type: 'category',
          offset: barCount > 0,
          grid: { display: false },
          border: { color: '#cbd5e1' },
          ticks: {
            display: layout.showX,
            font: tickFont,
            color: '#475569',
            autoSkip: !fewCategories,
            sampleSize: 32, // 32 date labels size the axis as well as measuring hundreds
            autoSkipPadding: 24 * s,
            maxRotation: fewCategories ? 30 : 0,
            maxTicksLimit: Math.max(3, Math.floor(layout.plotWidth / (110 * s))),
          },
        },
        y: {
          type: 'linear',
          position: 'left',
          min: Number.isFinite(panel.yMin) ? panel.yMin : undefined,
          max: Number.isFinite(panel.yMax) ? panel.yMax : undefined,
          // Reference lines stay in view even when the data never reaches them.
          suggestedMin: refYs.length ? Math.min(...refYs) : undefined,
          suggestedMax: refYs.length ? Math.max(...refYs) : undefined,
          beginAtZero: barCount > 0,
          grid: { color: (c: { tick?: { value: number } }) => (c.tick?.value === 0 ? '#94a3b8' : GRID) },
          border: { display: false },
          ticks: yTicks(panel.unit),
          title: axisTitle(panel.yLabel),
          afterFit: fixWidth(layout.axisWidth),
        },
        ...(hasRight
          ? {
              y2: {
                type: 'linear',
                position: 'right',
                grid: { drawOnChartArea: false },
                border: { display: false },
                ticks: yTicks(panel.rightUnit),
                title: axisTitle(panel.rightLabel),
                afterFit: fixWidth(layout.rightWidth),
              },
            }
          : {}),
      },
      plugins: {
        legend: {
          display: series.some((l) => l.name),
          position: 'top',
          align: 'start',
          labels: {
            font: { size: Math.round(12 * s) },
            color: INK,
            usePointStyle: true,
            boxWidth: 22 * s,
            boxHeight: 8 * s,
            padding: 12 * s,
            filter: (item: LegendItem) => Boolean(item.text),
            // Lines show as a (dashed) stroke in the legend, bars as a swatch.
            generateLabels: (chart: Chart) =>
              Chart.defaults.plugins.legend.labels.generateLabels(chart).map((item) => ({
                ...item,
                pointStyle: chart.data.datasets[item.datasetIndex ?? 0]?.type === 'bar' ? 'rect' : 'line',
                fillStyle: typeof item.fillStyle === 'string' ? item.fillStyle : PALETTE[0],
                lineWidth: chart.data.datasets[item.datasetIndex ?? 0]?.type === 'bar' ? 0 : 2.5 * s,
              })),
          },
        },
      },
    },
    plugins: [overlay(panel, s)],
  } as ChartConfiguration;
}

/** No markers on long lines, but a point with no neighbour would vanish without one. */
function pointRadii(values: readonly (number | null)[], length: number): number | number[] {
  if (length <= 40) return 2.5;
  const lonely = values.map((v, i) => (v !== null && values[i - 1] == null && values[i + 1] == null ? 2.5 : 0));
  return lonely.some((r) => r > 0) ? lonely : 0;
}

/** Bands under the data, reference lines over it, each with its label on a light backing. */
function overlay(panel: ChartPanel, s: number): Plugin {
  const label = (ctx: Chart['ctx'], text: string, x: number, y: number, align: 'left' | 'right') => {
    ctx.font = `${Math.round(11 * s)}px ${FONT_FAMILY}`;
    const w = ctx.measureText(text).width;
    const h = 14 * s;
    const left = align === 'left' ? x : x - w;
    ctx.fillStyle = 'rgba(255,255,255,0.75)';
    ctx.fillRect(left - 3 * s, y - h / 2, w + 6 * s, h);
    ctx.fillStyle = '#334155';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, left, y);
  };
  return {
    id: 'stressbotOverlay',
    beforeDatasetsDraw(chart) {
      const { ctx, chartArea: area } = chart;
      const scale = chart.scales.y;
      if (!scale || !panel.bands?.length) return;
      ctx.save();
      for (const band of panel.bands) {
        if (!Number.isFinite(band.from) || !Number.isFinite(band.to)) continue;
        const y1 = Math.max(area.top, Math.min(area.bottom, scale.getPixelForValue(Math.max(band.from, band.to))));
        const y2 = Math.max(area.top, Math.min(area.bottom, scale.getPixelForValue(Math.min(band.from, band.to))));
        if (y2 - y1 < 1) continue;
        ctx.globalAlpha = BAND_ALPHA;
        ctx.fillStyle = band.color ?? TONE_COLORS[band.tone ?? band.label?.toLowerCase() ?? ''] ?? MUTED;
        ctx.fillRect(area.left, y1, area.right - area.left, y2 - y1);
        ctx.globalAlpha = 1;
        // Labels sit at the band's top-left, clear of a median line through its middle.
        if (band.label && y2 - y1 >= 12 * s) {
          label(ctx, band.label, area.left + 6 * s, y2 - y1 >= 24 * s ? y1 + 10 * s : (y1 + y2) / 2, 'left');
        }
      }
      ctx.restore();
    },
    afterDatasetsDraw(chart) {
      const { ctx, chartArea: area } = chart;
      const scale = chart.scales.y;
      if (!scale || !panel.refLines?.length) return;
      ctx.save();
      for (const ref of panel.refLines) {
        if (!Number.isFinite(ref.y)) continue;
        const y = Math.round(scale.getPixelForValue(ref.y)) + 0.5;
        if (y < area.top || y > area.bottom) continue;
        ctx.strokeStyle = ref.color ?? MUTED;
        ctx.lineWidth = 1.25 * s;
        ctx.setLineDash([5 * s, 4 * s]);
        ctx.beginPath();
        ctx.moveTo(area.left, y);
        ctx.lineTo(area.right, y);
        ctx.stroke();
        ctx.setLineDash([]);
        if (ref.label) label(ctx, ref.label, area.right - 4 * s, y - 9 * s < area.top + 6 * s ? y + 9 * s : y - 9 * s, 'right');
      }
      ctx.restore();
    },
  };
}
