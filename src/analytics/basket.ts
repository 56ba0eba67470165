// An equal-weight basket of stocks against benchmarks on one calendar. Equal weight means equal
// weights at the start of whatever span is measured, then held: over a span the basket's return is
// the plain average of its members' simple returns (daily spans included).
import type { Point } from '../core/types.ts';
import { mean, pearson } from './stats.ts';
import { countUpTo } from './series.ts';

/** Close of `points` on each date: the latest close on or before it (null before the first point). */
export function closesOnOrBefore(dates: readonly string[], points: readonly Point[]): (number | null)[] {
  const out: (number | null)[] = [];
  // from the first date's own close: a long series is not walked from its start
  let j = dates.length ? countUpTo(points, dates[0]) : 0;
  for (const t of dates) {
    while (j < points.length && points[j]!.date <= t) j++;
    out.push(j > 0 ? points[j - 1]!.close : null);
  }
  return out;
}

/** Simple return over the last n steps, P_t / P_{t−n} − 1; NaN when either end is missing. */
export function spanReturn(closes: readonly (number | null)[], n: number): number {
  const end = closes.at(-1);
  const start = closes.length > n ? closes[closes.length - 1 - n] : null;
  return end != null && start != null && start > 0 ? end / start - 1 : NaN;
}

/** Return relative to a benchmark, in return points: r − r_bench (0.05 = outperformed by 5 points). */
export const relativeReturn = (r: number, bench: number): number => r - bench;

/** Equal-weight basket return over a span: mean of the members' simple returns over that span. */
export const equalWeightReturn = (memberReturns: readonly number[]): number => mean(memberReturns);

/**
 * Cross-sectional dispersion: population standard deviation of the members' returns,
 * √(Σ(rᵢ − r̄)² / N) (the members are the whole cross-section, not a sample of it).
 */
export function dispersion(returns: readonly number[]): number {
  if (returns.length === 0) return NaN;
  const m = mean(returns);
  let ss = 0;
  for (const r of returns) ss += (r - m) ** 2;
  return Math.sqrt(ss / returns.length);
}

/** Daily log returns of closes that may have gaps; NaN where either end is missing. */
export function gappedLogReturns(closes: readonly (number | null)[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < closes.length; i++) {
    const a = closes[i - 1];
    const b = closes[i];
    out.push(a != null && b != null && a > 0 ? Math.log(b / a) : NaN);
  }
  return out;
}

/** Daily log returns of the equal-weight basket: ln(1 + mean of the members' simple daily returns). */
export function basketLogReturns(memberLogReturns: readonly (readonly number[])[]): number[] {
  const n = Math.min(...memberLogReturns.map((r) => r.length));
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.log(1 + mean(memberLogReturns.map((r) => Math.exp(r[i]!) - 1))));
  return out;
}

/** Each series rebased to 100 at its first value (nulls stay null). */
export function rebase100(closes: readonly (number | null)[]): (number | null)[] {
  const base = closes[0];
  return closes.map((c) => (c != null && base != null && base > 0 ? (100 * c) / base : null));
}

/** Equal-weight basket level, 100 at the start: the mean of the members' rebased levels. */
export function equalWeightRebased(members: readonly (readonly (number | null)[])[]): (number | null)[] {
  const rebased = members.map(rebase100);
  const n = Math.min(...rebased.map((r) => r.length));
  const out: (number | null)[] = [];
  for (let i = 0; i < n; i++) {
    const vals = rebased.map((r) => r[i]);
    out.push(vals.every((v) => v != null) ? mean(vals as number[]) : null);
  }
  return out;
}

/** Pearson correlation over the last w values of two aligned series; NaN if any value is missing. */
export function lastWindowCorr(xs: readonly number[], ys: readonly number[], w: number): number {
  if (xs.length < w || ys.length < w) return NaN;
  const a = xs.slice(-w);
  const b = ys.slice(-w);
  return a.some((v) => !Number.isFinite(v)) || b.some((v) => !Number.isFinite(v)) ? NaN : pearson(a, b);
}

/** Average of the Pearson correlations of every pair of members over the last w returns. */
export function avgPairwiseCorr(memberReturns: readonly (readonly number[])[], w: number): number {
  const cs: number[] = [];
  for (let i = 0; i < memberReturns.length; i++) {
    for (let j = i + 1; j < memberReturns.length; j++) cs.push(lastWindowCorr(memberReturns[i]!, memberReturns[j]!, w));
  }
  return cs.length ? mean(cs) : NaN;
}
