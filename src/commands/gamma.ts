// /gamma: how much leveraged/inverse ETFs must trade at the close if KOSPI moves X %, and where option
// dealers' gamma turns from damping moves to amplifying them.
import { z } from 'zod';
import type { ChartSpec, Command, Context, OptionChain, Point, Report, ReportField, Series, Tone } from '../core/types.ts';
import { asof, money, num, percent } from './args.ts';
import { finishReport, fixed, pct, pctAbs, reported, seriesOrNull, type ReportDraft, type Summarizer } from './report.ts';
import { answeredSession, closes, lastUpTo, tailUpTo } from '../analytics/series.ts';
import { realizedVol } from '../analytics/returns.ts';
import { latestNetAssets, previousCloseNetAssets, rebalanceFlow, usdkrwKnownAtSeoulClose } from '../analytics/flows.ts';
import { freshnessOf, fxTimingOf, staleText, type FxTiming } from '../data/freshness.ts';
import { dealerGammaOverSpot, dealerGammaProfile, gammaFlipLevel, type GammaParams } from '../analytics/gamma.ts';
import { LEVERAGED_PRODUCTS, type LeveragedProduct } from '../data/products.ts';
import { todaySoFar } from './intraday.ts';
import { messages, type Messages } from '../core/i18n/index.ts';

const args = z
  .object({
    move: percent(-30, 30).prefault('1').describe('KOSPI move in percent, e.g. -3 for −3 %'),
    aum: money.optional().describe('what-if fund size in USD (50b, 1.2t), with lev='),
    lev: num
      .refine((l) => l !== 0, 'must not be 0 (use 2 for a 2x fund, -2 for a 2x inverse)')
      .refine((l) => Math.abs(l) <= 5, 'must be between -5 and 5')
      .optional()
      .describe('what-if daily leverage, e.g. 2 or -2, with aum='),
    asof,
  })
  .superRefine((a, ctx) => {
    if (a.lev !== undefined && a.aum === undefined) ctx.addIssue({ code: 'custom', path: ['lev'], message: 'needs aum too: a what-if takes both, e.g. aum=50b lev=2' });
    if (a.aum !== undefined && a.lev === undefined) ctx.addIssue({ code: 'custom', path: ['aum'], message: 'needs lev too: a what-if takes both, e.g. aum=50b lev=2' });
  });

/** Rate and dividend yield for option gamma: gamma barely depends on them over weeks; same default as /theta. */
const GAMMA_CARRY = { rate: 0.03, dividendYield: 0 };
const SCENARIO_MOVES = [0.01, -0.01, 0.03, -0.03];
const TURNOVER_SESSIONS = 20;

export interface ProductFlow {
  code: string;
  name: string;
  leverage: number;
  /** Net assets in USD at the latest close on or before as-of (the previous close of the next move); null = AUM unknown. */
  aumUsd: number | null;
  /** Net assets in USD at the close before the latest actual move's session (what that move rebalanced). */
  aumPrevUsd?: number | null;
  /** Rebalancing trade in USD for the asked move; null when AUM is unknown. */
  flowUsd: number | null;
  aumAsOf: string | null;
  /** Why the AUM is unknown. */
  note?: string;
}

interface Scenario {
  label: string;
  move: number;
  totalFlowUsd: number | null;
  totalFlowKrw: number | null;
  flowPctOfTurnover: number | null;
}

const lastClose = (s: Series | null, date?: string): Point | undefined => (s ? lastUpTo(s.points, date) : undefined);

/** A rate for KRW→USD as known at Seoul's close of `date`, with what it is. */
interface FxAt {
  rate: number;
  date: string;
  timing: FxTiming;
}

function fxAt(fxSeries: Series | null, date: string): FxAt | null {
  if (!fxSeries) return null;
  const timing = fxTimingOf(fxSeries);
  const p = usdkrwKnownAtSeoulClose(fxSeries.points, date, timing);
  if (!p) return null;
  return freshnessOf({ symbol: fxSeries.symbol, kind: 'usdkrw', market: 'KR', last: p.date, fxTiming: timing }, date).fresh ? { rate: p.close, date: p.date, timing } : null;
}

