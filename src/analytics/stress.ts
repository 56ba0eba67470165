// The KOSPI stress model: a few components a trader watches, each ranked against its own trailing
// history as of the day (no look-ahead), averaged into a 0-100 score (DESIGN.md "Definitions").
import type { Point } from '../core/types.ts';
import { rollingRealizedVol, TRADING_DAYS_PER_YEAR } from './returns.ts';

/** |ln(P_t / P_{t−n})| / Σ|daily log return| over the last n sessions (Kaufman; DESIGN.md). NaN if fewer than n+1 closes. */
export function efficiencyRatio(closes: readonly number[], n: number): number {
  const m = closes.length;
  if (n < 1 || m < n + 1) return NaN;
  let path = 0;
  for (let i = m - n; i < m; i++) path += Math.abs(Math.log(closes[i]! / closes[i - 1]!));
  return path > 0 ? Math.abs(Math.log(closes[m - 1]! / closes[m - 1 - n]!)) / path : NaN;
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

/** The components. Their series (and `StressComponent.value`) are oriented so that higher = more stress. */
export const STRESS_COMPONENTS: readonly { key: ComponentKey; name: string; explain: string }[] = [
  { key: 'realizedVol', name: 'KOSPI 21d realized vol', explain: 'how violently KOSPI moves: sample std of 21 daily log returns × √252' },
  {
    key: 'impliedVol',
    name: 'VKOSPI (implied vol)',
    explain: "Korea's own fear gauge, VKOSPI / 100; left out of the score where VKOSPI is missing (realized vol already counts)",
  },
  { key: 'drawdown', name: 'Drawdown from 52w high', explain: 'close / highest close of 252 sessions − 1, ranked by depth: how much of the gains are gone' },
  { key: 'belowSma', name: 'Close vs 21d MA', explain: 'close / 21-session average − 1, ranked by distance below: the short-term trend breaking' },
  { key: 'churn', name: 'Violent swings (21d churn)', explain: 'Σ|daily log return| − |21d log return| = path × (1 − ER): swinging hard and going nowhere' },
  {
    key: 'koreaUsVol',
    name: 'Korea/US vol ratio',
    explain: 'VKOSPI / VIX as Seoul sees it (Korea-specific fear); where VKOSPI is missing, KOSPI 21d realized vol / NDX 21d realized vol stands in',
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
  /** Trailing history each component is ranked against, including today (756 = 3 years). */
  rankSessions: number;
  /** Fewest finite history values for a component to be ranked at all. */
  minHistory: number;
  /** A VKOSPI close older than this many calendar days counts as missing. */
  vkospiMaxAgeDays: number;
}

export const DEFAULT_STRESS_OPTIONS: StressOptions = { window: 21, rankSessions: 756, minHistory: 20, vkospiMaxAgeDays: 10 };

const DRAWDOWN_SESSIONS = 252;
const DAY_MS = 86_400_000;

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
 * Component series on KOSPI's dates: all of them, or when `sessions` is given only the last `sessions`
 * + 252 (the extra year warms up the 52-week high and is NaN there). Each value at a date uses only
 * data Seoul has on that date: KOSPI up to it, US series strictly before it.
 */
export function stressComponentSeries(inputs: StressInputs, opts: StressOptions = DEFAULT_STRESS_OPTIONS, sessions?: number): ComponentSeries {
  const n = opts.window;
  // enough closes before the first date for the 252-session drawdown and the vol window
  const start = sessions === undefined ? 0 : Math.max(0, inputs.kospi.length - sessions - DRAWDOWN_SESSIONS);
  const pts = inputs.kospi.slice(start);
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
    const fullHistory = start === 0 || i >= DRAWDOWN_SESSIONS - 1;
    out.drawdown.push(fullHistory ? -(c[i]! / c[deque[0]!]! - 1) : NaN);
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
    const fresh = vkPt !== undefined && (Date.parse(t) - Date.parse(vkPt.date)) / DAY_MS <= opts.vkospiMaxAgeDays;
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
  /** Share of its trailing history at or below today's value, 0-1 (NaN when the history is too short). */
  percentile: number;
  /** How many history values the percentile was ranked against. */
  historySessions: number;
  /** For koreaUsVol: whether VKOSPI/VIX or the realized-vol ratio was used. */
  basis?: 'implied' | 'realized';
}

export interface StressScore {
  date: string;
  /** Mean component percentile × 100 (NaN when no component could be ranked). */
  score: number;
  components: StressComponent[];
}

/** Share of the finite values in xs[from..to] at or below value (empirical CDF, ties included) and their count. */
function rankIn(xs: readonly number[], from: number, to: number, value: number): { pct: number; count: number } {
  let count = 0;
  let below = 0;
  for (let i = from; i <= to; i++) {
    const h = xs[i]!;
    if (h === h) {
      count++;
      if (h <= value) below++;
    }
  }
  return { pct: count && value === value ? below / count : NaN, count };
}

type SeriesKey = Exclude<keyof ComponentSeries, 'dates'>;
const SERIES_KEYS: readonly SeriesKey[] = ['realizedVol', 'impliedVol', 'drawdown', 'belowSma', 'churn', 'impliedRatio', 'realizedRatio'];
type Rank = { pct: number; count: number };

/**
 * The same ranks as rankIn, for i = start, start+1, … in order: a sorted window of the finite values,
 * one insertion and one removal per step instead of a rescan (the score history ranks 252 days × 7 series).
 */
function slidingRanker(xs: readonly number[], w: number, start: number): (i: number) => Rank {
  const sorted: number[] = [];
  const upper = (v: number): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let at = Math.max(0, start - w) - 1;
  for (; at < start - 1; ) {
    const v = xs[++at]!;
    if (v === v) sorted.splice(upper(v), 0, v);
  }
  return (i) => {
    while (at < i) {
      const v = xs[++at]!;
      if (v === v) sorted.splice(upper(v), 0, v);
      const old = at - w >= 0 ? xs[at - w]! : NaN;
      if (old === old) sorted.splice(upper(old) - 1, 1);
    }
    const v = xs[i]!;
    return { pct: sorted.length && v === v ? upper(v) / sorted.length : NaN, count: sorted.length };
  };
}

/** Score at index i of a component series: each component's percentile in its trailing `rankSessions` values (incl. i), averaged × 100. */
export function stressScoreAt(
  s: ComponentSeries,
  i: number,
  opts: StressOptions = DEFAULT_STRESS_OPTIONS,
  rank: (key: SeriesKey) => Rank = (key) => rankIn(s[key], Math.max(0, i - opts.rankSessions + 1), i, s[key][i]!),
): StressScore {
  const components: StressComponent[] = [];
  const ranks = Object.fromEntries(SERIES_KEYS.map((k) => [k, rank(k)])) as Record<SeriesKey, Rank>;
  // VKOSPI-based values rank against their own (shorter) history, so they count only once that history
  // is as long as the realized vol's, up to a year; before that the ratio falls back to realized vols
  const needed = Math.min(TRADING_DAYS_PER_YEAR, ranks.realizedVol.count);
  const ready = (key: 'impliedVol' | 'impliedRatio') => Number.isFinite(s[key][i]) && ranks[key].count >= needed;
  for (const { key, name } of STRESS_COMPONENTS) {
    const basis = key === 'koreaUsVol' ? (ready('impliedRatio') ? 'implied' : 'realized') : undefined;
    const series = basis === 'implied' ? 'impliedRatio' : basis === 'realized' ? 'realizedRatio' : (key as Exclude<ComponentKey, 'koreaUsVol'>);
    const { pct, count } = ranks[series];
    const usable = count >= opts.minHistory && (key !== 'impliedVol' || ready('impliedVol'));
    components.push({
      key,
      name,
      value: s[series][i]!,
      percentile: usable ? pct : NaN,
      historySessions: count,
      ...(basis ? { basis } : {}),
    });
  }
  const ranked = components.filter((c) => Number.isFinite(c.percentile));
  const score = ranked.length ? (100 * ranked.reduce((a, c) => a + c.percentile, 0)) / ranked.length : NaN;
  return { date: s.dates[i]!, score, components };
}

/** Scores for the last `sessions` KOSPI dates: each component series computed once, then ranked per date. */
export function stressScoreHistory(
  inputs: StressInputs,
  sessions: number,
  opts: StressOptions = DEFAULT_STRESS_OPTIONS,
): { dates: string[]; scores: number[]; last: StressScore | undefined } {
  const s = stressComponentSeries(inputs, opts, sessions + opts.rankSessions);
  const dates: string[] = [];
  const scores: number[] = [];
  let last: StressScore | undefined;
  const first = Math.max(0, s.dates.length - sessions);
  const rankers = Object.fromEntries(SERIES_KEYS.map((k) => [k, slidingRanker(s[k], opts.rankSessions, first)])) as Record<SeriesKey, (i: number) => Rank>;
  for (let i = first; i < s.dates.length; i++) {
    last = stressScoreAt(s, i, opts, (key) => rankers[key](i));
    dates.push(last.date);
    scores.push(last.score);
  }
  return { dates, scores, last };
}
