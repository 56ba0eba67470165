import { z } from 'zod';
import type { ChartSpec, Command, Point, Report } from '../core/types.ts';
import { DataError, UsageError } from '../core/errors.ts';
import { asof as asofArg, int } from './args.ts';
import { finishReport, fixed, reported, type Summarizer } from './report.ts';
import { finiteOrNull, usAsOf } from './volRatio.ts';
import { toneOfPercentile } from '../core/presentation.ts';
import { messages, type Messages } from '../core/i18n/index.ts';
import { median, percentileRank } from '../analytics/stats.ts';
import { realizedVol } from '../analytics/returns.ts';
import { countDatesUpTo, lastUpTo, tailUpTo } from '../analytics/series.ts';
import { rebase100 } from '../analytics/basket.ts';
import { freshnessOf, staleText } from '../data/freshness.ts';
import { addDays } from '../data/calendar.ts';
import { betaEndingAt, corrAndBeta, corrEndingAt, pairOnKrDates, pairedLogReturns, usRealizedVolKnownAt, type Paired } from '../analytics/pairing.ts';

const EXAMPLE = '/corr window=60 vs=NDX';
const HISTORY_SESSIONS = 3 * 252;
const CHART_SESSIONS = 252;

const args = z.object({
  window: int(10, 500).prefault('60').describe('correlation window in KRX sessions, 10–500'),
  vs: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(z.enum(['NDX', 'SOX'], { error: 'must be NDX or SOX' }))
    .prefault('NDX')
    .describe('US index: NDX (Nasdaq-100) or SOX (PHLX Semiconductor)'),
  lag: z
    .enum(['0', '1'], { error: 'must be 1 (Seoul sees the prior New York close) or 0 (naive same-date closes)' })
    .transform(Number)
    .prefault('1')
    .describe('1: KOSPI day t vs the US close Seoul knows at t; 0: naive same-date closes'),
  asof: asofArg.describe('replay a past day YYYY-MM-DD with no look-ahead'),
});

/**
 * A pair's whole history paired and in returns, per pair of series objects (the same until the data
 * layer refreshes them). Pairing up to a day is the whole pairing's prefix (each KRX day reads only US
 * closes before it), so every asof= is a count into it; a window's correlation and beta ending on an
 * index are the same numbers every time, so each is computed once.
 */
interface PairHistory {
  paired: Paired;
  returns: Paired;
  corr: Map<number, Map<number, number | null>>;
  beta: Map<number, Map<number, number | null>>;
}
const pairHistories = new WeakMap<readonly Point[], WeakMap<readonly Point[], { lag0?: PairHistory; lag1?: PairHistory }>>();
/** Windows remembered per pair and figure (a window is 10–500; most asks use one or two). */
const WINDOWS_KEPT = 8;

function pairHistory(kr: readonly Point[], us: readonly Point[], sameDate: boolean): PairHistory {
  let byUs = pairHistories.get(kr);
  if (!byUs) pairHistories.set(kr, (byUs = new WeakMap()));
  let lags = byUs.get(us);
  if (!lags) byUs.set(us, (lags = {}));
  const key = sameDate ? 'lag0' : 'lag1';
  let h = lags[key];
  if (!h) {
    const paired = pairOnKrDates(kr, us, undefined, sameDate);
    lags[key] = h = { paired, returns: pairedLogReturns(paired), corr: new Map(), beta: new Map() };
  }
  return h;
}

/** `figure` of the `window` returns ending at each index of `h.returns`, each computed once. */
function endingAt(h: PairHistory, kind: 'corr' | 'beta', window: number): (i: number) => number | null {
  const byWindow = h[kind];
  let memo = byWindow.get(window);
  if (!memo) {
    if (byWindow.size >= WINDOWS_KEPT) byWindow.delete(byWindow.keys().next().value!);
    byWindow.set(window, (memo = new Map()));
  }
  const figure = kind === 'corr' ? corrEndingAt : betaEndingAt;
  return (i) => {
    let v = memo.get(i);
    if (v === undefined) memo.set(i, (v = figure(h.returns, window, i)));
    return v;
  };
}

const firstOf = (p: Paired, n: number): Paired => ({ dates: p.dates.slice(0, n), kr: p.kr.slice(0, n), us: p.us.slice(0, n) });

