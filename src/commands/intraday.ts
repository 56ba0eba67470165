// "Today so far" while KRX is open: the latest minute quote, for /kospi-stress and /gamma. Only for
// an answer about today (no asof=), only where the data mode has a feed (live), labelled intraday
// with its time; a failed feed is said (no data), never a made-up number.
import type { Context, IntradayQuote, ReportField } from '../core/types.ts';
import { DataError } from '../core/errors.ts';
import { isKrxTradingDay, krxCloseAt, krxOpenAt, seoulDate, SEOUL_TZ } from '../data/calendar.ts';
import { pct } from './report.ts';

export const intradayTime = (q: IntradayQuote): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone: SEOUL_TZ, hour: '2-digit', minute: '2-digit' }).format(new Date(q.at));

export interface TodaySoFar {
  quote: IntradayQuote | null;
  field: ReportField;
}

/** The quote and its field, or undefined when the market is closed, asof= is given or there is no feed. */
export async function todaySoFar(ctx: Context, symbol: 'KOSPI' | 'KOSPI200', asof: string | undefined): Promise<TodaySoFar | undefined> {
  if (asof !== undefined || !ctx.market.intraday) return undefined;
  const day = seoulDate(ctx.now);
  if (!isKrxTradingDay(day) || ctx.now < krxOpenAt(day) || ctx.now >= krxCloseAt(day)) return undefined;
  try {
    const q = await ctx.market.intraday(symbol, ctx.now);
    if (!q) return undefined;
    return {
      quote: q,
      field: {
        label: `Today so far (intraday ${intradayTime(q)} Seoul)`,
        value: `${symbol} ${q.last.toFixed(2)} (${pct(q.move)} vs ${q.previousClose.toFixed(2)}) · ${q.source}${q.stale ? ` · stale: ${q.stale}` : ''}`,
        ...(q.stale ? { tone: 'missing' as const } : {}),
      },
    };
  } catch (err) {
    if (!(err instanceof DataError)) throw err;
    return { quote: null, field: { label: 'Today so far (intraday)', value: `no data: ${err.reason}`, tone: 'missing' } };
  }
}
