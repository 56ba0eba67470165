// How good a daily stress score is on history: regime shares, episode maxima, quiet-period medians,
// AUROC against event labels and the noise-to-signal ratio of a cut. Pure functions over arrays.
import { median } from './stats.ts';

/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative,
 * ties counted ½ (Mann–Whitney U / (n₊·n₋); Hanley & McNeil 1982). Non-finite scores and null labels
 * are left out; NaN without both classes.
 */
export function auroc(scores: readonly number[], labels: readonly (boolean | null)[]): number {
  const rows: { s: number; y: boolean }[] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    const y = labels[i];
    if (Number.isFinite(s) && y !== null && y !== undefined) rows.push({ s, y });
  }
  rows.sort((a, b) => a.s - b.s);
  let pos = 0;
  let rankSumPos = 0;
  // mid-ranks over runs of equal scores (1-based)
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j < rows.length && rows[j]!.s === rows[i]!.s) j++;
    const midRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (rows[k]!.y) {
        pos++;
        rankSumPos += midRank;
      }
    }
    i = j;
  }
  const neg = rows.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * Noise-to-signal ratio of a signal against events (Kaminsky & Reinhart 1999): the false-alarm rate
 * B/(B+D) over the hit rate A/(A+C), where A = signal & event, B = signal & no event, C = no signal &
 * event, D = neither. Below 1 the signal is informative; NaN without events, Infinity without hits.
 */
export function noiseToSignal(signal: readonly boolean[], events: readonly (boolean | null)[]): { ratio: number; hitRate: number; falseAlarmRate: number } {
  let a = 0, b = 0, c = 0, d = 0;
  for (let i = 0; i < signal.length; i++) {
    const e = events[i];
    if (e === null || e === undefined) continue;
    if (signal[i]) e ? a++ : b++;
    else e ? c++ : d++;
  }
  const hitRate = a + c ? a / (a + c) : NaN;
  const falseAlarmRate = b + d ? b / (b + d) : NaN;
  return { ratio: hitRate > 0 ? falseAlarmRate / hitRate : hitRate === 0 ? Infinity : NaN, hitRate, falseAlarmRate };
}

/**
 * Whether KOSPI falls at least `fall` (0.10 = 10 %) below today's close at some close of the next
 * `sessions` sessions: min(P_{t+1..t+n}) / P_t − 1 ≤ −fall. Null where fewer than n sessions follow.
 */
export function forwardDrawdownLabels(closes: readonly number[], sessions: number, fall: number): (boolean | null)[] {
  const n = closes.length;
  const out: (boolean | null)[] = new Array(n).fill(null);
  // sliding minimum of the next `sessions` closes, right to left, with a monotone deque
  const deque: number[] = [];
  for (let i = n - 1; i >= 0; i--) {
    // window is (i, i + sessions]
    const enter = i + 1;
    if (enter < n) {
      while (deque.length && closes[deque.at(-1)!]! >= closes[enter]!) deque.pop();
      deque.push(enter);
    }
    while (deque.length && deque[0]! > i + sessions) deque.shift();
    // as min ≤ (1 − fall)·P_t, so that an exact 10 % fall is not lost to rounding in a ratio − 1
    if (i + sessions < n) out[i] = closes[deque[0]!]! <= (1 - fall) * closes[i]!;
  }
  return out;
}

export interface Episode {
  name: string;
  from: string;
  to: string;
  /** Where the episode is on the public record. */
  source: string;
  /** Named in issue 13 as one the score must reach "high" in. */
  required?: boolean;
}

/**
 * Korean market stress episodes of the public record, as KRX session windows. Chosen before looking at
 * any score, from the events themselves (the day KOSPI fell, until the sell-off stopped).
 */
