import { z } from 'zod';
import type { ChartSpec, Command, Context, Point, Report, Series } from '../core/types.ts';
import { percentileWords, toneOfPercentile } from '../core/presentation.ts';
import { DataError, UsageError } from '../core/errors.ts';
import { asof as asofArg, lookback as lookbackArg } from './args.ts';
import { finishReport, fixed, pctAbs, reported, type Summarizer } from './report.ts';
import { countUpTo, lastBefore, lastUpTo } from '../analytics/series.ts';
import { freshnessOf, staleText } from '../data/freshness.ts';
import { messages, type Messages } from '../core/i18n/index.ts';
import { impliedVolRatioSeries, realizedVolRatioSeries, standingOfLast, type RatioSeries } from '../analytics/volRatio.ts';

const EXAMPLE = '/vol-ratio lookback=1y';
const RV_SESSIONS = 21;
/** VKOSPI older than this many KRX sessions counts as missing. */
/** How many KRX sessions a past day's ratio may carry the last VKOSPI close forward over (data gaps in history). */
const HISTORY_GAP_SESSIONS = 5;

const args = z.object({
  lookback: lookbackArg.prefault('1y').describe('history to rank today against: 90d, 6m, 1y, 3y… (252 sessions a year)'),
  asof: asofArg.describe('replay a past day YYYY-MM-DD with no look-ahead'),
});

/** 252 → "1y", 126 → "6m", 90 → "90d". */
export const sessionsLabel = (n: number): string => (n % 252 === 0 ? `${n / 252}y` : n % 21 === 0 ? `${n / 21}m` : `${n}d`);


export const finiteOrNull = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

/** Stamp a US series at the session Seoul knows at t (strictly before t). */
export const usAsOf = (points: readonly Point[], t: string): string => lastBefore(points, t)?.date ?? '0000-00-00';

async function seriesOrReason(ctx: Context, symbol: string): Promise<Series | string> {
  try {
    return await ctx.market.series(symbol);
  } catch (err) {
    if (err instanceof DataError) return err.message;
    throw err;
  }
}

// Each day's ratio sees only its own past (VKOSPI on or before it, US closes strictly before it), so the
// whole history is computed once per set of series and an asof= is its first n days: /alert's replay
// asks for every past session.
const ratioCache = new WeakMap<readonly Point[], { others: readonly (readonly Point[])[]; series: RatioSeries }[]>();

function cached(kospi: Series, others: readonly Series[], make: () => RatioSeries): RatioSeries {
  const pts = others.map((o) => o.points);
  const list = ratioCache.get(kospi.points) ?? [];
  const hit = list.find((e) => e.others.length === pts.length && e.others.every((o, i) => o === pts[i]));
  if (hit) return hit.series;
  const series = make();
  ratioCache.set(kospi.points, [...list, { others: pts, series }]);
  return series;
}

const upTo = (n: number, s: RatioSeries): RatioSeries =>
  n === s.dates.length ? s : { dates: s.dates.slice(0, n), ratio: s.ratio.slice(0, n), kr: s.kr.slice(0, n), us: s.us.slice(0, n) };

