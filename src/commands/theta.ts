// /theta: what high implied vol costs a holder of KOSPI200 calls — premium, daily decay, and how long
// until half the premium is gone if nothing moves — at today's IV against a calm baseline.
import { z } from 'zod';
import type { ChartSpec, Command, Report, Tone } from '../core/types.ts';
import { DataError } from '../core/errors.ts';
import { asof, int, num, percent } from './args.ts';
import { finishReport, fixed, pctAbs, reported, seriesOrNull, type ReportDraft, type Summarizer } from './report.ts';
import { answeredSession, closes, countUpTo, pointsUpTo, tailUpTo } from '../analytics/series.ts';
import { rollingRealizedVol } from '../analytics/returns.ts';
import { median } from '../analytics/stats.ts';
import { freshnessOf, staleText } from '../data/freshness.ts';
import { messages, type Messages } from '../core/i18n/index.ts';
import { krxSessions, addDays } from '../data/calendar.ts';
import { bsmPrice, bsmTheta, calendarDaysToHalfValue, CALENDAR_DAYS_PER_YEAR, type BsmInput } from '../analytics/blackScholes.ts';

const positive = num.pipe(z.number().positive('must be positive'));

const args = z.object({
  iv: percent(0, 300)
    .refine((v) => v > 0, 'must be above 0 (implied vol in percent, e.g. iv=25)')
    .optional()
    .describe('implied vol in percent; default the latest VKOSPI'),
  days: int(1, 730).prefault('30').describe('calendar days to expiry, 1–730'),
  moneyness: num.pipe(z.number().min(0.5, 'must be at least 0.5').max(2, 'must be at most 2')).prefault('1.0').describe('strike / spot, 0.5–2'),
  spot: positive.optional().describe('KOSPI200 level; default the latest close'),
  strike: positive.optional().describe('strike; default spot × moneyness'),
  rate: percent(-5, 30).prefault('3').describe('risk-free rate in percent'),
  q: percent(0, 20).prefault('0').describe('dividend yield in percent'),
  asof,
});

import { KOSPI200_MULTIPLIER_KRW as KOSPI200_MULTIPLIER } from '../data/products.ts';
const REALIZED_WINDOW = 21;
/** The calm baseline: 3 years of KRX sessions ending at the asked date (756 = 3 × 252). */
const BASELINE_SESSIONS = 756;

export interface CallEconomics {
  iv: number;
  /** Premium in index points. */
  premium: number;
  /** Premium per contract in KRW. */
  premiumKrw: number;
  /** Theta per calendar day, KRW per contract. */
  thetaPerDay: number;
  /** Theta per calendar day in index points (annual BSM theta / 365). */
  thetaPerDayPoints: number;
  /** Daily theta as a share of the premium (negative: decay). */
  thetaPctOfPremium: number;
  /** Calendar days until the value halves with spot and IV unchanged; null if it never does. */
  daysToHalfPremium: number | null;
  /** Daily move that pays for a day's theta, σ/√365, as a decimal… */
  breakevenDailyMove: number;
  /** …and in index points, σ·S/√365. */
  breakevenDailyMovePoints: number;
}

function callEconomics(spot: number, strike: number, days: number, rate: number, q: number, iv: number): CallEconomics {
  const o: BsmInput = { spot, strike, years: days / CALENDAR_DAYS_PER_YEAR, rate, dividendYield: q, vol: iv, type: 'call' };
  const premium = bsmPrice(o);
  const thetaPerDayPoints = bsmTheta(o) / CALENDAR_DAYS_PER_YEAR;
  const breakevenDailyMove = iv / Math.sqrt(CALENDAR_DAYS_PER_YEAR);
  return {
    iv,
    premium,
    premiumKrw: premium * KOSPI200_MULTIPLIER,
    thetaPerDay: thetaPerDayPoints * KOSPI200_MULTIPLIER,
    thetaPerDayPoints,
    thetaPctOfPremium: premium > 0 ? thetaPerDayPoints / premium : NaN,
    daysToHalfPremium: calendarDaysToHalfValue(o),
    breakevenDailyMove,
    breakevenDailyMovePoints: breakevenDailyMove * spot,
  };
}

