import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvMarket } from '../../src/data/csvMarket.ts';
import { demoMarket } from '../../src/data/demo.ts';
import { seriesCsv, writeSnapshot } from '../../src/data/snapshot.ts';
import { SYMBOLS } from '../../src/data/symbols.ts';
import { DataError } from '../../src/core/errors.ts';
import type { MarketData } from '../../src/core/types.ts';

const dir = mkdtempSync(join(tmpdir(), 'stressbot-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeSnapshot', () => {
  it('writes the canonical layout, empty cells where a field is absent', () => {
    expect(seriesCsv([
      { date: '2024-08-05', open: 2611.3, high: 2611.3, low: 2386.96, close: 2441.55, volume: 763777757, tradedValue: 1.5e13 },
      { date: '2024-08-06', close: 2522.15, netAssets: 2.5e12 },
    ])).toBe(
      'date,open,high,low,close,volume,traded_value,net_assets\n' +
        '2024-08-05,2611.3,2611.3,2386.96,2441.55,763777757,15000000000000,\n' +
        '2024-08-06,,,,2522.15,,,2500000000000\n',
    );
  });

  it('round-trips the demo market through csvMarket identically (series and option chain)', async () => {
    const demo = demoMarket();
    const { files, missing } = await writeSnapshot(demo, dir);
    expect(missing).toEqual([]);
    expect(files.map((f) => basename(f)).sort()).toEqual([...SYMBOLS.map((s) => `${s.symbol}.csv`), 'OPTIONS_KOSPI200.csv', 'SNAPSHOT.json'].sort());
    const back = csvMarket(dir);
    // The manifest keeps the origin: synthetic prices read back are still DEMO, USD/KRW still a Seoul-close rate.
    expect(JSON.parse(readFileSync(join(dir, 'SNAPSHOT.json'), 'utf8'))).toMatchObject({ origin: 'demo', demo: true });
    expect(back.demo).toBe(true);
    expect((await back.series('USDKRW')).fxTiming).toBe('seoul-close');
    for (const { symbol } of SYMBOLS) {
      const a = await demo.series(symbol);
      const b = await back.series(symbol);
      expect(b.source).toBe(`csv:${symbol}.csv`);
      expect(b.points, symbol).toEqual(a.points);
      expect(back.rejectedRows(symbol)).toBe(0);
    }
    const last = (await demo.series('KOSPI200')).points.at(-1)!.date;
    const { source: _s, fetchedAt: _f, ...chain } = (await demo.optionChain(last))!;
    expect(await back.optionChain(last)).toMatchObject(chain);
    expect(readFileSync(join(dir, 'KOSPI.csv'), 'utf8').split('\n')[0]).toBe('date,open,high,low,close,volume,traded_value,net_assets');
  });

  it('lists the series it could not get, with the reason, and writes the rest', async () => {
    const partial: MarketData = {
      kind: 'test',
      demo: false,
      series: async (symbol) => {
        if (symbol === 'VKOSPI') throw new DataError('VKOSPI', 'test', 'upstream is down');
        return { symbol, points: [{ date: '2024-01-02', close: 1 }], source: 'test', fetchedAt: '2024-01-02T00:00:00Z' };
      },
      optionChain: async () => null,
    };
    const out = mkdtempSync(join(tmpdir(), 'stressbot-snapshot-'));
    try {
      const { files, missing } = await writeSnapshot(partial, out, ['KOSPI', 'VKOSPI']);
      expect(files.map((f) => basename(f))).toEqual(['KOSPI.csv', 'SNAPSHOT.json']);
      expect(csvMarket(out).demo).toBe(false);
      expect(missing).toEqual([{ symbol: 'VKOSPI', reason: 'VKOSPI from test: upstream is down' }]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
