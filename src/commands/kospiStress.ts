// /kospi-stress: how stressed is KOSPI right now, and why. Every number follows DESIGN.md "Definitions";
// the score and the `…21d`/`…60` keys are fixed windows so answers stay comparable, while `window=`
// only changes the return / efficiency ratio / realized vol shown in the headline and `data.windowed`.
import { z } from 'zod';
import type { ChartSpec, Command, Point, ReportField, Series } from '../core/types.ts';
import { DataError, UsageError } from '../core/errors.ts';
import { asof as asofArg, int } from './args.ts';
import { finishReport, toneOfScore } from './report.ts';
import { messages, type Messages } from '../core/i18n/index.ts';
import { lastBefore, pointsUpTo, usPointsBefore } from '../analytics/series.ts';
import { realizedVol, simpleReturn } from '../analytics/returns.ts';
import { corrAndBeta, pairOnKrDates, pairedLogReturns, usRealizedVolKnownAt, vkospiVixRatioAt } from '../analytics/pairing.ts';
import { sma, smaSeries, supportTrendline } from '../analytics/trend.ts';
import {
  DEFAULT_STRESS_OPTIONS,
  STRESS_COMPONENTS,
  drawdownFromHigh,
  efficiencyRatio,
  stressScoreHistory,
  type StressComponent,
} from '../analytics/stress.ts';

const args = z.object({
  asof: asofArg,
  window: int(5, 250).optional().describe('sessions for the return, efficiency ratio and vols in the headline (default 21), 5–250'),
});

const MA = 21;
const CORR = 60;
const HIGH = 252;
const CHART_SESSIONS = 252;
const TREND_LOOKBACK = 60;
const TREND_K = 3;
const EXAMPLE = '/kospi-stress asof=2024-08-05';

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
const ordinal = (p: number, m: Messages): string => (Number.isFinite(p) ? `p${Math.round(p * 100)}` : m.kospiStress.unranked);
const toneOfPct = (p: number) => toneOfScore(p * 100);

/** A component's value as traders quote it: drawdown and distance from the MA signed (the model ranks their depth). */
const natural = (c: StressComponent): number => (c.key === 'drawdown' || c.key === 'belowSma' ? -c.value : c.value);

function componentValue(c: StressComponent, { f, kospiStress: k }: Messages): string {
  if (c.key === 'koreaUsVol') return `${f.fixed(c.value)}${c.basis === 'realized' ? k.realizedBasis : ''}`;
  return c.key === 'drawdown' || c.key === 'belowSma' ? f.pct(natural(c)) : f.pctAbs(c.value);
}

