import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDate, parseNumber, parseSeriesCsv, parseSeriesJson, type ParsedSeries } from '../../src/data/csv.ts';
import { DataError } from '../../src/core/errors.ts';
import { hasShared, SHARED_REASON, sharedPath } from '../helpers/shared.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/csv/layouts');
const opts = { symbol: 'X', source: 'test', fetchedAt: '2026-01-01T00:00:00Z' };
const fixture = (name: string): ParsedSeries => parseSeriesCsv(readFileSync(resolve(FIXTURES, name), 'utf8'), opts);
const at = (r: ParsedSeries, date: string) => r.series.points.find((p) => p.date === date);
const dates = (r: ParsedSeries) => r.series.points.map((p) => p.date);

describe('parseDate', () => {
  it.each([
    ['2024-08-05', '2024-08-05'],
    ['2000-06-05 00:00:00+00:00', '2000-06-05'],
    ['20240805', '2024-08-05'],
    ['2024/08/05', '2024-08-05'],
    ['2026.3.6', '2026-03-06'],
    ['08/05/2024', '2024-08-05'],
    ['05.08.2024', '2024-08-05'],
    ['Feb 23, 2021', '2021-02-23'],
    ['Aug 05, 2013', '2013-08-05'],
  ])('%s → %s', (raw, iso) => expect(parseDate(raw)).toBe(iso));

  it('reads DD/MM/YYYY only when asked', () => expect(parseDate('05/08/2024', true)).toBe('2024-08-05'));

  it.each(['2024-13-45', '2023-02-29', '20241301', 'yesterday', '', 'Foo 12, 2020'])('rejects %j', (raw) =>
    expect(parseDate(raw)).toBeUndefined(),
  );
});

describe('parseNumber', () => {
  it.each([
    ['1,457.64', 1457.64],
    ['977.67M', 977.67e6],
    ['850.5K', 850_500],
    ['1.05B', 1.05e9],
    ['-8.39%', -0.0839],
    ['1e12', 1e12],
  ])('%s → %d', (raw, n) => expect(parseNumber(raw)).toBeCloseTo(n, 6));
  it.each(['', '-', '.', 'null', 'NaN'])('%j is blank', (raw) => expect(parseNumber(raw)).toBeNull());
  it('garbage is NaN', () => expect(parseNumber('12abc')).toBeNaN());
});

