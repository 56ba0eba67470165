// /kospi-stress: how stressed is KOSPI right now, and why. Every number follows DESIGN.md "Definitions";
// the score and the `…21d`/`…60` keys are fixed windows so answers stay comparable, while `window=`
// only changes the return / efficiency ratio / realized vol shown in the headline and `data.windowed`.
import { z } from 'zod';
import type { ChartSpec, Command, MarketData, Point, Report, ReportField, Series } from '../core/types.ts';
import { DataError, UsageError } from '../core/errors.ts';
import { asof as asofArg, int } from './args.ts';
import { finishReport, reported, type Summarizer } from './report.ts';
import { toneOfPercentile } from '../core/presentation.ts';
import { messages, type Messages } from '../core/i18n/index.ts';
import { freshnessOf, staleText } from '../data/freshness.ts';
import { countUpTo, lastBefore, lastUpTo, tailUpTo, usPointsBefore } from '../analytics/series.ts';
import { realizedVol, simpleReturn } from '../analytics/returns.ts';
import { corrAndBeta, pairOnKrDates, pairedLogReturns, usRealizedVolKnownAt, vkospiVixRatioAt } from '../analytics/pairing.ts';
import { sma, smaSeries, supportTrendline } from '../analytics/trend.ts';
import { todaySoFar } from './intraday.ts';
import { scoreHistoryOf } from '../data/scoreHistory.ts';
import {
  DEFAULT_STRESS_OPTIONS,
  STRESS_COMPONENTS,
  STRESS_CUTS,
  drawdownFromHigh,
  efficiencyRatio,
  stressRegime,
  stressScoreAt,
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
/** Below this much history (3 years) a component's rank is called rough in a note. */
const ROUGH_HISTORY = 756;
const CUTS_TEXT = `calm < ${STRESS_CUTS.elevated} ≤ elevated < ${STRESS_CUTS.high} ≤ high < ${STRESS_CUTS.extreme} ≤ extreme`;
const TREND_LOOKBACK = 60;
const TREND_K = 3;
const EXAMPLE = '/kospi-stress asof=2024-08-05';

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
const ordinal = (p: number, m: Messages): string => (Number.isFinite(p) ? `p${Math.round(p * 100)}` : m.kospiStress.unranked);

/** A component's value as traders quote it: drawdown and distance from the MA signed (the model ranks their depth). */
const natural = (c: StressComponent): number => (c.key === 'drawdown' || c.key === 'belowSma' ? -c.value : c.value);

function componentValue(c: StressComponent, { f, kospiStress: k }: Messages): string {
  if (c.key === 'koreaUsVol') return `${f.fixed(c.value)}${c.basis === 'realized' ? k.realizedBasis : ''}`;
  return c.key === 'drawdown' || c.key === 'belowSma' ? f.pct(natural(c)) : f.pctAbs(c.value);
}

/**
 * The series the score reads. VKOSPI is optional (no free history before 2013): a DataError there means
 * "answer without it", said in a note. Shared with `stressbot validate` so both score the same inputs.
 */
export async function loadStressSeries(market: MarketData, m: Messages = messages('en')): Promise<{ kospiS: Series; ndxS: Series; vixS: Series; vkospiS: Series | null; notes: string[] }> {
  // settled into a value so that a failure elsewhere never leaves its rejection unhandled
  const vkospiAsk = market.series('VKOSPI').then(
    (series) => ({ series }),
    (err: unknown) => ({ err }),
  );
  const [kospiS, ndxS, vixS] = (await Promise.all(['KOSPI', 'NDX', 'VIX'].map((s) => market.series(s)))) as [Series, Series, Series];
  const vkospiGot = await vkospiAsk;
  const notes: string[] = [];
  let vkospiS: Series | null = null;
  if ('series' in vkospiGot) vkospiS = vkospiGot.series;
  else if (vkospiGot.err instanceof DataError) {
    notes.push(m.kospiStress.note.vkospiUnavailable(vkospiGot.err.reason));
  } else throw vkospiGot.err;
  return { kospiS, ndxS, vixS, vkospiS, notes };
}

export const kospiStress: Command<typeof args> = {
  name: 'kospi-stress',
  summary: 'How stressed KOSPI is now and why: a 0-100 coincident gauge (not a forecast) from vol, VKOSPI, drawdown and the fall below the 21d MA.',
  args,
  examples: ['/kospi-stress', EXAMPLE, '/kospi-stress window=63'],
  explains: [
    `Score 0-100: a coincident gauge of how stressed KOSPI is now, not a forecast of a fall. Each scored component (realized vol, VKOSPI, drawdown, distance below the 21d MA) is ranked against its own last 20 years up to the day (empirical CDF, exact ties at their mid-rank, at least ${DEFAULT_STRESS_OPTIONS.minHistory} sessions), no look-ahead; the ranks are combined as the ECB's CISS does (Holló, Kremer & Lo Duca 2012): weighted by their recent cross-correlations (EWMA, λ = 0.93, negative counted as none), so stress in every component at once scores higher than one noisy component; score = 100·√CISS, which equals the mean rank when all move together.`,
    `Regimes: ${CUTS_TEXT}, calibrated on every KRX session 2000-2026 (high or worse on 11 % of sessions, extreme on 3 %; 2008, Aug 2011, Mar 2020, Aug 2024, Mar 2026 and 10 other episodes of the public record reach high or extreme; quiet years read calm). \`stressbot validate\` recomputes these figures on the configured data.`,
    'Studied and not taken: the St. Louis Fed FSI (first principal component of 18 US spreads and yields) and the OFR FSI (dynamic factor over 33 global markets) need many markets and full-sample loadings (look-ahead); CISS\'s ranks and correlations need only the past.',
    ...STRESS_COMPONENTS.map((c) => `Component — ${c.name}${c.inScore ? '' : ' (shown, not scored)'}: ${c.explain}.`),
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
    const { kospiS, ndxS, vixS, vkospiS, notes } = await loadStressSeries(ctx.market, m);
    if (kospiS.points.length === 0) throw new DataError('KOSPI', kospiS.source, k.error.noData);
    // only counted and cut at its tail: a copy of 20 years per ask would cost more than the numbers
    const sessions = countUpTo(kospiS.points, asof);
    if (sessions === 0) {
      throw new UsageError(k.error.beforeFirst(asof!, kospiS.points[0]!.date, EXAMPLE), EXAMPLE);
    }
    const t = kospiS.points[sessions - 1]!.date;
    if (sessions < MA + 1) {
      throw new UsageError(k.error.tooFew(sessions, t, MA + 1, EXAMPLE), EXAMPLE);
    }
    if (sessions < w + 1) {
      throw new UsageError(k.error.windowTooLong(w, sessions, t), '/kospi-stress window=21');
    }
    // the US series and VKOSPI whole: everything below reads them strictly before t or on or before it (t ≤ asof)
    const ndx = ndxS.points;
    const vix = vixS.points;
    const vkospiAll = vkospiS?.points ?? [];

    // numbers shown, straight from the definitions; none looks back further than the chart plus a year
    const recent = tailUpTo(kospiS.points, asof, CHART_SESSIONS + HIGH);
    const ndxRecent = usPointsBefore(ndx, t, CHART_SESSIONS + HIGH);
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
    const vkLast = lastUpTo(vkospiAll, asof);
    const vkFresh = vkLast !== undefined && vkLast.date >= kospiS.points[Math.max(0, sessions - 1 - opts.vkospiMaxSessions)]!.date;
    const vkospiVixRatio = vkFresh ? vkospiVixRatioAt(vkospiAll, vix, t) : NaN;
    if (vkospiS && !vkFresh) {
      notes.push(vkLast ? k.note.vkospiOld(vkLast.date, opts.vkospiMaxSessions, t) : k.note.vkospiNone(t));
    }

    // Freshness (issue 13): a US series that stopped is said, never passed off as current. The score
    // itself is the score's own business; this only names what it was fed.
    for (const [symbol, pts] of [['NDX', ndx], ['VIX', vix]] as const) {
      const fr = freshnessOf({ symbol, kind: 'index', market: 'US', last: usPointsBefore(pts, t, 1).at(-1)?.date ?? null }, t);
      if (!fr.fresh) notes.push(k.note.notCurrent(staleText(fr, t, undefined, m.locale)));
    }

    // the score, and its history for the chart, from the same component series
    const full = scoreHistoryOf(kospiS, ndxS, vixS, vkospiS);
    // every date of the full history sees only its own past, so the asked date is simply its index there
    const at = sessions - 1;
    const now = stressScoreAt(full, at);
    const history = { dates: full.dates.slice(Math.max(0, at + 1 - CHART_SESSIONS), at + 1), scores: full.scores.slice(Math.max(0, at + 1 - CHART_SESSIONS), at + 1) };
    const regime = stressRegime(now.score);
    if (regime === null) {
      throw new DataError('KOSPI', kospiS.source, k.error.noRank(t, opts.minHistory));
    }
    const comp = Object.fromEntries(now.components.map((x) => [x.key, x])) as Record<StressComponent['key'], StressComponent>;
    if (vkospiS && vkFresh && comp.koreaUsVol.basis === 'realized') {
      notes.push(k.note.vkospiShort(comp.impliedVol.historySessions, t, opts.catchUpSessions));
    }
    const shortest = Math.min(...now.components.filter((x) => x.inScore).map((x) => x.historySessions));
    if (shortest < ROUGH_HISTORY) {
      notes.push(k.note.roughRanks(shortest, t));
    }
    if (sessions < HIGH) notes.push(k.note.shortHigh(sessions));
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

    notes.unshift(k.note.gauge(now.components.filter((x) => x.inScore).length, kospiS.points[0]!.date, k.cuts(STRESS_CUTS.elevated, STRESS_CUTS.high, STRESS_CUTS.extreme)));
    const fields: ReportField[] = [
      { label: k.label.score, value: `${score}/100 (${regimeWord})`, tone: regime },
      {
        label: k.label.components,
        value: now.components.map((x) => `${k.component[x.key]} ${componentValue(x, m)} ${ordinal(x.percentile, m)}${x.inScore ? '' : k.notScored}`).join(' · '),
      },
      { label: k.label.closeVsMa, value: `${level(close)} ${k.vs} ${level(sma21)} (${pct(close / sma21 - 1)})`, tone: toneOfPercentile(comp.belowSma.percentile) },
      {
        label: k.label.trendline,
        value: Number.isFinite(trend.value)
          ? k.trendValue(level(trend.value), `${trend.slopePerDay >= 0 ? '+' : ''}${fixed(trend.slopePerDay, 1)}`, trend.broken)
          : k.trendNone,
        tone: trend.broken ? 'high' : 'calm',
      },
      { label: k.label.returnEr(w), value: `${pct(windowed.return)} · ${k.er} ${fixed(er)}`, tone: toneOfPercentile(comp.churn.percentile) },
      {
        label: k.label.realizedVol(w),
        value: `KOSPI ${pctAbs(windowed.realizedVol.kospi)} ${k.vs} NDX ${pctAbs(windowed.realizedVol.ndx)} (×${fixed(winVolAmp)})`,
        tone: toneOfPercentile(comp.realizedVol.percentile),
      },
      { label: k.label.drawdown, value: pct(drawdown52w), tone: toneOfPercentile(comp.drawdown.percentile) },
      { label: k.label.corrBeta(CORR), value: `${fixed(corr)} · ${fixed(beta)}` },
      {
        label: k.label.vkospiVix,
        value: Number.isFinite(vkospiVixRatio) ? fixed(vkospiVixRatio) : k.ratioStandsIn(fixed(volAmp)),
        tone: toneOfPercentile(comp.koreaUsVol.percentile),
      },
    ];
    // while KRX is open: today's move so far beside the score of the last close (labelled intraday)
    const live = await todaySoFar(ctx, 'KOSPI', asof);
    if (live) fields.push(live.field);

    const data = {
      ...(live ? { intraday: live.quote } : {}),
      asOf: t,
      window: w,
      score: now.score,
      regime,
      scoreModel: { version: 2, kind: 'coincident', aggregation: 'CISS', cuts: STRESS_CUTS, correlation: finite(now.correlation) },
      components: now.components.map((x) => ({
        key: x.key,
        name: x.name,
        value: finite(natural(x)),
        percentile: finite(x.percentile),
        historySessions: x.historySessions,
        inScore: x.inScore,
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
      { title: k.title(f.date(t)), headline, tone: regime, fields, notes, charts: [chart(recent, trend, history, t, `${score} · ${regimeWord}`, m)], data, used, dates: { asked: asof, answered: t, anchor: kospiS } },
      ctx,
    );
  },
};

// tone-tagged, so the renderer's theme colours them whatever language labels them
const REGIME_BANDS = [
  { from: 0, to: STRESS_CUTS.elevated, tone: 'calm' },
  { from: STRESS_CUTS.elevated, to: STRESS_CUTS.high, tone: 'elevated' },
  { from: STRESS_CUTS.high, to: STRESS_CUTS.extreme, tone: 'high' },
  { from: STRESS_CUTS.extreme, to: 100, tone: 'extreme' },
] as const;

/** Close with its 21-day average and support line over the stress score in its regime bands; today marked on both. */
function chart(
  kospi: readonly Point[],
  trend: ReturnType<typeof supportTrendline>,
  history: { dates: string[]; scores: number[] },
  t: string,
  scoreTag: string,
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
    height: 760,
    footer: '',
    panels: [
      {
        kind: 'line',
        weight: 3,
        labels,
        series: [
          { name: k.chart.close, values: kospi.slice(start).map((p) => p.close), mark: m.f.level(kospi.at(-1)!.close) },
          { name: k.chart.ma, values: ma.map((x) => finite(x)), dashed: true },
          ...(a ? [{ name: k.chart.trendline, values: line }] : []),
        ],
      },
      {
        kind: 'line',
        weight: 2,
        labels,
        yMin: 0,
        yMax: 100,
        bands: REGIME_BANDS.map((b) => ({ ...b, label: m.common.tone[b.tone] })),
        series: [{ name: k.chart.score, values: labels.map((d) => finite(byDate.get(d) ?? NaN)), color: '#111827', mark: scoreTag }],
      },
    ],
  };
}

const SUMMARY_UNITS = {
  score: 'score', close: 'level', sma21: 'level', trendline: 'level',
  pctFromSma21: 'pct', drawdown52w: 'pct', return21d: 'pct', vol21d: 'pct',
  corr60: 'ratio', beta60: 'ratio', vkospiVixRatio: 'ratio', volAmplification: 'ratio',
} as const;

/** The numbers of a /kospi-stress answer that other answers compose (the digest, /alert): decimals, null where it had none. */
export type KospiStressSummary = Record<keyof typeof SUMMARY_UNITS, number | null>;

const summarySource = z.object({
  score: reported, close: reported, sma21: reported, pctFromSma21: reported, drawdown52w: reported, return21d: reported,
  corr60: reported, beta60: reported, vkospiVixRatio: reported, volAmplification: reported,
  trendline: z.object({ value: reported }).catch({ value: null }),
  realizedVol21d: z.object({ kospi: reported }).catch({ kospi: null }),
});

export function kospiStressSummary(report: Pick<Report, 'data'>): KospiStressSummary {
  const { trendline, realizedVol21d, ...rest } = summarySource.parse(report.data);
  return { ...rest, trendline: trendline.value, vol21d: realizedVol21d.kospi };
}

export const kospiStressNumbers: Summarizer<keyof KospiStressSummary> = { command: kospiStress.name, read: kospiStressSummary, units: SUMMARY_UNITS };
