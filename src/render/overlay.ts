// What sits on and beside a panel's data: pale bands under it; reference lines, vertical markers and
// today's dot over it; and the labels of all of them in the gutter right of the plot, spread so none
// overlaps another and no line ever runs through one.
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { ChartPanel } from '../core/types.ts';
import { font, fit, measure } from './fonts.ts';
import { valueText } from './format.ts';
import type { Plot } from './geometry.ts';
import { isFiniteNumber } from './scale.ts';
import { BAND_ALPHA, INK, MUTED, SERIES_COLORS, TEXT, TYPE, toneColor, TONE_COLORS } from './theme.ts';

export interface GutterLabel {
  kind: 'tag' | 'ref' | 'band';
  text: string;
  /** y value it labels (a band: its middle). */
  value: number;
  color: string;
  /** The marked point, for tags. */
  at?: { x: number; y: number };
  /** A point before the last (today at spot, day 0): tagged beside itself, not in the gutter. */
  inside?: boolean;
}

// A band's tone picks its colour whatever language its label is in; an English tone word as label still does.
const bandColor = (b: { color?: string; label?: string; tone?: string }) => {
  const tone = b.tone ?? b.label;
  return b.color ?? (tone && TONE_COLORS[tone.toLowerCase()] ? toneColor(tone) : MUTED);
};
export const seriesColor = (panel: ChartPanel, i: number): string => panel.series[i]?.color ?? SERIES_COLORS[i % SERIES_COLORS.length]!;

/** Index of the last finite value, or -1. */
export function lastFinite(values: readonly (number | null)[]): number {
  for (let i = values.length - 1; i >= 0; i--) if (isFiniteNumber(values[i])) return i;
  return -1;
}

/** The gutter's labels of a panel, in the order they matter (today's tags first). */
export function gutterLabels(panel: ChartPanel): GutterLabel[] {
  const out: GutterLabel[] = [];
  (panel.series ?? []).forEach((l, i) => {
    if (!l.mark || (panel.stacked && (l.kind ?? panel.kind) === 'bar')) return;
    const idx = isFiniteNumber(l.markAt) && isFiniteNumber(l.values?.[l.markAt]) ? l.markAt : lastFinite(l.values ?? []);
    if (idx < 0) return;
    const v = l.values[idx]!;
    const x = panel.x ? panel.x[idx] : idx;
    if (!isFiniteNumber(x)) return;
    const inside = idx !== lastFinite(l.values ?? []);
    out.push({ kind: 'tag', text: l.mark === true ? valueText(v, panel.unit) : l.mark, value: v, color: seriesColor(panel, i), at: { x, y: v }, inside });
  });
  for (const r of panel.refLines ?? []) if (r.label && isFiniteNumber(r.y)) out.push({ kind: 'ref', text: r.label, value: r.y, color: r.color ?? MUTED });
  for (const b of panel.bands ?? []) {
    if (!b.label || !isFiniteNumber(b.from) || !isFiniteNumber(b.to)) continue;
    out.push({ kind: 'band', text: b.label, value: (b.from + b.to) / 2, color: bandColor(b) });
  }
  return out;
}

const fontOf = (l: GutterLabel, s: number) => (l.kind === 'tag' ? font(TYPE.tag * s, 'bold') : font(TYPE.label * s));
const padOf = (l: GutterLabel, s: number) => (l.kind === 'tag' ? 8 * s : l.kind === 'band' ? 10 * s : 0);
export const gutterLabelWidth = (ctx: SKRSContext2D, l: GutterLabel, s: number): number => measure(ctx, l.text, fontOf(l, s)) + 2 * padOf(l, s);

export function drawBands(ctx: SKRSContext2D, panel: ChartPanel, plot: Plot): void {
  const bottom = plot.y + plot.h;
  for (const band of panel.bands ?? []) {
    if (!isFiniteNumber(band.from) || !isFiniteNumber(band.to)) continue;
    const y1 = Math.max(plot.y, Math.min(bottom, plot.yOf(Math.max(band.from, band.to))));
    const y2 = Math.max(plot.y, Math.min(bottom, plot.yOf(Math.min(band.from, band.to))));
    if (y2 - y1 < 1) continue;
    ctx.globalAlpha = BAND_ALPHA;
    ctx.fillStyle = bandColor(band);
    ctx.fillRect(plot.x, y1, plot.w, y2 - y1);
    ctx.globalAlpha = 1;
  }
}