async function productFlow(
  ctx: Context, g: Messages['gamma'], p: LeveragedProduct, asofDate: string, move: number, used: ReportDraft['used'], fxSeries: Series | null, latestMoveDate: string | null,
): Promise<ProductFlow> {
  const base = { code: p.code, name: p.name, leverage: p.leverage };
  const unknown = (note: string, aumAsOf: string | null = null): ProductFlow => ({ ...base, aumUsd: null, flowUsd: null, aumAsOf, note });
  const series = await seriesOrNull(ctx, p.code);
  if (!series) return unknown(g.note.noSeries);
  const point = latestNetAssets(series.points, asofDate);
  if (!point) return unknown(g.note.noNetAssets);
  const fresh = freshnessOf({ symbol: p.code, kind: 'netAssets', market: p.exchange === 'KRX' ? 'KR' : 'US', last: point.date }, asofDate);
  if (!fresh.fresh) return unknown(g.note.stale(staleText(fresh, asofDate, 'net assets', ctx.locale)), point.date);
  used.push({ series, asof: point.date });
  const fxSymbol = `USD${p.currency}`;
  const rates = p.currency === 'USD' ? null : p.currency === 'KRW' ? fxSeries : await seriesOrNull(ctx, fxSymbol);
  const toUsd = (date: string): number | null => {
    if (p.currency === 'USD') return 1;
    const fx = fxAt(rates, date);
    return fx ? 1 / fx.rate : null;
  };
  const usdPer = toUsd(point.date);
  if (usdPer === null) return unknown(g.note.noFx(fxSymbol, point.date), point.date);
  if (rates) used.push({ series: rates, asof: point.date });
  const aumUsd = point.netAssets! * usdPer;
  let aumPrevUsd: number | null = null;
  if (latestMoveDate) {
    const prev = previousCloseNetAssets(series.points, latestMoveDate); // latestMoveDate ≤ asofDate: nothing after it is read
    const prevUsdPer = prev ? toUsd(prev.date) : null;
    if (prev && prevUsdPer !== null) aumPrevUsd = prev.netAssets! * prevUsdPer;
  }
  return { ...base, aumUsd, aumPrevUsd, flowUsd: rebalanceFlow(aumUsd, p.leverage, move), aumAsOf: point.date };
}

function totalsFor(
  products: readonly ProductFlow[], move: number, usdkrw: number | null, turnoverKrw: number | null, label: string, aum: 'latest' | 'previous' = 'latest',
): Scenario {
  const aumOf = (p: ProductFlow) => (aum === 'latest' ? p.aumUsd : (p.aumPrevUsd ?? null));
  const known = products.filter((p) => aumOf(p) !== null);
  const totalFlowUsd = known.length ? known.reduce((s, p) => s + rebalanceFlow(aumOf(p)!, p.leverage, move), 0) : null;
  const totalFlowKrw = totalFlowUsd !== null && usdkrw !== null ? totalFlowUsd * usdkrw : null;
  const flowPctOfTurnover = totalFlowKrw !== null && turnoverKrw !== null ? totalFlowKrw / turnoverKrw : null;
  return { label, move, totalFlowUsd, totalFlowKrw, flowPctOfTurnover };
}

/** KOSPI's average traded value (KRW) over the last 20 sessions; null unless all 20 carry one. */
function averageTurnover(kospi: Series | null, asofDate?: string): number | null {
  if (!kospi) return null;
  const last = tailUpTo(kospi.points, asofDate, TURNOVER_SESSIONS);
  if (last.length < TURNOVER_SESSIONS || last.some((p) => !(p.tradedValue !== undefined && p.tradedValue > 0))) return null;
  return last.reduce((s, p) => s + p.tradedValue!, 0) / TURNOVER_SESSIONS;
}


// Pricing every option over the spot grid is most of /gamma's time; a cache (and the DEMO market) hands out
// one chain object per day, so every ask of that day (each /digest among them) reuses its figures.
const chainFigures = new WeakMap<OptionChain, Map<number, ReturnType<typeof chainFiguresOf>>>();

function chainFiguresOf(chain: OptionChain, flatVol: number) {
  const params: GammaParams = { flatVol, ...GAMMA_CARRY };
  return { profile: dealerGammaProfile(chain, params), flipLevel: gammaFlipLevel(chain, params), overSpot: dealerGammaOverSpot(chain, params) };
}

