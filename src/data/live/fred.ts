// FRED's graph CSV (no key): `observation_date,<ID>`, with '.' or an empty field on missing days.
import type { ParsedSeries } from '../csv.ts';
import { parseSeriesCsv } from '../csv.ts';
import type { Http } from './http.ts';

/** Series `id` (VIXCLS, NASDAQ100, DEXKOUS) from `from` on. Missing days are counted in `rejected`. */
export async function fetchFred(
  http: Http,
  baseUrl: string,
  req: { symbol: string; id: string; from: string; fetchedAt: string },
): Promise<ParsedSeries> {
  const source = `fred:${req.id}`;
  const url = `${baseUrl.replace(/\/$/, '')}/graph/fredgraph.csv?id=${encodeURIComponent(req.id)}&cosd=${req.from}`;
  const text = await http.text(url, { symbol: req.symbol, source }, 'CSV');
  return parseSeriesCsv(text, { symbol: req.symbol, source, fetchedAt: req.fetchedAt });
}
