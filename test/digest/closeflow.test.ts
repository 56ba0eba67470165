// The 15:00 close-flow warning on a fake intraday −3 % day: numbers checked by hand, posted exactly
// once per channel by two schedulers sharing one store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { storeAlertLedger } from '../../src/digest/alerts.ts';
import { runCloseFlow, type CloseFlowDeps, type CloseFlowNumbers } from '../../src/digest/closeflow.ts';
import { memoryAlertStore } from '../../src/digest/alertStore.ts';
import type { DigestStore } from '../../src/digest/store.ts';
import { openStore } from '../../src/digest/openStore.ts';
import { commands } from '../../src/commands/registry.ts';
import { testConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/infra/log.ts';
import type { IntradayQuote } from '../../src/data/live/yahooIntraday.ts';
import type { Point, Report } from '../../src/core/types.ts';
import { fakeMarket, weekdays } from '../commands/fakeMarket.ts';

const DAY = '2026-01-06'; // Tuesday; the daily data ends Monday 2026-01-05
const dates = weekdays('2025-11-24', 40, ['2025-12-25', '2025-12-31', '2026-01-01']).filter((d) => d < DAY);
const flat = (close: number, extra: Partial<Point> = {}): Point[] => dates.map((date) => ({ date, close, ...extra }));
const market = fakeMarket({
  // KOSPI: 20-session average traded value ₩10 trillion
  KOSPI: flat(2500, { tradedValue: 10e12 }),
  KOSPI200: flat(330),
  USDKRW: flat(1400),
  // KODEX 레버리지 (×2) ₩5 trillion and KODEX 200선물인버스2X (×−2) ₩2 trillion at the previous close
  '122630': flat(20000, { netAssets: 5e12 }),
  '252670': flat(2000, { netAssets: 2e12 }),
});
const quote: IntradayQuote = {
  symbol: 'KOSPI200', last: 320.1, previousClose: 330, move: 320.1 / 330 - 1, at: `${DAY}T05:59:00.000Z`, source: 'yahoo:^KS200 1m', fetchedAt: `${DAY}T06:00:00.000Z`,
};

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function deps(store: DigestStore, alerts: ReturnType<typeof memoryAlertStore>, posts: { channel: string; report: Report }[]): CloseFlowDeps {
  return {
    market, config: testConfig(), log: silentLogger, commands, alerts,
    ledger: storeAlertLedger(store, { id: 'test:owner' }),
    quote: async () => quote,
    async post(channel, report) { posts.push({ channel, report }); },
  };
}

describe('the close-flow warning', () => {
  it('a −3 % day at 15:00: per product and total, KRW and USD, % of turnover, the doubling move; once per channel with two schedulers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'closeflow-'));
    dirs.push(dir);
    const file = join(dir, 'stressbot.sqlite');
    const a = await openStore({ DATA_HOME: dir }, { file: file });
    const b = await openStore({ DATA_HOME: dir }, { file: file });
    const alerts = memoryAlertStore();
    await alerts.setCloseflow('slack:C1', true);
    await alerts.setCloseflow('discord:D1', true);
    const posts: { channel: string; report: Report }[] = [];
    // ticks every minute 14:58-15:12 Seoul (05:58-06:12 UTC), both schedulers on each
    for (let m = 58; m <= 72; m++) {
      const at = new Date(Date.parse(`${DAY}T05:00:00Z`) + m * 60_000);
      await Promise.all([runCloseFlow(at, deps(a, alerts, posts)), runCloseFlow(at, deps(b, alerts, posts))]);
    }
    expect(posts.map((p) => p.channel).sort()).toEqual(['discord:D1', 'slack:C1']);

    const r = posts[0]!.report;
    const n = r.data.closeflow as CloseFlowNumbers;
    // move = 320.1 / 330 − 1 = −0.03
    expect(n.move).toBeCloseTo(-0.03, 12);
    // A·L·(L−1)·r: ₩5T · 2 · 1 · (−0.03) = −₩300B; ₩2T · (−2) · (−3) · (−0.03) = −₩360B
    const byCode = Object.fromEntries(n.products.map((p) => [p.code, p]));
    expect(byCode['122630']!.flowKrw).toBeCloseTo(-300e9, 0);
    expect(byCode['252670']!.flowKrw).toBeCloseTo(-360e9, 0);
    // in USD at 1,400: −$214.29M and −$257.14M; total −₩660B = −$471.43M
    expect(byCode['122630']!.flowUsd).toBeCloseTo(-300e9 / 1400, 0);
    expect(byCode['252670']!.flowUsd).toBeCloseTo(-360e9 / 1400, 0);
    expect(n.totalKrw!).toBeCloseTo(-660e9, 0);
    expect(n.totalUsd!).toBeCloseTo(-471_428_571.43, 0);
    // ₩660B of ₩10T average turnover = 6.6 %
    expect(Math.abs(n.pctOfTurnover!)).toBeCloseTo(0.066, 10);
    // linear in the move: −6 % doubles it
    expect(n.doublingMove).toBeCloseTo(-0.06, 12);
    expect(n.unknown.length).toBe(4); // TIGER, KORU and the two HK products have no AUM here
    expect(r.headline).toContain('KOSPI200 -3.0% so far (intraday 14:59 Seoul');
    expect(r.headline).toMatch(/sell ≈ \$471/);
    expect(r.fields.find((f) => f.label === 'Dealer gamma')).toMatchObject({ tone: 'missing' });
    expect(r.tone).toBe('extreme');
    await a.close();
    await b.close();
  });

  it('not on a KRX holiday, not before 15:00, not without subscribers', async () => {
    const store = await openStore({ DATA_HOME: tmpdir() }, { file: ':memory:' });
    const alerts = memoryAlertStore();
    const posts: { channel: string; report: Report }[] = [];
    expect(await runCloseFlow(new Date(`${DAY}T06:00:00Z`), deps(store, alerts, posts))).toEqual([]);
    await alerts.setCloseflow('slack:C1', true);
    expect(await runCloseFlow(new Date(`${DAY}T05:50:00Z`), deps(store, alerts, posts))).toEqual([]);
    expect(await runCloseFlow(new Date('2026-01-01T06:00:00Z'), deps(store, alerts, posts))).toEqual([]);
    expect(posts).toEqual([]);
    await store.close();
  });
});
