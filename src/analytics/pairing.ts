// KOSPI vs a US series on KOSPI's calendar (DESIGN.md "What Seoul knows of New York" and
// "KOSPI vs Nasdaq-100 pairing"): KRX closes before New York opens, so KOSPI day t is paired with
// the US close of the latest US session strictly before t.
import type { Point } from '../core/types.ts';
import { olsSlope, pearson } from './stats.ts';
import { countBefore, countUpTo, lastBefore, lastUpTo, pointsUpTo, usCloseKnownAt, usPointsBefore } from './series.ts';
import { realizedVol } from './returns.ts';

export interface Paired {
  dates: string[];
  kr: number[];
  us: number[];
}

/**
 * Closes of both series on KRX dates up to `asof`. `sameDate` pairs naive same-calendar-date closes
 * instead (the look-ahead-prone number, shown only on request). KRX dates with no US value are dropped.
 */
export function pairOnKrDates(kr: readonly Point[], us: readonly Point[], asof?: string, sameDate = false): Paired {
  const krPts = pointsUpTo(kr, asof);
  const krDates = krPts.map((p) => p.date);
  let usVals: (number | null)[];
  if (sameDate) {
    // only the US closes from the first KRX date to asof can be paired
    const byDate = new Map<string, number>();
    for (let i = krDates.length ? countBefore(us, krDates[0]!) : 0, end = countUpTo(us, asof); i < end; i++) byDate.set(us[i]!.date, us[i]!.close);
    usVals = krDates.map((d) => byDate.get(d) ?? null);
  } else {
    usVals = usCloseKnownAt(krDates, us); // reads only US sessions before each KRX date, all before asof
  }
  const out: Paired = { dates: [], kr: [], us: [] };
  krPts.forEach((p, i) => {
    const u = usVals[i];
    if (u == null) return;
    out.dates.push(p.date);
    out.kr.push(p.close);
    out.us.push(u);
  });
  return out;
}

/** Log returns of both legs between consecutive paired sessions; dates are the return's end date. */
export function pairedLogReturns(p: Paired): Paired {
  const out: Paired = { dates: [], kr: [], us: [] };
  for (let i = 1; i < p.dates.length; i++) {
    out.dates.push(p.dates[i]!);
    out.kr.push(Math.log(p.kr[i]! / p.kr[i - 1]!));
    out.us.push(Math.log(p.us[i]! / p.us[i - 1]!));
  }
  return out;
}

/** Pearson correlation and OLS beta (KOSPI on US) over the last `window` paired returns; NaN if fewer. */
export function corrAndBeta(returns: Paired, window: number): { corr: number; beta: number } {
  if (returns.kr.length < window) return { corr: NaN, beta: NaN };
  const kr = returns.kr.slice(-window);
  const us = returns.us.slice(-window);
  return { corr: pearson(us, kr), beta: olsSlope(us, kr) };
}

/** Pearson correlation of the `window` paired returns ending at index `i`; null before the window fills. */
export function corrEndingAt(returns: Paired, window: number, i: number): number | null {
  return i + 1 < window ? null : pearson(returns.us.slice(i + 1 - window, i + 1), returns.kr.slice(i + 1 - window, i + 1));
}

/** OLS beta (KOSPI on US) of the `window` paired returns ending at index `i`; null before the window fills. */
export function betaEndingAt(returns: Paired, window: number, i: number): number | null {
  return i + 1 < window ? null : olsSlope(returns.us.slice(i + 1 - window, i + 1), returns.kr.slice(i + 1 - window, i + 1));
}

/** US realized vol as Seoul sees it at t: the US series' own sessions strictly before t (DESIGN.md). */
export function usRealizedVolKnownAt(us: readonly Point[], t: string, n: number): number {
  // n returns need the last n + 1 closes; only those are copied.
  return realizedVol(usPointsBefore(us, t, n + 1).map((p) => p.close), n);
}

/** VKOSPI/VIX on t: latest VKOSPI close on or before t / VIX close of the latest US session strictly before t. */
export function vkospiVixRatioAt(vkospi: readonly Point[], vix: readonly Point[], t: string): number {
  const v = lastUpTo(vkospi, t);
  const x = lastBefore(vix, t);
  return v && x && x.close > 0 ? v.close / x.close : NaN;
}