export const corr: Command<typeof args> = {
  name: 'corr',
  summary: 'Do KOSPI and the Nasdaq-100 still move in lockstep? Rolling correlation, beta and vol amplification.',
  args,
  examples: [EXAMPLE, '/corr vs=SOX window=120', '/corr lag=0', '/corr asof=2024-08-05'],
  explains: [
    'Pairing: KOSPI day t against the US close of the latest New York session before t (New York closes before Seoul opens); both returns are daily log returns between consecutive KOSPI sessions.',
    'Correlation: Pearson correlation of those paired returns over the last `window` KOSPI sessions.',
    'Beta: OLS slope of the KOSPI return on the US return over the same window (1.2 = KOSPI moves 1.2 % per 1 % of the US index).',
    'Vol amplification: KOSPI realized vol / US realized vol over `window` sessions, the US one over its own sessions before t.',
    'Correlation percentile: share of the last 3 years of rolling correlations at or below today’s.',
    'lag=0: naive same-calendar-date closes, for comparison only (it pairs KOSPI with a US close that comes after Seoul’s).',
  ],
  async run({ window, vs, lag, asof }, ctx) {
    const m = messages(ctx.locale);
    const t = m.corr;
    const f = m.f;
    const [kospi, us] = await Promise.all([ctx.market.series('KOSPI'), ctx.market.series(vs)]);
    const whole = pairHistory(kospi.points, us.points, lag === 0);
    const paired = firstOf(whole.paired, countDatesUpTo(whole.paired.dates, asof));
    const asOf = paired.dates.at(-1);
    if (!asOf || paired.dates.length < 12) {
      throw new DataError('KOSPI', kospi.source, t.err.fewPaired(vs, asof));
    }
    // A US series that stopped would pair KOSPI with flat, stale closes: refused by the freshness rule.
    const usFresh = freshnessOf({ symbol: vs, kind: 'index', market: 'US', last: lastUpTo(us.points, lag === 1 ? addDays(asOf, -1) : asOf)?.date ?? null }, asOf);
    if (lag === 1 && !usFresh.fresh) throw new DataError(vs, us.source, staleText(usFresh, asOf, undefined, ctx.locale));
    const rets = firstOf(whole.returns, Math.max(0, paired.dates.length - 1));
    if (window > rets.kr.length) {
      throw new UsageError(t.err.window(window, window + 1, vs, paired.dates.length, asOf, rets.kr.length, EXAMPLE));
    }
    const { corr: c, beta } = corrAndBeta(rets, window);
    const krVol = realizedVol(tailUpTo(kospi.points, asOf, window + 1).map((p) => p.close), window);
    const usVol = usRealizedVolKnownAt(us.points, asOf, window);
    const volAmplification = krVol / usVol;

    const tail = { dates: rets.dates.slice(-(HISTORY_SESSIONS + window - 1)), kr: rets.kr.slice(-(HISTORY_SESSIONS + window - 1)), us: rets.us.slice(-(HISTORY_SESSIONS + window - 1)) };
    // the tail's own indices: a window reaching before the tail is no value, as if only the tail were known
    const offset = rets.kr.length - tail.kr.length;
    const corrAt = endingAt(whole, 'corr', window);
    const betaAt = endingAt(whole, 'beta', window);
    const rolling = tail.kr.map((_, i) => (i + 1 < window ? null : corrAt(offset + i)));
    const history = rolling.filter((x): x is number => x !== null && Number.isFinite(x)).slice(-HISTORY_SESSIONS);
    const corrPercentile = percentileRank(history, c);
    const corrMedian = median(history);
    const histLabel = history.length >= HISTORY_SESSIONS ? t.threeYears : t.sessions(history.length);

    const chartDates = paired.dates.slice(-(CHART_SESSIONS + 1));
    const n = chartDates.length;
    const name = t.names[vs];
    const usLabel = lag === 1 ? t.usKnown(vs) : t.usSameDate(vs);
    const notes = [lag === 1 ? t.notePairing(vs) : t.noteNaive];
    if (history.length < HISTORY_SESSIONS) notes.push(t.noteShortHistory(history.length));

    return finishReport(
      'corr',
      {
        title: t.title(name, window, lag === 0),
        headline: t.headline(vs, window, f.fixed(c), f.fixed(beta), m.volRatio.ordinal(corrPercentile), histLabel, f.fixed(volAmplification, 1)),
        tone: toneOfPercentile(corrPercentile),
        fields: [
          { label: t.lCorr, value: f.fixed(c), tone: toneOfPercentile(corrPercentile) },
          { label: t.lBeta, value: f.fixed(beta) },
          { label: t.lAmp, value: t.ampValue(f.fixed(volAmplification), f.pctAbs(krVol), f.pctAbs(usVol)) },
          { label: t.lPercentile(histLabel), value: f.pctAbs(corrPercentile, 0) },
          { label: t.lMedian(histLabel), value: f.fixed(corrMedian) },
          { label: t.lPairing, value: lag === 1 ? t.pairingKnown : t.pairingNaive },
        ],
        notes,
        charts: [
          corrChart(t, { name, vs, usLabel, window, dates: chartDates, kr: paired.kr.slice(-n), us: paired.us.slice(-n), returns: tail, rolling, betaAt: (i) => (i + 1 < window ? null : betaAt(offset + i)), corr: c, beta, corrPercentile, corrMedian, histLabel }),
        ],
        data: {
          corr: finiteOrNull(c),
          beta: finiteOrNull(beta),
          window,
          lag,
          vs,
          volAmplification: finiteOrNull(volAmplification),
          corrPercentile: finiteOrNull(corrPercentile),
          asOf,
          krRealizedVol: finiteOrNull(krVol),
          usRealizedVol: finiteOrNull(usVol),
          corrMedian: finiteOrNull(corrMedian),
          historySessions: history.length,
        },
        dates: { asked: asof, answered: asOf, anchor: kospi },
        used: [
          { series: kospi, asof: asOf },
          { series: us, asof: lag === 1 ? usAsOf(us.points, asOf) : asOf },
        ],
      },
      ctx,
    );
  },
};

