import { commands } from '../helpers/registry.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoMarket } from '../../src/data/demo.ts';
import { csvMarket } from '../../src/data/csvMarket.ts';
import { writeSnapshot } from '../../src/data/snapshot.ts';
import { renderChart } from '../../src/render/chart.ts';
import { answer, parseLine } from '../helpers/registry.ts';
import { UsageError } from '../../src/core/errors.ts';
import { testConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/infra/log.ts';
import type { Context, MarketData, Report } from '../../src/core/types.ts';
import { handMarket, series, weekdays } from '../fixtures/handMarket.ts';

// 800 weekdays (a little over three years). KOSPI200 at 350, 360 on the last day; VKOSPI 20 throughout
// except 32 on the last day, so today's IV is 32 % and the 3-year median (the calm baseline) 20 %.
const D = weekdays(800);
const last = D.at(-1)!;
const early = D[500]!;
const market = handMarket([
  series('KOSPI200', D.map((date) => ({ date, close: date === last ? 360 : 350 }))),
  series('VKOSPI', D.map((date) => ({ date, close: date === last ? 32 : 20 }))),
]);
const ctxOf = (m: MarketData): Context => ({ market: m, now: new Date('2025-01-01T00:00:00Z'), config: testConfig(), log: silentLogger, commands });

async function report(line: string, m = market): Promise<Report> {
  const o = await answer(line, ctxOf(m));
  if (o.kind !== 'answer') throw new Error(`${o.kind}: ${o.message}`);
  return o.report;
}

describe('/theta known answers', () => {
  it('matches Hull\'s call example: premium ≈ 2.40, theta ≈ −4.31 a year (−0.0118 a day)', async () => {
    // Hull: S=49, K=50, r=5 %, σ=20 %, 20 weeks = 140 days → c = 2.40, Θ = −4.31 per year.
    const { data, sources } = await report('/theta spot=49 strike=50 iv=20 days=140 rate=5');
    expect(sources.map((s) => s.symbol)).toEqual(['VKOSPI']); // spot given: KOSPI200 not used, the baseline is
    expect(data.premium as number).toBeCloseTo(2.4, 2);
    expect((data.thetaPerDayPoints as number) * 365).toBeCloseTo(-4.31, 2);
    expect(data.thetaPerDayPoints as number).toBeCloseTo(-0.0118, 4);
    // per contract: × ₩250,000 → about −₩2,952 a day
    expect(data.thetaPerDay as number).toBeCloseTo((data.thetaPerDayPoints as number) * 250_000, 8);
    expect(data.thetaPerDay as number).toBeGreaterThan(-2960);
    expect(data.thetaPerDay as number).toBeLessThan(-2945);
    expect(data.thetaPctOfPremium as number).toBeCloseTo(-0.0118 / 2.4, 4);
    // σ/√365 = 0.2/19.105 = 0.0104685; × 49 = 0.51296 points
    expect(data.breakevenDailyMove as number).toBeCloseTo(0.0104685, 7);
    expect(data.breakevenDailyMovePoints as number).toBeCloseTo(0.51296, 5);
    expect(data).toMatchObject({ iv: 0.2, days: 140, spot: 49, strike: 50, rate: 0.05, q: 0, ivSource: 'argument' });
  });
  it('ATM with r = q = 0: premium S(2N(σ√T/2) − 1) and half of it gone after ≈ 3/4 of the days', async () => {
    // σ√T/2 = 0.2·√(30/365)/2 = 0.0286691; N(0.0286691) − ½ = 0.0114358 → c = 360·2·0.0114358 = 8.23374.
    // c ∝ √T near the money, so half the value is left at T/4: after 22.5 of 30 days (exact solve: 22.50).
    const { data } = await report('/theta iv=20 rate=0');
    expect(data.spot).toBe(360);
    expect(data.strike).toBe(360);
    expect(data.premium as number).toBeCloseTo(8.23374, 4);
    expect(data.premiumKrw as number).toBeCloseTo(8.23374 * 250_000, -1);
    expect(data.daysToHalfPremium as number).toBeCloseTo(22.5, 1);
  });
  it('a deep in-the-money call never loses half its value: daysToHalfPremium is null', async () => {
    const { data } = await report('/theta spot=100 strike=50 iv=20 days=30');
    expect(data.daysToHalfPremium).toBeNull();
  });
});

describe('/theta defaults from the market', () => {
  it('spot = latest KOSPI200, IV = latest VKOSPI, baseline = 3-year median VKOSPI', async () => {
    const r = await report('/theta');
    expect(r.data).toMatchObject({ spot: 360, strike: 360, iv: 0.32, days: 30, rate: 0.03, q: 0, ivSource: 'VKOSPI', asOf: last });
    const baseline = r.data.baseline as { iv: number; basis: string; premium: number; thetaPerDay: number };
    expect(baseline.iv).toBeCloseTo(0.2, 12);
    expect(baseline.basis).toBe('implied');
    // higher IV: dearer premium, faster decay in money
    expect(r.data.premium as number).toBeGreaterThan(baseline.premium);
    expect(r.data.thetaPerDay as number).toBeLessThan(baseline.thetaPerDay);
    // 0.32·360/√365 = 6.02984 points
    expect(r.data.breakevenDailyMovePoints as number).toBeCloseTo(6.02984, 4);
    expect(r.tone).toBe('high'); // IV 1.6× the calm median
    expect(r.charts[0]!.panels[0]!.series).toHaveLength(2);
    // x: days from today to expiry; today's premium marked at day 0
    expect(r.charts[0]!.panels[0]!.x![0]).toBe(0);
    expect(r.charts[0]!.panels[0]!.x!.at(-1)).toBe(30);
    expect(r.charts[0]!.panels[0]!.series[0]!.markAt).toBe(0);
  });
  it('moneyness sets the strike from spot', async () => {
    expect((await report('/theta moneyness=1.05')).data.strike).toBeCloseTo(378, 10);
  });
  it('replays asof= with no look-ahead', async () => {
    const r = await report(`/theta asof=${early}`);
    expect(r.data).toMatchObject({ spot: 350, iv: 0.2, asOf: early });
    expect(r.sources.every((s) => s.asOf === early)).toBe(true);
  });
  it('falls back to KOSPI200 realized vol, labelled, where VKOSPI is missing', async () => {
    // alternating log returns ±1 %, the last 21 ±2 %: 21 alternating returns ±a have sample std
    // a·√(9240/8820) (11 of one sign, 10 of the other), so 21-day realized vol = a·1.023533·√252:
    // 0.162481 for a = 1 % (the 3-year median) and 0.324962 for a = 2 % (today).
    let c = 350;
    const k200 = D.map((date, i) => {
      if (i > 0) c *= Math.exp((i % 2 ? 1 : -1) * (i >= D.length - 21 ? 0.02 : 0.01));
      return { date, close: c };
    });
    const r = await report('/theta', handMarket([series('KOSPI200', k200)]));
    expect(r.data.iv as number).toBeCloseTo(0.324962, 5);
    expect(r.data.ivSource).toBe('KOSPI200 realized vol');
    const baseline = r.data.baseline as { iv: number; basis: string };
    expect(baseline.iv).toBeCloseTo(0.162481, 5);
    expect(baseline.basis).toBe('realized');
    expect(r.notes.join(' ')).toMatch(/No VKOSPI: vols are KOSPI200 21-day realized vol/);
  });
  it('missing KOSPI200 without spot= is a data error naming the series', async () => {
    const o = await answer('/theta iv=20', ctxOf(handMarket([])));
    expect(o.kind).toBe('data');
    expect(o.kind === 'data' && o.message).toMatch(/KOSPI200.*give spot=/);
  });
  it('answers with given spot and iv even with no market data, without a baseline', async () => {
    const r = await report('/theta spot=100 iv=25', handMarket([]));
    expect(r.data.baseline).toBeNull();
    expect(r.data.premium as number).toBeGreaterThan(0);
  });
});

describe('/theta arguments', () => {
  it.each([
    ['/theta days=-5', /days=-5 must be at least 1/],
    ['/theta days=731', /days=731 must be at most 730/],
    ['/theta days=2.5', /days=2.5 expected a whole number/],
    ['/theta iv=0', /iv=0 must be above 0/],
    ['/theta iv=400', /iv=400 must be at most 300/],
    ['/theta moneyness=3', /moneyness=3 must be at most 2/],
    ['/theta spot=-1', /spot=-1 must be positive/],
    ['/theta vol=20', /unknown argument "vol"/],
  ])('%s is a one-line usage error with an example', (line, pattern) => {
    let caught: unknown;
    try {
      parseLine(line);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as Error).message).toMatch(pattern);
    expect((caught as Error).message).toMatch(/Example: \/theta/);
    expect((caught as Error).message).not.toContain('\n');
  });
});

