import { z } from 'zod';
import type { ChartSpec, Command, Report, Series, Tone } from '../core/types.ts';
import { DataError } from '../core/errors.ts';
import { asof as asofArg } from './args.ts';
import { finishReport, pct, reported, type Summarizer } from './report.ts';
import { finiteOrNull, usAsOf } from './volRatio.ts';
import { lastUpTo, tailUpTo, usCloseKnownAt } from '../analytics/series.ts';
import {
  avgPairwiseCorr, basketLogReturns, closesOnOrBefore, dispersion, equalWeightRebased, equalWeightReturn,
  gappedLogReturns, lastWindowCorr, rebase100, relativeReturn, spanReturn,
} from '../analytics/basket.ts';
import { SYMBOL_INFO } from '../data/symbols.ts';
import { freshnessOf, staleText } from '../data/freshness.ts';
import { messages, type Messages } from '../core/i18n/index.ts';

const MONTH = 21;
const QUARTER = 63;
const CORR_WINDOW = 60;
const CHART_SESSIONS = 126;
/** A member whose latest close is more than this many KRX sessions old counts as missing. */

const args = z.object({ asof: asofArg.describe('replay a past day YYYY-MM-DD with no look-ahead') });

/** `AI_BASKET` as configured: "SAMSUNG, skhynix,TSMC" → ['SAMSUNG', 'SKHYNIX', 'TSMC']. */
export function parseBasket(list: string): string[] {
  return [...new Set(list.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean))];
}

export interface Leg {
  symbol: string;
  return1m: number | null;
  return3m: number | null;
  relVsNdx1m: number | null;
  relVsSox1m: number | null;
  relVsNdx3m: number | null;
  relVsSox3m: number | null;
  corrNdx60: number | null;
}

/** Tone from the basket's 1-month return: calm ≥ −5 % > elevated ≥ −10 % > high ≥ −20 % > extreme. */
function toneOfBasketReturn(r: number): Tone {
  if (!(r < -0.05)) return 'calm';
  if (r >= -0.1) return 'elevated';
  if (r >= -0.2) return 'high';
  return 'extreme';
}

