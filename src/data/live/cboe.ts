// CBOE's own VIX history file: `DATE,OPEN,HIGH,LOW,CLOSE` with MM/DD/YYYY dates, since 1990.
import type { ParsedSeries } from '../csv.ts';
import { parseSeriesCsv } from '../csv.ts';
import type { Http } from './http.ts';

export async function fetchCboe(
  http: Http,
  baseUrl: string,
  req: { symbol: string; ticker: string; fetchedAt: string },
): Promise<ParsedSeries> {
  const source = 'cboe';
  const url = `${baseUrl.replace(/\/$/, '')}/api/global/us_indices/daily_prices/${encodeURIComponent(req.ticker)}_History.csv`;
  const text = await http.text(url, { symbol: req.symbol, source }, 'CSV');
  return parseSeriesCsv(text, { symbol: req.symbol, source, fetchedAt: req.fetchedAt });
}