function chainGamma(chain: OptionChain, flatVol: number): ReturnType<typeof chainFiguresOf> {
  let byVol = chainFigures.get(chain);
  if (!byVol) chainFigures.set(chain, (byVol = new Map()));
  let figures = byVol.get(flatVol); // a Map key finds NaN (no flat vol needed) too
  if (!figures) byVol.set(flatVol, (figures = chainFiguresOf(chain, flatVol)));
  return figures;
}

async function optionsPart(ctx: Context, g: Messages['gamma'], chainDate: string, asofDate: string | undefined, used: ReportDraft['used'], notes: string[]) {
  const chain: OptionChain | null = await ctx.market.optionChain(chainDate);
  if (!chain || chain.date > chainDate) {
    notes.push(g.noChain);
    return null;
  }
  const chainAge = freshnessOf({ symbol: g.chainSymbol('KOSPI200'), kind: 'optionChain', market: 'KR', last: chain.date }, chainDate);
  if (!chainAge.fresh) {
    notes.push(g.chainStale(staleText(chainAge, chainDate, 'chain', ctx.locale)));
    return null;
  }
  used.push({ series: { symbol: g.chainSymbol(chain.underlying), points: [{ date: chain.date, close: chain.spot }], source: chain.source, fetchedAt: chain.fetchedAt } });
  let flatVol = NaN;
  const missingIv = chain.quotes.filter((q) => q.openInterest > 0 && !(q.iv !== undefined && q.iv > 0)).length;
  if (missingIv > 0) {
    const vkospi = await seriesOrNull(ctx, 'VKOSPI');
    const v = lastClose(vkospi, chainDate);
    if (vkospi && v && freshnessOf({ symbol: 'VKOSPI', kind: 'index', market: 'KR', last: v.date }, chainDate).fresh) {
      flatVol = v.close / 100;
      used.push({ series: vkospi, asof: asofDate });
      notes.push(g.ivAtVkospi(missingIv, fixed(v.close, 1)));
    } else {
      const k200 = await seriesOrNull(ctx, 'KOSPI200');
      const k200Last = lastClose(k200, chainDate);
      const k200Current = k200Last !== undefined && freshnessOf({ symbol: 'KOSPI200', kind: 'index', market: 'KR', last: k200Last.date }, chainDate).fresh;
      const rv = k200 && k200Current ? realizedVol(closes(tailUpTo(k200.points, chainDate, 22)), 21) : NaN;
      if (Number.isFinite(rv)) {
        flatVol = rv;
        notes.push(g.ivAtRealized(missingIv, pctAbs(rv)));
      } else notes.push(g.ivLeftOut(missingIv));
    }
  }
  const { profile, flipLevel, overSpot } = chainGamma(chain, flatVol);
  if (chain.date < chainDate) notes.push(g.chainOlder(chain.date, chainDate));
  return {
    overSpot,
    options: {
      totalGammaKrwPer1pct: profile.total,
      flipLevel,
      spot: chain.spot,
      date: chain.date,
      byStrike: profile.byStrike.map((s) => ({ strike: s.strike, gammaKrwPer1pct: s.gammaPer1pct })),
    },
  };
}

