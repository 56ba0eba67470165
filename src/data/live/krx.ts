// KRX Open API (data-dbg.krx.co.kr): each call answers one trading date for every instrument of a
// board, all values as strings ("-" for no trade). Also a reader for the KRX data portal's
// getJsonData.cmd answers (numbers with thousands commas, dates YYYY/MM/DD, newest first).
import { z } from 'zod';
import { DataError } from '../../core/errors.ts';
import type { OptionChain, OptionQuote, Point, Series } from '../../core/types.ts';
import { kospi200Expiry } from '../calendar.ts';
import { KOSPI200_MULTIPLIER_KRW } from '../products.ts';
import type { Http } from './http.ts';

export const KRX_BOARDS = {
  /** KOSPI-family index closes (코스피, 코스피 200, …). */
  index: 'idx/kospi_dd_trd',
  /** Derivative indices, VKOSPI among them. */
  derivIndex: 'idx/drvprod_dd_trd',
  /** ETF prices with net assets. */
  etf: 'etp/etf_bydd_trd',
  /** The non-stock options board: KOSPI200, mini, weekly and KOSDAQ150 options. */
  options: 'drv/opt_bydd_trd',
} as const;
export type KrxBoard = keyof typeof KRX_BOARDS;

export type KrxRow = Record<string, string>;

const cell = z.union([z.string(), z.number(), z.null()]).transform((v) => (v === null ? '' : String(v)));
const boardSchema = z.object({ OutBlock_1: z.array(z.record(z.string(), cell)) });

