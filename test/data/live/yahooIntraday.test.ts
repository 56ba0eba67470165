import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createHttp } from '../../../src/data/live/http.ts';
import { fetchYahooIntraday, intradayProvider, parseYahooIntraday } from '../../../src/data/live/yahooIntraday.ts';
import { DataError } from '../../../src/core/errors.ts';
import { hasShared, SHARED_REASON, sharedPath } from '../../helpers/shared.ts';
import { dataError, guardUnhandledRejections, mockAgentPerTest, script } from './mock.ts';

const ORIGIN = 'https://yahoo.test';
const agent = mockAgentPerTest();
guardUnhandledRejections();
const http = () => createHttp({ dispatcher: agent(), timeoutMs: 500, sleep: async () => {} });

/**
 * No recorded ^KS11 minute chart is on hand: this body is built from the shape of Yahoo's v8 chart
 * (the recorded AAPL 1m response's meta fields, with timestamps and closes as in its daily recordings).
 * 2026-01-06 09:00-09:03 KST is 00:00-00:03 UTC; the 09:03 bar has no close yet (null).
 */
const T0 = Date.parse('2026-01-06T00:00:00Z') / 1000;
const ks11 = {
  chart: {
    result: [{
      meta: { currency: 'KRW', symbol: '^KS11', exchangeTimezoneName: 'Asia/Seoul', regularMarketPrice: 2425.5, regularMarketTime: T0 + 120, previousClose: 2500, chartPreviousClose: 2500, dataGranularity: '1m' },
      timestamp: [T0, T0 + 60, T0 + 120, T0 + 180],
      indicators: { quote: [{ open: [2490, 2460, 2430, null], close: [2462.5, 2431, 2425, null], high: [2491, 2461, 2432, null], low: [2460, 2430, 2424, null], volume: [1, 2, 3, null] }] },
    }],
    error: null,
  },
};

describe('Yahoo 1m intraday quotes', () => {
  it('the latest minute bar with a close is the price; the move is against the previous close', () => {
    const q = parseYahooIntraday(ks11, 'KOSPI', 'yahoo:^KS11 1m', new Date('2026-01-06T00:05:00Z'));
    // 2425 / 2500 − 1 = −0.03
    expect(q).toMatchObject({ last: 2425, previousClose: 2500, at: '2026-01-06T00:02:00.000Z' });
    expect(q.move).toBeCloseTo(-0.03, 12);
    expect(q.stale).toBeUndefined();
    // the same quote read 30 minutes later is stale (the feed stopped)
    expect(parseYahooIntraday(ks11, 'KOSPI', 's', new Date('2026-01-06T00:32:00Z')).stale).toBe('last minute bar 30 min old');
  });

  it.skipIf(!hasShared)(`a recorded 1m chart of a closed day has no bars: no data, said (${SHARED_REASON})`, () => {
    const rec = JSON.parse(readFileSync(sharedPath('responses', 'yahoo', 'chart-AAPL-2025-02-01-to-2025-02-02-includePrePost-false-interval-1m.json'), 'utf8'));
    expect(() => parseYahooIntraday(rec.response.bodyJson, 'AAPL', 'yahoo', new Date('2025-02-01T15:00:00Z'))).toThrow(/no minute bars today/);
  });

  it('fetches over HTTP, validated with zod; a bad body is a DataError naming the field', async () => {
    const counter = script(agent(), ORIGIN, '/v8/finance/chart/%5EKS11', { statusCode: 200, data: JSON.stringify(ks11) }, { statusCode: 200, data: '{"chart":{"result":[{"meta":{}}]}}' });
    const q = await fetchYahooIntraday(http(), ORIGIN, 'KOSPI', new Date('2026-01-06T00:05:00Z'));
    expect(q.last).toBe(2425);
    expect(counter.paths[0]).toContain('interval=1m');
    const e = await dataError(fetchYahooIntraday(http(), ORIGIN, 'KOSPI', new Date('2026-01-06T00:05:00Z')));
    expect(e.reason).toMatch(/unexpected chart JSON at chart\.result\.0\.meta\.symbol/);
  });

  it('after an upstream failure the last good quote is served marked stale; with none, the error stands', async () => {
    let fail = false;
    const get = intradayProvider(async (symbol, now) => {
      if (fail) throw new DataError(symbol, 'yahoo', 'HTTP 503');
      return parseYahooIntraday(ks11, symbol, 'yahoo', now);
    });
    await expect(get('KOSPI', new Date('2026-01-06T00:05:00Z'))).resolves.toMatchObject({ last: 2425 });
    fail = true;
    const q = await get('KOSPI', new Date('2026-01-06T00:20:00Z'));
    expect(q.stale).toMatch(/served from cache: HTTP 503/);
    await expect(get('KOSPI200', new Date())).rejects.toBeInstanceOf(DataError);
  });
});
