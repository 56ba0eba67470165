// Plain statistics over numbers; every function returns NaN rather than throwing on too little data.

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (n−1 denominator). */
export function sampleStd(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/** Pearson correlation coefficient of paired samples. */
export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return NaN;
  const mx = mean(xs.slice(0, n));
  const my = mean(ys.slice(0, n));
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** OLS slope of y on x (beta): cov(x, y) / var(x). */
export function olsSlope(xs: readonly number[], ys: readonly number[]): number {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return NaN;
  const mx = mean(xs.slice(0, n));
  const my = mean(ys.slice(0, n));
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  return sxx === 0 ? NaN : sxy / sxx;
}

/** Share of `history` at or below `value`, in [0, 1] (empirical CDF; ties count as at-or-below). */
export function percentileRank(history: readonly number[], value: number): number {
  const finite = history.filter(Number.isFinite);
  if (finite.length === 0 || !Number.isFinite(value)) return NaN;
  let atOrBelow = 0;
  for (const h of finite) if (h <= value) atOrBelow++;
  return atOrBelow / finite.length;
}

/** (value − mean) / sample std of `history`. */
export function zScore(history: readonly number[], value: number): number {
  const sd = sampleStd(history);
  return sd > 0 ? (value - mean(history)) / sd : NaN;
}

/**
 * `xs` sorted ascending: a typed array's own numeric sort, several times faster than sort() with a
 * comparator on the 3-year histories /corr and /theta take a median of every ask (NaN last, −0 before +0).
 */
export const ascending = (xs: readonly number[]): Float64Array => Float64Array.from(xs).sort();

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = ascending(xs);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Value at quantile q in [0, 1] with linear interpolation (type 7, as numpy/Excel). */
export function quantile(xs: readonly number[], q: number): number {
  return quantileOfSorted(ascending(xs), q);
}

/** quantile() of values already sorted ascending: several quantiles of one history sort it once. */
export function quantileOfSorted(s: ArrayLike<number>, q: number): number {
  if (s.length === 0) return NaN;
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
}
