// "Today so far" for KOSPI and KOSPI200 while KRX is open: Yahoo's v8 chart with a one-minute
// interval over today (range=1d&interval=1m). The latest minute bar with a close is the price, its
// bar time the as-of; the previous session's close comes from `meta.previousClose` (Yahoo's
// `chartPreviousClose` is the close before the chart's range, the same for range=1d).
import { z } from 'zod';
import { DataError } from '../../core/errors.ts';
import type { Http } from './http.ts';
import { chartEnvelope, chartResult } from './yahoo.ts';
import type { IntradayQuote } from '../../core/types.ts';

export type { IntradayQuote } from '../../core/types.ts';

/** KRX tickers on Yahoo. */
export const INTRADAY_TICKERS: Record<string, string> = { KOSPI: '^KS11', KOSPI200: '^KS200' };

const intradaySchema = chartEnvelope(
  { regularMarketPrice: z.number().optional(), regularMarketTime: z.number().optional(), previousClose: z.number().optional(), chartPreviousClose: z.number().optional() },
  { close: z.array(z.number().nullable()).optional() },
);

/** A minute quote older than this while the market is open is stale (the feed stopped). */
export const INTRADAY_STALE_MS = 20 * 60_000;

/** Parses a 1m chart body; throws DataError when it has no usable minute bar (a closed day) or no previous close. */
export function parseYahooIntraday(body: unknown, symbol: string, source: string, fetchedAt: Date): IntradayQuote {
  const r = chartResult(intradaySchema, body, symbol, source);
  if (r.meta.dataGranularity && r.meta.dataGranularity !== '1m') throw new DataError(symbol, source, `expected 1m bars, got ${r.meta.dataGranularity}`);
  const ts = r.timestamp ?? [];
  const closes = r.indicators.quote[0]?.close ?? [];
  let i = Math.min(ts.length, closes.length) - 1;
  while (i >= 0 && !(typeof closes[i] === 'number' && Number.isFinite(closes[i]!))) i--;
  if (i < 0) throw new DataError(symbol, source, 'no minute bars today (market closed or not yet open)');
  const previousClose = r.meta.previousClose ?? r.meta.chartPreviousClose;
  if (!(previousClose !== undefined && previousClose > 0)) throw new DataError(symbol, source, 'no previous close in the chart');
  const last = closes[i]!;
  const at = new Date(ts[i]! * 1000);
  const age = fetchedAt.getTime() - at.getTime();
  return {
    symbol, last, previousClose, move: last / previousClose - 1, at: at.toISOString(), source, fetchedAt: fetchedAt.toISOString(),
    ...(age > INTRADAY_STALE_MS ? { stale: `last minute bar ${Math.round(age / 60_000)} min old` } : {}),
  };
}

/** Today's minute chart of KOSPI or KOSPI200 from Yahoo. */
export async function fetchYahooIntraday(http: Http, baseUrl: string, symbol: 'KOSPI' | 'KOSPI200', now: Date): Promise<IntradayQuote> {
  const ticker = INTRADAY_TICKERS[symbol]!;
  const source = `yahoo:${ticker} 1m`;
  const url = `${baseUrl.replace(/\/$/, '')}/v8/finance/chart/${encodeURIComponent(ticker)}?range=1d&interval=1m&includePrePost=false`;
  const body = await http.json(url, { symbol, source }, z.unknown());
  return parseYahooIntraday(body, symbol, source, now);
}

/**
 * The intraday provider with the daily data's fallbacks: a failed fetch answers the last good quote
 * marked stale (never a made-up number), else throws the DataError saying what is missing.
 */
export function intradayProvider(fetchQuote: (symbol: 'KOSPI' | 'KOSPI200', now: Date) => Promise<IntradayQuote>) {
  const lastGood = new Map<string, IntradayQuote>();
  return async (symbol: 'KOSPI' | 'KOSPI200', now: Date): Promise<IntradayQuote> => {
    try {
      const q = await fetchQuote(symbol, now);
      lastGood.set(symbol, q);
      return q;
    } catch (err) {
      const cached = lastGood.get(symbol);
      if (cached && err instanceof DataError) return { ...cached, stale: `served from cache: ${err.reason} (quote of ${cached.at})` };
      throw err;
    }
  };
}