describe('/theta in demo and CSV mode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stressbot-theta-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers on the demo market against the 3-year VKOSPI median, with a PNG chart', async () => {
    const r = await report('/theta', demoMarket());
    expect(r.title).toMatch(/\[DEMO\]/);
    expect(r.data.ivSource).toBe('VKOSPI');
    const baseline = r.data.baseline as { basis: string; iv: number };
    expect(baseline.basis).toBe('implied');
    expect(baseline.iv).toBeGreaterThan(0.05);
    expect(baseline.iv).toBeLessThan(0.6);
    const png = await renderChart(r.charts[0]!);
    expect(png.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBe(true);
  });
  it('matches Hull on the demo market too', async () => {
    const { data } = await report('/theta spot=49 strike=50 iv=20 days=140 rate=5', demoMarket());
    expect(data.premium as number).toBeCloseTo(2.4, 2);
    expect((data.thetaPerDayPoints as number) * 365).toBeCloseTo(-4.31, 2);
  });
  it('gives the same answer from a CSV folder written from the demo market', async () => {
    await writeSnapshot(demoMarket(), dir, ['KOSPI200', 'VKOSPI']);
    const demo = await report('/theta days=60 asof=2024-08-05', demoMarket());
    const csv = await report('/theta days=60 asof=2024-08-05', csvMarket(dir));
    expect(csv.data).toEqual(demo.data);
    expect(demo.data.asOf as string <= '2024-08-05').toBe(true);
  });
});
