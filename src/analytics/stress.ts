// The KOSPI stress score (v2): a coincident gauge of how stressed KOSPI is now. Measures that rise with
// stress, each ranked against its own past 20 years up to the day (no look-ahead), combined the way the
// ECB's CISS combines its sub-indices (ciss.ts): broad-based stress scores higher than one noisy measure.
import type { Point } from '../core/types.ts';
import { rollingRealizedVol } from './returns.ts';
import { cissIndex, trailingMidRanks } from './ciss.ts';

/** |ln(P_t / P_{t−n})| / Σ|daily log return| over the last n sessions (Kaufman; DESIGN.md). NaN if fewer than n+1 closes. */
export function efficiencyRatio(closes: readonly number[], n: number): number {
  const m = closes.length;
  if (n < 1 || m < n + 1) return NaN;
  let path = 0;
  for (let i = m - n; i < m; i++) path += Math.abs(Math.log(closes[i]! / closes[i - 1]!));
  // ≤ 1 by the triangle inequality; the min only removes the last-bit rounding of a straight path
  return path > 0 ? Math.min(1, Math.abs(Math.log(closes[m - 1]! / closes[m - 1 - n]!)) / path) : NaN;
}

/** close / highest close of the last n sessions including today − 1 (DESIGN.md "Drawdown"); fewer closes: all there are. */
export function drawdownFromHigh(closes: readonly number[], n = 252): number {
  const m = closes.length;
  if (m === 0) return NaN;
  let hi = -Infinity;
  for (let i = Math.max(0, m - n); i < m; i++) if (closes[i]! > hi) hi = closes[i]!;
  return closes[m - 1]! / hi - 1;
}

/** Path length not converted into net move: Σ|r| − |ln(P_t/P_{t−n})| = Σ|r|·(1 − ER), log units. */
export function churn(closes: readonly number[], n: number): number {
  const m = closes.length;
  if (n < 1 || m < n + 1) return NaN;
  let path = 0;
  for (let i = m - n; i < m; i++) path += Math.abs(Math.log(closes[i]! / closes[i - 1]!));
  return path - Math.abs(Math.log(closes[m - 1]! / closes[m - 1 - n]!));
}

export type ComponentKey = 'realizedVol' | 'impliedVol' | 'drawdown' | 'belowSma' | 'churn' | 'koreaUsVol';

/**
 * The components, their series oriented so that higher = more stress. `inScore`: combined into the
 * score; the others are shown with their rank but left out: churn is mostly realized vol again, and the
 * Korea/US vol ratio falls in a global crash (VIX jumps more than VKOSPI), so it would lower the score
 * exactly when stress is worst.
 */
export const STRESS_COMPONENTS: readonly { key: ComponentKey; name: string; explain: string; inScore: boolean }[] = [
  { key: 'realizedVol', name: 'KOSPI 21d realized vol', inScore: true, explain: 'how violently KOSPI moves: sample std of 21 daily log returns × √252' },
  {
    key: 'impliedVol',
    name: 'VKOSPI (implied vol)',
    inScore: true,
    explain: "Korea's own fear gauge, VKOSPI / 100; in the score once VKOSPI has a year of history (none before 2013 in free data) and only when its last close is at most one KOSPI session old",
  },
  { key: 'drawdown', name: 'Drawdown from 52w high', inScore: true, explain: 'close / highest close of 252 sessions − 1, ranked by depth: how much of the gains are gone' },
  { key: 'belowSma', name: 'Close vs 21d MA', inScore: true, explain: 'close / 21-session average − 1, ranked by distance below: how fast the fall is' },
  {
    key: 'churn',
    name: 'Violent swings (21d churn)',
    inScore: false,
    explain: 'Σ|daily log return| − |21d log return| = path × (1 − ER): swinging hard and going nowhere',
  },
  {
    key: 'koreaUsVol',
    name: 'Korea/US vol ratio',
    inScore: false,
    explain: 'VKOSPI / VIX as Seoul sees it (Korea-specific fear; realized KOSPI/NDX vol where VKOSPI is missing)',
  },
];

export interface StressInputs {
  /** KOSPI, NDX, VIX, VKOSPI points already cut at asof (VKOSPI null/empty when unavailable). */
  kospi: readonly Point[];
  ndx: readonly Point[];
  vix: readonly Point[];
  vkospi?: readonly Point[] | null;
}

export interface StressOptions {
  /** Window of the vol, churn and MA components (sessions). */
  window: number;
  /**
   * Trailing sessions each component is ranked against, including today: 20 years, where CISS ranks
   * against its whole sample, so that once 20 years exist a date's score does not depend on how far
   * back the data goes (the KRX KOSPI file starts in 1980, another in 1995).
   */
  rankSessions: number;
  /** Fewest finite history values (sessions) for a component's rank to count. */
  minHistory: number;
  /**
   * A component with a shorter history than realized vol's (VKOSPI: none before 2013) counts once it has
   * this many values, or as many as realized vol where that is fewer: a newcomer ranked against a few
   * months while the others rank against decades would be read as extreme on any rise.
   */
  catchUpSessions: number;
  /**
   * A VKOSPI close more than this many KOSPI sessions before the day counts as missing (the freshness
   * limit of an index close, DESIGN.md "Freshness"): a stale VKOSPI is never scored as today's fear.
   */
  vkospiMaxSessions: number;
}