export const STRESS_EPISODES: readonly Episode[] = [
  { name: '2000-04 Nasdaq crash (KOSPI −11.6 % on 04-17)', from: '2000-04-14', to: '2000-05-31', source: 'Wikipedia "Dot-com bubble"; KRX daily close 2000-04-17' },
  { name: '2001-09 September 11 (KOSPI −12.0 % on 09-12)', from: '2001-09-12', to: '2001-09-28', source: 'Wikipedia "Economic effects of the September 11 attacks"; KRX daily close 2001-09-12' },
  { name: '2003-03 SK Global accounting fraud and card-debt crisis (KOSPI low 515 on 03-17)', from: '2003-03-03', to: '2003-03-31', source: 'Wikipedia "SK Group" (2003 accounting scandal); KRX daily close' },
  { name: '2007-08 subprime liquidity shock (KOSPI −6.9 % on 08-16)', from: '2007-08-09', to: '2007-08-31', source: 'Wikipedia "2007–2008 financial crisis" (August 2007); KRX daily close' },
  { name: '2008-09/11 global financial crisis (KOSPI −10.6 % on 10-24)', from: '2008-09-15', to: '2008-11-28', source: 'Wikipedia "2008 financial crisis"; KRX daily close 2008-10-24', required: true },
  { name: '2011-08 US downgrade and euro crisis', from: '2011-08-02', to: '2011-09-30', source: 'Wikipedia "August 2011 stock markets fall"', required: true },
  { name: '2015-08 yuan devaluation and inter-Korean tension', from: '2015-08-11', to: '2015-08-31', source: 'Wikipedia "2015–2016 Chinese stock market turbulence"; "2015 Korean border incident"' },
  { name: '2018-10 global October sell-off (KOSPI −13.4 % in the month)', from: '2018-10-01', to: '2018-10-31', source: 'KRX monthly closes (2,343.07 → 2,029.69)' },
  { name: '2020-03 COVID-19 crash (KOSPI low 1,457.64 on 03-19)', from: '2020-02-24', to: '2020-04-10', source: 'Wikipedia "2020 stock market crash"; KRX data portal 2020-03-19', required: true },
  { name: '2022-09/10 bear market low and Legoland credit shock', from: '2022-09-19', to: '2022-10-14', source: 'Bank of Korea Financial Stability Report, Dec 2022 (short-term credit market after the Legoland Korea ABCP default)' },
  { name: '2024-08 global sell-off (KOSPI −8.77 % on 08-05)', from: '2024-08-02', to: '2024-08-16', source: 'Wikipedia "2024 stock market crash" (5 August 2024); KRX daily close', required: true },
  { name: '2024-12 martial law declaration', from: '2024-12-03', to: '2024-12-13', source: 'Wikipedia "2024 South Korean martial law crisis"' },
  { name: '2025-04 US tariff shock (KOSPI −5.6 % on 04-07)', from: '2025-04-03', to: '2025-04-18', source: 'Wikipedia "2025 stock market crash"' },
  { name: '2026-03 crash (KOSPI −12.1 % on 03-04)', from: '2026-03-02', to: '2026-03-31', source: 'KRX closes via FinanceDataReader KS11 (series kospi_ohlc_fdr_2023_2026, kospi_close_foreign_flow_1995_2026)', required: true },
  { name: '2026-06/07 sell-offs (KOSPI −10.0 % on 06-23, −10.8 % on 07-28)', from: '2026-06-01', to: '2026-07-29', source: 'KRX closes with foreign net selling (series kospi_close_foreign_flow_1995_2026)' },
];

export interface QuietPeriod {
  name: string;
  from: string;
  to: string;
  why: string;
}

/**
 * Quiet calendar years, chosen from KOSPI alone and not from any score: annual realized vol ≤ 17 % and
 * the close never more than 13 % below its 52-week high during the year.
 */
export const QUIET_PERIODS: readonly QuietPeriod[] = [
  { name: '2005', from: '2005-01-01', to: '2005-12-31', why: 'vol 16.7 %, worst drawdown −10.9 %' },
  { name: '2010', from: '2010-01-01', to: '2010-12-31', why: 'vol 15.0 %, worst drawdown −10.9 %' },
  { name: '2013', from: '2013-01-01', to: '2013-12-31', why: 'vol 12.3 %, worst drawdown −12.3 %' },
  { name: '2014', from: '2014-01-01', to: '2014-12-31', why: 'vol 10.2 %, worst drawdown −8.9 %' },
  { name: '2017', from: '2017-01-01', to: '2017-12-31', why: 'vol 9.3 %, worst drawdown −5.4 %' },
];