describe('parseSeriesCsv on small fixtures, one per layout', () => {
  it('generic: any case and order, YYYYMMDD, traded value and net assets, duplicates keep the last row', () => {
    const r = fixture('generic.csv');
    expect(r.layout).toBe('generic');
    expect(dates(r)).toEqual(['2024-01-02', '2024-01-03', '2024-01-05']);
    expect(r.rejected).toBe(1); // the `abc` close on 2024-01-04
    expect(r.duplicates).toBe(1);
    expect(at(r, '2024-01-05')).toMatchObject({ close: 102.75, open: 102, volume: 1300 });
    expect(at(r, '2024-01-02')).toEqual({
      date: '2024-01-02', open: 101, high: 101.5, low: 99, close: 100.25, volume: 1200, tradedValue: 1.2e12, netAssets: 2.4e12,
    });
    expect(r.series).toMatchObject({ symbol: 'X', source: 'test', fetchedAt: '2026-01-01T00:00:00Z' });
  });

  it('Yahoo: prefers Close over Adj Close and rejects null rows', () => {
    const r = fixture('yahoo.csv');
    expect(r.layout).toBe('yahoo');
    expect(r.rejected).toBe(1);
    expect(at(r, '2008-10-24')!.close).toBeCloseTo(938.75, 6);
    expect(at(r, '2008-12-31')).toBeUndefined();
  });

  it('CBOE: MM/DD/YYYY with CRLF', () => {
    const r = fixture('cboe.csv');
    expect(r.layout).toBe('cboe');
    expect(dates(r)).toEqual(['2020-03-18', '2020-03-19', '2020-03-20']);
    expect(at(r, '2020-03-19')).toEqual({ date: '2020-03-19', open: 80.62, high: 84.26, low: 68.57, close: 72 });
  });

  it('FRED, old `DATE,<ID>` with `.` for missing', () => {
    const r = fixture('fred_old.csv');
    expect(r.layout).toBe('fred');
    expect(r.rejected).toBe(1);
    expect(r.series.points.map((p) => p.close)).toEqual([76.45, 72, 61.59]);
  });

  it('FRED, new `observation_date,<ID>` with empty for missing', () => {
    const r = fixture('fred_new.csv');
    expect(r.layout).toBe('fred');
    expect(r.rejected).toBe(1);
    expect(at(r, '2024-08-05')!.close).toBe(1367.68);
  });

  it('Stooq', () => {
    const r = fixture('stooq.csv');
    expect(at(r, '2025-03-12')).toEqual({ date: '2025-03-12', open: 2552.6, high: 2579.69, low: 2541.69, close: 2574.82, volume: 399287000 });
  });

  it('Investing.com: BOM, quoted thousands, newest first, K/M/B volumes', () => {
    const r = fixture('investing.csv');
    expect(r.layout).toBe('investing');
    expect(dates(r)).toEqual(['2020-03-17', '2020-03-18', '2020-03-19', '2020-03-20']);
    expect(at(r, '2020-03-19')).toMatchObject({ close: 1457.64, open: 1626.09, low: 1439.43, volume: 977.67e6 });
    expect(at(r, '2020-03-18')!.volume).toBe(850_500);
    expect(at(r, '2020-03-20')!.volume).toBeCloseTo(1.05e9, 0);
    expect(at(r, '2020-03-17')!.volume).toBeUndefined();
  });

  it('Investing.com with MM/DD/YYYY dates', () => {
    const r = fixture('investing_us_dates.csv');
    expect(dates(r)).toEqual(['2024-08-05', '2024-08-06']);
    expect(at(r, '2024-08-05')!.close).toBe(2441.55);
  });

  it('KRX download with Korean headers and 2026.3.6 dates', () => {
    const r = fixture('krx_korean.csv');
    expect(r.layout).toBe('krx');
    expect(r.series.points).toEqual([
      { date: '2026-03-05', close: 72.4 },
      { date: '2026-03-06', close: 55.5 },
    ]);
    expect(r.rejected).toBe(1);
  });

  it('yfinance: # comment lines and the three-row header', () => {
    const r = fixture('yfinance_multiheader.csv');
    expect(r.layout).toBe('yfinance');
    expect(r.rejected).toBe(0);
    expect(at(r, '2025-09-19')).toEqual({ date: '2025-09-19', close: 599.35, high: 600.05, low: 595.85, open: 597.33, volume: 58142500 });
  });

  it('trading_value_100m_krw is scaled to KRW', () => {
    const r = fixture('kospi_turnover.csv');
    expect(at(r, '2026-07-29')).toEqual({ date: '2026-07-29', close: 5663.24, tradedValue: 478268e8 });
  });

  it.each([
    ['garbage.csv', /no date column/],
    ['no_layout.csv', /no date column in the header "hello,world"/],
    ['no_rows.csv', /no usable rows \(3 rejected\)/],
  ])('%s → DataError naming the reason', (name, reason) => {
    const err = (() => {
      try {
        fixture(name);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).symbol).toBe('X');
    expect((err as DataError).reason).toMatch(reason);
  });

  it('an empty file is a DataError', () => {
    expect(() => parseSeriesCsv('', opts)).toThrow(/empty/);
  });

  it('JSON {series:[{date, close}]}', () => {
    const r = parseSeriesJson('{"ticker":"^SOX","series":[{"date":"2024-08-06","close":4600.5},{"date":"2024-08-05","close":4519.45}]}', opts);
    expect(r.series.points).toEqual([
      { date: '2024-08-05', close: 4519.45 },
      { date: '2024-08-06', close: 4600.5 },
    ]);
    expect(() => parseSeriesJson('{"data":[]}', opts)).toThrow(DataError);
    expect(() => parseSeriesJson('not json', opts)).toThrow(DataError);
  });
});

// Every real file parses; spot values below were read off the files by eye (grep), not from the parser.
describe.skipIf(!hasShared)(`parseSeriesCsv on the real files in shared/data${hasShared ? '' : `: skipped, ${SHARED_REASON}`}`, () => {
  const read = (path: string): ParsedSeries => {
    const text = readFileSync(sharedPath(path), 'utf8');
    return path.endsWith('.json') ? parseSeriesJson(text, opts) : parseSeriesCsv(text, opts);
  };
  const cases: [path: string, layout: string, rows: number, rejected: number, first: [string, number], last: [string, number]][] = [
    ['series/kodex_200_069500_2002_2023.csv', 'generic', 5243, 0, ['2002-10-14', 5368], ['2023-12-22', 35050]],
    ['series/kodex_200_futures_inverse2x_252670_2016_2023.csv', 'generic', 1787, 0, ['2016-09-22', 9815], ['2023-12-22', 2335]],
    ['series/kodex_leverage_122630_2010_2023.csv', 'generic', 3416, 0, ['2010-02-22', 10165], ['2023-12-22', 17595]],
    ['series/kospi200_close_valuation_1990_2023.csv', 'generic', 8807, 0, ['1990-01-03', 100], ['2023-12-28', 357.99]],
    ['series/kospi200_options_avg_iv_krx_2000_2026.csv', 'krx', 6449, 0, ['2000-01-04', 35.6], ['2026-03-06', 55.5]],
    // 43 rows have an empty kospi_close (e.g. 1996-12-31, a year-end holiday).
    ['series/kospi_close_foreign_flow_1995_2026.csv', 'generic', 7983, 43, ['1995-01-03', 1013.57], ['2026-07-29', 5663.24]],
    ['series/kospi_ks11_fdr_1980_2025.csv', 'generic', 12127, 0, ['1980-01-04', 100], ['2025-08-07', 3213.33]],
    ['series/kospi_ks11_yahoo_1996_2023.csv', 'yahoo', 6423, 149, ['1996-12-11', 704.679993], ['2023-01-02', 2225.669922]],
    ['series/kospi_ohlc_fdr_2023_2026.csv', 'generic', 831, 0, ['2023-01-02', 2225.67], ['2026-06-01', 8788.38]],
    ['series/ndx_stooq_1938_2026.csv', 'generic', 22809, 0, ['1938-01-03', 2.24], ['2026-05-01', 27672.863]],
    ['series/ndx_yahoo_1985_2026.csv', 'cboe', 10269, 0, ['1985-10-01', 112.13999938964844], ['2026-07-07', 29173.017578125]],
    ['series/qqq_yahoo_1999_2025.csv', 'yfinance', 6675, 0, ['1999-03-10', 51.0625], ['2025-09-19', 599.3499755859375]],
    ['series/samsung_005930_fdr_2000_2025.csv', 'generic', 6333, 0, ['2000-01-04', 305500], ['2025-09-05', 69700]],
    ['series/samsung_005930_yahoo_2021_2026.csv', 'generic', 1221, 0, ['2021-06-02', 72857.46875], ['2026-06-02', 350250]],
    ['series/skhynix_000660_fdr_2000_2025.csv', 'generic', 6333, 0, ['2000-01-04', 25750], ['2025-09-05', 274000]],
    ['series/skhynix_000660_yahoo_2021_2026.csv', 'generic', 1221, 0, ['2021-06-02', 119471.890625], ['2026-06-02', 2300000]],
    ['series/smh_yahoo_2000_2024.csv', 'yfinance-mislabelled', 6182, 0, ['2000-06-05', 49.34375], ['2024-12-30', 244.66000366210938]],
    ['series/sox_close_1994_2026.json', 'json', 8119, 0, ['1994-05-04', 118.97], ['2026-08-06', 12048.69]],
    // 606 empty BOK cells (PROVENANCE.md).
    ['series/usdkrw_bok_fedny_1964_2026.csv', 'generic', 17472, 606, ['1964-05-04', 255.77], ['2026-07-24', 1469.4]],
    // 494 empty FRED cells (US holidays, PROVENANCE.md).
    ['series/usdkrw_fred_dexkous_1981_2026.csv', 'fred', 11236, 494, ['1981-04-13', 675.4], ['2026-03-27', 1509.86]],
    ['series/vix_daily_1990_2026.csv', 'generic', 9235, 0, ['1990-01-02', 17.24], ['2026-07-23', 18.7]],
    ['series/vkospi_investing_2013_2021.csv', 'investing', 2044, 0, ['2013-08-06', 14.98], ['2021-11-30', 23.23]],
    ['series/vkospi_krx_2020_2026.csv', 'generic', 1475, 0, ['2020-06-01', 24.94], ['2026-06-05', 73.44]],
    ['responses/cboe/VIX_History.csv', 'cboe', 9223, 0, ['1990-01-02', 17.24], ['2026-07-07', 16.13]],
    ['responses/fred/DEXKOUS.csv', 'fred', 11236, 494, ['1981-04-13', 675.4], ['2026-03-27', 1509.86]],
    ['responses/fred/VIXCLS.csv', 'fred', 9145, 301, ['1990-01-02', 17.24], ['2026-03-17', 22.37]],
    ['responses/investing/kospi_volatility_historical_data.csv', 'investing', 1853, 0, ['2013-08-06', 14.98], ['2021-02-23', 27.16]],
    ['responses/stooq/kospi_d.csv', 'generic', 11998, 0, ['1980-01-04', 100], ['2025-03-12', 2574.82]],
    ['responses/alphavantage/QQQ.csv', 'alphavantage', 100, 0, ['2026-03-30', 558.28], ['2026-08-20', 710.93]],
    ['responses/alphavantage/SMH.csv', 'alphavantage', 100, 0, ['2026-03-31', 383.4], ['2026-08-21', 560.42]],
  ];

  it.each(cases)('%s (%s)', (path, layout, rows, rejected, first, last) => {
    const r = read(path);
    expect(r.layout).toBe(layout);
    expect(r.series.points).toHaveLength(rows);
    expect(r.rejected).toBe(rejected);
    expect(r.duplicates).toBe(0);
    expect([r.series.points[0]!.date, r.series.points[0]!.close]).toEqual(first);
    expect([r.series.points.at(-1)!.date, r.series.points.at(-1)!.close]).toEqual(last);
    const ds = dates(r);
    expect(ds.every((d, i) => i === 0 || d > ds[i - 1]!)).toBe(true);
  });

  it('crash days read right in every KOSPI file', () => {
    for (const path of ['series/kospi_ks11_fdr_1980_2025.csv', 'series/kospi_ks11_yahoo_1996_2023.csv', 'series/kospi_close_foreign_flow_1995_2026.csv', 'responses/stooq/kospi_d.csv']) {
      const r = read(path);
      expect(at(r, '2008-10-24')!.close, path).toBeCloseTo(938.75, 4);
      expect(at(r, '2020-03-19')!.close, path).toBeCloseTo(1457.64, 4);
    }
    expect(at(read('series/kospi_ks11_fdr_1980_2025.csv'), '2020-03-19')).toMatchObject({
      open: 1626.09, high: 1626.09, low: 1439.43, volume: 977674546,
    });
    expect(at(read('series/kospi_close_foreign_flow_1995_2026.csv'), '2020-03-19')!.tradedValue).toBe(119325e8);
    expect(at(read('series/kospi200_options_avg_iv_krx_2000_2026.csv'), '2008-10-24')!.close).toBe(101);
  });

  it('amount becomes traded value; the VIX, NDX and VKOSPI stress days match', () => {
    expect(at(read('series/samsung_005930_fdr_2000_2025.csv'), '2000-01-04')!.tradedValue).toBe(444233178500);
    expect(at(read('responses/cboe/VIX_History.csv'), '2020-03-19')).toEqual({ date: '2020-03-19', open: 80.62, high: 84.26, low: 68.57, close: 72 });
    expect(at(read('responses/fred/VIXCLS.csv'), '2024-08-05')!.close).toBe(38.57);
    expect(at(read('series/ndx_yahoo_1985_2026.csv'), '2024-08-05')!.close).toBeCloseTo(17895.16, 2);
    expect(at(read('responses/investing/kospi_volatility_historical_data.csv'), '2020-03-19')!.close).toBe(69.24);
    expect(at(read('series/vkospi_krx_2020_2026.csv'), '2024-08-05')!.close).toBe(45.86);
  });

  it('the mislabelled SMH header is decoded in yfinance order (close 213.31 on 2024-08-05)', () => {
    const p = at(read('series/smh_yahoo_2000_2024.csv'), '2024-08-05')!;
    expect(p).toMatchObject({ close: 213.30999755859375, high: 218.5, low: 200.49000549316406, open: 200.97999572753906 });
    expect(p.low!).toBeLessThanOrEqual(p.high!);
  });
});