export const DEFAULT_STRESS_OPTIONS: StressOptions = { window: 21, rankSessions: 5040, minHistory: 60, catchUpSessions: 252, vkospiMaxSessions: 1 };

const DRAWDOWN_SESSIONS = 252;

/** Every component (plus the two ratios behind koreaUsVol) on KOSPI's dates; NaN where undefined. */
export interface ComponentSeries {
  dates: string[];
  realizedVol: number[];
  drawdown: number[];
  belowSma: number[];
  churn: number[];
  /** VKOSPI / 100 (NaN where VKOSPI is missing or stale). */
  impliedVol: number[];
  /** VKOSPI/VIX (NaN where VKOSPI is missing or stale). */
  impliedRatio: number[];
  /** KOSPI 21d RV / NDX 21d RV known in Seoul. */
  realizedRatio: number[];
}


/**
 * Component series on every KOSPI date. Each value at a date uses only data Seoul has on that date:
 * KOSPI up to it, US series strictly before it. Computed from the first session on, so that a date's
 * values do not depend on how much later history exists (validate and asof= agree to the bit).
 */
export function stressComponentSeries(inputs: StressInputs, opts: StressOptions = DEFAULT_STRESS_OPTIONS): ComponentSeries {
  const n = opts.window;
  const pts = inputs.kospi;
  const c = pts.map((p) => p.close);
  const dates = pts.map((p) => p.date);
  const rv = rollingRealizedVol(c, n);
  const out: ComponentSeries = { dates, realizedVol: rv, drawdown: [], belowSma: [], churn: [], impliedVol: [], impliedRatio: [], realizedRatio: [] };

  // running sums for the MA and the path length; a monotone deque for the 252-session high
  let sum = 0;
  let path = 0;
  const deque: number[] = [];
  for (let i = 0; i < c.length; i++) {
    sum += c[i]!;
    if (i >= n) sum -= c[i - n]!;
    if (i >= 1) path += Math.abs(Math.log(c[i]! / c[i - 1]!));
    if (i >= n + 1) path -= Math.abs(Math.log(c[i - n]! / c[i - n - 1]!));
    while (deque.length && c[deque.at(-1)!]! <= c[i]!) deque.pop();
    deque.push(i);
    if (deque[0]! <= i - DRAWDOWN_SESSIONS) deque.shift();
    out.drawdown.push(-(c[i]! / c[deque[0]!]! - 1));
    out.belowSma.push(i >= n - 1 ? 1 - c[i]! / (sum / n) : NaN);
    out.churn.push(i >= n ? path - Math.abs(Math.log(c[i]! / c[i - n]!)) : NaN);
  }

  // US vol on the US series' own sessions, read at the latest US session strictly before each KRX date
  const us = inputs.ndx;
  const usFrom = Math.max(0, firstIndexAtOrAfter(us, dates[0] ?? '') - n - 2);
  const usPts = us.slice(usFrom);
  const usRv = rollingRealizedVol(usPts.map((p) => p.close), n);
  const vix = inputs.vix;
  const vk = inputs.vkospi ?? [];
  let j = 0;
  let x = Math.max(0, firstIndexAtOrAfter(vix, dates[0] ?? '') - 1);
  let v = Math.max(0, firstIndexAtOrAfter(vk, dates[0] ?? '') - 1);
  for (let i = 0; i < dates.length; i++) {
    const t = dates[i]!;
    while (j < usPts.length && usPts[j]!.date < t) j++;
    const ndxVol = j > 0 ? usRv[j - 1]! : NaN;
    out.realizedRatio.push(ndxVol > 0 ? rv[i]! / ndxVol : NaN);
    while (x < vix.length && vix[x]!.date < t) x++;
    while (v < vk.length && vk[v]!.date <= t) v++;
    const vkPt = v > 0 ? vk[v - 1] : undefined;
    const vixPt = x > 0 ? vix[x - 1] : undefined;
    const fresh = vkPt !== undefined && vkPt.date >= dates[Math.max(0, i - opts.vkospiMaxSessions)]!;
    out.impliedVol.push(fresh ? vkPt.close / 100 : NaN);
    out.impliedRatio.push(fresh && vixPt && vixPt.close > 0 ? vkPt.close / vixPt.close : NaN);
  }
  return out;
}

function firstIndexAtOrAfter(points: readonly { date: string }[], date: string): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.date < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface StressComponent {
  key: ComponentKey;
  name: string;
  /** The component's value today (decimal; ratios as ratios). */
  value: number;
  /** Mid-rank ECDF of today's value among its values of the last rankSessions up to today, 0-1 (NaN below minHistory). */
  percentile: number;
  /** How many history values the percentile was ranked against. */
  historySessions: number;
  /** Combined into the score today. */
  inScore: boolean;
  /** For koreaUsVol: whether VKOSPI/VIX or the realized-vol ratio was used. */
  basis?: 'implied' | 'realized';
}

