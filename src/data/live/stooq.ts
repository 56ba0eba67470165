// Stooq's CSV download. Kept only as a late fallback: since 2024 it answers scripts with a
// JavaScript challenge page (an HTML answer, failed clearly by http.ts) or a daily hit limit.
import { DataError } from '../../core/errors.ts';
import type { ParsedSeries } from '../csv.ts';
import { parseSeriesCsv } from '../csv.ts';
import type { Http } from './http.ts';

export async function fetchStooq(
  http: Http,
  baseUrl: string,
  req: { symbol: string; ticker: string; fetchedAt: string },
): Promise<ParsedSeries> {
  const source = `stooq:${req.ticker}`;
  const url = `${baseUrl.replace(/\/$/, '')}/q/d/l/?s=${encodeURIComponent(req.ticker)}&i=d`;
  const text = await http.text(url, { symbol: req.symbol, source }, 'CSV');
  if (/exceeded the daily hits limit/i.test(text)) throw new DataError(req.symbol, source, 'daily hit limit exceeded');
  if (/^\s*no data/i.test(text)) throw new DataError(req.symbol, source, 'no rows');
  return parseSeriesCsv(text, { symbol: req.symbol, source, fetchedAt: req.fetchedAt });
}
