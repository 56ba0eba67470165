// Returns and realized volatility, per DESIGN.md "Definitions".
import { sampleStd } from './stats.ts';

export const TRADING_DAYS_PER_YEAR = 252;

/** Daily log returns ln(P_t / P_{t−1}) of consecutive closes; length n−1. */
export function logReturns(closes: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < closes.length; i++) out.push(Math.log(closes[i]! / closes[i - 1]!));
  return out;
}

/** Annualized realized vol (decimal): sample std of the last n daily log returns × √252. Needs n+1 closes. */
export function realizedVol(closes: readonly number[], n: number): number {
  if (closes.length < n + 1 || n < 2) return NaN;
  return sampleStd(logReturns(closes.slice(-(n + 1)))) * Math.sqrt(TRADING_DAYS_PER_YEAR);
}

/**
 * Rolling realized vol: at each index, the annualized sample std of the n log returns ending there
 * (the same formula as realizedVol, DESIGN.md "Definitions"); NaN until n returns exist.
 */
export function rollingRealizedVol(closes: readonly number[], n: number): number[] {
  const r = closes.map((c, i) => (i === 0 ? NaN : Math.log(c / closes[i - 1]!)));
  return closes.map((_, i) => {
    if (i < n || n < 2) return NaN;
    let s = 0;
    for (let j = i - n + 1; j <= i; j++) s += r[j]!;
    const m = s / n;
    let ss = 0;
    for (let j = i - n + 1; j <= i; j++) ss += (r[j]! - m) ** 2;
    return Math.sqrt((ss / (n - 1)) * TRADING_DAYS_PER_YEAR);
  });
}

/** Simple return over the last n sessions: P_t / P_{t−n} − 1. */
export function simpleReturn(closes: readonly number[], n: number): number {
  if (closes.length < n + 1) return NaN;
  return closes.at(-1)! / closes.at(-(n + 1))! - 1;
}