// Walking a year of the calendar per ask was a visible part of every /theta (and /digest): the answer only depends on the date.
const windowStarts = new Map<string, string>();

/** The day before the first of the last `n` KRX sessions up to `date`: points after it are in the window. */
function sessionsBefore(date: string, n: number): string {
  const key = `${date}|${n}`;
  let from = windowStarts.get(key);
  if (from !== undefined) return from;
  // 400 calendar days hold more than 252 sessions; widen until n fit.
  for (let span = Math.ceil(n * 1.6) + 10; from === undefined; span *= 2) {
    const s = krxSessions(addDays(date, -span), date);
    if (s.length >= n) from = addDays(s[s.length - n]!, -1);
  }
  if (windowStarts.size >= 512) windowStarts.delete(windowStarts.keys().next().value!);
  windowStarts.set(key, from);
  return from;
}



export const theta: Command<typeof args> = {
  name: 'theta',
  summary: 'Long KOSPI200 call economics: premium, theta per day, days until half the premium is gone, at today\'s IV vs a calm baseline.',
  args,
  examples: ['/theta', '/theta iv=40 days=30', '/theta moneyness=1.05 days=60', '/theta spot=49 strike=50 iv=20 days=140 rate=5'],
  explains: [
    'Premium: Black-Scholes-Merton call value (continuous rate r and dividend yield q) in index points and KRW per contract (× 250,000).',
    'Theta per day: annual BSM theta / 365, per calendar day, in points and KRW per contract.',
    'Theta % of premium: one day\'s theta divided by today\'s premium.',
    'Days to half premium: calendar days until the call is worth half of today\'s value if spot and IV do not move.',
    'Breakeven daily move: σ·S/√365, the daily move that earns back a day\'s theta through gamma (near the money).',
    'IV: given iv=, else the latest VKOSPI; baseline: the 3-year median of VKOSPI (or of KOSPI200 21-day realized vol where VKOSPI is missing, labelled).',
  ],
  async run(a, ctx) {
    const m = messages(ctx.locale);
    const t = m.theta;
    const f = m.f;
    const days = (d: number | null): string => (d === null ? t.never : t.days(f.fixed(d, 1)));
    const used: ReportDraft['used'] = [];
    const notes: string[] = [];
    // KOSPI200's own failure is kept: when /theta must price off it, that is the line to show.
    const k200Got = ctx.market.series('KOSPI200').then(
      (s) => ({ s, err: null }),
      (err: unknown) => {
        if (err instanceof DataError) return { s: null, err };
        throw err;
      },
    );
    const [{ s: k200, err: k200Err }, vkospi, kospi] = await Promise.all([k200Got, seriesOrNull(ctx, 'VKOSPI'), seriesOrNull(ctx, 'KOSPI')]);
    let k200Points = k200 ? pointsUpTo(k200.points, a.asof) : [];
    // VKOSPI's last point (its freshness, today's IV); the baseline reads its window by index below, not a copy of 20 years
    let vkPoints = vkospi ? tailUpTo(vkospi.points, a.asof, 1) : [];
    const { anchor, date } = answeredSession([kospi, k200], a.asof);
    const asOf = date ?? vkPoints.at(-1)?.date ?? a.asof ?? ctx.now.toISOString().slice(0, 10);

    const k200Fresh = freshnessOf({ symbol: 'KOSPI200', kind: 'index', market: 'KR', last: k200Points.at(-1)?.date ?? null }, asOf);
    if (!k200Fresh.fresh) {
      if (a.spot === undefined && k200Err) throw new DataError(k200Err.symbol, k200Err.source, t.err.giveSpot(k200Err.reason));
      if (a.spot === undefined) throw new DataError('KOSPI200', k200?.source ?? ctx.market.kind, t.err.giveSpot(staleText(k200Fresh, asOf, undefined, ctx.locale)));
      if (k200Points.length) notes.push(t.notUsed('KOSPI200', staleText(k200Fresh, asOf, undefined, ctx.locale)));
      k200Points = [];
    }
    const vkFresh = freshnessOf({ symbol: 'VKOSPI', kind: 'index', market: 'KR', last: vkPoints.at(-1)?.date ?? null }, asOf);
    if (!vkFresh.fresh && vkPoints.length) {
      notes.push(t.notUsed('VKOSPI', staleText(vkFresh, asOf, undefined, ctx.locale)));
      vkPoints = [];
    }

    let spot = a.spot;
    let indexUsed = spot === undefined;
    if (spot === undefined) spot = k200Points.at(-1)!.close;

    // Calm baseline and default IV: implied (VKOSPI) where it exists, else KOSPI200 realized vol, labelled.
    const from = sessionsBefore(asOf, BASELINE_SESSIONS);
    let basis: 'implied' | 'realized' | null = null;
    let currentVol: number | null = null;
    let baselineVol: number | null = null;
    if (vkPoints.length) {
      basis = 'implied';
      currentVol = vkPoints.at(-1)!.close / 100;
      const vk = vkospi!.points;
      const inWindow: number[] = [];
      for (let i = countUpTo(vk, from), end = countUpTo(vk, a.asof); i < end; i++) inWindow.push(vk[i]!.close);
      baselineVol = median(inWindow) / 100;
      used.push({ series: vkospi!, asof: a.asof });
    } else {
      const rv = rollingRealizedVol(closes(k200Points), REALIZED_WINDOW);
      const window = rv.filter((v, i) => Number.isFinite(v) && k200Points[i]!.date > from);
      if (Number.isFinite(rv.at(-1)) && window.length) {
        basis = 'realized';
        currentVol = rv.at(-1)!;
        baselineVol = median(window);
        notes.push(t.noVkospi(REALIZED_WINDOW));
        indexUsed = true;
      }
    }
    if (indexUsed && k200Points.length) used.push({ series: k200!, asof: a.asof });
    const iv = a.iv ?? currentVol;
    if (iv === null) {
      const why = !vkFresh.fresh && vkFresh.last ? staleText(vkFresh, asOf, undefined, ctx.locale) : t.err.noVkospi;
      throw new DataError('VKOSPI', vkospi?.source ?? ctx.market.kind, t.err.giveIv(why));
    }
    const ivSource = a.iv !== undefined ? 'argument' : basis === 'implied' ? 'VKOSPI' : 'KOSPI200 realized vol';
    const ivSourceL = t.ivSource[a.iv !== undefined ? 'argument' : basis === 'implied' ? 'VKOSPI' : 'realized'];

    const strike = a.strike ?? spot * a.moneyness;
    const now = callEconomics(spot, strike, a.days, a.rate, a.q, iv);
    const calm = baselineVol !== null && baselineVol > 0 ? callEconomics(spot, strike, a.days, a.rate, a.q, baselineVol) : null;
    if (!calm) notes.push(t.noBaseline);

    const ratio = calm ? iv / calm.iv : NaN;
    const tone: Tone = !Number.isFinite(ratio) ? 'missing' : ratio >= 2 ? 'extreme' : ratio >= 1.5 ? 'high' : ratio >= 1.2 ? 'elevated' : 'calm';
    const what = t.what(a.days, f.fixed(strike), f.fixed(strike / spot, 3), f.fixed(spot));
    const headline =
      t.headline(what, f.pctAbs(iv), f.fixed(now.premium), f.krw(now.thetaPerDay), f.pct(now.thetaPctOfPremium, 2), days(now.daysToHalfPremium)) +
      (calm ? t.headlineCalm(f.pctAbs(calm.iv), basis === 'implied', f.fixed(calm.premium), f.krw(calm.thetaPerDay)) : t.headlineNoCalm);

    const fields = [
      { label: t.lPremium, value: t.premiumValue(f.fixed(now.premium), f.krw(now.premiumKrw)) },
      { label: t.lTheta, value: t.premiumValue(f.fixed(now.thetaPerDayPoints, 4), f.krw(now.thetaPerDay)) },
      { label: t.lThetaPct, value: t.thetaPctValue(f.pct(now.thetaPctOfPremium, 2)) },
      { label: t.lHalf, value: days(now.daysToHalfPremium) },
      { label: t.lBreakeven, value: t.breakevenValue(f.pctAbs(now.breakevenDailyMove, 2), f.fixed(now.breakevenDailyMovePoints)) },
      { label: t.lIv, value: `${f.pctAbs(iv)} (${ivSourceL})${calm ? t.ivVsCalm(f.pctAbs(calm.iv), f.fixed(ratio, 2)) : ''}`, tone },
      ...(calm
        ? [{ label: t.lAtCalm, value: t.atCalmValue(f.fixed(calm.premium), f.krw(calm.thetaPerDay), days(calm.daysToHalfPremium)) }]
        : []),
    ];

    const step = Math.max(1, Math.ceil(a.days / 150));
    const left: number[] = [];
    for (let d = a.days; d > 0; d -= step) left.push(d);
    left.push(0);
    const curve = (vol: number) => left.map((d) => bsmPrice({ spot, strike, years: d / CALENDAR_DAYS_PER_YEAR, rate: a.rate, dividendYield: a.q, vol, type: 'call' }));
    const charts: ChartSpec[] = [
      decayChart(t, {
        what,
        days: left.map((d) => a.days - d),
        now: { label: t.chart.ivNow(pctAbs(iv), ivSourceL), values: curve(iv), premium: now.premium, halfDay: now.daysToHalfPremium },
        calm: calm ? { label: t.chart.ivCalm(pctAbs(calm.iv)), values: curve(calm.iv) } : null,
      }),
    ];

    return finishReport(
      'theta',
      {
        title: t.title,
        headline,
        tone,
        fields,
        notes,
        charts,
        used,
        dates: { asked: a.asof, answered: asOf, anchor },
        data: {
          ...now,
          ivSource,
          days: a.days,
          spot,
          strike,
          moneyness: strike / spot,
          rate: a.rate,
          q: a.q,
          asOf,
          baseline: calm ? { ...calm, basis } : null,
        },
      },
      ctx,
    );
  },
};

