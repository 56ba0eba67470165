import { describe, expect, it } from 'vitest';
import { answer } from '../helpers/registry.ts';
import { commands } from '../../src/commands/registry.ts';
import { testConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { DataError } from '../../src/core/errors.ts';
import type { Context, IntradayQuote, MarketData, Point } from '../../src/core/types.ts';
import { fakeMarket, weekdays } from './fakeMarket.ts';

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