export const aiBasket: Command<typeof args> = {
  name: 'ai-basket',
  summary: 'Is the Asian AI hardware trade still leading? Samsung, SK hynix, TSMC vs Nasdaq-100 and SOX.',
  args,
  examples: ['/ai-basket', '/ai-basket asof=2024-08-05'],
  explains: [
    'Calendar: KRX sessions; each Asian member at its latest close on or before the session, NDX and SOX at the close of the latest New York session before it (what Seoul knows).',
    '1m / 3m return: simple return over the last 21 / 63 KRX sessions.',
    'Basket: equal weights at the start of each span, held, so its return is the average of the members’ returns.',
    'Relative return vs NDX / SOX: member return minus index return over the same span, in return points.',
    'Corr NDX 60d: Pearson correlation of daily log returns with the Nasdaq-100 as known in Seoul over 60 sessions.',
    'Dispersion 1m: cross-sectional standard deviation (population) of the members’ 1m returns; high = the trade is splitting up.',
    'Avg pairwise corr 60d: mean correlation of every pair of members’ daily log returns over 60 sessions.',
    'Tone: from the basket’s 1m return (below −5 % elevated, −10 % high, −20 % extreme).',
  ],
  async run({ asof }, ctx) {
    const m = messages(ctx.locale);
    const t = m.aiBasket;
    const f = m.f;
    const pctL = (x: number | null) => f.pct(x ?? NaN);
    const symbols = parseBasket(ctx.config.AI_BASKET);
    const [kospi, ndx, sox] = await Promise.all(['KOSPI', 'NDX', 'SOX'].map((s) => ctx.market.series(s)));
    const krPts = tailUpTo(kospi!.points, asof, CHART_SESSIONS + 1);
    const asOf = krPts.at(-1)?.date;
    if (!asOf) throw new DataError('KOSPI', kospi!.source, t.noSession(asof));
    const dates = krPts.slice(-(CHART_SESSIONS + 1)).map((p) => p.date);

    const settled = await Promise.allSettled(symbols.map((s) => ctx.market.series(s)));
    const present: { series: Series; closes: (number | null)[] }[] = [];
    const missing: { symbol: string; reason: string }[] = [];
    settled.forEach((r, i) => {
      const symbol = symbols[i]!;
      if (r.status === 'rejected') {
        if (!(r.reason instanceof DataError)) throw r.reason;
        return void missing.push({ symbol, reason: r.reason.message });
      }
      const market = SYMBOL_INFO[symbol]?.market ?? 'KR';
      const fresh = freshnessOf({ symbol, kind: 'index', market, last: lastUpTo(r.value.points, asOf)?.date ?? null }, asOf);
      if (!fresh.fresh) return void missing.push({ symbol, reason: staleText(fresh, asOf, undefined, ctx.locale) });
      // A US-listed member is known in Seoul only at its previous New York close, like the indices.
      const closes = SYMBOL_INFO[symbol]?.market === 'US' ? usCloseKnownAt(dates, r.value.points) : closesOnOrBefore(dates, r.value.points);
      present.push({ series: r.value, closes });
    });
    if (present.length === 0) {
      throw new DataError(symbols.join(','), 'market', t.noMember(missing.map((x) => x.reason).join('; ')));
    }

    const ndxC = usCloseKnownAt(dates, ndx!.points);
    const soxC = usCloseKnownAt(dates, sox!.points);
    const ndxLr = gappedLogReturns(ndxC);
    const bench = (c: (number | null)[]) => ({ return1m: spanReturn(c, MONTH), return3m: spanReturn(c, QUARTER) });
    const ndxR = bench(ndxC);
    const soxR = bench(soxC);
    const leg = (symbol: string, r1: number, r3: number, lr: number[]): Leg => ({
      symbol,
      return1m: finiteOrNull(r1),
      return3m: finiteOrNull(r3),
      relVsNdx1m: finiteOrNull(relativeReturn(r1, ndxR.return1m)),
      relVsSox1m: finiteOrNull(relativeReturn(r1, soxR.return1m)),
      relVsNdx3m: finiteOrNull(relativeReturn(r3, ndxR.return3m)),
      relVsSox3m: finiteOrNull(relativeReturn(r3, soxR.return3m)),
      corrNdx60: finiteOrNull(lastWindowCorr(lr, ndxLr, CORR_WINDOW)),
    });
    const memberLr = present.map((m) => gappedLogReturns(m.closes));
    const r1s = present.map((m) => spanReturn(m.closes, MONTH));
    const r3s = present.map((m) => spanReturn(m.closes, QUARTER));
    const members = present.map((m, i) => leg(m.series.symbol, r1s[i]!, r3s[i]!, memberLr[i]!));
    const basket = leg('BASKET', equalWeightReturn(r1s), equalWeightReturn(r3s), basketLogReturns(memberLr));
    const dispersion1m = present.length >= 2 ? dispersion(r1s) : NaN;
    const avgPairwiseCorr60 = avgPairwiseCorr(memberLr, CORR_WINDOW);
    const b1 = basket.return1m ?? NaN;

    const fmtLeg = (l: Leg) => t.leg(pctL(l.return1m), pctL(l.relVsNdx1m), pctL(l.relVsSox1m), pctL(l.return3m), f.fixed(l.corrNdx60 ?? NaN));
    const notes = missing.map((x) => t.noteMissing(x.symbol, x.reason));
    notes.push(t.noteTiming(present.map((x) => x.series.symbol).join(', ')));

    return finishReport(
      'ai-basket',
      {
        title: t.title,
        headline: t.headline(f.pct(b1), f.pct(ndxR.return1m), f.pct(soxR.return1m), f.pctAbs(dispersion1m), f.fixed(avgPairwiseCorr60)),
        tone: toneOfBasketReturn(b1),
        fields: [
          { label: t.lBasket, value: fmtLeg(basket), tone: toneOfBasketReturn(b1) },
          ...members.map((l) => ({ label: l.symbol, value: fmtLeg(l) })),
          ...missing.map((x) => ({ label: x.symbol, value: t.missingValue })),
          { label: 'NDX', value: t.index(f.pct(ndxR.return1m), f.pct(ndxR.return3m)) },
          { label: 'SOX', value: t.index(f.pct(soxR.return1m), f.pct(soxR.return3m)) },
          { label: t.lDispersion, value: f.pctAbs(dispersion1m) },
          { label: t.lPairwise, value: f.fixed(avgPairwiseCorr60) },
        ],
        notes,
        charts: [
          basketChart(t, {
            dates,
            memberCloses: present.map((m) => m.closes),
            closes: { NDX: ndxC, SOX: soxC },
            members: [basket, ...members],
            ndx: ndxR,
            sox: soxR,
          }),
        ],
        data: {
          members,
          missing,
          basket,
          ndx: { return1m: finiteOrNull(ndxR.return1m), return3m: finiteOrNull(ndxR.return3m) },
          sox: { return1m: finiteOrNull(soxR.return1m), return3m: finiteOrNull(soxR.return3m) },
          dispersion1m: finiteOrNull(dispersion1m),
          avgPairwiseCorr60: finiteOrNull(avgPairwiseCorr60),
          asOf,
        },
        dates: { asked: asof, answered: asOf, anchor: kospi! },
        used: [
          { series: kospi!, asof: asOf },
          ...present.map((m) => ({ series: m.series, asof: SYMBOL_INFO[m.series.symbol]?.market === 'US' ? usAsOf(m.series.points, asOf) : asOf })),
          { series: ndx!, asof: usAsOf(ndx!.points, asOf) },
          { series: sox!, asof: usAsOf(sox!.points, asOf) },
        ],
      },
      ctx,
    );
  },
};