/** Premium day by day from today to expiry if nothing moves, at today's IV and at a calm IV; today's premium and its half-life marked. */
function decayChart(t: Messages['theta'], o: {
  what: string;
  days: number[];
  now: { label: string; values: number[]; premium: number; halfDay: number | null };
  calm: { label: string; values: number[] } | null;
}): ChartSpec {
  const half = o.now.halfDay !== null && Number.isFinite(o.now.halfDay) && o.now.halfDay <= (o.days.at(-1) ?? 0) ? o.now.halfDay : null;
  return {
    title: t.chart.title,
    subtitle: o.what,
    footer: '',
    panels: [
      {
        kind: 'line',
        labels: o.days.map(String),
        x: o.days,
        xLabel: t.chart.xLabel,
        series: [
          { name: o.now.label, values: o.now.values, markAt: 0, mark: t.chart.today(fixed(o.now.premium)) },
          ...(o.calm ? [{ name: o.calm.label, values: o.calm.values, dashed: true }] : []),
        ],
        unit: 'pt',
        refLines: [{ y: o.now.premium / 2, label: t.chart.halfPremium }],
        vLines: half === null ? [] : [{ x: half, label: t.chart.halfBy(Math.ceil(half)), color: '#D55E00' }],
      },
    ],
  };
}

/** The numbers of a /theta answer other answers compose: theta per day in KRW per contract, the IV priced at, decay. */
export type ThetaSummary = Record<'thetaPerDayKrw' | 'iv' | 'thetaPctOfPremium' | 'daysToHalfPremium', number | null>;

const summarySource = z.object({ thetaPerDay: reported, iv: reported, thetaPctOfPremium: reported, daysToHalfPremium: reported });

export function thetaSummary(report: Pick<Report, 'data'>): ThetaSummary {
  const { thetaPerDay, ...rest } = summarySource.parse(report.data);
  return { thetaPerDayKrw: thetaPerDay, ...rest };
}

export const thetaNumbers: Summarizer<keyof ThetaSummary> = {
  command: theta.name, read: thetaSummary, units: { thetaPerDayKrw: 'krw', iv: 'pct', thetaPctOfPremium: 'pct', daysToHalfPremium: 'days' },
};