export const kospiStress: Command<typeof args> = {
  name: 'kospi-stress',
  summary: 'How stressed KOSPI is now and why: a 0-100 score from vol, drawdown, trend and Korea-vs-US fear, each ranked against 3 years.',
  args,
  examples: ['/kospi-stress', EXAMPLE, '/kospi-stress window=63'],
  explains: [
    'Score 0-100: the mean of each component\'s percentile rank against its own last 756 sessions (3 years) as of the day, no look-ahead; calm < 40 ≤ elevated < 65 ≤ high < 80 ≤ extreme. A component\'s percentile is its stress rank (for drawdown and MA: the deeper below, the higher).',
    ...STRESS_COMPONENTS.map((c) => `Component — ${c.name}: ${c.explain}.`),
    'Close vs 21d MA: close / simple average of the last 21 closes including today − 1.',
    `Trendline: support through recent swing lows (lowest low of ±${TREND_K} sessions within the last ${TREND_LOOKBACK}), the steepest line from the newest swing low that no swing low undercuts; broken = close below it today.`,
    'Return: close / close n sessions ago − 1 (window=, default 21).',
    'Efficiency ratio (ER): |ln(P_t/P_t−n)| / Σ|daily log return|; 1 = straight line, near 0 = violent swings going nowhere.',
    'Realized vol: sample std of the last n daily log returns × √252; NDX as Seoul sees it (US sessions strictly before the KOSPI day). Vol amplification = KOSPI / NDX.',
    'Corr / beta 60d: Pearson correlation and OLS slope of KOSPI on NDX daily log returns over 60 KOSPI sessions, NDX taken at its last close before each KOSPI day.',
    'Drawdown: close / highest close of the last 252 sessions including today − 1.',
    'VKOSPI/VIX: latest VKOSPI on or before the day / VIX close of the last US session before it.',
  ],
  async run({ asof, window: windowArg }, ctx) {
    const w = windowArg ?? MA;
    const opts = DEFAULT_STRESS_OPTIONS;
    const m = messages(ctx.locale);
    const { f, kospiStress: k } = m;
    const { pct, pctAbs, fixed, level } = f;
    // VKOSPI is optional (no free history before 2013): a DataError there means "answer without it".
    // Settled into a value so that a failure elsewhere never leaves its rejection unhandled.
    const vkospiAsk = ctx.market.series('VKOSPI').then(
      (series) => ({ series }),
      (err: unknown) => ({ err }),
    );
    const [kospiS, ndxS, vixS] = (await Promise.all(['KOSPI', 'NDX', 'VIX'].map((s) => ctx.market.series(s)))) as [Series, Series, Series];
    const vkospiGot = await vkospiAsk;
    const notes: string[] = [];
    let vkospiS: Series | null = null;
    if ('series' in vkospiGot) vkospiS = vkospiGot.series;
    else if (vkospiGot.err instanceof DataError) {
      notes.push(k.note.vkospiUnavailable(vkospiGot.err.reason));
    } else throw vkospiGot.err;

    if (kospiS.points.length === 0) throw new DataError('KOSPI', kospiS.source, k.error.noData);
    const kospi = pointsUpTo(kospiS.points, asof);
    if (kospi.length === 0) {
      throw new UsageError(k.error.beforeFirst(asof!, kospiS.points[0]!.date, EXAMPLE));
    }
    const t = kospi.at(-1)!.date;
    if (kospi.length < MA + 1) {
      throw new UsageError(k.error.tooFew(kospi.length, t, MA + 1, EXAMPLE));
    }
    if (kospi.length < w + 1) {
      throw new UsageError(k.error.windowTooLong(w, kospi.length, t));
    }
    const ndx = pointsUpTo(ndxS.points, asof);
    const vix = pointsUpTo(vixS.points, asof);
    const vkospiAll = vkospiS ? pointsUpTo(vkospiS.points, asof) : [];

    // numbers shown, straight from the definitions; none looks back further than the chart plus a year
    const recent = kospi.slice(-(CHART_SESSIONS + HIGH));
    const ndxRecent = usPointsBefore(ndx, t).slice(-(CHART_SESSIONS + HIGH));
    const c = recent.map((p) => p.close);
    const close = c.at(-1)!;
    const sma21 = sma(c, MA);
    const trend = supportTrendline(recent, TREND_LOOKBACK, TREND_K);
    const rvK = realizedVol(c, MA);
    const rvN = usRealizedVolKnownAt(ndxRecent, t, MA);
    const { corr, beta } = corrAndBeta(pairedLogReturns(pairOnKrDates(recent, ndx, t)), CORR);
    const drawdown52w = drawdownFromHigh(c, HIGH);
    const windowed = {
      window: w,
      return: simpleReturn(c, w),
      efficiencyRatio: efficiencyRatio(c, w),
      realizedVol: { kospi: realizedVol(c, w), ndx: usRealizedVolKnownAt(ndxRecent, t, w) },
    };
    const vkLast = vkospiAll.at(-1);
    const vkFresh = vkLast !== undefined && (Date.parse(t) - Date.parse(vkLast.date)) / 86_400_000 <= opts.vkospiMaxAgeDays;
    const vkospiVixRatio = vkFresh ? vkospiVixRatioAt(vkospiAll, vix, t) : NaN;
    if (vkospiS && !vkFresh) {
      notes.push(vkLast ? k.note.vkospiOld(vkLast.date, opts.vkospiMaxAgeDays, t) : k.note.vkospiNone(t));
    }

    // the score, and its history for the chart, from the same component series
    const history = stressScoreHistory({ kospi, ndx, vix, vkospi: vkospiAll }, Math.min(CHART_SESSIONS, kospi.length), opts);
    const now = history.last!;
    if (!Number.isFinite(now.score)) {
      throw new DataError('KOSPI', kospiS.source, k.error.noRank(t));
    }
    const regime = toneOfScore(now.score);
    const comp = Object.fromEntries(now.components.map((x) => [x.key, x])) as Record<StressComponent['key'], StressComponent>;
    if (vkospiS && vkFresh && comp.koreaUsVol.basis === 'realized') {
      notes.push(k.note.vkospiShort);
    }
    const shortest = Math.min(...now.components.filter((x) => Number.isFinite(x.percentile)).map((x) => x.historySessions));
    if (shortest < opts.rankSessions) {
      notes.push(k.note.roughRanks(shortest, t, opts.rankSessions));
    }
    if (kospi.length < HIGH) notes.push(k.note.shortHigh(kospi.length));
    if (w !== MA) notes.push(k.note.window(w));

    const volAmp = rvK / rvN;
    const winVolAmp = windowed.realizedVol.kospi / windowed.realizedVol.ndx;
    const er = windowed.efficiencyRatio;
    const swinging = comp.churn.percentile >= 0.8 || comp.realizedVol.percentile >= 0.8;
    const path = k.path[er < 0.2 ? (swinging ? 'violent' : 'choppy') : er < 0.5 ? 'mixed' : windowed.return < 0 ? 'slide' : 'climb'];
    const score = Math.round(now.score);
    const regimeWord = m.common.tone[regime];
    const headline = k.headline({
      score, regime: regimeWord, w,
      volK: pctAbs(windowed.realizedVol.kospi, 0), volN: pctAbs(windowed.realizedVol.ndx, 0),
      drawdown: pct(drawdown52w, 0), ret: pct(windowed.return), path, er: fixed(er), broken: trend.broken,
    });

    const fields: ReportField[] = [
      { label: k.label.score, value: `${score}/100 (${regimeWord})`, tone: regime },
      {
        label: k.label.components,
        value: now.components.map((x) => `${k.component[x.key]} ${componentValue(x, m)} ${ordinal(x.percentile, m)}`).join(' · '),
      },
      { label: k.label.closeVsMa, value: `${level(close)} ${k.vs} ${level(sma21)} (${pct(close / sma21 - 1)})`, tone: toneOfPct(comp.belowSma.percentile) },
      {
        label: k.label.trendline,
        value: Number.isFinite(trend.value)
          ? k.trendValue(level(trend.value), `${trend.slopePerDay >= 0 ? '+' : ''}${fixed(trend.slopePerDay, 1)}`, trend.broken)
          : k.trendNone,
        tone: trend.broken ? 'high' : 'calm',
      },
      { label: k.label.returnEr(w), value: `${pct(windowed.return)} · ${k.er} ${fixed(er)}`, tone: toneOfPct(comp.churn.percentile) },
      {
        label: k.label.realizedVol(w),
        value: `KOSPI ${pctAbs(windowed.realizedVol.kospi)} ${k.vs} NDX ${pctAbs(windowed.realizedVol.ndx)} (×${fixed(winVolAmp)})`,
        tone: toneOfPct(comp.realizedVol.percentile),
      },
      { label: k.label.drawdown, value: pct(drawdown52w), tone: toneOfPct(comp.drawdown.percentile) },
      { label: k.label.corrBeta(CORR), value: `${fixed(corr)} · ${fixed(beta)}` },
      {
        label: k.label.vkospiVix,
        value: Number.isFinite(vkospiVixRatio) ? fixed(vkospiVixRatio) : k.ratioStandsIn(fixed(volAmp)),
        tone: toneOfPct(comp.koreaUsVol.percentile),
      },
    ];

    const data = {
      asOf: t,
      window: w,
      score: now.score,
      regime,
      components: now.components.map((x) => ({
        key: x.key,
        name: x.name,
        value: finite(natural(x)),
        percentile: finite(x.percentile),
        historySessions: x.historySessions,
        ...(x.basis ? { basis: x.basis } : {}),
      })),
      close,
      sma21,
      pctFromSma21: close / sma21 - 1,
      trendline: {
        value: finite(trend.value),
        broken: trend.broken,
        slopePerDay: finite(trend.slopePerDay),
        anchors: trend.anchors.map((a) => ({ date: a.date, value: a.value })),
      },
      return21d: simpleReturn(c, MA),
      efficiencyRatio21d: finite(efficiencyRatio(c, MA)),
      realizedVol21d: { kospi: finite(rvK), ndx: finite(rvN) },
      volAmplification: finite(volAmp),
      corr60: finite(corr),
      beta60: finite(beta),
      drawdown52w,
      vkospiVixRatio: finite(vkospiVixRatio),
      windowed: {
        window: w,
        return: finite(windowed.return),
        efficiencyRatio: finite(windowed.efficiencyRatio),
        realizedVol: { kospi: finite(windowed.realizedVol.kospi), ndx: finite(windowed.realizedVol.ndx) },
        volAmplification: finite(winVolAmp),
      },
    };

    const used: { series: Series; asof?: string }[] = [
      { series: kospiS, asof: t },
      { series: ndxS, asof: lastBefore(ndx, t)?.date ?? t },
      { series: vixS, asof: lastBefore(vix, t)?.date ?? t },
      ...(vkospiS ? [{ series: vkospiS, asof: t }] : []),
    ];
    return finishReport(
      'kospi-stress',
      { title: k.title(f.date(t)), headline, tone: regime, fields, notes, charts: [chart(recent, trend, history, t, m)], data, used },
      ctx,
    );
  },
};

