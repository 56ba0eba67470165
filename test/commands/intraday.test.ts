import { describe, expect, it } from 'vitest';
import { answer } from '../helpers/registry.ts';
import { commands } from '../../src/commands/registry.ts';
import { testConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { DataError } from '../../src/core/errors.ts';
import type { Context, IntradayQuote, MarketData, Point } from '../../src/core/types.ts';
import { fakeMarket, weekdays } from './fakeMarket.ts';
import { demoMarket } from '../../src/data/demo.ts';
import { createHttp } from '../../src/data/live/http.ts';
import { fetchYahooIntraday, intradayProvider } from '../../src/data/live/yahooIntraday.ts';
import { guardUnhandledRejections, mockAgentPerTest, script } from '../data/live/mock.ts';

const DAY = '2026-01-06';
const dates = weekdays('2025-11-24', 40, ['2025-12-25', '2025-12-31', '2026-01-01']).filter((d) => d < DAY);
const flat = (close: number, extra: Partial<Point> = {}): Point[] => dates.map((date) => ({ date, close, ...extra }));
const base = fakeMarket({ KOSPI: flat(2500, { tradedValue: 10e12 }), KOSPI200: flat(330), USDKRW: flat(1400), '122630': flat(20000, { netAssets: 5e12 }) });
const q = (symbol: string): IntradayQuote => ({ symbol, last: 320.1, previousClose: 330, move: 320.1 / 330 - 1, at: `${DAY}T02:10:00.000Z`, source: 'yahoo:^KS200 1m', fetchedAt: `${DAY}T02:11:00.000Z` });
const withFeed = (feed: MarketData['intraday']): MarketData => ({ ...base, intraday: feed });
const ctx = (market: MarketData, now: string): Context => ({ market, now: new Date(now), config: testConfig(), log: silentLogger, commands });

describe('"today so far" in /gamma while KRX is open', () => {
  it('labelled intraday with its time, and the flow at the move so far (₩5T · 2 · 1 · −3 % = −₩300B)', async () => {
    const o = await answer('/gamma', ctx(withFeed(async (s) => q(s)), `${DAY}T02:12:00Z`));
    if (o.kind !== 'answer') throw new Error(o.kind);
    const f = o.report.fields.find((x) => x.label.startsWith('Today so far'))!;
    expect(f.label).toBe('Today so far (intraday 11:10 Seoul)');
    expect(f.value).toContain('KOSPI200 320.10 (-3.0% vs 330.00)');
    const flow = o.report.data.intradayFlow as { totalFlowKrw: number };
    expect(flow.totalFlowKrw).toBeCloseTo(-300e9, 0);
  });

  it('not after the close, not with asof=; a failed feed is no data', async () => {
    const after = await answer('/gamma', ctx(withFeed(async (s) => q(s)), `${DAY}T07:00:00Z`));
    expect(after.kind === 'answer' && after.report.fields.some((x) => x.label.startsWith('Today so far'))).toBe(false);
    const replay = await answer('/gamma asof=2026-01-05', ctx(withFeed(async (s) => q(s)), `${DAY}T02:12:00Z`));
    expect(replay.kind === 'answer' && replay.report.fields.some((x) => x.label.startsWith('Today so far'))).toBe(false);
    const down = await answer('/gamma', ctx(withFeed(async (s) => { throw new DataError(s, 'yahoo', 'HTTP 503'); }), `${DAY}T02:12:00Z`));
    if (down.kind !== 'answer') throw new Error(down.kind);
    expect(down.report.fields.find((x) => x.label.startsWith('Today so far'))).toMatchObject({ value: 'no data: HTTP 503', tone: 'missing' });
  });
});

describe('"today so far" in /kospi-stress, from a Yahoo v8 1m chart over HTTP', () => {
  // Monday 2026-11-23, 09:00 KST = 00:00 UTC; the daily data (the demo market) ends the Friday before.
  // The body has the shape of Yahoo's recorded v8 chart responses (meta, timestamp, indicators.quote);
  // no ^KS11 minute recording is on hand. The 09:05 bar has no close yet (null), so 09:04 is the quote.
  const T0 = Date.parse('2026-11-23T00:00:00Z') / 1000;
  const minutes = [0, 1, 2, 3, 4, 5].map((m) => T0 + 60 * m);
  const body = JSON.stringify({
    chart: {
      result: [{
        meta: { currency: 'KRW', symbol: '^KS11', exchangeName: 'KSC', instrumentType: 'INDEX', exchangeTimezoneName: 'Asia/Seoul', gmtoffset: 32400, regularMarketPrice: 3880, regularMarketTime: T0 + 240, previousClose: 4000, chartPreviousClose: 4000, dataGranularity: '1m', range: '1d' },
        timestamp: minutes,
        indicators: { quote: [{ open: [3990, 3950, 3920, 3900, 3890, null], high: [3995, 3952, 3925, 3905, 3892, null], low: [3948, 3918, 3899, 3886, 3878, null], close: [3952, 3921, 3901, 3889, 3880, null], volume: [0, 0, 0, 0, 0, null] }] },
      }],
      error: null,
    },
  });
  const ORIGIN = 'https://yahoo.test';
  const agent = mockAgentPerTest();
  guardUnhandledRejections();
  const market = (origin = ORIGIN): MarketData => {
    const http = createHttp({ dispatcher: agent(), timeoutMs: 500, sleep: async () => {} });
    return { ...demoMarket(), intraday: intradayProvider((symbol, now) => fetchYahooIntraday(http, origin, symbol, now)) };
  };
  const todayField = async (m: MarketData, now: string) => {
    const o = await answer('/kospi-stress', ctx(m, now));
    if (o.kind !== 'answer') throw new Error(o.kind);
    return { field: o.report.fields.find((x) => x.label.startsWith('Today so far')), data: o.report.data };
  };

  it('labelled intraday with its minute, the move against the previous close (3880 / 4000 − 1 = −3.0 %)', async () => {
    const calls = script(agent(), ORIGIN, '/v8/finance/chart/%5EKS11', { statusCode: 200, data: body });
    const { field, data } = await todayField(market(), '2026-11-23T00:06:00Z');
    expect(calls.paths[0]).toMatch(/range=1d&interval=1m/);
    expect(field).toEqual({ label: 'Today so far (intraday 09:04 Seoul)', value: 'KOSPI 3880.00 (-3.0% vs 4000.00) · yahoo:^KS11 1m' });
    const q = data.intraday as { move: number; at: string };
    expect(q.move).toBeCloseTo(-0.03, 12);
    expect(q.at).toBe('2026-11-23T00:04:00.000Z');
    // the score stays the last close's: the intraday line is beside it, not in it
    expect(data.asOf).toBe('2026-11-20');
  });

  it('the same last bar 16 minutes on is current; 26 minutes on it is stale, said and toned no data', async () => {
    script(agent(), ORIGIN, '/v8/finance/chart/%5EKS11', { statusCode: 200, data: body });
    const fresh = await todayField(market(), '2026-11-23T00:20:00Z');
    expect(fresh.field).toEqual({ label: 'Today so far (intraday 09:04 Seoul)', value: 'KOSPI 3880.00 (-3.0% vs 4000.00) · yahoo:^KS11 1m' });
    const stale = await todayField(market(), '2026-11-23T00:30:00Z');
    expect(stale.field).toEqual({ label: 'Today so far (intraday 09:04 Seoul)', value: 'KOSPI 3880.00 (-3.0% vs 4000.00) · yahoo:^KS11 1m · stale: last minute bar 26 min old', tone: 'missing' });
  });

  it('Yahoo down after a good quote: the last good one, marked stale; down from the start: no data', async () => {
    script(agent(), ORIGIN, '/v8/finance/chart/%5EKS11', { statusCode: 200, data: body }, { statusCode: 503 });
    const m = market();
    await todayField(m, '2026-11-23T00:06:00Z');
    const cached = await todayField(m, '2026-11-23T00:10:00Z');
    expect(cached.field?.tone).toBe('missing');
    expect(cached.field?.value).toMatch(/^KOSPI 3880\.00 .* stale: served from cache: .*503.*\(quote of 2026-11-23T00:04:00\.000Z\)$/);
    // a feed that never answered: nothing cached to fall back on
    script(agent(), 'https://yahoo-down.test', '/v8/finance/chart/%5EKS11', { statusCode: 503 });
    const none = await todayField(market('https://yahoo-down.test'), '2026-11-23T00:06:00Z');
    expect(none.field).toMatchObject({ label: 'Today so far (intraday)', tone: 'missing' });
    expect(none.field?.value).toMatch(/^no data: .*503/);
  });
});