/**
 * The basket against NDX and SOX over its 3-month horizon (the 1-month start marked), and each member's
 * 1m and 3m return beside the indices': three lines and one bar panel instead of a tangle of six.
 */
function basketChart(t: Messages['aiBasket'], o: {
  dates: string[];
  memberCloses: (number | null)[][];
  closes: { NDX: (number | null)[]; SOX: (number | null)[] };
  members: Leg[];
  ndx: { return1m: number; return3m: number };
  sox: { return1m: number; return3m: number };
}): ChartSpec {
  const n = Math.min(o.dates.length, QUARTER + 1);
  const tail = <T,>(xs: readonly T[]) => xs.slice(-n);
  const rebasedTail = (xs: readonly (number | null)[]) => rebase100(tail(xs));
  const b1 = o.members[0]!.return1m;
  const b3 = o.members[0]!.return3m;
  const rows = [
    ...o.members.map((l) => ({ name: l.symbol === 'BASKET' ? t.lBasket : l.symbol, r1: l.return1m, r3: l.return3m })),
    { name: 'NDX', r1: finiteOrNull(o.ndx.return1m), r3: finiteOrNull(o.ndx.return3m) },
    { name: 'SOX', r1: finiteOrNull(o.sox.return1m), r3: finiteOrNull(o.sox.return3m) },
  ];
  return {
    title: t.chart.title(pct(b1 ?? NaN), pct(b3 ?? NaN), pct(o.ndx.return1m), pct(o.ndx.return3m)),
    subtitle: t.chart.subtitle,
    height: 760,
    footer: '',
    panels: [
      {
        kind: 'line',
        weight: 3,
        labels: tail(o.dates),
        series: [
          { name: t.chart.basketLine, values: equalWeightRebased(o.memberCloses.map((c) => tail(c))), mark: true, color: '#0072B2' },
          { name: 'NDX', values: rebasedTail(o.closes.NDX), mark: true, color: '#E69F00', dashed: true },
          { name: 'SOX', values: rebasedTail(o.closes.SOX), mark: true, color: '#CC79A7', dashed: true },
        ],
        vLines: n > MONTH ? [{ x: n - 1 - MONTH, label: t.chart.monthAgo, color: '#6b7280' }] : [],
      },
      {
        kind: 'bar',
        weight: 2,
        labels: rows.map((r) => r.name),
        series: [
          { name: t.chart.r1, kind: 'bar', values: rows.map((r) => r.r1), color: '#56B4E9' },
          { name: t.chart.r3, kind: 'bar', values: rows.map((r) => r.r3), color: '#0072B2' },
        ],
        unit: '%',
      },
    ],
  };
}

/** The numbers of an /ai-basket answer other answers compose: the basket's 1-month move, alone and against NDX and SOX. */
export type AiBasketSummary = Record<'relVsNdx1m' | 'return1m' | 'relVsSox1m' | 'dispersion1m', number | null>;

const summarySource = z.object({
  basket: z.object({ relVsNdx1m: reported, return1m: reported, relVsSox1m: reported }).catch({ relVsNdx1m: null, return1m: null, relVsSox1m: null }),
  dispersion1m: reported,
});

export function aiBasketSummary(report: Pick<Report, 'data'>): AiBasketSummary {
  const { basket, dispersion1m } = summarySource.parse(report.data);
  return { ...basket, dispersion1m };
}

export const aiBasketNumbers: Summarizer<keyof AiBasketSummary> = {
  command: aiBasket.name, read: aiBasketSummary, units: { relVsNdx1m: 'pct', return1m: 'pct', relVsSox1m: 'pct', dispersion1m: 'pct' },
};
