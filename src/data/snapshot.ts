// Write any MarketData out as a DATA_DIR folder that csvMarket reads back identically: one canonical
// `<SYMBOL>.csv` per series, `OPTIONS_KOSPI200.csv` for the latest option chain, and `SNAPSHOT.json`
// saying where it came from, so synthetic prices read back still say DEMO on every answer and chart.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MarketData, Point } from '../core/types.ts';
import { OPTIONS_FILE } from './csvMarket.ts';
import { SYMBOLS } from './symbols.ts';
import { fxTimingOf } from './freshness.ts';
import { SNAPSHOT_MANIFEST, type SnapshotManifest } from './manifest.ts';

export const SNAPSHOT_COLUMNS = ['date', 'open', 'high', 'low', 'close', 'volume', 'traded_value', 'net_assets'] as const;
const OPTION_COLUMNS = ['date', 'type', 'strike', 'expiry', 'open_interest', 'iv', 'price', 'spot'] as const;

// String(x) is the shortest text that parses back to the same double, so numbers round-trip exactly.
const cell = (x: number | undefined): string => (x === undefined ? '' : String(x));

/** The canonical series CSV: `date,open,high,low,close,volume,traded_value,net_assets`, oldest first. */
export function seriesCsv(points: readonly Point[]): string {
  const rows = points.map((p) =>
    [p.date, cell(p.open), cell(p.high), cell(p.low), cell(p.close), cell(p.volume), cell(p.tradedValue), cell(p.netAssets)].join(','),
  );
  return [SNAPSHOT_COLUMNS.join(','), ...rows].join('\n') + '\n';
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, path);
}

/**
 * Write `symbols` (default: every canonical symbol) from `market` into `dir`, plus the option chain
 * as of the latest KOSPI200 session. Series that cannot be had are listed in `missing` with the reason.
 */
export async function writeSnapshot(
  market: MarketData, dir: string, symbols: readonly string[] = SYMBOLS.map((s) => s.symbol),
): Promise<{ files: string[]; missing: { symbol: string; reason: string }[] }> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const missing: { symbol: string; reason: string }[] = [];
  let lastKospi200: string | undefined;
  const manifest: SnapshotManifest = { origin: market.kind, demo: market.demo, writtenAt: new Date().toISOString(), series: {} };
  for (const symbol of symbols) {
    try {
      const series = await market.series(symbol);
      if (series.points.length === 0) throw new Error('no points');
      const path = join(dir, `${symbol}.csv`);
      await writeAtomically(path, seriesCsv(series.points));
      files.push(path);
      manifest.series[symbol] = {
        source: series.source,
        ...(series.fxTiming ? { fxTiming: series.fxTiming } : symbol === 'USDKRW' ? { fxTiming: fxTimingOf(series) } : {}),
        ...(series.hygiene?.length ? { hygiene: series.hygiene } : {}),
      };
      if (symbol === 'KOSPI200') lastKospi200 = series.points.at(-1)!.date;
    } catch (err) {
      missing.push({ symbol, reason: (err as Error).message });
    }
  }
  try {
    const chain = await market.optionChain(lastKospi200 ?? '9999-12-31');
    if (chain) {
      const rows = chain.quotes.map((q) =>
        [chain.date, q.type, q.strike, q.expiry, q.openInterest, cell(q.iv), cell(q.price), chain.spot].join(','),
      );
      const path = join(dir, OPTIONS_FILE);
      await writeAtomically(path, [OPTION_COLUMNS.join(','), ...rows].join('\n') + '\n');
      files.push(path);
    }
  } catch (err) {
    missing.push({ symbol: 'OPTIONS_KOSPI200', reason: (err as Error).message });
  }
  // Written last: a folder with a manifest is a finished snapshot.
  const manifestPath = join(dir, SNAPSHOT_MANIFEST);
  await writeAtomically(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  files.push(manifestPath);
  return { files, missing };
}
