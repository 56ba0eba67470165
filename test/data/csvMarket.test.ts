import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvMarket, decodeText } from '../../src/data/csvMarket.ts';
import { ConfigError } from '../../src/config.ts';
import { DataError } from '../../src/core/errors.ts';
import { hasShared, SHARED_REASON, sharedPath } from '../helpers/shared.ts';

const FOLDER = resolve(import.meta.dirname, '../fixtures/csv/market');
const temps: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'stressbot-csv-'));
  temps.push(d);
  return d;
};
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('csvMarket on a fixture folder', () => {
  const market = csvMarket(FOLDER);

  it('is the csv kind, not demo', () => {
    expect(market).toMatchObject({ kind: 'csv', demo: false, dir: FOLDER });
  });

  it('reads <SYMBOL>.csv in whatever layout, labelled csv:<file>, dated by the file', async () => {
    const kospi = await market.series('KOSPI');
    expect(kospi.source).toBe('csv:KOSPI.csv');
    expect(kospi.symbol).toBe('KOSPI');
    expect(Number.isNaN(Date.parse(kospi.fetchedAt))).toBe(false);
    expect(kospi.points.map((p) => [p.date, p.close])).toEqual([
      ['2020-03-18', 1591.2],
      ['2020-03-19', 1457.64],
      ['2020-03-20', 1566.15],
    ]);
    expect((await market.series('NDX')).points[2]).toEqual({ date: '2020-03-19', open: 6900, high: 7200, low: 6850, close: 7150.58 });
  });

  it('counts rejected rows per symbol (undefined before loading)', async () => {
    expect(market.rejectedRows('VIX')).toBeUndefined();
    await market.series('KOSPI');
    expect(market.rejectedRows('KOSPI')).toBe(1); // the `bad` price on Mar 17
    await market.series('VIX');
    expect(market.rejectedRows('VIX')).toBe(1); // FRED `.`
  });

  it('finds files whatever their case, and reads CP949 (KRX downloads)', async () => {
    expect((await market.series('VIX')).source).toBe('csv:vix.csv');
    expect((await market.series('vkospi')).points).toEqual([
      { date: '2020-03-18', close: 61.48 },
      { date: '2020-03-19', close: 69.24 },
    ]);
  });

  it('parses each file once and serves the same object afterwards', async () => {
    const [a, b] = await Promise.all([market.series('KOSPI200'), market.series('KOSPI200')]);
    expect(a).toBe(b);
    expect(await market.series('KOSPI200')).toBe(a);
  });

  it('a missing symbol file is a DataError naming the file and the folder', async () => {
    const err = await market.series('SOX').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect(err).toMatchObject({ symbol: 'SOX', source: 'csv', reason: `no SOX.csv in ${FOLDER}` });
  });

  it('an unreadable file is a DataError with the parser reason', async () => {
    await expect(market.series('BROKEN')).rejects.toThrow(/BROKEN from csv:BROKEN.csv: no date column/);
  });

  it('the option chain: latest date on or before asOf, spot from KOSPI200.csv, bad rows counted', async () => {
    expect(await market.optionChain('2020-03-17')).toBeNull();
    const c = (await market.optionChain('2020-03-31'))!;
    expect(c).toMatchObject({ underlying: 'KOSPI200', date: '2020-03-19', spot: 193.76, multiplier: 250_000, source: 'csv:OPTIONS_KOSPI200.csv' });
    expect(c.quotes).toEqual([
      { type: 'call', strike: 200, expiry: '2020-04-09', openInterest: 18000, iv: 0.605 },
      { type: 'put', strike: 190, expiry: '2020-04-09', openInterest: 25000, iv: 0.71 },
    ]);
    expect((await market.optionChain('2020-03-18'))!.quotes.map((q) => q.iv)).toEqual([0.55, 0.62]);
    expect(market.rejectedRows('OPTIONS_KOSPI200')).toBe(2);
  });

  it('no options file: no chain', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'KOSPI.csv'), 'date,close\n2024-01-02,2669.81\n');
    expect(await csvMarket(dir).optionChain('2024-01-02')).toBeNull();
  });

  it('a missing folder stops start-up with a ConfigError naming DATA_DIR', () => {
    expect(() => csvMarket('/nonexistent/stressbot-data')).toThrow(ConfigError);
    expect(() => csvMarket('/nonexistent/stressbot-data')).toThrow(/DATA_DIR \/nonexistent\/stressbot-data is not a folder/);
  });

  it('a file fixed after a failure is read on the next ask', async () => {
    const dir = tempDir();
    const m = csvMarket(dir);
    await expect(m.series('NDX')).rejects.toThrow(DataError);
    writeFileSync(join(dir, 'NDX.csv'), 'date,close\n2024-01-02,16543.94\n');
    expect((await m.series('NDX')).points).toEqual([{ date: '2024-01-02', close: 16543.94 }]);
  });

  it('decodeText: UTF-8 as is, CP949 otherwise', () => {
    expect(decodeText(new TextEncoder().encode('일자,종가'))).toBe('일자,종가');
    expect(decodeText(Uint8Array.from([0xc0, 0xcf, 0xc0, 0xda]))).toBe('일자');
  });
});

describe.skipIf(!hasShared)(`csvMarket over the real files (symlinked, not copied)${hasShared ? '' : `: skipped, ${SHARED_REASON}`}`, () => {
  const dir = hasShared ? tempDir() : '';
  const links: Record<string, string> = {
    'KOSPI.csv': 'series/kospi_ks11_yahoo_1996_2023.csv',
    'NDX.csv': 'series/ndx_yahoo_1985_2026.csv',
    'VIX.csv': 'responses/cboe/VIX_History.csv',
    'USDKRW.csv': 'responses/fred/DEXKOUS.csv',
    'SOX.json': 'series/sox_close_1994_2026.json',
    'VKOSPI.csv': 'responses/krx_dataportal/data_1900_20260307.csv',
  };
  if (hasShared) for (const [name, target] of Object.entries(links)) symlinkSync(sharedPath(target), join(dir, name));

  it('serves each with its rejected rows', async () => {
    const m = csvMarket(dir);
    const kospi = await m.series('KOSPI');
    expect(kospi.points.find((p) => p.date === '2008-10-24')!.close).toBeCloseTo(938.75, 4);
    expect(m.rejectedRows('KOSPI')).toBe(149);
    expect((await m.series('USDKRW')).points.at(-1)).toEqual({ date: '2026-03-27', close: 1509.86 });
    expect(m.rejectedRows('USDKRW')).toBe(494);
    expect((await m.series('VIX')).points.find((p) => p.date === '2024-08-05')!.close).toBe(38.57);
    expect((await m.series('SOX')).points.find((p) => p.date === '2024-08-05')!.close).toBe(4519.45);
    expect((await m.series('NDX')).source).toBe('csv:NDX.csv');
  });

  it('decodes the CP949 KRX data-portal download (2024-08-05 all-options IV 70.20)', async () => {
    const vk = await csvMarket(dir).series('VKOSPI');
    expect(vk.points.find((p) => p.date === '2024-08-05')!.close).toBe(70.2);
    expect(vk.points).toHaveLength(485);
  });
});
