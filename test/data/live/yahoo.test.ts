import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/errors.ts';
import { parseYahooChart } from '../../../src/data/live/yahoo.ts';
import { hasShared, SHARED_REASON, sharedPath } from '../../helpers/shared.ts';

/** The raw v8 body of a recorded yahoo-finance2 exchange: `response.bodyJson`. */
export const recordedChart = (name: string): { bodyJson: any; status: number } => {
  const x = JSON.parse(readFileSync(sharedPath('responses/yahoo', name), 'utf8'));
  return { bodyJson: x.response.bodyJson, status: x.response.status };
};

describe.skipIf(!hasShared)(`Yahoo v8 chart recordings (${SHARED_REASON})`, () => {
  it('dates a New York bar by its New York session (QQQ, 2020-01-02)', () => {
    // timestamp 1577975400 = 2020-01-02 14:30 UTC = 09:30 New York; close 216.16000366210938.
    const { series, dropped } = parseYahooChart(recordedChart('chart-QQQ-2020-01-01-to-2020-01-03.json').bodyJson, 'QQQ', 'yahoo:QQQ');
    expect(dropped).toBe(0);
    expect(series.points).toEqual([
      { date: '2020-01-02', open: 214.39999389648438, high: 216.16000366210938, low: 213.97999572753906, close: 216.16000366210938, volume: 30_969_400 },
    ]);
    expect(series.source).toBe('yahoo:QQQ');
  });

  it('keeps the session dates across a DST change (AAPL, 49 bars)', () => {
    const { series } = parseYahooChart(recordedChart('chart-AAPL-2020-08-31-to-2020-11-07.json').bodyJson, 'AAPL', 'yahoo:AAPL');
    expect(series.points).toHaveLength(49);
    expect(series.points[0]!.date).toBe('2020-08-31');
    // After 2020-11-01 bars move from 13:30 to 14:30 UTC; both are 09:30 in New York.
    expect(series.points.at(-1)!.date).toBe('2020-11-06');
    expect(series.points.find((p) => p.date === '2020-11-02')).toBeDefined();
    expect(series.points.every((p) => ![0, 6].includes(new Date(`${p.date}T00:00:00Z`).getUTCDay()))).toBe(true);
  });

  it('dates FX and European bars in the exchange zone (EURUSD=X London, WSU.DE Berlin)', () => {
    const fx = parseYahooChart(recordedChart('chart-EURUSD=X-2020-01-01-to-2020-01-03.json').bodyJson, 'EURUSD', 's').series;
    expect(fx.points.map((p) => p.date)).toEqual(['2020-01-01', '2020-01-02', '2020-01-03']);
    // FX volume is reported as 0: absent, not a day without trades.
    expect(fx.points[0]).toEqual({ date: '2020-01-01', open: 1.1220825910568237, high: 1.1228384971618652, low: 1.115946888923645, close: 1.1220825910568237 });
    // 1691132400 = 2023-08-04 07:00 UTC = 09:00 Berlin (CEST).
    const de = parseYahooChart(recordedChart('chart-WSU.DE-2023-08-04-to-2023-08-09.json').bodyJson, 'WSU', 's').series;
    expect(de.points.map((p) => [p.date, p.close])).toEqual([['2023-08-04', 34.45000076293945], ['2023-08-07', 34], ['2023-08-08', 33.20000076293945]]);
  });

  it('dates a Seoul bar by the Seoul session when Yahoo stamps it at local midnight (the day before in UTC)', () => {
    // 1722524400 = 2024-08-01 15:00 UTC = 2024-08-02 00:00 KST; +259200 s → 08-05, +86400 s → 08-06.
    const body = structuredClone(recordedChart('chart-EURUSD=X-2020-01-01-to-2020-01-03.json').bodyJson);
    const r = body.chart.result[0];
    r.meta.exchangeTimezoneName = 'Asia/Seoul';
    r.meta.gmtoffset = 32400;
    r.timestamp = [1722524400, 1722783600, 1722870000];
    expect(parseYahooChart(body, 'KOSPI', 's').series.points.map((p) => p.date)).toEqual(['2024-08-02', '2024-08-05', '2024-08-06']);
    // Without a zone name the fixed gmtoffset gives the same dates.
    delete r.meta.exchangeTimezoneName;
    expect(parseYahooChart(body, 'KOSPI', 's').series.points.map((p) => p.date)).toEqual(['2024-08-02', '2024-08-05', '2024-08-06']);
  });

  it('drops and counts null bars (holidays Yahoo still emits)', () => {
    const body = structuredClone(recordedChart('chart-EURUSD=X-2020-01-01-to-2020-01-03.json').bodyJson);
    const q = body.chart.result[0].indicators.quote[0];
    for (const k of ['open', 'high', 'low', 'close', 'volume']) q[k][1] = null;
    const { series, dropped } = parseYahooChart(body, 'EURUSD', 's');
    expect(dropped).toBe(1);
    expect(series.points.map((p) => p.date)).toEqual(['2020-01-01', '2020-01-03']);
  });

  it('fails with "no rows" on an empty chart (a 1-minute request over a weekend)', () => {
    const body = recordedChart('chart-AAPL-2025-02-01-to-2025-02-02-includePrePost-false-interval-1m.json').bodyJson;
    expect(() => parseYahooChart(body, 'AAPL', 'yahoo:AAPL')).toThrow(new DataError('AAPL', 'yahoo:AAPL', 'no rows'));
  });
});

describe('Yahoo chart errors', () => {
  it("names Yahoo's error code, never its description (upstream text stays out of answers)", () => {
    const body = { chart: { result: null, error: { code: 'Unauthorized', description: 'Invalid Crumb' } } };
    expect(() => parseYahooChart(body, 'NDX', 'yahoo:^NDX')).toThrow('NDX from yahoo:^NDX: chart answered error "Unauthorized"');
  });
  it('rejects a body of the wrong shape', () => {
    expect(() => parseYahooChart({ chart: { result: [{ meta: {} }] } }, 'NDX', 'yahoo:^NDX')).toThrow(/unexpected chart JSON at chart.result.0/);
  });
  it('fails when every bar is null', () => {
    const body = {
      chart: { result: [{ meta: { symbol: 'X' }, timestamp: [1, 2], indicators: { quote: [{ close: [null, null] }] } }], error: null },
    };
    expect(() => parseYahooChart(body, 'X', 'y')).toThrow('X from y: no rows (2 null bars dropped)');
  });
});
