// Page geometry shared by layout, drawing and overlay: rectangles, and the x/y mappings of a panel's plot.
import type { ChartPanel } from '../core/types.ts';
import type { Ticks, XTick } from './scale.ts';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Where a panel's values land on the page. */
export interface Plot extends Rect {
  /** Page x of label index i (category axes) or of numeric x (numeric axes). */
  xOf(at: number): number;
  yOf(v: number): number;
  /** Width available to one category or one numeric step (bars). */
  slot: number;
  numeric: boolean;
  y: number;
  yt: Ticks;
  xTicks: XTick[];
}

export interface XDomain {
  numeric: boolean;
  /** Category count, or the numeric [min, max] (padded half a step for bars). */
  count: number;
  min: number;
  max: number;
  /** Smallest gap between numeric x values (bars' width). */
  step: number;
  /** Categories sit in the middle of slots (bars) rather than on the edges (lines: last session on the right edge). */
  offset: boolean;
}

export const hasBars = (p: ChartPanel): boolean => (p.series ?? []).some((l) => (l.kind ?? p.kind) === 'bar');

export function xDomainOf(panel: ChartPanel): XDomain {
  const bars = hasBars(panel);
  const xs = (panel.x ?? []).filter((v) => Number.isFinite(v));
  if (xs.length > 0) {
    const sorted = [...xs].sort((a, b) => a - b);
    let step = Infinity;
    for (let i = 1; i < sorted.length; i++) if (sorted[i]! > sorted[i - 1]!) step = Math.min(step, sorted[i]! - sorted[i - 1]!);
    if (!Number.isFinite(step)) step = Math.abs(sorted[0]!) * 0.02 || 1;
    const pad = bars ? step / 2 : 0;
    return { numeric: true, count: xs.length, min: sorted[0]! - pad, max: sorted.at(-1)! + pad, step, offset: false };
  }
  const count = Math.max(panel.labels?.length ?? 0, ...(panel.series ?? []).map((l) => l.values?.length ?? 0));
  return { numeric: false, count, min: 0, max: Math.max(0, count - 1), step: 1, offset: bars };
}

/** One x domain for panels sharing an axis: numeric ranges merge, categories are the same. */
export function mergeDomains(ds: readonly XDomain[]): XDomain {
  if (!ds[0]!.numeric) return ds.find((d) => d.offset) ?? ds[0]!;
  return {
    numeric: true,
    count: Math.max(...ds.map((d) => d.count)),
    min: Math.min(...ds.map((d) => d.min)),
    max: Math.max(...ds.map((d) => d.max)),
    step: Math.min(...ds.map((d) => d.step)),
    offset: false,
  };
}

export function xMapping(d: XDomain, left: number, width: number): { xOf: (at: number) => number; slot: number } {
  if (d.numeric) {
    const span = d.max - d.min || 1;
    return { xOf: (v) => left + ((v - d.min) / span) * width, slot: (d.step / span) * width };
  }
  if (d.offset || d.count <= 1) {
    const slot = width / Math.max(1, d.count);
    return { xOf: (i) => left + (i + 0.5) * slot, slot };
  }
  const slot = width / (d.count - 1);
  return { xOf: (i) => left + i * slot, slot };
}
