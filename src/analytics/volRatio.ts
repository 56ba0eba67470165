// Korea-vs-US volatility ratios on KRX sessions (DESIGN.md "VKOSPI/VIX ratio", "What Seoul knows of
// New York", "Realized vol") and where today's ratio stands in its own history.
import type { Point } from '../core/types.ts';
import { ascending, percentileRank, quantileOfSorted, zScore } from './stats.ts';
import { realizedVol } from './returns.ts';
import { usCloseKnownAt } from './series.ts';

export interface RatioSeries {
  dates: string[];
  /** NaN where a leg is missing (or VKOSPI is stale). */
  ratio: number[];
  /** Numerator leg: VKOSPI close, or KOSPI realized vol (decimal). */
  kr: number[];
  /** Denominator leg: VIX close, or US realized vol (decimal), as Seoul knows it. */
  us: number[];
}

/**
 * VKOSPI/VIX on each KRX date t: latest VKOSPI close on or before t / VIX close of the latest US
 * session strictly before t. A VKOSPI close more than `maxStaleSessions` KRX sessions older than t
 * counts as missing (NaN) rather than being carried forward.
 */
export function impliedVolRatioSeries(
  krDates: readonly string[],
  vkospi: readonly Point[],
  vix: readonly Point[],
  maxStaleSessions = 5,
): RatioSeries {
  const us = usCloseKnownAt(krDates, vix).map((v) => v ?? NaN);
  const kr: number[] = [];
  let j = 0; // vkospi points dated <= t
  let k = 0; // krDates dated <= the latest vkospi date seen
  krDates.forEach((t, i) => {
    while (j < vkospi.length && vkospi[j]!.date <= t) j++;
    const v = j > 0 ? vkospi[j - 1]! : undefined;
    if (!v) return void kr.push(NaN);
    while (k < krDates.length && krDates[k]! <= v.date) k++;
    // k − 1 is the last KRX session on or before the VKOSPI date: the value's age is i − (k − 1).
    kr.push(i - (k - 1) > maxStaleSessions ? NaN : v.close);
  });
  return { dates: [...krDates], ratio: kr.map((v, i) => (us[i]! > 0 ? v / us[i]! : NaN)), kr, us };
}

/**
 * KOSPI n-session realized vol at each KRX date t / US n-session realized vol over the US series'
 * own sessions strictly before t (the fallback when VKOSPI is missing). NaN until both have n returns.
 */
export function realizedVolRatioSeries(krPts: readonly Point[], usPts: readonly Point[], n = 21): RatioSeries {
  const krCloses = krPts.map((p) => p.close);
  const out: RatioSeries = { dates: [], ratio: [], kr: [], us: [] };
  let j = 0; // us points dated strictly before t
  krPts.forEach((p, i) => {
    while (j < usPts.length && usPts[j]!.date < p.date) j++;
    const krVol = i >= n ? realizedVol(krCloses.slice(i - n, i + 1), n) : NaN;
    const usVol = j > n ? realizedVol(usPts.slice(j - n - 1, j).map((u) => u.close), n) : NaN;
    out.dates.push(p.date);
    out.kr.push(krVol);
    out.us.push(usVol);
    out.ratio.push(usVol > 0 ? krVol / usVol : NaN);
  });
  return out;
}

export interface Standing {
  value: number;
  zScore: number;
  /** Share of the history at or below today's value, in [0, 1]. */
  percentile: number;
  median: number;
  p10: number;
  p25: number;
  p75: number;
  p90: number;
}

/** Where the last value of `history` stands within `history` (today included in its own history). */
export function standingOfLast(history: readonly number[]): Standing {
  const value = history.at(-1) ?? NaN;
  const sorted = ascending(history);
  return {
    value,
    zScore: zScore(history, value),
    percentile: percentileRank(history, value),
    median: quantileOfSorted(sorted, 0.5),
    p10: quantileOfSorted(sorted, 0.1),
    p25: quantileOfSorted(sorted, 0.25),
    p75: quantileOfSorted(sorted, 0.75),
    p90: quantileOfSorted(sorted, 0.9),
  };
}
