import { commands } from '../helpers/registry.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
import type { Context, MarketData, OptionChain, Report } from '../../src/core/types.ts';
import { handMarket, series, weekdays } from '../fixtures/handMarket.ts';
import { hasShared, SHARED_REASON, sharedPath } from '../helpers/shared.ts';
import { parseKrxOptionChain } from '../../src/data/live/krx.ts';
import { dealerGammaProfile } from '../../src/analytics/gamma.ts';

const D = weekdays(30);
const last = D.at(-1)!;
const mid = D[20]!;
const expiry = new Date(Date.parse(`${last}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);

// Hand market: KOSPI200 flat at 350 then +2 % on the last day; KOSPI turnover ₩10tn a day; USDKRW 1300; USDHKD 7.75.
// 122630 (×2) ₩4tn of net assets up to `mid`, ₩5tn after; 252670 (×−2) ₩2tn; 123320 has no net assets;
// 7709.HK (×2) HK$1.55bn; KORU and 7747.HK have no series at all.
const chain: OptionChain = {
  underlying: 'KOSPI200',
  date: last,
  spot: 357,
  multiplier: 250_000,
  quotes: [
    { type: 'put', strike: 340, expiry, openInterest: 10_000 },
    { type: 'call', strike: 375, expiry, openInterest: 10_000, iv: 0.2 },
  ],
  source: 'hand',
  fetchedAt: '2025-01-01T00:00:00Z',
};
const market = handMarket(
  [
    series('KOSPI200', D.map((date, i) => ({ date, close: i === D.length - 1 ? 357 : 350 }))),
    series('KOSPI', D.map((date) => ({ date, close: 2500, tradedValue: 10e12 }))),
    series('USDKRW', D.map((date) => ({ date, close: 1300 }))),
    series('USDHKD', D.map((date) => ({ date, close: 7.75 }))),
    series('VKOSPI', D.map((date) => ({ date, close: 20 }))),
    series('122630', D.map((date) => ({ date, close: 17_000, netAssets: date <= mid ? 4e12 : 5e12 }))),
    series('252670', D.map((date) => ({ date, close: 2_300, netAssets: 2e12 }))),
    series('123320', D.map((date) => ({ date, close: 17_000 }))),
    series('7709.HK', D.map((date) => ({ date, close: 30, netAssets: 1.55e9 }))),
  ],
  [chain],
);
const ctxOf = (m: MarketData): Context => ({ market: m, now: new Date('2025-01-01T00:00:00Z'), config: testConfig(), log: silentLogger, commands });
const ctx = ctxOf(market);

async function report(line: string, c = ctx): Promise<Report> {
  const o = await answer(line, c);
  if (o.kind !== 'answer') throw new Error(`${o.kind}: ${o.message}`);
  return o.report;
}

describe('/gamma what-if (issue 4 "must show")', () => {
  it('aum=50b lev=2 move=1 → 50e9 · 2 · 1 · 0.01 = 1.0e9 exactly', async () => {
    const r = await report('/gamma aum=50b lev=2 move=1');
    expect(r.data.totalFlowUsd).toBe(1e9);
    expect(r.data.products).toEqual([{ code: 'what-if', name: 'hypothetical product', leverage: 2, aumUsd: 5e10, aumPrevUsd: 5e10, flowUsd: 1e9, aumAsOf: null }]);
    // ₩ at 1300: 1.3e12; turnover ₩10tn → 13 %
    expect(r.data.totalFlowKrw).toBeCloseTo(1.3e12, 0);
    expect(r.data.flowPctOfTurnover).toBeCloseTo(0.13, 12);
  });
  it('lev=-2 → 50e9 · (−2) · (−3) · 0.01 = 3.0e9; move=-1 flips the sign', async () => {
    expect((await report('/gamma aum=50b lev=-2 move=1')).data.totalFlowUsd).toBe(3e9);
    expect((await report('/gamma aum=50b lev=2 move=-1')).data.totalFlowUsd).toBe(-1e9);
  });
});

describe('/gamma over the registry of products', () => {
  it('sums the products with known AUM, converting at the day\'s FX, and lists the unknown ones', async () => {
    const r = await report('/gamma');
    // 122630: ₩5tn/1300 · 2·1 · 1 %   = $76.923m
    // 252670: ₩2tn/1300 · (−2)(−3) · 1 % = $92.308m
    // 7709.HK: HK$1.55bn/7.75 · 2·1 · 1 % = $4.000m     total $173.231m = ₩225.2bn = 2.252 % of ₩10tn
    expect(r.data.totalFlowUsd as number).toBeCloseTo(5e12 / 1300 * 0.02 + 2e12 / 1300 * 0.06 + 4e6, 0);
    expect(r.data.totalFlowKrw as number).toBeCloseTo(2.252e11, 0);
    expect(r.data.flowPctOfTurnover as number).toBeCloseTo(0.02252, 10);
    expect(r.data.usdkrw).toBe(1300);
    expect(r.data.asOf).toBe(last);
    const products = r.data.products as { code: string; aumUsd: number | null; flowUsd: number | null }[];
    expect(products.map((p) => p.code)).toEqual(['122630', '252670', '123320', 'KORU', '7709.HK', '7747.HK']);
    expect(products.filter((p) => p.aumUsd === null).map((p) => p.code)).toEqual(['123320', 'KORU', '7747.HK']);
    expect(products.find((p) => p.code === '7709.HK')!.aumUsd).toBeCloseTo(2e8, 3);
    expect(r.fields.find((f) => f.label.includes('123320'))!.value).toBe('AUM unknown');
    expect(r.notes.join(' ')).toMatch(/AUM unknown, left out of totals: .*123320/);
  });
  it('gives ±1 %, ±3 % and the latest actual move (+2 %) as scenarios', async () => {
    const r = await report('/gamma move=-3');
    const total = 5e12 / 1300 * 0.02 + 2e12 / 1300 * 0.06 + 4e6; // per +1 %
    expect(r.data.move).toBeCloseTo(-0.03, 15);
    expect(r.data.totalFlowUsd as number).toBeCloseTo(-3 * total, 0);
    const scenarios = r.data.scenarios as { move: number; totalFlowUsd: number }[];
    expect(scenarios.map((s) => s.move)).toEqual([0.01, -0.01, 0.03, -0.03, 357 / 350 - 1]);
    expect(scenarios.map((s) => s.totalFlowUsd / total)).toEqual([1, -1, 3, -3, 2].map((k) => expect.closeTo(k, 9)));
    // the chart: moves from the largest fall to the largest rise, the asked −3 % once, bars per product
    const flows = r.charts[0]!.panels[0]!;
    expect(flows.labels).toEqual(['-3% asked', '-1%', '+1%', '+2% today', '+3%']);
    const bars = flows.series.filter((l) => l.kind === 'bar');
    expect(bars.length).toBe(3);
    expect(flows.stacked).toBe(true);
    const sum = flows.labels.map((_, i) => bars.reduce((acc, b) => acc + b.values[i]!, 0));
    expect(sum.map((v) => v / (total / 1e9))).toEqual([-3, -1, 1, 2, 3].map((k) => expect.closeTo(k, 9)));
    const line = flows.series.find((l) => l.kind === 'line')!;
    expect(line.markAt).toBe(3);
  });
  it('reports dealer gamma by strike and the flip level from the chain', async () => {
    const r = await report('/gamma');
    const o = r.data.options as { flipLevel: number; spot: number; totalGammaKrwPer1pct: number; byStrike: { strike: number }[] };
    // put without IV priced at VKOSPI 20 % like the call; r = 3 %, q = 0, T = 30/365. Zero where d1_call = −d1_put:
    // S = √(340·375) · e^(−(r + σ²/2)T) = 357.07142 · e^(−0.05·30/365) = 357.07142 · 0.99589875 = 355.60699
    expect(o.flipLevel).toBeCloseTo(355.60699, 3);
    expect(o.spot).toBe(357);
    expect(o.totalGammaKrwPer1pct).toBeGreaterThan(0); // spot above the flip: dealers long gamma
    expect(o.byStrike.map((s) => s.strike)).toEqual([340, 375]);
    expect(r.charts.map((c) => c.title)).toEqual(['ETF rebalancing flow at the close, by KOSPI move', 'KOSPI200 dealer gamma by strike, and in total by level']);
    // both panels on one KOSPI200 axis, spot and the flip marked on it
    const [byStrike, total] = r.charts[1]!.panels;
    expect(byStrike!.x).toEqual([340, 375]);
    expect(total!.x!.length).toBeGreaterThan(10);
    expect(byStrike!.vLines!.map((v) => v.x)).toEqual([357, o.flipLevel]);
    expect(total!.vLines!.map((v) => v.x)).toEqual([357, o.flipLevel]);
    expect(r.notes.join(' ')).toMatch(/1 options without an IV priced at VKOSPI 20/);
  });
  it('replays asof= with no look-ahead: earlier net assets, no chain yet, that day\'s move', async () => {
    const r = await report(`/gamma asof=${mid}`);
    expect(r.data.asOf).toBe(mid);
    const p = (r.data.products as { code: string; aumUsd: number; aumAsOf: string }[]).find((x) => x.code === '122630')!;
    expect(p.aumUsd).toBeCloseTo(4e12 / 1300, 3);
    expect(p.aumAsOf).toBe(mid);
    expect(r.data.options).toBeNull();
    expect(r.notes.join(' ')).toMatch(/No KOSPI200 option chain/);
    expect((r.data.scenarios as { move: number }[]).at(-1)!.move).toBe(0);
    expect(r.sources.every((s) => s.asOf <= mid)).toBe(true);
  });
  it('says so where turnover, FX or every AUM is unknown', async () => {
    const bare = handMarket([series('KOSPI200', D.map((date) => ({ date, close: 350 })))]);
    const r = await report('/gamma', ctxOf(bare));
    expect(r.data.totalFlowUsd).toBeNull();
    expect(r.data.flowPctOfTurnover).toBeNull();
    expect(r.data.usdkrw).toBeNull();
    expect(r.data.options).toBeNull();
    expect(r.headline).toMatch(/unknown/);
    expect(r.notes.join(' ')).toMatch(/traded value unknown/);
    expect(r.notes.join(' ')).toMatch(/KORU/);
  });
});

describe('/gamma arguments', () => {
  it.each([
    ['/gamma lev=2', /lev=2 needs aum too/],
    ['/gamma aum=50b', /aum=50b needs lev too/],
    ['/gamma aum=50b lev=0', /lev=0 must not be 0/],
    ['/gamma aum=50b lev=6', /lev=6 must be between -5 and 5/],
    ['/gamma move=abc', /move=abc expected a number/],
    ['/gamma move=50', /move=50 must be at most 30/],
    ['/gamma aum=-5 lev=2', /aum=-5 expected an amount/],
    ['/gamma bogus=1', /unknown argument "bogus"/],
  ])('%s is a one-line usage error with an example', (line, pattern) => {
    let caught: unknown;
    try {
      parseLine(line);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as Error).message).toMatch(pattern);
    expect((caught as Error).message).toMatch(/Example: \/gamma/);
    expect((caught as Error).message).not.toContain('\n');
  });
});

describe.skipIf(!hasShared)(`/gamma on the real KRX chain of 2024-01-05 (${hasShared ? 'shared data present' : SHARED_REASON})`, () => {
  const krx = (name: string): unknown => JSON.parse(readFileSync(sharedPath('responses/krx_openapi', name), 'utf8'));
  const load = () => {
    const index = krx('kospi_dd_trd_20240105.json') as { OutBlock_1: Record<string, string>[] };
    const spot = Number(index.OutBlock_1.find((r) => r.IDX_NM === '코스피 200')!.CLSPRC_IDX);
    return { spot, chain: parseKrxOptionChain(krx('opt_bydd_trd_20240105.json'), spot) };
  };

  it('reports a dealer gamma profile by strike and a flip level near spot', async () => {
    const { spot, chain } = load();
    expect(spot).toBe(347.22); // PROVENANCE: 코스피 200 C 347.22
    const m = handMarket([series('KOSPI200', [{ date: '2024-01-04', close: 348.07 }, { date: '2024-01-05', close: spot }])], [chain]);
    const r = await report('/gamma asof=2024-01-05', ctxOf(m));
    const o = r.data.options as { flipLevel: number | null; spot: number; totalGammaKrwPer1pct: number; byStrike: { strike: number; gammaKrwPer1pct: number }[] };
    expect(o.spot).toBe(347.22);
    expect(o.byStrike.length).toBeGreaterThan(50);
    expect(o.byStrike.every((s) => Number.isFinite(s.gammaKrwPer1pct))).toBe(true);
    // the largest open interest is the 202401 357.5 call (95,152): dealers are long gamma there
    expect(o.byStrike.find((s) => s.strike === 357.5)!.gammaKrwPer1pct).toBeGreaterThan(0);
    // …and short gamma at the big put strikes below spot
    expect(o.byStrike.find((s) => s.strike === 335)!.gammaKrwPer1pct).toBeLessThan(0);
    expect(o.flipLevel).not.toBeNull();
    expect(Math.abs(o.flipLevel! / spot - 1)).toBeLessThan(0.15);
    // total dealer gamma really changes sign across the flip (re-priced just below and just above it)
    const params = { flatVol: NaN, rate: 0.03, dividendYield: 0 };
    const below = dealerGammaProfile(chain, params, o.flipLevel! * 0.995).total;
    const above = dealerGammaProfile(chain, params, o.flipLevel! * 1.005).total;
    expect(Math.sign(below)).toBe(-Math.sign(above));
    expect(Math.sign(o.totalGammaKrwPer1pct)).toBe(spot > o.flipLevel! ? Math.sign(above) : Math.sign(below));
    expect(r.sources.map((s) => s.symbol)).toContain('KOSPI200 options');
  });
});

describe('/gamma in demo and CSV mode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stressbot-gamma-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

  it('answers on the demo market with flows, dealer gamma and two PNG charts, labelled DEMO', async () => {
    const r = await report('/gamma', ctxOf(demoMarket()));
    expect(r.title).toMatch(/\[DEMO\]/);
    const products = r.data.products as { aumUsd: number | null; leverage: number }[];
    const known = products.filter((p) => p.aumUsd !== null);
    expect(known.length).toBeGreaterThan(0);
    // the total is the sum of A·L·(L−1)·1 % over the products with a known AUM
    expect(r.data.totalFlowUsd as number).toBeCloseTo(known.reduce((s, p) => s + p.aumUsd! * p.leverage * (p.leverage - 1) * 0.01, 0), 0);
    expect(r.data.totalFlowUsd as number).toBeGreaterThan(0);
    expect((r.data.totalFlowKrw as number) / (r.data.totalFlowUsd as number)).toBeCloseTo(r.data.usdkrw as number, 6);
    expect(r.data.flowPctOfTurnover).not.toBeNull();
    const o = r.data.options as { flipLevel: number | null; byStrike: unknown[]; spot: number };
    expect(o.byStrike.length).toBeGreaterThan(10);
    expect(o.flipLevel === null || Math.abs(o.flipLevel / o.spot - 1) <= 0.15).toBe(true);
    expect(r.charts).toHaveLength(2);
    for (const c of r.charts) expect((await renderChart(c)).subarray(0, 4).equals(PNG)).toBe(true);
  });
  it('gives the what-if exactly on the demo market too', async () => {
    expect((await report('/gamma aum=50b lev=2 move=1', ctxOf(demoMarket()))).data.totalFlowUsd).toBe(1e9);
  });
  it('replays the 2024-08-05 crash day without look-ahead', async () => {
    const r = await report('/gamma asof=2024-08-05', ctxOf(demoMarket()));
    expect(r.data.asOf as string <= '2024-08-05').toBe(true);
    expect(r.sources.every((s) => s.asOf <= '2024-08-05')).toBe(true);
  });
  it('gives the same answer from a CSV folder written from the demo market', async () => {
    await writeSnapshot(demoMarket(), dir);
    const demo = await report('/gamma move=-3', ctxOf(demoMarket()));
    const csv = await report('/gamma move=-3', ctxOf(csvMarket(dir)));
    expect(csv.data).toEqual(demo.data);
    expect(csv.sources.some((s) => s.source.startsWith('csv:'))).toBe(true);
  });
});