export const gamma: Command<typeof args> = {
  name: 'gamma',
  summary: 'Leveraged/inverse ETF rebalancing flow if KOSPI moves X %, and dealer option gamma with its flip level.',
  args,
  examples: ['/gamma move=-3', '/gamma', '/gamma aum=50b lev=2 move=1', '/gamma asof=2024-08-05'],
  explains: [
    'Flow: what each fund must trade at the close to restore its leverage, AUM · L · (L − 1) · move (Cheng & Madhavan 2009); positive = buys.',
    'AUM: the previous close\'s net assets (Cheng & Madhavan): for the what-if moves (the next session) the latest close on or before as-of, for the latest actual move the close before it; in USD at the USDKRW of that close. Unknown or stale (older than 1 KRX session) AUM is left out of totals and named.',
    'Every product is assumed to see the same % move; single-stock products really follow their own stock.',
    '% of turnover: total flow in KRW / KOSPI\'s average daily traded value over the last 20 sessions.',
    'Scenarios: the same totals for +1 %, −1 %, +3 %, −3 % and the latest actual KOSPI200 (or KOSPI) daily move.',
    'Dealer gamma per strike: Γ · OI · 250,000 · S² · 0.01 in KRW per 1 % move, calls +, puts − (dealers long calls, short puts).',
    'Gamma flip: the KOSPI200 level where total dealer gamma changes sign (every option re-priced at its IV over ±15 %); below it dealers\' hedging amplifies moves.',
    'USDKRW: the rate known at Seoul\'s close — the Bank of Korea rate of that day, else (FRED, Yahoo) the latest rate strictly before it; the field says which. Older than 2 days: not used.',
  ],
  async run(a, ctx) {
    const used: ReportDraft['used'] = [];
    const notes: string[] = [];
    const m = messages(ctx.locale);
    const g = m.gamma;
    const [k200, kospi, fxSeries] = await Promise.all([seriesOrNull(ctx, 'KOSPI200'), seriesOrNull(ctx, 'KOSPI'), seriesOrNull(ctx, 'USDKRW')]);
    // The session answered for is KOSPI's (the market of record); the latest move is read from a
    // current KOSPI200, else KOSPI — never from an index that stopped before it.
    const { anchor, date } = answeredSession([kospi, k200], a.asof);
    const asOf = date ?? a.asof ?? ctx.now.toISOString().slice(0, 10);
    const missing: string[] = [];
    const current = (s: Series | null): boolean => {
      if (!s) return false;
      const f = freshnessOf({ symbol: s.symbol, kind: 'index', market: 'KR', last: lastClose(s, asOf)?.date ?? null }, asOf);
      if (!f.fresh && f.last) notes.push(g.notUsedLatest(s.symbol, staleText(f, asOf, undefined, ctx.locale)));
      return f.fresh;
    };
    const index = current(k200) ? k200 : current(kospi) ? kospi : null;
    const indexPoints = index ? tailUpTo(index.points, asOf, 2) : [];
    if (index) used.push({ series: index, asof: asOf });
    const latestMoveDate = indexPoints.length >= 2 ? indexPoints.at(-1)!.date : null;

    const fx = fxAt(fxSeries, asOf);
    const usdkrw = fx ? fx.rate : null;
    let fxText = g.noDataValue;
    if (fxSeries && fx) {
      used.push({ series: fxSeries, asof: fx.date });
      // Only FRED's H.10 series is known to be New York noon; any other after-Seoul rate is named by its source.
      const noon = fxSeries.fxTiming === 'new-york-noon' || /fred|dexkous/i.test(fxSeries.source);
      fxText = `${fixed(fx.rate, 2)} (${fx.timing === 'seoul-close' ? g.fxSeoul(fx.date) : g.fxAfter(noon ? g.fxNoon : g.fxRateOf(fxSeries.source), fx.date, asOf)})`;
    } else {
      const timing = fxSeries ? fxTimingOf(fxSeries) : 'new-york-noon';
      const last = fxSeries ? (usdkrwKnownAtSeoulClose(fxSeries.points, asOf, timing)?.date ?? null) : null;
      const f = freshnessOf({ symbol: 'USDKRW', kind: 'usdkrw', market: 'KR', last, fxTiming: timing }, asOf);
      fxText = last ? g.fxStale(last, f.age, f.due) : g.noDataValue;
      notes.push(last ? g.fxNotUsed(staleText(f, asOf, 'last rate', ctx.locale)) : g.noFx);
      missing.push(last ? g.missing.fxLast(last) : 'USDKRW');
    }

    const products: ProductFlow[] =
      a.aum !== undefined && a.lev !== undefined
        ? [{ code: 'what-if', name: g.hypothetical, leverage: a.lev, aumUsd: a.aum, aumPrevUsd: a.aum, flowUsd: rebalanceFlow(a.aum, a.lev, a.move), aumAsOf: null }]
        : await Promise.all(LEVERAGED_PRODUCTS.map((p) => productFlow(ctx, g, p, asOf, a.move, used, fxSeries, latestMoveDate)));
    const unknown = products.filter((p) => p.aumUsd === null);
    if (unknown.length) {
      const stale = g.note.stale('');
      notes.push(g.unknownLeftOut(unknown.map((p) => `${p.name} (${p.code})${p.note?.startsWith(stale) ? `: ${p.note.slice(stale.length)}` : ''}`).join(', ')));
    }
    const staleAum = unknown.filter((p) => p.aumAsOf !== null);
    if (unknown.length === products.length) missing.push(staleAum.length ? g.missing.aumStale(staleAum.map((p) => g.missing.aumLastOf(p.code, p.aumAsOf!)).join(', ')) : 'AUM');

    const turnover = averageTurnover(kospi, asOf);
    if (turnover !== null && kospi) used.push({ series: kospi, asof: asOf });
    else {
      notes.push(g.turnoverUnknown);
      missing.push(g.missing.turnover);
    }

    const main = totalsFor(products, a.move, usdkrw, turnover, `move ${pct(a.move)}`);
    const scenarios = SCENARIO_MOVES.map((m) => totalsFor(products, m, usdkrw, turnover, pct(m, 0)));
    if (indexPoints.length >= 2) {
      const [prev, last] = indexPoints.slice(-2) as [Point, Point];
      // funds rebalance to the simple daily return of the index, on the net assets of the close before it
      const move = last.close / prev.close - 1;
      scenarios.push(totalsFor(products, move, usdkrw, turnover, `${index!.symbol} ${last.date} ${pct(move)}`, 'previous'));
    } else missing.push(g.missing.latestMove);

    const opt = await optionsPart(ctx, g, asOf, a.asof, used, notes);
    if (main.totalFlowUsd === null) notes.push(g.noAum);

    const share = main.flowPctOfTurnover;
    const tone: Tone = share === null ? 'missing' : Math.abs(share) >= 0.05 ? 'extreme' : Math.abs(share) >= 0.03 ? 'high' : Math.abs(share) >= 0.01 ? 'elevated' : 'calm';
    const usdL = (x: number | null): string => (x === null ? m.f.na : m.f.usd(x));
    const krwL = (x: number | null): string => (x === null ? m.f.na : m.f.krw(x));
    const verbL = (x: number | null): string => g.verb[x === null ? 'trade' : x >= 0 ? 'buy' : 'sell'];
    const headline =
      (main.totalFlowUsd === null
        ? g.flowUnknown(pct(a.move))
        : g.flow(pct(a.move), verbL(main.totalFlowUsd), usdL(Math.abs(main.totalFlowUsd))) +
          (main.totalFlowKrw !== null ? ` (${krwL(Math.abs(main.totalFlowKrw))})` : '') +
          (share !== null ? g.ofTurnover(pctAbs(Math.abs(share), 2)) : '') +
          (opt ? g.dealerGamma(krwL(opt.options.totalGammaKrwPer1pct)) : '')) +
      (missing.length ? g.noData(missing.join(', ')) : '');

    // while KRX is open: the flow at today's KOSPI200 move so far (intraday, with its time)
    const live = await todaySoFar(ctx, 'KOSPI200', a.asof);
    const liveTotals = live?.quote ? totalsFor(products, live.quote.move, usdkrw, turnover, g.todaySoFar(pct(live.quote.move))) : null;
    const fields: ReportField[] = [
      { label: g.label.flowAt(pct(a.move)), value: `${usdL(main.totalFlowUsd)} · ${krwL(main.totalFlowKrw)}`, ...(main.totalFlowUsd === null ? { tone: 'missing' as const } : {}) },
      { label: g.label.turnover, value: share === null ? g.noDataValue : pct(share, 2), tone },
      ...products.map((p): ReportField => ({
        label: `${p.name} (${p.code === 'what-if' ? g.whatIfCode : p.code}, ×${p.leverage})`,
        ...(p.aumUsd === null
          ? { value: p.aumAsOf ? g.aumLast(p.aumAsOf) : g.aumUnknown, tone: 'missing' }
          : { value: g.aumValue(usdL(p.aumUsd), verbL(p.flowUsd), usdL(Math.abs(p.flowUsd!))) }),
      })),
      { label: g.label.scenarios, value: scenarios.map((s) => `${s.label}: ${usdL(s.totalFlowUsd)}`).join(' · ') },
      ...(opt
        ? ([
            { label: g.label.dealerGamma, value: g.gammaValue(krwL(opt.options.totalGammaKrwPer1pct), fixed(opt.options.spot)), tone: opt.options.totalGammaKrwPer1pct < 0 ? 'high' : 'calm' },
            { label: g.label.flip, value: opt.options.flipLevel === null ? g.noFlip : g.flipValue(fixed(opt.options.flipLevel), pct(opt.options.flipLevel / opt.options.spot - 1)) },
          ] satisfies ReportField[])
        : []),
      { label: 'USDKRW', value: fxText, ...(usdkrw === null ? { tone: 'missing' as const } : {}) },
      ...(live ? [live.quote && liveTotals ? { ...live.field, value: g.liveValue(live.field.value, usdL(liveTotals.totalFlowUsd), krwL(liveTotals.totalFlowKrw)) } : live.field] : []),
    ];

    const todayMove = scenarios.length > SCENARIO_MOVES.length ? scenarios.at(-1)!.move : null;
    const charts: ChartSpec[] = [flowChart(m, products, a.move, todayMove, a.aum !== undefined ? g.chart.whatIf(usdL(a.aum), a.lev!) : g.chart.known(products.length - unknown.length, products.length))];
    if (opt) charts.push(strikeChart(opt, m));
    notes.push(g.sameMove);

    return finishReport(
      'gamma',
      {
        title: g.title,
        headline,
        tone,
        fields,
        notes,
        charts,
        used,
        dates: { asked: a.asof, answered: asOf, anchor },
        data: {
          products,
          totalFlowUsd: main.totalFlowUsd,
          totalFlowKrw: main.totalFlowKrw,
          // the latest actual move's rebalancing (the last scenario when KOSPI moved), for /alert flowLatestUsd
          ...(live ? { intraday: live.quote, intradayFlow: liveTotals } : {}),
          flowLatestUsd: todayMove === null ? null : scenarios.at(-1)!.totalFlowUsd,
          flowPctOfTurnover: main.flowPctOfTurnover,
          move: a.move,
          scenarios,
          usdkrw,
          usdkrwAsOf: fx ? { date: fx.date, timing: fx.timing } : null,
          missing,
          asOf,
          options: opt ? opt.options : null,
        },
      },
      ctx,
    );
  },
};

