// The real series in ../shared/data as a MarketData, for tests that skip where the folder is absent.
import { readFileSync } from 'node:fs';
import { parseSeriesCsv, parseSeriesJson } from '../../src/data/csv.ts';
import type { Point } from '../../src/core/types.ts';
import { sharedPath } from '../helpers/shared.ts';
import type { Rows } from './fakeMarket.ts';

const FILES: Record<string, string> = {
  KOSPI: 'kospi_ks11_fdr_1980_2025.csv',
  NDX: 'ndx_yahoo_1985_2026.csv',
  VIX: 'vix_daily_1990_2026.csv',
  VKOSPI: 'vkospi_krx_2020_2026.csv',
  SAMSUNG: 'samsung_005930_fdr_2000_2025.csv',
  SKHYNIX: 'skhynix_000660_fdr_2000_2025.csv',
  SOX: 'sox_close_1994_2026.json',
};

/** Rows for `symbols` read from shared/data/series. */
export function realRows(symbols: string[]): Rows {
  const out: Rows = {};
  for (const symbol of symbols) {
    const file = FILES[symbol]!;
    const text = readFileSync(sharedPath('series', file), 'utf8');
    const opts = { symbol, source: `csv:${file}` };
    let points: Point[] = (file.endsWith('.json') ? parseSeriesJson(text, opts) : parseSeriesCsv(text, opts)).series.points;
    // PROVENANCE.md: the FDR KOSPI file's last row (2025-08-07) is a partial intraday bar.
    if (symbol === 'KOSPI') points = points.filter((p) => p.date !== '2025-08-07');
    out[symbol] = points;
  }
  return out;
}
