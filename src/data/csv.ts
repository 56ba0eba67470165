// Reads the daily-series CSV layouts people actually export (DESIGN.md "CSV folder"): generic
// date/OHLCV in any case and order, Yahoo and yfinance, CBOE, FRED, Stooq, Investing.com, Alpha
// Vantage, KRX downloads with Korean headers. Rows it cannot read are counted, never used.
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { DataError } from '../core/errors.ts';
import type { Point, Series } from '../core/types.ts';

export interface ParseOptions {
  symbol: string;
  source: string;
  fetchedAt?: string;
}

export interface ParsedSeries {
  series: Series;
  /** Data rows dropped because a date or number could not be read (or the close was missing). */
  rejected: number;
  /** Rows whose date repeated an earlier row; the later row in the file wins. */
  duplicates: number;
  /** Which layout was recognised, e.g. 'yahoo', 'fred', 'investing' (for logs and messages). */
  layout: string;
}

type Role = 'date' | 'open' | 'high' | 'low' | 'close' | 'adjClose' | 'volume' | 'tradedValue' | 'netAssets';

// Header names (lower-cased, trimmed) by role. Polish names are Stooq's pl locale, Korean KRX's.
const NAMES: Record<Role, string[]> = {
  date: ['date', 'time', 'timestamp', 'datetime', 'observation_date', 'data', '일자', '날짜', '기준일자'],
  open: ['open', 'otwarcie', '시가'],
  high: ['high', 'najwyzszy', '고가'],
  low: ['low', 'najnizszy', '저가'],
  close: ['close', 'price', 'zamkniecie', '종가', '현재가', 'kospi_close', 'usdkrw_bok', '평균내재변동성_전체'],
  adjClose: ['adj close', 'adj_close', 'adjclose', 'adjusted close'],
  volume: ['volume', 'vol.', 'vol', 'wolumen', '거래량'],
  tradedValue: ['traded_value', 'amount', 'trading_value', 'trading_value_100m_krw', '거래대금'],
  netAssets: ['net_assets', 'netassets', 'nav_total', '순자산총액'],
};

/** Columns in units of 100 million KRW (억원): multiply to get KRW. */
const SCALE: Record<string, number> = { trading_value_100m_krw: 1e8 };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A cell that means "no value" in some export: empty, Yahoo `null`, FRED `.`, Investing `-`. */
const isBlank = (s: string): boolean => s === '' || s === '-' || s === '.' || /^(null|nan|n\/a|na)$/i.test(s);

const pad = (n: number): string => String(n).padStart(2, '0');

function isoIfValid(y: number, m: number, d: number): string | undefined {
  if (!(y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1)) return undefined;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days ? `${y}-${pad(m)}-${pad(d)}` : undefined;
}

/**
 * A session date as YYYY-MM-DD, or undefined. Reads 2024-08-05 (with an optional time part),
 * 20240805, 2024/08/05, 2026.3.6, 08/05/2024 (or 05/08/2024 with dayFirst), 05.08.2024,
 * and "Aug 05, 2024".
 */
export function parseDate(raw: string, dayFirst = false): string | undefined {
  const s = raw.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(s) ?? /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})\.?$/.exec(s);
  if (m) return isoIfValid(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return isoIfValid(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) return dayFirst ? isoIfValid(+m[3]!, +m[2]!, +m[1]!) : isoIfValid(+m[3]!, +m[1]!, +m[2]!);
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  if (m) return isoIfValid(+m[3]!, +m[2]!, +m[1]!);
  m = /^([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})$/.exec(s);
  if (m) {
    const month = MONTHS.indexOf(m[1]!.toLowerCase()) + 1;
    return month ? isoIfValid(+m[3]!, month, +m[2]!) : undefined;
  }
  return undefined;
}

/**
 * A number from an export cell: thousands commas ("1,457.64"), K/M/B suffixes ("1.23M"), a trailing %.
 * Returns null for a blank cell and NaN for one that is not a number.
 */
export function parseNumber(raw: string): number | null {
  const s = raw.trim().replace(/,/g, '');
  if (isBlank(s)) return null;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([KMB%])?$/i.exec(s);
  if (!m) return NaN;
  const scale = { K: 1e3, M: 1e6, B: 1e9, '%': 0.01 }[m[2]?.toUpperCase() as 'K'] ?? 1;
  return Number(m[1]) * scale;
}