/** A KRX number: "2578.08", "1,457.64"; undefined for "-", "" or anything unreadable. */
export function krxNumber(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const t = raw.replace(/,/g, '').trim();
  if (t === '' || t === '-') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

const compactDate = (date: string): string => date.replace(/-/g, '');
const isoDate = (raw: string): string | undefined => {
  const m = /^(\d{4})[/-]?(\d{2})[/-]?(\d{2})$/.exec(raw.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
};

/** The rows of one board on one date; [] when KRX has nothing for it (a holiday, or not yet published). */
export async function fetchKrxBoard(
  http: Http,
  req: { baseUrl: string; apiKey: string; board: KrxBoard; date: string; symbol: string },
): Promise<KrxRow[]> {
  const url = `${req.baseUrl.replace(/\/$/, '')}/${KRX_BOARDS[req.board]}?basDd=${compactDate(req.date)}`;
  const body = await http.json(url, { symbol: req.symbol, source: 'krx', headers: { AUTH_KEY: req.apiKey } }, boardSchema);
  return body.OutBlock_1;
}

function setOptional(p: Point, key: 'open' | 'high' | 'low' | 'volume' | 'tradedValue' | 'netAssets', raw: string | undefined): void {
  const v = krxNumber(raw);
  // A zero open/high/low is a halted or untraded session, not a price.
  if (v !== undefined && (v > 0 || key === 'volume' || key === 'tradedValue')) p[key] = v;
}

/** The point of index `name` (IDX_NM, e.g. '코스피', '코스피 200 변동성지수') in an index board. */
export function krxIndexPoint(rows: KrxRow[], name: string): Point | undefined {
  const row = rows.find((r) => r.IDX_NM?.trim() === name);
  const date = row && isoDate(row.BAS_DD ?? '');
  const close = krxNumber(row?.CLSPRC_IDX);
  if (!row || !date || close === undefined || close <= 0) return undefined;
  const p: Point = { date, close };
  setOptional(p, 'open', row.OPNPRC_IDX);
  setOptional(p, 'high', row.HGPRC_IDX);
  setOptional(p, 'low', row.LWPRC_IDX);
  setOptional(p, 'volume', row.ACC_TRDVOL);
  setOptional(p, 'tradedValue', row.ACC_TRDVAL);
  return p;
}

/** The point of ETF `code` (ISU_CD, e.g. '122630') with its net assets, from the ETF board. */
export function krxEtfPoint(rows: KrxRow[], code: string): Point | undefined {
  const row = rows.find((r) => r.ISU_CD?.trim() === code);
  const date = row && isoDate(row.BAS_DD ?? '');
  const close = krxNumber(row?.TDD_CLSPRC);
  if (!row || !date || close === undefined || close <= 0) return undefined;
  const p: Point = { date, close };
  setOptional(p, 'open', row.TDD_OPNPRC);
  setOptional(p, 'high', row.TDD_HGPRC);
  setOptional(p, 'low', row.TDD_LWPRC);
  setOptional(p, 'volume', row.ACC_TRDVOL);
  setOptional(p, 'tradedValue', row.ACC_TRDVAL);
  setOptional(p, 'netAssets', row.INVSTASST_NETASST_TOTAMT);
  return p;
}

/** How each canonical symbol KRX serves is found in a board's rows. */
export const KRX_SERIES: Record<string, { board: KrxBoard; pick: (rows: KrxRow[]) => Point | undefined }> = {
  KOSPI: { board: 'index', pick: (rows) => krxIndexPoint(rows, '코스피') },
  KOSPI200: { board: 'index', pick: (rows) => krxIndexPoint(rows, '코스피 200') },
  VKOSPI: { board: 'derivIndex', pick: (rows) => krxIndexPoint(rows, '코스피 200 변동성지수') },
  '122630': { board: 'etf', pick: (rows) => krxEtfPoint(rows, '122630') },
  '252670': { board: 'etf', pick: (rows) => krxEtfPoint(rows, '252670') },
};

// ---------------------------------------------------------------------------------------------
// KOSPI200 options chain.

export { kospi200Expiry } from '../calendar.ts';

// '코스피200 C 202401 357.5 (정규)': regular monthly KOSPI200 options only. The mini
// ('미니코스피 …'), weekly ('코스피위클리M …') and KOSDAQ150 series have other names and products.
// (\uCF54\uC2A4\uD53C200 is 코스피200, escaped: scripts/bundle.mjs keeps the bundle ASCII.)
const REGULAR_NAME = /^\uCF54\uC2A4\uD53C200 ([CP]) (\d{6}) (\d+(?:\.\d+)?)/;
const REGULAR_PRODUCT = '코스피200 옵션';

/**
 * The regular KOSPI200 option chain in an `opt_bydd_trd` answer: strike and expiry from the
 * contract name, open interest `ACC_OPNINT_QTY`, implied vol `IMP_VOLT` (% → decimal), price the
 * day's close or, untraded, KRX's next-day base price. `spot` is the KOSPI 200 close of that date.
 */
export function parseKrxOptionChain(
  body: unknown,
  spot: number,
  opts: { fetchedAt?: string; isTradingDay?: (d: string) => boolean } = {},
): OptionChain {
  const checked = boardSchema.safeParse(body);
  if (!checked.success) throw new DataError('KOSPI200 options', 'krx', 'unexpected options board JSON');
  const quotes: OptionQuote[] = [];
  const expiries = new Map<string, string>();
  let date: string | undefined;
  for (const row of checked.data.OutBlock_1) {
    if (row.PROD_NM?.trim() !== REGULAR_PRODUCT) continue;
    const m = REGULAR_NAME.exec(row.ISU_NM?.trim() ?? '');
    if (!m) continue;
    const [, cp, month = '', strikeText = ''] = m;
    const right = row.RGHT_TP_NM?.trim().toUpperCase();
    const type = right === 'CALL' ? 'call' : right === 'PUT' ? 'put' : cp === 'C' ? 'call' : 'put';
    let expiry = expiries.get(month);
    if (!expiry) {
      expiry = kospi200Expiry(month, opts.isTradingDay);
      expiries.set(month, expiry);
    }
    const q: OptionQuote = { type, strike: Number(strikeText), expiry, openInterest: krxNumber(row.ACC_OPNINT_QTY) ?? 0 };
    const iv = krxNumber(row.IMP_VOLT);
    if (iv !== undefined && iv > 0) q.iv = iv / 100;
    const price = krxNumber(row.TDD_CLSPRC) ?? krxNumber(row.NXTDD_BAS_PRC);
    if (price !== undefined) q.price = price;
    quotes.push(q);
    date ??= isoDate(row.BAS_DD ?? '');
  }
  if (quotes.length === 0 || !date) throw new DataError('KOSPI200 options', 'krx', 'no rows');
  return {
    underlying: 'KOSPI200',
    date,
    spot,
    multiplier: KOSPI200_MULTIPLIER_KRW,
    quotes,
    source: 'krx',
    fetchedAt: opts.fetchedAt ?? new Date().toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------
// KRX data portal (data.krx.co.kr getJsonData.cmd), as pykrx and the site's own pages call it.

const portalSchema = z.union([
  z.object({ output: z.array(z.record(z.string(), cell)) }),
  z.object({ OutBlock_1: z.array(z.record(z.string(), cell)) }),
]);

/**
 * A daily series from a data-portal answer: index rows (CLSPRC_IDX …) or stock/ETF rows
 * (TDD_CLSPRC …, with INVSTASST_NETASST_TOTAMT for ETFs). Rows come newest first; returned oldest first.
 */
export function parseKrxPortal(body: unknown, symbol: string, source = 'krx-portal', fetchedAt = new Date().toISOString()): Series {
  const checked = portalSchema.safeParse(body);
  if (!checked.success) throw new DataError(symbol, source, 'unexpected data-portal JSON (no output rows)');
  const rows = 'output' in checked.data ? checked.data.output : checked.data.OutBlock_1;
  const byDate = new Map<string, Point>();
  for (const r of rows) {
    const date = isoDate(r.TRD_DD ?? r.BAS_DD ?? '');
    const isIndex = r.CLSPRC_IDX !== undefined;
    const close = krxNumber(isIndex ? r.CLSPRC_IDX : r.TDD_CLSPRC);
    if (!date || close === undefined || close <= 0) continue;
    const p: Point = { date, close };
    setOptional(p, 'open', isIndex ? r.OPNPRC_IDX : r.TDD_OPNPRC);
    setOptional(p, 'high', isIndex ? r.HGPRC_IDX : r.TDD_HGPRC);
    setOptional(p, 'low', isIndex ? r.LWPRC_IDX : r.TDD_LWPRC);
    setOptional(p, 'volume', r.ACC_TRDVOL);
    setOptional(p, 'tradedValue', r.ACC_TRDVAL);
    setOptional(p, 'netAssets', r.INVSTASST_NETASST_TOTAMT);
    byDate.set(date, p);
  }
  const points = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
  if (points.length === 0) throw new DataError(symbol, source, 'no rows');
  return { symbol, points, source, fetchedAt };
}
