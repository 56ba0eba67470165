// The aggregation of the ECB's Composite Indicator of Systemic Stress (Holló, Kremer & Lo Duca 2012,
// ECB WP 1426): each stress measure turned into its empirical CDF rank over its own past (an order-statistic
// transform), then combined through their time-varying cross-correlations, so that stress shared by many
// measures scores higher than one noisy measure alone.

/** Values equal but for float noise (1e-16 from different summation orders) compare equal: 12 significant digits. */
export function tieKey(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  // x rounded to 12 significant digits (as Number(x.toPrecision(12)), several times faster)
  const scale = 10 ** (11 - Math.floor(Math.log10(Math.abs(x))));
  return Math.round(x * scale) / scale;
}

/**
 * ECDF rank of every value among the finite values of the last `window` sessions up to and including
 * it (all of them when window is Infinity), exact ties at their mid-rank:
 * (#{x_s < x_t} + (#{x_s = x_t} + 1) / 2) / n (the largest so far is 1; n equal values all (n + 1)/2n).
 * NaN where x_t is not finite. Values are compared after tieKey. One Fenwick tree over the sorted
 * distinct values, a value added as it enters the window and removed as it leaves: O(n log n).
 */
export function trailingMidRanks(xs: readonly number[], window = Infinity): { pct: number[]; count: number[] } {
  const keys = xs.map(tieKey);
  // the distinct finite values in order (a typed array sorts numerically, natively); slot = 1-based position
  const sorted = Float64Array.from(keys.filter((x) => Number.isFinite(x))).sort();
  let m = 0;
  for (let i = 0; i < sorted.length; i++) if (m === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i]!;
  const distinct = sorted.subarray(0, m);
  const slotOf = (v: number): number => {
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (distinct[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  const tree = new Float64Array(m + 1);
  const add = (i: number, by: number) => {
    for (; i < tree.length; i += i & -i) tree[i]! += by;
  };
  const sum = (i: number) => {
    let s = 0;
    for (; i > 0; i -= i & -i) s += tree[i]!;
    return s;
  };
  const pct: number[] = [];
  const count: number[] = [];
  let n = 0;
  for (let t = 0; t < keys.length; t++) {
    const leaving = t - window;
    if (leaving >= 0 && Number.isFinite(keys[leaving]!)) {
      add(slotOf(keys[leaving]!), -1);
      n--;
    }
    const x = keys[t]!;
    if (!Number.isFinite(x)) {
      pct.push(NaN);
      count.push(n);
      continue;
    }
    const k = slotOf(x);
    add(k, 1);
    n++;
    const below = sum(k - 1);
    const equal = sum(k) - below;
    pct.push((below + (equal + 1) / 2) / n);
    count.push(n);
  }
  return { pct, count };
}

/** trailingMidRanks over all the past (the paper's recursive, expanding sample). */
export const expandingMidRanks = (xs: readonly number[]) => trailingMidRanks(xs, Infinity);

/** Decay of the exponentially weighted cross-moments (Holló et al. use λ = 0.93 on weekly data). */
export const CISS_LAMBDA = 0.93;

export interface CissResult {
  /** √CISS_t in [0, 1] (NaN where no measure is present): equals the mean rank when all move together. */
  index: number[];
  /** Mean pairwise correlation of the present measures at each t (NaN with fewer than two). */
  meanCorrelation: number[];
}

/**
 * CISS_t = (w∘z_t)ᵀ C_t (w∘z_t) over the measures present at t (equal weights w = 1/k), C_t the
 * correlations of the exponentially weighted cross-moments of z − ½ (½ is the median of a uniform rank):
 * σ_ij,t = λ σ_ij,t−1 + (1 − λ)(z_i,t − ½)(z_j,t − ½), a measure entering with the prior σ_ii = 1/12
 * (the variance of a uniform) and σ_ij = 0; an absent measure contributes 0 to that day's update, which
 * keeps the moment matrix positive semi-definite. A negative correlation counts as none (our change to
 * CISS): after a melt-up (vol high, no drawdown) it would otherwise cancel a crash's first days, KOSPI
 * 2026-03-04 (−12 %) reading 32, calm, instead of 67. Returned as √CISS so the 0-100 scale reads like a rank.
 * `z[j][t]` is measure j's rank at t, NaN where absent.
 */
export function cissIndex(z: readonly (readonly number[])[], lambda = CISS_LAMBDA): CissResult {
  const k = z.length;
  const n = k ? z[0]!.length : 0;
  const m = Array.from({ length: k }, () => new Float64Array(k));
  const entered = new Array<boolean>(k).fill(false);
  const index: number[] = [];
  const meanCorrelation: number[] = [];
  const d = new Float64Array(k);
  for (let t = 0; t < n; t++) {
    const present: number[] = [];
    for (let j = 0; j < k; j++) {
      const x = z[j]![t]!;
      if (Number.isFinite(x)) {
        present.push(j);
        if (!entered[j]) {
          entered[j] = true;
          m[j]![j] = 1 / 12;
        }
        d[j] = x - 0.5;
      } else d[j] = 0;
    }
    for (let a = 0; a < k; a++) {
      if (!entered[a]) continue;
      for (let b = 0; b < k; b++) if (entered[b]) m[a]![b] = lambda * m[a]![b]! + (1 - lambda) * d[a]! * d[b]!;
    }
    if (present.length === 0) {
      index.push(NaN);
      meanCorrelation.push(NaN);
      continue;
    }
    const w = 1 / present.length;
    let q = 0;
    let corrSum = 0;
    let pairs = 0;
    for (const a of present) {
      for (const b of present) {
        const den = Math.sqrt(m[a]![a]! * m[b]![b]!);
        const rho = a === b ? 1 : den > 0 ? Math.max(0, m[a]![b]! / den) : 0;
        q += w * w * z[a]![t]! * z[b]![t]! * rho;
        if (a < b) {
          corrSum += rho;
          pairs++;
        }
      }
    }
    index.push(Math.sqrt(Math.max(0, q)));
    meanCorrelation.push(pairs ? corrSum / pairs : NaN);
  }
  return { index, meanCorrelation };
}