interface Layout {
  name: string;
  columns: Partial<Record<Role, number>>;
  /** Index of the first data row in the records. */
  start: number;
  dayFirst: boolean;
  scale: Partial<Record<Role, number>>;
}

function fail(opts: ParseOptions, reason: string): never {
  throw new DataError(opts.symbol, opts.source, reason);
}

function findColumns(header: string[]): { columns: Partial<Record<Role, number>>; scale: Partial<Record<Role, number>> } {
  const names = header.map((h) => h.trim().toLowerCase());
  const columns: Partial<Record<Role, number>> = {};
  const scale: Partial<Record<Role, number>> = {};
  for (const role of Object.keys(NAMES) as Role[]) {
    const i = names.findIndex((n) => NAMES[role].includes(n));
    if (i >= 0) {
      columns[role] = i;
      if (SCALE[names[i]!]) scale[role] = SCALE[names[i]!];
    }
  }
  if (columns.close === undefined) {
    // `<name>_close` (e.g. kospi_close), else the one value column of a two-column file (FRED `DATE,DEXKOUS`).
    const suffixed = names.findIndex((n) => n.endsWith('_close'));
    if (suffixed >= 0) columns.close = suffixed;
    else if (columns.adjClose !== undefined) columns.close = columns.adjClose;
    else if (names.length === 2 && columns.date !== undefined) columns.close = 1 - columns.date;
  }
  return { columns, scale };
}

function layoutName(names: string[], columns: Partial<Record<Role, number>>, sample: string): string {
  const has = (n: string) => names.includes(n);
  if (has('price') && has('change %')) return 'investing';
  if (has('일자')) return 'krx';
  if (has('observation_date') || (names.length === 2 && sample === 'DATE')) return 'fred';
  if (has('timestamp')) return 'alphavantage';
  if (columns.adjClose !== undefined) return 'yahoo';
  if (has('wolumen') || has('zamkniecie')) return 'stooq-pl';
  return 'generic';
}

function detectLayout(records: string[][], opts: ParseOptions): Layout {
  const header = records[0];
  if (!header) fail(opts, 'the file is empty');
  let start = 1;
  let names = header.map((h) => h.trim().toLowerCase());
  let yfinance = false;
  // yfinance ≥0.2.5x writes three header rows: `Price,Adj Close,…`, `Ticker,QQQ,…`, `Date,,,…`.
  if (names[0] === 'price' && records[1]?.[0]?.trim().toLowerCase() === 'ticker') {
    while (/^(ticker|date)$/i.test(records[start]?.[0]?.trim() ?? '') && records[start]!.slice(1).every((c) => !parseDate(c))) start++;
    names = ['date', ...names.slice(1)];
    yfinance = true;
  }
  const { columns, scale } = findColumns(names);
  if (columns.date === undefined)
    fail(opts, `no date column in the header "${header.join(',')}" (expected one of date, timestamp, observation_date, 일자)`);
  if (columns.close === undefined)
    fail(opts, `no close column in the header "${header.join(',')}" (expected close, price, adj close or one value column)`);
  const dates = records.slice(start).map((r) => r[columns.date!] ?? '');
  // MM/DD/YYYY is the US default; a first part above 12 anywhere means the file is DD/MM/YYYY.
  const slashParts = dates.map((d) => /^(\d{1,2})\/(\d{1,2})\/\d{4}$/.exec(d.trim())).filter((m) => m !== null);
  const dayFirst = slashParts.some((m) => +m[1]! > 12) && !slashParts.some((m) => +m[2]! > 12);
  let name = yfinance ? 'yfinance' : layoutName(names, columns, header[0]?.trim() ?? '');
  if (name === 'generic' && slashParts.length > 0 && names.join(',') === 'date,open,high,low,close') name = 'cboe';
  const layout: Layout = { name, columns, start, dayFirst, scale };
  return yfinanceMislabelled(records, layout, names);
}

/**
 * Some yfinance exports carry the classic header `Date,Open,High,Low,Close,Adj Close,Volume` over
 * values in yfinance's own order (Adj Close, Close, High, Low, Open, Volume). Under the stated header
 * "Low" then exceeds "High" on most rows; under the real order the rows are consistent.
 */
