// The close-flow warning: at CLOSEFLOW_TIME (15:00 Seoul by default, 30 minutes before the KRX close)
// on trading days, subscribed channels get what leveraged and inverse ETFs must trade at today's close
// if KOSPI200 ends where it is now: /gamma's rebalancing (Cheng & Madhavan 2009: A·L·(L−1)·r, on the
// previous close's net assets) at the move so far, per product and in total, with dealer gamma.
// Exactly once per channel and day: the post ledger's claim (channel, `<day>#closeflow`, 'alert').
import type { Context, Report, ReportField } from '../core/types.ts';
import { DataError } from '../core/errors.ts';
import type { IntradayQuote } from '../data/live/yahooIntraday.ts';
import { isKrxTradingDay, seoulDate, zonedInstant, SEOUL_TZ } from '../data/calendar.ts';
import { compactMoney, pct, pctAbs } from '../commands/report.ts';
import { gammaSummary, type GammaSummary } from '../commands/gamma.ts';
import type { AlertCheckDeps } from './alerts.ts';

export interface CloseFlowProduct {
  code: string;
  name: string;
  leverage: number;
  flowUsd: number;
  flowKrw: number;
}

export interface CloseFlowNumbers {
  move: number;
  products: CloseFlowProduct[];
  /** Products left out for want of a current AUM: "name (code)". */
  unknown: string[];
  totalUsd: number | null;
  totalKrw: number | null;
  pctOfTurnover: number | null;
  /** The flow is linear in the move (A·L·(L−1)·r): twice today's move doubles it. */
  doublingMove: number;
  dealerGammaKrwPer1pct: number | null;
  gammaFlip: number | null;
  spot: number | null;
}

/** The warning's numbers from /gamma's answer at today's move. */
export function closeFlowNumbers(move: number, g: GammaSummary): CloseFlowNumbers {
  const known = g.products.filter((p) => p.flowUsd !== null);
  return {
    move,
    products: known.map((p) => ({ code: p.code, name: p.name, leverage: p.leverage, flowUsd: p.flowUsd!, flowKrw: g.usdkrw === null ? NaN : p.flowUsd! * g.usdkrw })),
    unknown: g.products.filter((p) => p.flowUsd === null).map((p) => `${p.name} (${p.code})`),
    totalUsd: g.flowUsd,
    totalKrw: g.flowKrw,
    pctOfTurnover: g.flowPctOfTurnover,
    doublingMove: 2 * move,
    dealerGammaKrwPer1pct: g.options?.totalGammaKrwPer1pct ?? null,
    gammaFlip: g.options?.flipLevel ?? null,
    spot: g.options?.spot ?? null,
  };
}

const usd = (x: number | null) => (x === null || !Number.isFinite(x) ? 'n/a' : compactMoney(x, '$'));
const krw = (x: number | null) => (x === null || !Number.isFinite(x) ? 'n/a' : compactMoney(x, '₩'));
const verb = (x: number) => (x >= 0 ? 'buy' : 'sell');