export function drawRefLines(ctx: SKRSContext2D, panel: ChartPanel, plot: Plot, s: number): void {
  ctx.lineWidth = 1.5 * s;
  ctx.setLineDash([6 * s, 5 * s]);
  for (const ref of panel.refLines ?? []) {
    if (!isFiniteNumber(ref.y)) continue;
    const y = Math.round(plot.yOf(ref.y)) + 0.5;
    if (y < plot.y - 0.5 || y > plot.y + plot.h + 0.5) continue;
    ctx.strokeStyle = ref.color ?? MUTED;
    ctx.beginPath();
    ctx.moveTo(plot.x, y);
    ctx.lineTo(plot.x + plot.w, y);
    ctx.stroke();
  }
  ctx.setLineDash([]);
}

/** Vertical markers, labelled in a strip at the top of the plot, each label on the side with room. */
export function drawVLines(ctx: SKRSContext2D, panel: ChartPanel, plot: Plot, s: number): void {
  const f = font(TYPE.label * s, '600');
  const taken: [number, number][] = [];
  for (const v of panel.vLines ?? []) {
    if (!isFiniteNumber(v.x)) continue;
    const x = Math.round(plot.xOf(v.x)) + 0.5;
    if (x < plot.x - 1 || x > plot.x + plot.w + 1) continue;
    ctx.strokeStyle = v.color ?? INK;
    ctx.lineWidth = 2 * s;
    ctx.beginPath();
    ctx.moveTo(x, plot.y);
    ctx.lineTo(x, plot.y + plot.h);
    ctx.stroke();
    if (!v.label) continue;
    const w = measure(ctx, v.label, f) + 10 * s;
    const h = TYPE.label * s * 1.3;
    let left = x + w + 4 * s <= plot.x + plot.w ? x + 4 * s : x - 4 * s - w;
    let top = plot.y + 4 * s;
    // A second marker's label drops below the first where they would overlap.
    while (taken.some(([a, b]) => left < b && left + w > a && top < plot.y + 4 * s + h)) top += h + 2 * s;
    if (taken.some(([a, b]) => left < b && left + w > a)) top = plot.y + 6 * s + h;
    left = Math.max(plot.x, left);
    taken.push([left, left + w]);
    ctx.fillStyle = 'rgba(255,255,255,0.9)';
    ctx.fillRect(left, top, w, h);
    ctx.fillStyle = v.color ?? INK;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    ctx.font = f;
    ctx.fillText(v.label, left + 5 * s, top + h / 2);
  }
}

/**
 * Gutter labels at their values' heights, pushed apart so none overlaps; today's tags with a dot on the
 * point and a leader from it when the tag had to move.
 */