function yfinanceMislabelled(records: string[][], layout: Layout, names: string[]): Layout {
  if (names.join(',') !== 'date,open,high,low,close,adj close,volume') return layout;
  const rows = records.slice(layout.start).filter((r) => r.length >= 7);
  const inconsistent = (h: number, l: number) =>
    rows.filter((r) => {
      const hi = Number(r[h]);
      const lo = Number(r[l]);
      return Number.isFinite(hi) && Number.isFinite(lo) && lo > hi;
    }).length;
  if (rows.length < 10 || inconsistent(2, 3) < rows.length / 2 || inconsistent(3, 4) > rows.length / 100) return layout;
  return {
    ...layout,
    name: 'yfinance-mislabelled',
    columns: { date: 0, adjClose: 1, close: 2, high: 3, low: 4, open: 5, volume: 6 },
  };
}

const OPTIONAL = ['open', 'high', 'low', 'volume', 'tradedValue', 'netAssets'] as const satisfies readonly Role[];

/** Parse a daily series from CSV text. Throws DataError when no layout is recognised or no row is usable. */
export function parseSeriesCsv(text: string, opts: ParseOptions): ParsedSeries {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      comment: '#',
      comment_no_infix: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (err) {
    fail(opts, `not a readable CSV file (${(err as Error).message.split('\n')[0]})`);
  }
  records = records.filter((r) => r.some((c) => c !== ''));
  const layout = detectLayout(records, opts);
  const byDate = new Map<string, Point>();
  let rejected = 0;
  let duplicates = 0;
  for (const row of records.slice(layout.start)) {
    const point = readRow(row, layout);
    if (!point) {
      rejected++;
      continue;
    }
    if (byDate.has(point.date)) {
      duplicates++;
      byDate.delete(point.date);
    }
    byDate.set(point.date, point);
  }
  if (byDate.size === 0) fail(opts, `no usable rows (${rejected} rejected) in a ${layout.name} layout`);
  const points = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const fxTiming = fxTimingOfColumn(records[0]?.[layout.columns.close!] ?? '', layout.name);
  return {
    series: { symbol: opts.symbol, points, source: opts.source, fetchedAt: opts.fetchedAt ?? new Date().toISOString(), ...(fxTiming ? { fxTiming } : {}) },
    rejected,
    duplicates,
    layout: layout.name,
  };
}

/**
 * When a USD/KRW column's rate is fixed, where the header says: the Bank of Korea's (ECOS) rate at
 * Seoul's close, or FRED's DEXKOUS, the New York noon rate (after Seoul has closed). Unknown otherwise.
 */
function fxTimingOfColumn(header: string, layout: string): Series['fxTiming'] {
  const h = header.trim().toLowerCase();
  if (['bok', 'ecos', '서울', '매매기준율'].some((word) => h.includes(word))) return 'seoul-close';
  if (h === 'dexkous' || /fed_?ny|noon/.test(h) || (layout === 'fred' && h.startsWith('dex'))) return 'new-york-noon';
  return undefined;
}

function readRow(row: string[], layout: Layout): Point | undefined {
  const { columns, scale } = layout;
  const date = parseDate(row[columns.date!] ?? '', layout.dayFirst);
  const close = parseNumber(row[columns.close!] ?? '');
  if (!date || close === null || !(close > 0)) return undefined;
  const point: Point = { date, close: close * (scale.close ?? 1) };
  for (const role of OPTIONAL) {
    const i = columns[role];
    if (i === undefined) continue;
    const v = parseNumber(row[i] ?? '');
    if (v === null) continue;
    if (Number.isNaN(v)) return undefined;
    // A zero open/high/low is "no trade" (KRX halts, close-only eras), not a price.
    if (v === 0 && (role === 'open' || role === 'high' || role === 'low')) continue;
    point[role] = v * (scale[role] ?? 1);
  }
  return point;
}

const jsonShape = z.union([
  z.object({ series: z.array(z.object({ date: z.string(), close: z.number().nullable() })) }),
  z.array(z.object({ date: z.string(), close: z.number().nullable() })),
]);

/** The `{series: [{date, close}]}` JSON shape (e.g. a saved SOX history), or a bare array of such points. */
export function parseSeriesJson(text: string, opts: ParseOptions): ParsedSeries {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    fail(opts, `not valid JSON (${(err as Error).message})`);
  }
  const shape = jsonShape.safeParse(json);
  if (!shape.success) fail(opts, 'JSON is not {series: [{date, close}]}');
  const rows = Array.isArray(shape.data) ? shape.data : shape.data.series;
  const csv = ['date,close', ...rows.map((r) => `${r.date},${r.close ?? ''}`)].join('\n');
  return { ...parseSeriesCsv(csv, opts), layout: 'json' };
}