// tone-tagged, so the renderer's theme colours them whatever language labels them
const REGIME_BANDS = [
  { from: 0, to: 40, tone: 'calm' },
  { from: 40, to: 65, tone: 'elevated' },
  { from: 65, to: 80, tone: 'high' },
  { from: 80, to: 100, tone: 'extreme' },
] as const;

function chart(
  kospi: readonly Point[],
  trend: ReturnType<typeof supportTrendline>,
  history: { dates: string[]; scores: number[] },
  t: string,
  m: Messages,
): ChartSpec {
  const k = m.kospiStress;
  const n = Math.min(CHART_SESSIONS, kospi.length);
  const start = kospi.length - n;
  const labels = kospi.slice(start).map((p) => p.date);
  const ma = smaSeries(kospi.map((p) => p.close), MA).slice(start);
  // the support line drawn from its older anchor to today
  const a = trend.anchors[0];
  const line = labels.map((_, i) => {
    const idx = start + i;
    return a && idx >= a.index ? trend.value - trend.slopePerDay * (kospi.length - 1 - idx) : null;
  });
  const byDate = new Map(history.dates.map((d, i) => [d, history.scores[i]!]));
  return {
    title: k.title(m.f.date(t)),
    subtitle: k.chart.subtitle,
    width: 1200,
    height: 700,
    footer: '',
    panels: [
      {
        kind: 'line',
        weight: 2,
        labels,
        yLabel: 'KOSPI',
        series: [
          { name: 'KOSPI', values: kospi.slice(start).map((p) => p.close), color: '#1f4e99' },
          { name: k.chart.ma, values: ma.map((x) => finite(x)), color: '#8a8f98', dashed: true },
          ...(a ? [{ name: k.chart.trendline, values: line, color: '#cf222e' }] : []),
        ],
      },
      {
        kind: 'line',
        weight: 1,
        labels,
        yLabel: k.chart.score,
        yMin: 0,
        yMax: 100,
        bands: REGIME_BANDS.map((b) => ({ ...b, label: m.common.tone[b.tone] })),
        refLines: [40, 65, 80].map((y) => ({ y })),
        series: [{ name: k.chart.score, values: labels.map((d) => finite(byDate.get(d) ?? NaN)), color: '#24292f' }],
      },
    ],
  };
}
