// DATA_SOURCE=csv: a folder of `<SYMBOL>.csv` files (any layout csv.ts reads), each parsed once on
// first use and kept in memory, plus an optional `OPTIONS_KOSPI200.csv` options chain.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ConfigError } from '../config.ts';
import { KOSPI200_MULTIPLIER_KRW } from './products.ts';
import { DataError } from '../core/errors.ts';
import type { Logger } from '../core/ports.ts';
import type { MarketData, OptionChain, OptionQuote, Series } from '../core/types.ts';
import { parseDate, parseNumber, parseSeriesCsv, parseSeriesJson, type ParsedSeries } from './csv.ts';
import { SNAPSHOT_MANIFEST, type SnapshotManifest } from './manifest.ts';
import { LIMIT_RULES, repairBasisBreaks } from './hygiene.ts';

/** Series checked for basis breaks at import, by the limit their market sets (leveraged ETFs and vol indices move more). */

export const OPTIONS_FILE = 'OPTIONS_KOSPI200.csv';
const OPTIONS_KEY = 'OPTIONS_KOSPI200';

export interface CsvMarket extends MarketData {
  readonly dir: string;
  /**
   * Rows of a symbol's file that could not be read (bad date, missing close, garbage numbers),
   * or undefined before the file has been loaded. `OPTIONS_KOSPI200` for the options file.
   */
  rejectedRows(symbol: string): number | undefined;
}

/** File bytes as text: UTF-8, or CP949/EUC-KR as KRX data-portal downloads are. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('euc-kr').decode(bytes);
  }
}

/** A market over `dir`. Throws ConfigError at once when the folder is missing, so start-up fails clearly. */
export function csvMarket(dir: string, log?: Logger): CsvMarket {
  if (!isDirectory(dir)) throw new ConfigError(`DATA_DIR ${dir} is not a folder (DATA_SOURCE=csv reads <SYMBOL>.csv files from it)`);
  const manifest = readManifest(dir);
  const loaded = new Map<string, Promise<ParsedSeries>>();
  const rejected = new Map<string, number>();
  let options: Promise<ParsedChains | null> | undefined;

  /** The file for a symbol: `<SYMBOL>.csv` (any case), else `<SYMBOL>.json`. */
  const fileFor = (symbol: string): string | undefined => {
    const names = isDirectory(dir) ? readdirSync(dir) : [];
    const want = [`${symbol}.csv`, `${symbol}.json`].map((n) => n.toLowerCase());
    for (const w of want) {
      const hit = names.find((n) => n.toLowerCase() === w);
      if (hit) return hit;
    }
    return undefined;
  };

  async function load(symbol: string): Promise<ParsedSeries> {
    const file = fileFor(symbol);
    if (!file) throw new DataError(symbol, 'csv', `no ${symbol}.csv in ${dir}`);
    const path = join(dir, file);
    const [bytes, info] = await Promise.all([readFile(path), stat(path)]).catch((err: NodeJS.ErrnoException) => {
      throw new DataError(symbol, `csv:${file}`, `cannot read ${path} (${err.code ?? err.message})`);
    });
    const opts = { symbol, source: `csv:${file}`, fetchedAt: info.mtime.toISOString() };
    const text = decodeText(bytes);
    const parsed = file.toLowerCase().endsWith('.json') ? parseSeriesJson(text, opts) : parseSeriesCsv(text, opts);
    const rule = LIMIT_RULES[symbol];
    if (rule) {
      const cleaned = repairBasisBreaks(symbol, parsed.series.points, rule);
      if (cleaned.breaks.length) {
        const cut = parsed.series.points.length - cleaned.points.length;
        log?.warn({ symbol, file, breaks: cleaned.breaks, rowsCut: cut }, 'csv basis break: adjusted or cut');
        parsed.series.points = cleaned.points;
        parsed.series.hygiene = cleaned.notes;
      }
    }
    const meta = manifest?.series[symbol];
    if (meta?.fxTiming) parsed.series.fxTiming = meta.fxTiming;
    if (meta?.hygiene?.length) parsed.series.hygiene = [...meta.hygiene, ...(parsed.series.hygiene ?? [])];
    rejected.set(symbol, parsed.rejected);
    if (parsed.rejected > 0 || parsed.duplicates > 0) {
      log?.warn({ symbol, file, layout: parsed.layout, rejected: parsed.rejected, duplicates: parsed.duplicates }, 'csv rows skipped');
    }
    return parsed;
  }

  const market: CsvMarket = {
    kind: 'csv',
    // A snapshot of the demo market is still synthetic: its manifest says so.
    demo: manifest?.demo === true,
    dir,
    async series(symbol: string): Promise<Series> {
      const key = symbol.toUpperCase();
      let pending = loaded.get(key);
      if (!pending) {
        pending = load(key);
        loaded.set(key, pending);
        // A missing or broken file is asked for again next time (the operator may fix it).
        pending.catch(() => loaded.delete(key));
      }
      return (await pending).series;
    },
    async optionChain(asOf: string): Promise<OptionChain | null> {
      options ??= loadOptions(dir, rejected, log);
      options.catch(() => (options = undefined));
      const chains = await options;
      if (!chains) return null;
      const date = chains.dates.findLast((d) => d <= asOf);
      if (!date) return null;
      const { quotes, spot } = chains.byDate.get(date)!;
      return {
        underlying: 'KOSPI200',
        date,
        spot: spot ?? (await spotOn(market, date)),
        multiplier: KOSPI200_MULTIPLIER_KRW,
        quotes,
        source: `csv:${OPTIONS_FILE}`,
        fetchedAt: chains.fetchedAt,
      };
    },
    rejectedRows: (symbol) => rejected.get(symbol.toUpperCase()),
  };
  return market;
}

