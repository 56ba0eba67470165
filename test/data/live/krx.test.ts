import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/errors.ts';
import {
  KRX_SERIES,
  kospi200Expiry,
  krxEtfPoint,
  krxIndexPoint,
  parseKrxOptionChain,
  parseKrxPortal,
  type KrxRow,
} from '../../../src/data/live/krx.ts';
import { hasShared, SHARED_REASON, sharedPath } from '../../helpers/shared.ts';
import { readCassette } from './cassette.ts';

const openApi = (name: string): unknown =>
  JSON.parse(readFileSync(sharedPath('responses/krx_openapi', `${name}_20240105.json`), 'utf8'));
const rows = (name: string): KrxRow[] => (openApi(name) as { OutBlock_1: KrxRow[] }).OutBlock_1;

describe.skipIf(!hasShared)(`KRX Open API boards of 2024-01-05 (${SHARED_REASON})`, () => {
  it('reads KOSPI and KOSPI 200 from idx/kospi_dd_trd', () => {
    // By hand from the file: 코스피 O 2586.89 H 2592.29 L 2572.60 C 2578.08, 520,480,370 shares, ₩8,379,290,435,057.
    expect(krxIndexPoint(rows('kospi_dd_trd'), '코스피')).toEqual({
      date: '2024-01-05', open: 2586.89, high: 2592.29, low: 2572.6, close: 2578.08,
      volume: 520_480_370, tradedValue: 8_379_290_435_057,
    });
    expect(KRX_SERIES.KOSPI200!.pick(rows('kospi_dd_trd'))?.close).toBe(347.22);
    // '코스피 (외국주포함)' has '-' prices: not confused with 코스피, and unusable on its own.
    expect(krxIndexPoint(rows('kospi_dd_trd'), '코스피 (외국주포함)')).toBeUndefined();
  });

  it('reads VKOSPI from idx/drvprod_dd_trd', () => {
    // 코스피 200 변동성지수: O 18.04 H 18.11 L 17.67 C 17.80 (same as series/vkospi_krx_2020_2026.csv).
    const p = KRX_SERIES.VKOSPI!.pick(rows('drvprod_dd_trd'));
    expect(p).toMatchObject({ date: '2024-01-05', open: 18.04, high: 18.11, low: 17.67, close: 17.8 });
  });

  it('reads the leveraged ETFs with net assets from etp/etf_bydd_trd', () => {
    // 122630 KODEX 레버리지: C 17,490, vol 15,352,184, net assets ₩1,914,086,731,121.
    expect(krxEtfPoint(rows('etf_bydd_trd'), '122630')).toMatchObject({
      date: '2024-01-05', close: 17_490, volume: 15_352_184, netAssets: 1_914_086_731_121,
    });
    // 252670 KODEX 200선물인버스2X: C 2,350, net assets ₩1,576,640,342,151.
    expect(KRX_SERIES['252670']!.pick(rows('etf_bydd_trd'))).toMatchObject({ close: 2_350, netAssets: 1_576_640_342_151 });
    expect(krxEtfPoint(rows('etf_bydd_trd'), '999999')).toBeUndefined();
  });

  it('keeps only the regular KOSPI200 options of drv/opt_bydd_trd', () => {
    const chain = parseKrxOptionChain(openApi('opt_bydd_trd'), 347.22, { fetchedAt: 'x' });
    // 2,652 rows: 1,480 코스피200 옵션, the rest mini, weekly and KOSDAQ150.
    expect(chain.quotes).toHaveLength(1480);
    expect(chain.quotes.filter((q) => q.type === 'call')).toHaveLength(740);
    expect(chain).toMatchObject({ underlying: 'KOSPI200', date: '2024-01-05', spot: 347.22, multiplier: 250_000, source: 'krx' });
    // The largest open interest: 코스피200 C 202401 357.5, OI 95,152, IV 16.80 %, close 0.43.
    const top = chain.quotes.find((q) => q.type === 'call' && q.strike === 357.5 && q.expiry === '2024-01-11');
    expect(top).toEqual({ type: 'call', strike: 357.5, expiry: '2024-01-11', openInterest: 95_152, iv: 0.168, price: 0.43 });
    // 코스피200 P 202401 277.5: OI 50,497, untraded ('-' close) so priced at the next-day base 0.01.
    expect(chain.quotes.find((q) => q.type === 'put' && q.strike === 277.5 && q.expiry === '2024-01-11')).toMatchObject({
      openInterest: 50_497, iv: 0.5603, price: 0.01,
    });
    // Second Thursdays: 2024-02-08, 2024-03-14, 2026-12-10.
    expect(new Set(chain.quotes.map((q) => q.expiry))).toEqual(
      new Set(['2024-01-11', '2024-02-08', '2024-03-14', '2024-04-11', '2024-05-09', '2024-06-13',
        '2024-09-12', '2024-12-12', '2025-06-12', '2025-12-11', '2026-12-10']),
    );
  });

  it('fails clearly on a board with no regular KOSPI200 rows', () => {
    expect(() => parseKrxOptionChain({ OutBlock_1: [] }, 347.22)).toThrow(/no rows/);
    expect(() => parseKrxOptionChain({ nope: 1 }, 347.22)).toThrow(DataError);
  });
});

