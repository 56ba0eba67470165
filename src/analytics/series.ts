// Cutting and aligning dated series. Dates are YYYY-MM-DD strings, so string order is time order.
import type { Point, Series } from '../core/types.ts';

/**
 * Points dated on or before `asof` (no look-ahead); all points when asof is undefined. Read-only: when
 * nothing is cut it is `points` itself (commands call this hundreds of times per answer on 15-year series).
 */
export function pointsUpTo<P extends { date: string }>(points: readonly P[], asof?: string): readonly P[] {
  if (!asof || (points.length > 0 && points[points.length - 1]!.date <= asof)) return points;
  let hi = points.length;
  let lo = 0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.date <= asof) lo = mid + 1;
    else hi = mid;
  }
  // A plain loop, not slice(): V8 (Node 20) slices frozen arrays — the DEMO market's — ~70× slower.
  const out = new Array<P>(lo);
  for (let i = 0; i < lo; i++) out[i] = points[i]!;
  return out;
}

/**
 * The session an answer speaks for: the first of `candidates` (the market of record first, KOSPI for
 * Korea) with a close on or before `asof`, and that close's date — so a series that stopped early
 * cannot pull the answer back to its own last day.
 */
export function answeredSession(candidates: readonly (Series | null)[], asof?: string): { anchor: Series | null; date: string | undefined } {
  for (const s of candidates) {
    const last = s ? pointsUpTo(s.points, asof).at(-1) : undefined;
    if (last) return { anchor: s, date: last.date };
  }
  return { anchor: null, date: undefined };
}

/** The last point dated strictly before `date`, or undefined. */
export function lastBefore<P extends { date: string }>(points: readonly P[], date: string): P | undefined {
  const upTo = pointsUpTo(points, date);
  const last = upTo.at(-1);
  return last && last.date === date ? upTo.at(-2) : last;
}

/**
 * "What Seoul knows of New York" (DESIGN.md): at each KRX session t, the US close of the latest
 * US session strictly before t. Returns the US values on KRX dates; null where no US session precedes.
 */
export function usCloseKnownAt(krDates: readonly string[], us: readonly Point[]): (number | null)[] {
  const out: (number | null)[] = [];
  let j = 0;
  for (const t of krDates) {
    while (j < us.length && us[j]!.date < t) j++;
    out.push(j > 0 ? us[j - 1]!.close : null);
  }
  return out;
}

/** US points dated strictly before t (the US series' own sessions Seoul can see at t). */
export function usPointsBefore(us: readonly Point[], t: string): readonly Point[] {
  const upTo = pointsUpTo(us, t);
  return upTo.at(-1)?.date === t ? upTo.slice(0, -1) : upTo;
}

export const closes = (points: readonly Point[]): number[] => points.map((p) => p.close);