// ---- charts ---------------------------------------------------------------------------------

const shortName = (p: ProductFlow): string => `${p.name.length <= 20 ? p.name : p.code} ×${p.leverage}`;

/**
 * Flow by move, left to right from the largest fall to the largest rise: ±1 %, ±3 %, the asked move and
 * today's, each once; bars stacked by product, the all-product total marked at today's move.
 */
function flowChart(m: Messages, products: readonly ProductFlow[], asked: number, today: number | null, subtitle: string): ChartSpec {
  const key = (m: number) => Math.round(m * 1e6);
  const moves = [...new Map([...SCENARIO_MOVES, asked, ...(today === null ? [] : [today])].map((m) => [key(m), m])).values()].sort((x, y) => x - y);
  const c = m.gamma.chart;
  const labels = moves.map((mv) => {
    const tags = [key(mv) === key(asked) ? c.asked : '', today !== null && key(mv) === key(today) ? c.today : ''].filter(Boolean);
    return `${pct(mv, Math.abs(mv * 100 - Math.round(mv * 100)) > 1e-9 ? 1 : 0)}${tags.length ? ` ${tags.join('/')}` : ''}`;
  });
  const known = products.filter((p) => p.aumUsd !== null);
  const total = moves.map((mv) => (known.length ? known.reduce((sum, p) => sum + rebalanceFlow(p.aumUsd!, p.leverage, mv), 0) / 1e9 : null));
  const markAt = moves.findIndex((mv) => key(mv) === key(today ?? asked));
  return {
    title: m.gamma.chart.flowTitle,
    subtitle: m.gamma.chart.flowSubtitle(subtitle),
    footer: '',
    panels: [
      {
        kind: 'bar',
        stacked: true,
        labels,
        series: [
          ...known.map((p) => ({ name: shortName(p), kind: 'bar' as const, values: moves.map((mv) => rebalanceFlow(p.aumUsd!, p.leverage, mv) / 1e9) })),
          { name: c.allProducts, kind: 'line' as const, color: '#111827', values: total, markAt, mark: total[markAt] === null ? m.f.na : m.f.usd(total[markAt]! * 1e9) },
        ],
        unit: c.unitBn,
        yLabel: c.usdBn,
      },
    ],
  };
}