/** The folder's SNAPSHOT.json, when it is a snapshot (stressbot snapshot); a broken one is a start-up error. */
function readManifest(dir: string): SnapshotManifest | undefined {
  const name = readdirSync(dir).find((n) => n.toLowerCase() === SNAPSHOT_MANIFEST.toLowerCase());
  if (!name) return undefined;
  try {
    const m = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Partial<SnapshotManifest>;
    return { origin: String(m.origin ?? 'unknown'), demo: m.demo === true, writtenAt: String(m.writtenAt ?? ''), series: m.series ?? {} };
  } catch (err) {
    throw new ConfigError(`DATA_DIR ${dir}: ${name} is not readable JSON (${(err as Error).message}); it marks a snapshot's origin, e.g. {"origin":"demo","demo":true}`);
  }
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** KOSPI200's close on the chain's date (or the latest before it). */
async function spotOn(market: MarketData, date: string): Promise<number> {
  let series: Series;
  try {
    series = await market.series('KOSPI200');
  } catch (err) {
    throw new DataError('KOSPI200', 'csv', `the option chain needs the spot: ${(err as Error).message}`);
  }
  const p = series.points.findLast((x) => x.date <= date);
  if (!p) throw new DataError('KOSPI200', 'csv', `no close on or before ${date} for the option chain's spot`);
  return p.close;
}

interface ParsedChains {
  dates: string[];
  byDate: Map<string, { quotes: OptionQuote[]; spot?: number }>;
  fetchedAt: string;
}

/**
 * `OPTIONS_KOSPI200.csv`: `date,type,strike,expiry,open_interest,iv` (+ optional `spot`, `price`).
 * type is call/put (or C/P); iv a decimal (0.18), a percent string (18%) or percent points (18.0).
 */
async function loadOptions(dir: string, rejected: Map<string, number>, log?: Logger): Promise<ParsedChains | null> {
  const name = readdirSync(dir).find((n) => n.toLowerCase() === OPTIONS_FILE.toLowerCase());
  if (!name) return null;
  const path = join(dir, name);
  const [bytes, info] = await Promise.all([readFile(path), stat(path)]);
  let rows: Record<string, string>[];
  try {
    rows = parse(decodeText(bytes), {
      bom: true, columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), comment: '#', comment_no_infix: true,
      relax_column_count: true, skip_empty_lines: true, trim: true,
    }) as Record<string, string>[];
  } catch (err) {
    throw new DataError(OPTIONS_KEY, `csv:${name}`, `not a readable CSV file (${(err as Error).message.split('\n')[0]})`);
  }
  const need = ['date', 'type', 'strike', 'expiry', 'open_interest'];
  const missing = need.filter((c) => !(rows[0] && c in rows[0]));
  if (rows.length > 0 && missing.length > 0)
    throw new DataError(OPTIONS_KEY, `csv:${name}`, `missing column(s) ${missing.join(', ')} (expected ${need.join(',')},iv)`);
  const byDate = new Map<string, { quotes: OptionQuote[]; spot?: number }>();
  let bad = 0;
  for (const row of rows) {
    const date = parseDate(row['date'] ?? '');
    const expiry = parseDate(row['expiry'] ?? '');
    const t = (row['type'] ?? '').toLowerCase();
    const type = t === 'call' || t === 'c' ? 'call' : t === 'put' || t === 'p' ? 'put' : undefined;
    const strike = parseNumber(row['strike'] ?? '');
    const oi = parseNumber(row['open_interest'] ?? '');
    const iv = parseNumber(row['iv'] ?? '');
    const price = parseNumber(row['price'] ?? '');
    const spot = parseNumber(row['spot'] ?? '');
    if (!date || !expiry || !type || !(strike! > 0) || oi === null || !(oi >= 0) || Number.isNaN(iv) || Number.isNaN(price)) {
      bad++;
      continue;
    }
    const quote: OptionQuote = { type, strike: strike!, expiry, openInterest: oi };
    // IVs above 300 % are not decimals: the file gives percent points.
    if (iv !== null) quote.iv = iv > 3 ? iv / 100 : iv;
    if (price !== null) quote.price = price;
    const day = byDate.get(date) ?? { quotes: [] };
    day.quotes.push(quote);
    if (spot !== null && spot > 0) day.spot = spot;
    byDate.set(date, day);
  }
  rejected.set(OPTIONS_KEY, bad);
  if (bad > 0) log?.warn({ file: name, rejected: bad }, 'csv option rows skipped');
  return { dates: [...byDate.keys()].sort(), byDate, fetchedAt: info.mtime.toISOString() };
}