export function drawGutter(ctx: SKRSContext2D, labels: readonly GutterLabel[], plot: Plot, gutterWidth: number, s: number): void {
  if (!labels.length) return;
  const gap = 3 * s;
  const top = plot.y - 6 * s;
  const bottom = plot.y + plot.h + 6 * s;
  // In the order they matter (today's tags first), each label takes the free spot nearest its value
  // within a label's height or two; one that finds none gives way.
  const placed: { l: GutterLabel; h: number; want: number; y: number }[] = [];
  for (const l of labels) {
    const h = (l.kind === 'tag' ? TYPE.tag * 1.45 : TYPE.label * 1.3) * s;
    // A point well inside the plot (today at spot, day 0) is tagged beside itself, not across the plot.
    if (l.inside) {
      drawInsideTag(ctx, l, plot, h, s);
      continue;
    }
    const want = plot.yOf(l.at ? l.at.y : l.value);
    if (!Number.isFinite(want) || want < plot.y - h || want > plot.y + plot.h + h) continue;
    const free = (y: number) =>
      y - h / 2 >= top && y + h / 2 <= bottom && placed.every((p) => Math.abs(p.y - y) >= (p.h + h) / 2 + gap);
    const reach = l.kind === 'tag' ? plot.h : 2 * h;
    let y: number | undefined;
    for (let d = 0; d <= reach && y === undefined; d += 2 * s) {
      if (free(want + d)) y = want + d;
      else if (free(want - d)) y = want - d;
    }
    if (y !== undefined) placed.push({ l, h, want, y });
  }
  const x0 = plot.x + plot.w + 10 * s;
  const maxW = gutterWidth - 12 * s;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  for (const { l, h, want, y } of placed) {
    const f = fontOf(l, s);
    const pad = padOf(l, s);
    const text = fit(ctx, l.text, f, maxW - 2 * pad);
    const w = measure(ctx, text, f) + 2 * pad;
    if (l.kind === 'tag') {
      const px = plot.xOf(l.at!.x);
      const py = want;
      if (Math.abs(y - py) > 1 || px < plot.x + plot.w - 1) {
        ctx.strokeStyle = l.color;
        ctx.lineWidth = 1.5 * s;
        ctx.beginPath();
        ctx.moveTo(px, py);
        ctx.lineTo(x0 - 2 * s, y);
        ctx.stroke();
      }
      ctx.fillStyle = l.color;
      ctx.beginPath();
      ctx.roundRect(x0, y - h / 2, w, h, 5 * s);
      ctx.fill();
      ctx.fillStyle = '#ffffff';
      ctx.font = f;
      ctx.fillText(text, x0 + pad, y + 0.5 * s);
      // the dot last, over the line it marks
      dot(ctx, px, py, l.color, s);
    } else if (l.kind === 'band') {
      ctx.fillStyle = l.color;
      ctx.fillRect(x0, y - h / 2 + 2 * s, 5 * s, h - 4 * s);
      ctx.fillStyle = TEXT;
      ctx.font = f;
      ctx.fillText(text, x0 + pad, y);
    } else {
      ctx.fillStyle = l.color === MUTED ? TEXT : l.color;
      ctx.font = f;
      ctx.fillText(text, x0, y);
    }
  }
}

function dot(ctx: SKRSContext2D, x: number, y: number, color: string, s: number): void {
  ctx.beginPath();
  ctx.arc(x, y, 6.5 * s, 0, Math.PI * 2);
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  ctx.beginPath();
  ctx.arc(x, y, 4.5 * s, 0, Math.PI * 2);
  ctx.fillStyle = color;
  ctx.fill();
}

function drawInsideTag(ctx: SKRSContext2D, l: GutterLabel, plot: Plot, h: number, s: number): void {
  const f = font(TYPE.tag * s, 'bold');
  const pad = 8 * s;
  const w = measure(ctx, l.text, f) + 2 * pad;
  const px = plot.xOf(l.at!.x);
  const py = plot.yOf(l.at!.y);
  const left = px + 12 * s + w <= plot.x + plot.w ? px + 12 * s : px - 12 * s - w;
  // on the emptier side: below a point in the upper half (clear of marker labels along the top), else above
  const cy = py < plot.y + plot.h / 2 ? py + h * 0.9 : py - h * 0.9;
  ctx.fillStyle = l.color;
  ctx.beginPath();
  ctx.roundRect(Math.max(plot.x, left), cy - h / 2, w, h, 5 * s);
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  ctx.font = f;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillText(l.text, Math.max(plot.x, left) + pad, cy + 0.5 * s);
  dot(ctx, px, py, l.color, s);
}

export function drawWatermark(ctx: SKRSContext2D, word: string, width: number, height: number): void {
  ctx.save();
  ctx.translate(width / 2, height / 2);
  ctx.rotate(-Math.atan2(height, width));
  let size = Math.min(width, height) * 0.32;
  const maxWidth = Math.hypot(width, height) * 0.6;
  const measured = measure(ctx, word, font(size, 'bold'));
  if (measured > maxWidth) size *= maxWidth / measured;
  ctx.font = font(size, 'bold');
  ctx.fillStyle = 'rgba(100, 116, 139, 0.12)';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(word, 0, 0);
  ctx.restore();
}