/** Dealer gamma by strike over total dealer gamma by KOSPI200 level, on one KOSPI200 axis with spot and the flip marked. */
function strikeChart(opt: { options: { spot: number; flipLevel: number | null; date: string; byStrike: { strike: number; gammaKrwPer1pct: number }[] }; overSpot: { spot: number; total: number }[] }, m: Messages): ChartSpec {
  const { spot, flipLevel, date } = opt.options;
  const near = opt.options.byStrike.filter((s) => Math.abs(s.strike / spot - 1) <= 0.15);
  const c = m.gamma.chart;
  const flipText = flipLevel === null ? c.noFlip : c.flip(fixed(flipLevel, 1));
  const vLines = [
    { x: spot, label: c.spot(fixed(spot, 1)), color: '#111827' },
    ...(flipLevel === null ? [] : [{ x: flipLevel, label: flipText, color: '#CC79A7' }]),
  ];
  const atSpot = opt.overSpot.reduce((best, l, i) => (Math.abs(l.spot - spot) < Math.abs(opt.overSpot[best]!.spot - spot) ? i : best), 0);
  return {
    title: m.gamma.chart.gammaTitle,
    subtitle: c.gammaSubtitle(fixed(spot, 1), flipText, date),
    footer: '',
    panels: [
      {
        kind: 'bar',
        weight: 1,
        labels: near.map((s) => String(s.strike)),
        x: near.map((s) => s.strike),
        series: [
          { name: c.below, kind: 'bar', values: near.map((s) => (s.strike < spot ? s.gammaKrwPer1pct / 1e9 : null)) },
          { name: c.atAbove, kind: 'bar', values: near.map((s) => (s.strike >= spot ? s.gammaKrwPer1pct / 1e9 : null)) },
        ],
        unit: c.unitBn,
        yLabel: c.byStrike,
        vLines,
      },
      {
        kind: 'line',
        weight: 1,
        labels: opt.overSpot.map((l) => fixed(l.spot, 1)),
        x: opt.overSpot.map((l) => l.spot),
        xLabel: c.level,
        series: [{ name: c.totalIf, values: opt.overSpot.map((l) => l.total / 1e9), markAt: atSpot, mark: c.now(m.f.krw(opt.overSpot[atSpot]!.total)) }],
        unit: c.unitBn,
        yLabel: c.total,
        refLines: [{ y: 0 }],
        // labelled once, in the upper panel
        vLines: vLines.map(({ x, color }) => ({ x, color })),
      },
    ],
  };
}