describe('KOSPI200 option expiry', () => {
  const allOpen = (): boolean => true;
  it('is the second Thursday of the contract month', () => {
    // January 2024 starts on a Monday: Thursdays 4 and 11. June 2023 starts on a Thursday: 1 and 8.
    expect(kospi200Expiry('202401', allOpen)).toBe('2024-01-11');
    expect(kospi200Expiry('202306', allOpen)).toBe('2023-06-08');
  });
  it('moves to the trading day before when that Thursday is closed', () => {
    expect(kospi200Expiry('202401', (d) => d !== '2024-01-11')).toBe('2024-01-10');
    expect(kospi200Expiry('202401', (d) => d !== '2024-01-11' && d !== '2024-01-10')).toBe('2024-01-09');
  });
});

const cassette = (name: string) => readCassette(readFileSync(sharedPath('responses/krx_dataportal', name), 'utf8'));
const portalBody = (name: string, bld: string): unknown =>
  JSON.parse(cassette(name).find((x) => x.requestBody.includes(bld))!.responseBody);

describe.skipIf(!hasShared)(`KRX data-portal recordings (${SHARED_REASON})`, () => {
  it('reads KOSPI through the March-2020 crash (MDCSTAT00301)', () => {
    const s = parseKrxPortal(portalBody('TestIndexOhlcvByDate.test_ohlcv_with_freq.yaml', 'MDCSTAT00301'), 'KOSPI');
    expect(s.points[0]!.date).toBe('2020-01-02');
    expect(s.points.at(-1)!.date).toBe('2020-06-30');
    // PROVENANCE cross-check: 2020-03-19 O 1626.09 H 1626.09 L 1439.43 C 1457.64, vol 977,674,546.
    expect(s.points.find((p) => p.date === '2020-03-19')).toEqual({
      date: '2020-03-19', open: 1626.09, high: 1626.09, low: 1439.43, close: 1457.64,
      volume: 977_674_546, tradedValue: 11_932_492_035_885,
    });
    // 2021 January cassette: 20 sessions, 2021-01-29 close 2,976.21.
    const jan = parseKrxPortal(portalBody('TestIndexOhlcvByDate.test_ohlcv_simple.yaml', 'MDCSTAT00301'), 'KOSPI');
    expect(jan.points).toHaveLength(20);
    expect(jan.points.at(-1)).toMatchObject({ date: '2021-01-29', close: 2976.21 });
  });

  it('reads an ETF with net assets (MDCSTAT04501) and a stock through its split halt (MDCSTAT01701)', () => {
    const etf = parseKrxPortal(portalBody('TestEtfOhlcvByDate.test_with_freq.yaml', 'MDCSTAT04501'), '069500');
    // PROVENANCE: KODEX 200 raw 2020-03-19 C 20,240, vol 58,833,336.
    expect(etf.points.find((p) => p.date === '2020-03-19')).toMatchObject({ close: 20_240, volume: 58_833_336 });
    // 2020-05-29: net assets ₩5,260,021,146,651 (row shown in the cassette).
    expect(etf.points.at(-1)).toMatchObject({ date: '2020-05-29', close: 26_775, netAssets: 5_260_021_146_651 });

    const sam = parseKrxPortal(portalBody('TestStockOhlcvByDateTest.test_ohlcv_with_not_adjusted.yaml', 'MDCSTAT01701'), 'SAMSUNG');
    expect(sam.points.map((p) => p.date)).toEqual(['2018-04-27', '2018-04-30', '2018-05-02', '2018-05-03', '2018-05-04']);
    // Halted days: O=H=L=0 in the file, read as absent; close carried at 2,650,000, volume 0.
    expect(sam.points[1]).toEqual({ date: '2018-04-30', close: 2_650_000, volume: 0, tradedValue: 0 });
    expect(sam.points[4]).toMatchObject({ close: 51_900, open: 53_000, volume: 39_565_391 });
  });

  it('fails clearly on an answer without rows', () => {
    expect(() => parseKrxPortal({ output: [] }, 'KOSPI')).toThrow(/KOSPI from krx-portal: no rows/);
    expect(() => parseKrxPortal('<html>', 'KOSPI')).toThrow(DataError);
  });
});