export const volRatio: Command<typeof args> = {
  name: 'vol-ratio',
  summary: 'Is Korean implied vol extreme vs the US? VKOSPI/VIX, its z-score and percentile over a lookback.',
  args,
  examples: [EXAMPLE, '/vol-ratio lookback=3y', '/vol-ratio asof=2024-08-05'],
  explains: [
    'Ratio: latest VKOSPI close on or before the KRX session / VIX close of the latest New York session before it (what Seoul knows).',
    'z-score: (today − mean) / sample std of the ratio over the lookback (today included).',
    'Percentile: share of lookback sessions with a ratio at or below today’s.',
    'Bands on the chart: 10th–90th and 25th–75th percentiles of the lookback; the line is the median.',
    `Realized basis (when VKOSPI is missing or its last close is older than 1 KRX session, the freshness limit of an index close): KOSPI ${RV_SESSIONS}-day realized vol / Nasdaq-100 ${RV_SESSIONS}-day realized vol as known in Seoul; not comparable with the implied ratio’s level.`,
  ],
  async run({ lookback, asof }, ctx) {
    const m = messages(ctx.locale);
    const v = m.volRatio;
    const fx = (x: number, d?: number) => m.f.fixed(x, d);
    const kospi = await ctx.market.series('KOSPI');
    const sessions = countUpTo(kospi.points, asof);
    const asOf = kospi.points[sessions - 1]?.date;
    if (!asOf) throw new DataError('KOSPI', kospi.source, `no session on or before ${asof}`);

    const [vkospi, vix] = await Promise.all([seriesOrReason(ctx, 'VKOSPI'), seriesOrReason(ctx, 'VIX')]);
    let fallback: string | undefined;
    let series: RatioSeries | undefined;
    if (typeof vkospi === 'string' || typeof vix === 'string') {
      fallback = [vkospi, vix].filter((s) => typeof s === 'string').join('; ');
    } else {
      // Past days may bridge a short VKOSPI gap (the history's shape); today's value obeys the freshness limit.
      series = upTo(sessions, cached(kospi, [vkospi, vix], () => impliedVolRatioSeries(kospi.points.map((p) => p.date), vkospi.points, vix.points, HISTORY_GAP_SESSIONS)));
      const today = freshnessOf({ symbol: 'VKOSPI', kind: 'index', market: 'KR', last: lastUpTo(vkospi.points, asOf)?.date ?? null }, asOf);
      if (!today.fresh || !Number.isFinite(series.ratio.at(-1))) fallback = staleText(today, asOf, undefined, ctx.locale);
    }
    const ndx = fallback ? await ctx.market.series('NDX') : undefined;
    if (ndx) series = upTo(sessions, cached(kospi, [ndx], () => realizedVolRatioSeries(kospi.points, ndx.points, RV_SESSIONS)));
    const basis = ndx ? 'realized' : 'implied';
    const s = series!;
    if (!Number.isFinite(s.ratio.at(-1))) {
      throw new DataError('NDX', ndx?.source ?? 'market', `not enough history before ${asOf} for a ${RV_SESSIONS}-day realized vol`);
    }

    // the lookback's sessions with a ratio, newest last: scanned back from today, as far as needed
    const window: number[] = [];
    for (let i = s.ratio.length - 1; i >= 0 && window.length < lookback; i--) if (Number.isFinite(s.ratio[i])) window.push(i);
    window.reverse();
    if (window.length < lookback) {
      const what = basis === 'implied' ? 'VKOSPI/VIX' : v.err.realizedWhat;
      const have = window.length >= 20 ? v.err.tryLookback(window.length) : '';
      throw new UsageError(v.err.lookback(sessionsLabel(lookback), lookback, what, asOf, window.length, (window.length / 252).toFixed(1), have, EXAMPLE));
    }
    const values = window.map((i) => s.ratio[i]!);
    const st = standingOfLast(values);
    const kr = s.kr.at(-1)!;
    const us = s.us.at(-1)!;
    const label = v.span(lookback);
    const name = basis === 'implied' ? 'VKOSPI/VIX' : v.realizedName(RV_SESSIONS);
    const ordinal = ctx.locale === 'ko' ? v.ordinal(st.percentile) : percentileWords(st.percentile);

    const notes = fallback
      ? [v.noteFallback(fallback, RV_SESSIONS)]
      : [v.noteVix(asOf)];

    return finishReport(
      'vol-ratio',
      {
        title: v.title(name, label),
        headline: v.headline(name, fixed(st.value), ordinal, label, `${st.zScore >= 0 ? '+' : ''}${fixed(st.zScore, 1)}`, basis === 'realized'),
        tone: toneOfPercentile(st.percentile),
        fields: [
          { label: v.lRatio, value: fixed(st.value), tone: toneOfPercentile(st.percentile) },
          { label: v.lZ(label), value: fx(st.zScore, 2) },
          { label: v.lPercentile(label), value: pctAbs(st.percentile, 0) },
          { label: v.lMedian(label), value: fixed(st.median) },
          basis === 'implied'
            ? { label: 'VKOSPI / VIX', value: `${fixed(kr)} / ${fixed(us)}` }
            : { label: `RV${RV_SESSIONS} KOSPI / NDX`, value: `${pctAbs(kr)} / ${pctAbs(us)}` },
          { label: v.lBasis, value: basis === 'implied' ? v.basisImplied : v.basisRealized },
        ],
        notes,
        charts: [ratioChart(name, label, window.map((i) => s.dates[i]!), values, st, basis, ordinal, v)],
        data: {
          ratio: st.value,
          zScore: finiteOrNull(st.zScore),
          percentile: st.percentile,
          vkospi: basis === 'implied' ? kr : null,
          vix: basis === 'implied' ? us : null,
          basis,
          lookbackSessions: lookback,
          asOf,
          median: st.median,
          ...(basis === 'realized' ? { krRealizedVol: kr, usRealizedVol: us, fallbackReason: fallback } : {}),
        },
        dates: { asked: asof, answered: asOf, anchor: kospi },
        used:
          basis === 'implied'
            ? [
                { series: kospi, asof: asOf },
                { series: vkospi as Series, asof: asOf },
                { series: vix as Series, asof: usAsOf((vix as Series).points, asOf) },
              ]
            : [
                { series: kospi, asof: asOf },
                { series: ndx!, asof: usAsOf(ndx!.points, asOf) },
              ],
      },
      ctx,
    );
  },
};

/** The ratio over the lookback in its percentile bands, today tagged with its value and percentile. */
function ratioChart(
  name: string,
  label: string,
  dates: string[],
  values: number[],
  st: { value: number; percentile: number; median: number; p10: number; p25: number; p75: number; p90: number },
  basis: 'implied' | 'realized',
  ordinal: string,
  v: Messages['volRatio'],
): ChartSpec {
  return {
    title: v.chartTitle(name, label, fixed(st.value), ordinal),
    subtitle: v.chartSubtitle(label, basis === 'realized'),
    footer: '',
    panels: [
      {
        kind: 'line',
        labels: dates,
        series: [{ name, values, mark: `${fixed(st.value)} · p${Math.round(st.percentile * 100)}` }],
        bands: [
          { from: st.p10, to: st.p90, label: v.band90 },
          { from: st.p25, to: st.p75, label: v.band75 },
        ],
        refLines: [{ y: st.median, label: v.median(fixed(st.median)) }],
      },
    ],
  };
}

/** The numbers of a /vol-ratio answer other answers compose: VKOSPI/VIX, its z-score and percentile over the history. */
export type VolRatioSummary = Record<'ratio' | 'zScore' | 'percentile', number | null>;

const summarySource = z.object({ ratio: reported, zScore: reported, percentile: reported });

export const volRatioSummary = (report: Pick<Report, 'data'>): VolRatioSummary => summarySource.parse(report.data);

export const volRatioNumbers: Summarizer<keyof VolRatioSummary> = {
  command: volRatio.name, read: volRatioSummary, units: { ratio: 'ratio', zScore: 'ratio', percentile: 'pct' },
};