/** The warning as a Report: runs /gamma at the move so far (`quote`, intraday) and says its time. */
export async function closeFlowReport(ctx: Context, quote: IntradayQuote): Promise<Report> {
  const gamma = ctx.commands.find((c) => c.name === 'gamma');
  if (!gamma) throw new Error('/gamma is not in this build');
  const args = gamma.args.parse({ move: String(Math.max(-30, Math.min(30, quote.move * 100))) });
  const g = await gamma.run(args, ctx);
  const n = closeFlowNumbers(quote.move, gammaSummary(g));
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: SEOUL_TZ, hour: '2-digit', minute: '2-digit' }).format(new Date(quote.at));
  const so = `${quote.symbol} ${pct(quote.move)} so far (intraday ${time} Seoul, ${quote.last.toFixed(2)} vs ${quote.previousClose.toFixed(2)})`;
  const headline =
    n.totalUsd === null
      ? `Close-flow warning: ${so}; leveraged ETF flow unknown (no current AUM)`
      : `Close-flow warning: ${so} → leveraged/inverse ETFs ${verb(n.totalUsd)} ≈ ${usd(Math.abs(n.totalUsd))} (${krw(n.totalKrw === null ? null : Math.abs(n.totalKrw))})` +
        (n.pctOfTurnover !== null ? `, ${pctAbs(Math.abs(n.pctOfTurnover), 1)} of average daily turnover` : '') +
        ` at today's close if the move holds`;
  const fields: ReportField[] = [
    ...n.products.map((p) => ({ label: `${p.name} (${p.code}, ×${p.leverage})`, value: `${verb(p.flowUsd)} ${usd(Math.abs(p.flowUsd))} · ${krw(Math.abs(p.flowKrw))}` })),
    { label: 'Total', value: `${usd(n.totalUsd)} · ${krw(n.totalKrw)}`, ...(n.totalUsd === null ? { tone: 'missing' as const } : {}) },
    { label: '% of average turnover', value: n.pctOfTurnover === null ? 'no data' : pct(n.pctOfTurnover, 2), ...(n.pctOfTurnover === null ? { tone: 'missing' as const } : {}) },
    { label: 'Doubles at', value: `KOSPI200 ${pct(n.doublingMove)} (the flow is linear in the move)` },
    {
      label: 'Dealer gamma',
      value: n.dealerGammaKrwPer1pct === null ? 'no option chain: not shown' : `${krw(n.dealerGammaKrwPer1pct)} per 1 % (${n.dealerGammaKrwPer1pct < 0 ? 'short gamma: dealers trade with the move' : 'long gamma: dealers lean against it'})${n.gammaFlip !== null && n.spot !== null ? `, flip ${n.gammaFlip.toFixed(1)} (${pct(n.gammaFlip / n.spot - 1)} from spot)` : ''}`,
      ...(n.dealerGammaKrwPer1pct === null ? { tone: 'missing' as const } : {}),
    },
  ];
  const tone = n.pctOfTurnover === null ? 'missing' : Math.abs(n.pctOfTurnover) >= 0.05 ? 'extreme' : Math.abs(n.pctOfTurnover) >= 0.03 ? 'high' : Math.abs(n.pctOfTurnover) >= 0.01 ? 'elevated' : 'calm';
  return {
    ...g,
    command: 'closeflow',
    title: `Close-flow warning · ${seoulDate(new Date(quote.at))} ${time} Seoul`,
    headline,
    // its own words, not /gamma's (spread above)
    plainHeadline: headline,
    tone,
    fields,
    notes: [
      `Intraday: ${quote.symbol} from ${quote.source} at ${quote.at}${quote.stale ? ` (stale: ${quote.stale})` : ''}; the daily inputs (AUM at the previous close, USDKRW, 20-session turnover) as /gamma states them.`,
      ...(n.unknown.length ? [`Left out (AUM unknown): ${n.unknown.join(', ')}.`] : []),
      'See more: /gamma move=<your move>.',
      ...g.notes,
    ],
    data: { closeflow: n, quote },
    sources: [...g.sources, { symbol: quote.symbol, source: quote.source, asOf: quote.at, ...(quote.stale ? { stale: quote.stale } : {}) }],
  };
}

/** The alert check's dependencies, and today's KOSPI200 minute quote. */
export interface CloseFlowDeps extends AlertCheckDeps {
  quote(symbol: 'KOSPI200', now: Date): Promise<IntradayQuote>;
}

/** The warning's instant on `day` (CLOSEFLOW_TIME in Seoul). */
export const closeFlowAt = (day: string, time: string): Date => zonedInstant(day, time, SEOUL_TZ);

/**
 * Posts the warning to every subscribed channel when `at` is within 10 minutes after today's
 * CLOSEFLOW_TIME on a KRX trading day. Returns what each channel got: sent, taken (another scheduler
 * or an earlier tick), failed.
 */
export async function runCloseFlow(at: Date, deps: CloseFlowDeps): Promise<{ channel: string; status: 'sent' | 'taken' | 'failed' }[]> {
  const day = seoulDate(at);
  if (!isKrxTradingDay(day)) return [];
  const due = closeFlowAt(day, deps.config.CLOSEFLOW_TIME).getTime();
  if (at.getTime() < due - 1_000 || at.getTime() >= due + 10 * 60_000) return [];
  const channels = await deps.alerts.closeflowChannels();
  if (!channels.length) return [];
  let report: Promise<Report> | undefined;
  const make = () =>
    (report ??= (async () => {
      const quote = await deps.quote('KOSPI200', at);
      return closeFlowReport({ market: deps.market, now: at, config: deps.config, log: deps.log, commands: deps.commands }, quote);
    })());
  const out: { channel: string; status: 'sent' | 'taken' | 'failed' }[] = [];
  for (const channel of channels) {
    const key = `${day}#closeflow`;
    if (!(await deps.ledger.claim(channel, key))) {
      out.push({ channel, status: 'taken' });
      continue;
    }
    try {
      await deps.post(channel, await make());
      await deps.ledger.finish(channel, key, 'sent');
      out.push({ channel, status: 'sent' });
    } catch (err) {
      const why = err instanceof DataError ? err.message : err instanceof Error ? err.message : String(err);
      deps.log.error({ err, channel }, 'close-flow warning not posted');
      await deps.ledger.finish(channel, key, 'failed', why.slice(0, 500));
      out.push({ channel, status: 'failed' });
    }
  }
  return out;
}