export type Regime = 'calm' | 'elevated' | 'high' | 'extreme';
export const REGIMES: readonly Regime[] = ['calm', 'elevated', 'high', 'extreme'];

export interface ValidationInput {
  dates: readonly string[];
  scores: readonly number[];
  /** Each date's regime where already known (else regimeOf of the score). */
  regimes: readonly (Regime | null)[];
  /** KOSPI closes on the same dates, for the forward-drawdown label. */
  closes: readonly number[];
  /** The score at which "high" starts (for the noise-to-signal ratio). */
  highCut: number;
}

export interface EpisodeResult extends Episode {
  sessions: number;
  maxScore: number | null;
  maxDate: string | null;
  maxRegime: Regime | null;
}

export interface Validation {
  from: string;
  to: string;
  sessions: number;
  shares: Record<Regime, number>;
  highOrWorseShare: number;
  episodes: EpisodeResult[];
  quiet: { name: string; why: string; sessions: number; medianScore: number | null; regime: Regime | null }[];
  auroc: { crisisWindows: number; forwardDrawdown10pct20d: number };
  noiseToSignal: {
    cut: number;
    crisisWindows: ReturnType<typeof noiseToSignal>;
    forwardDrawdown10pct20d: ReturnType<typeof noiseToSignal>;
  };
}

const FORWARD_SESSIONS = 20;
const FORWARD_FALL = 0.1;

/** Every figure of the validation, over the sessions with a finite score. */
export function validateScore(input: ValidationInput, regimeOf: (score: number) => Regime | null, episodes = STRESS_EPISODES, quiet = QUIET_PERIODS): Validation {
  const forward = forwardDrawdownLabels(input.closes, FORWARD_SESSIONS, FORWARD_FALL);
  const idx: number[] = [];
  for (let i = 0; i < input.dates.length; i++) if (Number.isFinite(input.scores[i])) idx.push(i);
  const dates = idx.map((i) => input.dates[i]!);
  const scores = idx.map((i) => input.scores[i]!);
  const regimes = idx.map((i) => input.regimes[i] ?? regimeOf(input.scores[i]!));
  const fwd = idx.map((i) => forward[i]!);
  const inEpisode = dates.map((d) => episodes.some((e) => d >= e.from && d <= e.to));

  const shares = Object.fromEntries(REGIMES.map((r) => [r, 0])) as Record<Regime, number>;
  for (const r of regimes) if (r) shares[r]++;
  for (const r of REGIMES) shares[r] = scores.length ? shares[r] / scores.length : NaN;

  const episodeResults: EpisodeResult[] = episodes.map((e) => {
    let best = -1;
    let sessions = 0;
    for (let k = 0; k < dates.length; k++) {
      if (dates[k]! < e.from || dates[k]! > e.to) continue;
      sessions++;
      if (best < 0 || scores[k]! > scores[best]!) best = k;
    }
    return { ...e, sessions, maxScore: best < 0 ? null : scores[best]!, maxDate: best < 0 ? null : dates[best]!, maxRegime: best < 0 ? null : regimes[best]! };
  });

  const quietResults = quiet.map((q) => {
    const xs = scores.filter((_, k) => dates[k]! >= q.from && dates[k]! <= q.to);
    const m = median(xs);
    return { name: q.name, why: q.why, sessions: xs.length, medianScore: xs.length ? m : null, regime: xs.length ? regimeOf(m) : null };
  });

  const signal = scores.map((s) => s >= input.highCut);
  return {
    from: dates[0] ?? '',
    to: dates.at(-1) ?? '',
    sessions: scores.length,
    shares,
    highOrWorseShare: shares.high + shares.extreme,
    episodes: episodeResults,
    quiet: quietResults,
    auroc: { crisisWindows: auroc(scores, inEpisode), forwardDrawdown10pct20d: auroc(scores, fwd) },
    noiseToSignal: { cut: input.highCut, crisisWindows: noiseToSignal(signal, inEpisode), forwardDrawdown10pct20d: noiseToSignal(signal, fwd) },
  };
}
