// Cutting and aligning dated series. Dates are YYYY-MM-DD strings, so string order is time order.
import type { Point, Series } from '../core/types.ts';

/** How many of `n` sorted dates (`dateAt(i)`) are on or before `asof` (all when asof is undefined): binary search. */
function countOnOrBefore(n: number, dateAt: (i: number) => string, asof?: string): number {
  if (!asof || (n > 0 && dateAt(n - 1) <= asof)) return n;
  let hi = n;
  let lo = 0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (dateAt(mid) <= asof) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many of `points` are dated on or before `asof` (all when asof is undefined), without a copy. */
export const countUpTo = (points: readonly { date: string }[], asof?: string): number => countOnOrBefore(points.length, (i) => points[i]!.date, asof);

/** How many of sorted `dates` are on or before `asof` (all when asof is undefined). */
export const countDatesUpTo = (dates: readonly string[], asof?: string): number => countOnOrBefore(dates.length, (i) => dates[i]!, asof);

/** How many of `points` are dated strictly before `date`. */
export function countBefore(points: readonly { date: string }[], date: string): number {
  const n = countUpTo(points, date);
  return points[n - 1]?.date === date ? n - 1 : n;
}

/** The last point dated on or before `asof`, or undefined (pointsUpTo(points, asof).at(-1) without the copy). */
export function lastUpTo<P extends { date: string }>(points: readonly P[], asof?: string): P | undefined {
  return points[countUpTo(points, asof) - 1];
}

/** Points `start`…`end − 1`: a plain loop, not slice(): V8 (Node 20) slices frozen arrays — the DEMO market's — ~70× slower. */
function copyOf<P>(points: readonly P[], start: number, end: number): P[] {
  const out = new Array<P>(end - start);
  for (let i = start; i < end; i++) out[i - start] = points[i]!;
  return out;
}

/**
 * Points dated on or before `asof` (no look-ahead); all points when asof is undefined. Read-only: when
 * nothing is cut it is `points` itself (commands call this hundreds of times per answer on 15-year series).
 */
export function pointsUpTo<P extends { date: string }>(points: readonly P[], asof?: string): readonly P[] {
  const n = countUpTo(points, asof);
  return n === points.length ? points : copyOf(points, 0, n);
}

/** The last `n` points dated on or before `asof`: a copy only of those. */
export function tailUpTo<P extends { date: string }>(points: readonly P[], asof: string | undefined, n: number): readonly P[] {
  const end = countUpTo(points, asof);
  const start = Math.max(0, end - n);
  return start === 0 && end === points.length ? points : copyOf(points, start, end);
}

/**
 * The session an answer speaks for: the first of `candidates` (the market of record first, KOSPI for
 * Korea) with a close on or before `asof`, and that close's date — so a series that stopped early
 * cannot pull the answer back to its own last day.
 */
export function answeredSession(candidates: readonly (Series | null)[], asof?: string): { anchor: Series | null; date: string | undefined } {
  for (const s of candidates) {
    const last = s ? lastUpTo(s.points, asof) : undefined;
    if (last) return { anchor: s, date: last.date };
  }
  return { anchor: null, date: undefined };
}

/** The last point dated strictly before `date`, or undefined. */
export function lastBefore<P extends { date: string }>(points: readonly P[], date: string): P | undefined {
  return points[countBefore(points, date) - 1];
}

/**
 * "What Seoul knows of New York" (DESIGN.md): at each KRX session t, the US close of the latest
 * US session strictly before t. Returns the US values on KRX dates; null where no US session precedes.
 */
export function usCloseKnownAt(krDates: readonly string[], us: readonly Point[]): (number | null)[] {
  const out: (number | null)[] = [];
  // from the US sessions just before the first KRX date: a 20-year US series is not walked from its start
  let j = krDates.length ? countBefore(us, krDates[0]!) : 0;
  for (const t of krDates) {
    while (j < us.length && us[j]!.date < t) j++;
    out.push(j > 0 ? us[j - 1]!.close : null);
  }
  return out;
}

/**
 * US points dated strictly before t (the US series' own sessions Seoul can see at t), at most the last
 * `n` of them. Read-only, and a copy only of what is returned: slicing a frozen 15-year series whole
 * costs ~0.5 ms on Node 20, three times per /kospi-stress.
 */
export function usPointsBefore(us: readonly Point[], t: string, n = Infinity): readonly Point[] {
  const end = countBefore(us, t);
  const start = Math.max(0, end - n);
  return start === 0 && end === us.length ? us : copyOf(us, start, end);
}

export const closes = (points: readonly Point[]): number[] => points.map((p) => p.close);