/**
 * What a /gamma answer gives the answers composed of it (the digest, /alert, the close-flow warning):
 * the totals at the asked move, the latest actual move's flow, each product's flow and dealer gamma.
 */
export interface GammaSummary {
  flowUsd: number | null;
  flowKrw: number | null;
  flowLatestUsd: number | null;
  flowPctOfTurnover: number | null;
  usdkrw: number | null;
  /** Every product; flowUsd null where its AUM is unknown. */
  products: { code: string; name: string; leverage: number; flowUsd: number | null }[];
  options: { totalGammaKrwPer1pct: number; flipLevel: number | null; spot: number } | null;
}

const summarySource = z.object({
  totalFlowUsd: reported, totalFlowKrw: reported, flowLatestUsd: reported, flowPctOfTurnover: reported, usdkrw: reported,
  products: z.array(z.object({ code: z.string(), name: z.string(), leverage: z.number(), flowUsd: reported })).catch([]),
  options: z.object({ totalGammaKrwPer1pct: z.number(), flipLevel: reported, spot: z.number() }).nullable().catch(null),
});

export function gammaSummary(report: Pick<Report, 'data'>): GammaSummary {
  const { totalFlowUsd, totalFlowKrw, ...rest } = summarySource.parse(report.data);
  return { flowUsd: totalFlowUsd, flowKrw: totalFlowKrw, ...rest };
}

export const gammaNumbers: Summarizer<'flowUsd' | 'flowKrw' | 'flowLatestUsd' | 'flowPctOfTurnover' | 'usdkrw'> = {
  command: gamma.name, read: gammaSummary, units: { flowUsd: 'usd', flowKrw: 'krw', flowLatestUsd: 'usd', flowPctOfTurnover: 'pct', usdkrw: 'level' },
};