/**
 * Rebased prices, the rolling correlation (its axis fitted to the data, so a fall from 0.56 to 0.28 shows)
 * and the rolling beta, all on the same dates, today tagged on each.
 */
function corrChart(t: Messages['corr'], o: {
  name: string;
  vs: string;
  usLabel: string;
  window: number;
  dates: string[];
  kr: number[];
  us: number[];
  returns: { dates: string[]; kr: number[]; us: number[] };
  rolling: (number | null)[];
  /** The rolling beta ending at an index of `returns`. */
  betaAt: (i: number) => number | null;
  corr: number;
  beta: number;
  corrPercentile: number;
  corrMedian: number;
  histLabel: string;
}): ChartSpec {
  const { window: w, returns } = o;
  const corrOn = new Map(returns.dates.map((d, i) => [d, o.rolling[i] ?? null]));
  // The rolling beta of the chart's dates only: the returns reach three years back for the correlation's history.
  const shown = new Set(o.dates);
  const betaOn = new Map<string, number | null>();
  returns.dates.forEach((d, i) => {
    if (shown.has(d)) betaOn.set(d, o.betaAt(i));
  });
  const at = (m: Map<string, number | null>) => o.dates.map((d) => {
    const v = m.get(d);
    return v !== undefined && v !== null && Number.isFinite(v) ? v : null;
  });
  return {
    title: t.chart.title(o.name, w, fixed(o.corr), fixed(o.beta)),
    subtitle: t.chart.subtitle(w, o.vs),
    height: 820,
    footer: '',
    panels: [
      {
        kind: 'line',
        weight: 2,
        labels: o.dates,
        series: [
          { name: 'KOSPI', values: rebase100(o.kr), mark: true },
          { name: o.usLabel, values: rebase100(o.us), mark: true },
        ],
      },
      {
        kind: 'line',
        weight: 1.5,
        labels: o.dates,
        series: [{ name: t.chart.corr(w), values: at(corrOn), color: '#009E73', mark: `${fixed(o.corr)} · p${Math.round(o.corrPercentile * 100)}` }],
        refLines: [{ y: o.corrMedian, label: t.chart.median(o.histLabel, fixed(o.corrMedian)) }],
      },
      {
        kind: 'line',
        weight: 1.3,
        labels: o.dates,
        series: [{ name: t.chart.beta(w, o.vs), values: at(betaOn), color: '#CC79A7', mark: fixed(o.beta) }],
      },
    ],
  };
}

/** The numbers of a /corr answer other answers compose: correlation, beta and KOSPI's vol over the other index's. */
export type CorrSummary = Record<'corr' | 'beta' | 'volAmplification', number | null>;

const summarySource = z.object({ corr: reported, beta: reported, volAmplification: reported });

export const corrSummary = (report: Pick<Report, 'data'>): CorrSummary => summarySource.parse(report.data);

export const corrNumbers: Summarizer<keyof CorrSummary> = {
  command: corr.name, read: corrSummary, units: { corr: 'ratio', beta: 'ratio', volAmplification: 'ratio' },
};
