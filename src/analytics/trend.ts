// Trend levels a trader draws on a KOSPI chart: the moving average and a short-term support line.
import type { Point } from '../core/types.ts';

/** Simple moving average of the last n closes including today's (DESIGN.md "Moving average"); NaN if fewer. */
export function sma(closes: readonly number[], n: number): number {
  if (n < 1 || closes.length < n) return NaN;
  let s = 0;
  for (let i = closes.length - n; i < closes.length; i++) s += closes[i]!;
  return s / n;
}

/** SMA series aligned with `closes` (NaN until n closes exist), by a running sum. */
export function smaSeries(closes: readonly number[], n: number): number[] {
  const out: number[] = [];
  let s = 0;
  for (let i = 0; i < closes.length; i++) {
    s += closes[i]!;
    if (i >= n) s -= closes[i - n]!;
    out.push(i >= n - 1 ? s / n : NaN);
  }
  return out;
}

export interface TrendAnchor {
  date: string;
  /** Index of the anchor in the points passed in. */
  index: number;
  value: number;
}

export interface Trendline {
  /** The line's level at the last point (index points), NaN when fewer than two swing lows exist. */
  value: number;
  /** Change of the line per session (index points). */
  slopePerDay: number;
  /** Today's close is below the line's value today. */
  broken: boolean;
  /** The two swing lows the line runs through, older first (empty when there is no line). */
  anchors: TrendAnchor[];
}

/**
 * Short-term support line. Swing lows: sessions whose low (close where the low is missing) is the
 * lowest of the k sessions either side, within the last `lookback` sessions (the last k sessions
 * cannot be confirmed yet). The line runs through the most recent swing low and the earlier swing
 * low that makes it steepest, i.e. the last edge of the lower convex hull of the swing lows, so no
 * swing low in the lookback lies below it. In an uptrend that is the two most recent higher lows;
 * when the newest swing low undercut the older ones the line slopes down through it.
 */
export function supportTrendline(points: readonly Point[], lookback = 60, k = 3): Trendline {
  const none: Trendline = { value: NaN, slopePerDay: NaN, broken: false, anchors: [] };
  const n = points.length;
  if (n === 0) return none;
  const low = (i: number): number => points[i]!.low ?? points[i]!.close;
  const lows: number[] = [];
  for (let i = Math.max(k, n - lookback); i <= n - 1 - k; i++) {
    let isMin = true;
    for (let j = i - k; j <= i + k && isMin; j++) if (j !== i && low(j) < low(i)) isMin = false;
    // a flat bottom counts once: skip i when the previous session had the same low and was itself a swing low
    if (isMin && lows.at(-1) === i - 1 && low(i - 1) === low(i)) isMin = false;
    if (isMin) lows.push(i);
  }
  if (lows.length < 2) return none;
  const last = lows.at(-1)!;
  let first = lows[0]!;
  let slope = -Infinity;
  for (const j of lows.slice(0, -1)) {
    const s = (low(last) - low(j)) / (last - j);
    if (s >= slope) {
      slope = s;
      first = j;
    }
  }
  const value = low(last) + slope * (n - 1 - last);
  const anchor = (i: number): TrendAnchor => ({ date: points[i]!.date, index: i, value: low(i) });
  return { value, slopePerDay: slope, broken: points[n - 1]!.close < value, anchors: [anchor(first), anchor(last)] };
}
