// Axis arithmetic: nice y ticks, the y domain a panel needs, and x ticks for dates, numbers and categories.
import type { ChartPanel } from '../core/types.ts';
import type { Locale } from '../core/i18n/locale.ts';

export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Non-finite values (NaN, ±Infinity, undefined holes) become gaps. */
export const clean = (values: readonly (number | null | undefined)[] | undefined): (number | null)[] =>
  Array.from(values ?? [], (v) => (isFiniteNumber(v) ? v : null));

export interface Ticks {
  min: number;
  max: number;
  values: number[];
}

/** Ticks at 1, 2, 2.5 or 5 × 10^k covering [lo, hi] with at most `maxCount` intervals (Heckbert's "nice numbers"). */
export function niceTicks(lo: number, hi: number, maxCount: number): Ticks {
  if (!(hi > lo)) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.05;
    lo -= pad;
    hi += pad;
  }
  const count = Math.max(1, maxCount);
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const min = Math.floor(lo / step + 1e-9) * step;
  const max = Math.ceil(hi / step - 1e-9) * step;
  const values: number[] = [];
  for (let v = min; v <= max + step * 1e-6; v += step) values.push(Math.abs(v) < step * 1e-9 ? 0 : +v.toPrecision(12));
  return { min, max, values };
}

/** The values a panel's y axis must show: data (stacked bars summed), zero for bars, reference lines, and its bands when asked. */
export function yExtent(panel: ChartPanel): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  const take = (v: number | null | undefined) => {
    if (isFiniteNumber(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  };
  const series = panel.series ?? [];
  const bars = series.filter((l) => (l.kind ?? panel.kind) === 'bar');
  const lines = series.filter((l) => (l.kind ?? panel.kind) !== 'bar');
  for (const l of lines) for (const v of l.values ?? []) take(v);
  if (panel.stacked && bars.length) {
    const n = Math.max(...bars.map((b) => b.values?.length ?? 0));
    for (let i = 0; i < n; i++) {
      let up = 0;
      let down = 0;
      for (const b of bars) {
        const v = b.values?.[i];
        if (isFiniteNumber(v)) v >= 0 ? (up += v) : (down += v);
      }
      take(up);
      take(down);
    }
  } else for (const b of bars) for (const v of b.values ?? []) take(v);
  if (bars.length) take(0);
  for (const r of panel.refLines ?? []) take(r.y);
  if (!Number.isFinite(lo)) return null;
  return [lo, hi];
}

/** The y ticks of a panel: its fixed yMin/yMax where set, else the data's extent with a little air, rounded to nice steps. */
export function yTicks(panel: ChartPanel, maxCount: number): Ticks {
  const ext = yExtent(panel) ?? [0, 1];
  const fixedMin = isFiniteNumber(panel.yMin);
  const fixedMax = isFiniteNumber(panel.yMax);
  let lo = fixedMin ? panel.yMin! : ext[0];
  let hi = fixedMax ? panel.yMax! : ext[1];
  if (hi < lo) [lo, hi] = [hi, lo];
  const air = (hi - lo) * 0.06;
  const hasBars = (panel.series ?? []).some((l) => (l.kind ?? panel.kind) === 'bar');
  // Bars start at zero: no air below a zero baseline.
  // Air around the data, but never across zero: non-negative data keeps a zero floor.
  if (!fixedMin && !(hasBars && lo === 0)) lo = lo >= 0 ? Math.max(0, lo - air) : lo - air;
  if (!fixedMax && !(hasBars && hi === 0)) hi = hi <= 0 ? Math.min(0, hi + air) : hi + air;
  // Outward rounding can add intervals: ask for fewer until the ticks fit the room.
  let t = niceTicks(lo, hi, maxCount);
  for (let c = maxCount - 1; c >= 1 && t.values.length - 1 > Math.max(1, maxCount); c--) t = niceTicks(lo, hi, c);
  const min = fixedMin ? panel.yMin! : t.min;
  const max = fixedMax ? panel.yMax! : t.max;
  return { min, max, values: t.values.filter((v) => v >= min - 1e-9 && v <= max + 1e-9) };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isDateAxis = (labels: readonly string[]): boolean => labels.length > 1 && DATE.test(labels[0]!) && DATE.test(labels.at(-1)!);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthOf = (d: string) => Number(d.slice(5, 7)) - 1;

/** How a date axis reads in a language: month ticks, a month with its year, the last session in full. */
interface DateWords {
  month(d: string): string;
  monthYear(d: string): string;
  day(d: string): string;
  /** The widest month tick, for spacing. */
  widest: string;
}
const DATE_WORDS: Record<Locale, DateWords> = {
  en: {
    month: (d) => MONTHS[monthOf(d)]!,
    monthYear: (d) => `${MONTHS[monthOf(d)]} ${d.slice(0, 4)}`,
    day: (d) => `${Number(d.slice(8, 10))} ${MONTHS[monthOf(d)]} ${d.slice(0, 4)}`,
    widest: 'Sep 2024',
  },
  // A Korean desk's axis: 3월 · 2026년 1월 · 11월 20일 (the year is on the ticks and in the title).
  ko: {
    month: (d) => `${monthOf(d) + 1}월`,
    monthYear: (d) => `${d.slice(0, 4)}년 ${monthOf(d) + 1}월`,
    day: (d) => `${monthOf(d) + 1}월 ${Number(d.slice(8, 10))}일`,
    widest: '2024년 12월',
  },
};

/** "5 Aug 2024" / "8월 5일": the last session, spelled out. */
export const dayLabel = (d: string, locale: Locale = 'en'): string => DATE_WORDS[locale].day(d);
/** The widest month tick of a language, for spacing ticks. */
export const widestMonthTick = (locale: Locale = 'en'): string => DATE_WORDS[locale].widest;

export interface XTick {
  /** Index into the labels, or a numeric x. */
  at: number;
  text: string;
  /** The last session: drawn bold. */
  strong?: boolean;
}

/**
 * Date ticks at the first session of a month (every k months so labels keep `minGapPx` apart), the year
 * shown at each January and on the first tick, and always the last session itself, in full.
 */
export function dateTicks(labels: readonly string[], plotWidthPx: number, minGapPx: number, lastLabelPx: number, locale: Locale = 'en'): XTick[] {
  const w = DATE_WORDS[locale];
  const n = labels.length;
  const px = (i: number) => (n <= 1 ? 0 : (i / (n - 1)) * plotWidthPx);
  const starts: number[] = [];
  for (let i = 1; i < n; i++) if (labels[i]!.slice(0, 7) !== labels[i - 1]!.slice(0, 7)) starts.push(i);
  const months = Math.max(1, starts.length);
  let every = 1;
  for (const k of [1, 2, 3, 6, 12, 24]) {
    every = k;
    if ((plotWidthPx / months) * k >= minGapPx) break;
  }
  const picked = starts.filter((i) => monthOf(labels[i]!) % every === 0);
  const last = n - 1;
  const ticks: XTick[] = [];
  let prevYear = '';
  for (const i of picked) {
    // Clear of the last session's label, which is centred on the right edge of the plot.
    if (px(last) - px(i) < lastLabelPx / 2 + minGapPx / 2) continue;
    const d = labels[i]!;
    const year = d.slice(0, 4);
    ticks.push({ at: i, text: year !== prevYear && (ticks.length === 0 || monthOf(d) === 0) ? w.monthYear(d) : w.month(d) });
    prevYear = year;
  }
  ticks.push({ at: last, text: w.day(labels[last]!), strong: true });
  return ticks;
}

/** Category ticks: every label when they fit, else every k-th, always the last. */
export function categoryTicks(labels: readonly string[], widthOf: (s: string) => number, slotPx: number): XTick[] {
  const widest = Math.max(0, ...labels.map(widthOf));
  const every = Math.max(1, Math.ceil((widest + 12) / Math.max(1, slotPx)));
  const ticks: XTick[] = [];
  for (let i = labels.length - 1; i >= 0; i -= every) ticks.unshift({ at: i, text: labels[i]! });
  return ticks;
}