export interface StressScore {
  date: string;
  /** 100·√CISS of the in-score components' ranks (NaN when none could be ranked). */
  score: number;
  /** Mean pairwise correlation of the in-score ranks (the CISS weighting), NaN with fewer than two. */
  correlation: number;
  components: StressComponent[];
}

type SeriesKey = Exclude<keyof ComponentSeries, 'dates'>;
const SERIES_KEYS: readonly SeriesKey[] = ['realizedVol', 'impliedVol', 'drawdown', 'belowSma', 'churn', 'impliedRatio', 'realizedRatio'];
const SCORED: readonly SeriesKey[] = ['realizedVol', 'impliedVol', 'drawdown', 'belowSma'];

/** The score of every KOSPI session, with what each date's components were; built by one pass per component. */
export interface StressHistory {
  dates: string[];
  scores: number[];
  series: ComponentSeries;
  ranks: Record<SeriesKey, { pct: number[]; count: number[] }>;
  correlation: number[];
  opts: StressOptions;
}

/**
 * Scores for every KOSPI date of the inputs: each component ranked (ECDF, exact mid-rank ties) against
 * its own last 20 years, then aggregated as the ECB's CISS does (Holló, Kremer & Lo Duca 2012, "CISS – A
 * Composite Indicator of Systemic Stress in the Financial System", ECB WP 1426: order-statistic transforms
 * combined with EWMA cross-correlations, λ = 0.93). A rank counts from `minHistory` values on.
 */
export function stressScoreHistory(inputs: StressInputs, opts: StressOptions = DEFAULT_STRESS_OPTIONS): StressHistory {
  const series = stressComponentSeries(inputs, opts);
  const ranks = Object.fromEntries(SERIES_KEYS.map((k) => [k, trailingMidRanks(series[k], opts.rankSessions)])) as StressHistory['ranks'];
  const usable = (key: SeriesKey, i: number) => rankCounts(ranks, opts, key, i);
  const z = SCORED.map((key) => ranks[key].pct.map((p, i) => (usable(key, i) ? p : NaN)));
  const { index, meanCorrelation } = cissIndex(z);
  return { dates: series.dates, scores: index.map((x) => 100 * x), series, ranks, correlation: meanCorrelation, opts };
}

/** Whether a component's rank at i counts: finite, with minHistory values and caught up with realized vol's history. */
function rankCounts(ranks: StressHistory['ranks'], opts: StressOptions, key: SeriesKey, i: number): boolean {
  const needed = Math.max(opts.minHistory, Math.min(opts.catchUpSessions, ranks.realizedVol.count[i]!));
  return Number.isFinite(ranks[key].pct[i]) && ranks[key].count[i]! >= needed;
}

/** The score at index i with each component's value and rank. */
export function stressScoreAt(h: StressHistory, i: number): StressScore {
  const { series: s, ranks, opts } = h;
  const usable = (key: SeriesKey) => rankCounts(ranks, opts, key, i);
  const components: StressComponent[] = STRESS_COMPONENTS.map(({ key, name, inScore }) => {
    const basis = key === 'koreaUsVol' ? (usable('impliedRatio') ? 'implied' : 'realized') : undefined;
    const sk: SeriesKey = basis === 'implied' ? 'impliedRatio' : basis === 'realized' ? 'realizedRatio' : (key as Exclude<ComponentKey, 'koreaUsVol'>);
    const ok = usable(sk);
    return {
      key,
      name,
      value: s[sk][i]!,
      percentile: ok ? ranks[sk].pct[i]! : NaN,
      historySessions: ranks[sk].count[i]!,
      inScore: inScore && ok,
      ...(basis ? { basis } : {}),
    };
  });
  return { date: h.dates[i]!, score: h.scores[i]!, correlation: h.correlation[i]!, components };
}

export type StressRegime = 'calm' | 'elevated' | 'high' | 'extreme';

/**
 * Where each regime starts on the 0-100 score, calibrated on every KRX session 2000-2026 of the real
 * series with the longest history (KRX KOSPI closes from 1980, VKOSPI from 2013; `stressbot validate
 * --from 2000-01-01`): high or worse on 11.3 % of sessions (at most 12 %), extreme on 3.2 % (at most
 * 4 %), the episodes of the public record high or worse, quiet years' medians calm.
 */
export const STRESS_CUTS = { elevated: 40, high: 65, extreme: 82 } as const;

/** The regime of a score; null for no score (a missing number is never calm). */
export function stressRegime(score: number): StressRegime | null {
  if (!Number.isFinite(score)) return null;
  if (score < STRESS_CUTS.elevated) return 'calm';
  if (score < STRESS_CUTS.high) return 'elevated';
  if (score < STRESS_CUTS.extreme) return 'high';
  return 'extreme';
}

/** The score of every KOSPI session of the inputs, by the code /kospi-stress uses (each date sees only its past). */
export function stressScoreSeries(inputs: StressInputs, opts: StressOptions = DEFAULT_STRESS_OPTIONS): { dates: string[]; scores: number[] } {
  const { dates, scores } = stressScoreHistory(inputs, opts);
  return { dates, scores };
}
