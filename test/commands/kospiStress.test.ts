import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { answer } from '../helpers/registry.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { testConfig } from '../../src/config.ts';
import { DataError } from '../../src/core/errors.ts';
import { kospiStress } from '../../src/commands/kospiStress.ts';
import { commands } from '../../src/commands/registry.ts';
import { parseSeriesCsv } from '../../src/data/csv.ts';
import { demoMarket } from '../../src/data/demo.ts';
import { STRESS_CUTS, stressScoreSeries } from '../../src/analytics/stress.ts';
import { pointsUpTo } from '../../src/analytics/series.ts';
import type { Context, MarketData, Point, Report, Series } from '../../src/core/types.ts';
import { SHARED_REASON, hasShared, sharedPath } from '../helpers/shared.ts';

/** A MarketData serving fixed series; symbols not given throw DataError like a real provider. */
function marketOf(series: Record<string, Point[]>, demo = false): MarketData {
  return {
    kind: 'test',
    demo,
    async series(symbol) {
      const points = series[symbol];
      if (!points) throw new DataError(symbol, 'test', 'not served here');
      return { symbol, points, source: `test:${symbol}`, fetchedAt: '2024-06-01T00:00:00Z' };
    },
    async optionChain() {
      return null;
    },
  };
}

const ctxOf = (market: MarketData): Context => ({ market, now: new Date('2024-06-01T00:00:00Z'), config: testConfig(), log: silentLogger, commands });

async function ask(line: string, market: MarketData): Promise<Report> {
  const out = await answer(line, ctxOf(market));
  if (out.kind !== 'answer') throw new Error(`${out.kind}: ${out.message}`);
  return out.report;
}

// ---- a hand-made market: 90 KRX sessions from 2024-01-02, NDX/VIX on US sessions (other holidays)
function weekdays(from: string, count: number, skip: string[]): string[] {
  const out: string[] = [];
  for (let d = Date.parse(`${from}T00:00:00Z`); out.length < count; d += 86_400_000) {
    const date = new Date(d).toISOString().slice(0, 10);
    const wd = new Date(d).getUTCDay();
    if (wd !== 0 && wd !== 6 && !skip.includes(date)) out.push(date);
  }
  return out;
}
const krDates = weekdays('2024-01-02', 90, ['2024-02-09', '2024-02-12', '2024-03-01', '2024-04-10']);
const usDates = weekdays('2023-12-20', 96, ['2023-12-25', '2024-01-01', '2024-01-15', '2024-02-19', '2024-03-29']);
// wavy closes with a slide in the last 15 sessions, so the trend and stress numbers are not trivial
const KOSPI: Point[] = krDates.map((date, i) => {
  const close = 2500 * Math.exp(0.03 * Math.sin(i / 4) + 0.012 * Math.cos(i * 1.7) + 0.0015 * i - (i > 74 ? 0.012 * (i - 74) : 0));
  return { date, close, low: close * (1 - 0.004 - 0.003 * Math.abs(Math.sin(i))) };
});
const NDX: Point[] = usDates.map((date, i) => ({ date, close: 16000 * Math.exp(0.02 * Math.sin(i / 3) + 0.01 * Math.cos(i * 2.3) + 0.001 * i) }));
const VIX: Point[] = usDates.map((date, i) => ({ date, close: 14 + 3 * Math.sin(i / 5) + (i % 7) * 0.3 }));
// VKOSPI with a two-week gap, so "latest on or before" matters
const VKOSPI: Point[] = KOSPI.filter((_, i) => i < 50 || i > 59).map((p, i) => ({ date: p.date, close: 16 + 4 * Math.sin(i / 6) + (i % 5) * 0.4 }));
const handMarket = marketOf({ KOSPI, NDX, VIX, VKOSPI });

// ---- the definitions of DESIGN.md, written again with plain loops
const lr = (a: number, b: number) => Math.log(b / a);
function sd(xs: number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}
function rv(closes: number[], n: number): number {
  const r: number[] = [];
  for (let i = closes.length - n; i < closes.length; i++) r.push(lr(closes[i - 1]!, closes[i]!));
  return sd(r) * Math.sqrt(252);
}
function expected(asof: string, w = 21) {
  const kr = KOSPI.filter((p) => p.date <= asof);
  const t = kr.at(-1)!.date;
  const c = kr.map((p) => p.close);
  const m = c.length;
  let sum = 0;
  for (let i = m - 21; i < m; i++) sum += c[i]!;
  const sma21 = sum / 21;
  let path = 0;
  for (let i = m - w; i < m; i++) path += Math.abs(lr(c[i - 1]!, c[i]!));
  const usBefore = NDX.filter((p) => p.date < t).map((p) => p.close);
  let hi = 0;
  for (let i = Math.max(0, m - 252); i < m; i++) hi = Math.max(hi, c[i]!);
  // pair each of the last 61 KRX sessions with the last NDX close strictly before it
  const pairK: number[] = [];
  const pairN: number[] = [];
  for (const p of kr.slice(-61)) {
    pairK.push(p.close);
    pairN.push(NDX.filter((u) => u.date < p.date).at(-1)!.close);
  }
  const rk = pairK.slice(1).map((x, i) => lr(pairK[i]!, x));
  const rn = pairN.slice(1).map((x, i) => lr(pairN[i]!, x));
  const mk = rk.reduce((a, b) => a + b, 0) / 60;
  const mn = rn.reduce((a, b) => a + b, 0) / 60;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < 60; i++) {
    sxy += (rn[i]! - mn) * (rk[i]! - mk);
    sxx += (rn[i]! - mn) ** 2;
    syy += (rk[i]! - mk) ** 2;
  }
  const vk = VKOSPI.filter((p) => p.date <= t).at(-1)!.close;
  const vx = VIX.filter((p) => p.date < t).at(-1)!.close;
  return {
    asOf: t,
    close: c[m - 1]!,
    sma21,
    pctFromSma21: c[m - 1]! / sma21 - 1,
    return21d: c[m - 1]! / c[m - 22]! - 1,
    efficiencyRatio21d: Math.abs(lr(c[m - 22]!, c[m - 1]!)) / [...Array(21).keys()].reduce((a, j) => a + Math.abs(lr(c[m - 22 + j]!, c[m - 21 + j]!)), 0),
    windowed: { return: c[m - 1]! / c[m - 1 - w]! - 1, efficiencyRatio: Math.abs(lr(c[m - 1 - w]!, c[m - 1]!)) / path, rvK: rv(c, w), rvN: rv(usBefore, w) },
    rvK: rv(c, 21),
    rvN: rv(usBefore, 21),
    drawdown52w: c[m - 1]! / hi - 1,
    corr60: sxy / Math.sqrt(sxx * syy),
    beta60: sxy / sxx,
    vkospiVixRatio: vk / vx,
  };
}

describe('/kospi-stress numbers match an independent calculation from the definitions', () => {
  for (const asof of ['2024-05-06', '2024-04-05', '2024-04-10']) {
    it(`asof=${asof}`, async () => {
      const r = await ask(`/kospi-stress asof=${asof}`, handMarket);
      const d = r.data as Record<string, any>;
      const e = expected(asof);
      expect(d.asOf).toBe(e.asOf);
      expect(d.close).toBe(e.close);
      expect(d.sma21).toBeCloseTo(e.sma21, 9);
      expect(d.pctFromSma21).toBeCloseTo(e.pctFromSma21, 12);
      expect(d.return21d).toBeCloseTo(e.return21d, 12);
      expect(d.efficiencyRatio21d).toBeCloseTo(e.efficiencyRatio21d, 12);
      expect(d.realizedVol21d.kospi).toBeCloseTo(e.rvK, 12);
      expect(d.realizedVol21d.ndx).toBeCloseTo(e.rvN, 12);
      expect(d.volAmplification).toBeCloseTo(e.rvK / e.rvN, 12);
      expect(d.drawdown52w).toBeCloseTo(e.drawdown52w, 12);
      expect(d.corr60).toBeCloseTo(e.corr60, 12);
      expect(d.beta60).toBeCloseTo(e.beta60, 12);
      expect(d.vkospiVixRatio).toBeCloseTo(e.vkospiVixRatio, 12);
      expect(d.score).toBeGreaterThanOrEqual(0);
      expect(d.score).toBeLessThanOrEqual(100);
      expect(d.components).toHaveLength(6);
      for (const c of d.components) expect(Object.keys(c)).toEqual(expect.arrayContaining(['name', 'value', 'percentile']));
    });
  }

  it('asof on a KRX holiday answers for the session before it', async () => {
    // 2024-04-10 is skipped in krDates: the answer is for 04-09
    const r = await ask('/kospi-stress asof=2024-04-10', handMarket);
    expect(r.data.asOf).toBe('2024-04-09');
    expect(r.sources.find((s) => s.symbol === 'KOSPI')?.asOf).toBe('2024-04-09');
    // NDX as Seoul sees it: the last US session strictly before 04-09
    expect(r.sources.find((s) => s.symbol === 'NDX')?.asOf).toBe('2024-04-08');
  });

  it('window=30 changes the windowed numbers only; the 21d keys stay on 21 sessions', async () => {
    const base = await ask('/kospi-stress asof=2024-05-06', handMarket);
    const r = await ask('/kospi-stress asof=2024-05-06 window=30', handMarket);
    const e = expected('2024-05-06', 30);
    const d = r.data as Record<string, any>;
    expect(d.window).toBe(30);
    expect(d.windowed.return).toBeCloseTo(e.windowed.return, 12);
    expect(d.windowed.efficiencyRatio).toBeCloseTo(e.windowed.efficiencyRatio, 12);
    expect(d.windowed.realizedVol.kospi).toBeCloseTo(e.windowed.rvK, 12);
    expect(d.windowed.realizedVol.ndx).toBeCloseTo(e.windowed.rvN, 12);
    expect(d.return21d).toBe(base.data.return21d);
    expect(d.score).toBe(base.data.score);
    expect(r.headline).toContain('30d return');
    expect(r.notes.join(' ')).toContain('window=30');
  });

  it('VKOSPI missing → vkospiVixRatio null, the realized-vol ratio stands in, and a note says so', async () => {
    const r = await ask('/kospi-stress asof=2024-05-06', marketOf({ KOSPI, NDX, VIX }));
    expect(r.data.vkospiVixRatio).toBeNull();
    const ratio = (r.data.components as { key: string; basis?: string }[]).find((c) => c.key === 'koreaUsVol');
    expect(ratio?.basis).toBe('realized');
    expect(r.notes.join(' ')).toMatch(/VKOSPI unavailable.*realized-vol ratio/);
    expect(r.fields.find((f) => f.label === 'VKOSPI / VIX')?.value).toMatch(/^n\/a \(realized-vol ratio/);
  });

  it('a VKOSPI older than one KOSPI session counts as missing for the ratio and the score', async () => {
    // VKOSPI has no points for KRX sessions 50..59; session 59's latest VKOSPI is 10 sessions (14 days) old
    const r = await ask(`/kospi-stress asof=${krDates[59]}`, handMarket);
    expect(r.data.vkospiVixRatio).toBeNull();
    expect(r.notes.join(' ')).toContain('is more than 1 KOSPI session before');
    // the stale VKOSPI is no value of today's implied vol (so never in the score), while a session later it is
    const iv = (r.data.components as { key: string; value: number | null; inScore: boolean }[]).find((c) => c.key === 'impliedVol');
    expect(iv).toMatchObject({ value: null, inScore: false });
    const next = await ask(`/kospi-stress asof=${krDates[60]}`, handMarket);
    expect((next.data.components as { key: string; value: number | null }[]).find((c) => c.key === 'impliedVol')?.value).not.toBeNull();
  });

  it('the report carries a headline, tones, sources and a two-panel chart with regime bands', async () => {
    const r = await ask('/kospi-stress asof=2024-05-06', handMarket);
    expect(r.headline).toMatch(/^KOSPI stress \d+\/100 \((calm|elevated|high|extreme)\): 21d vol \d+% vs NDX \d+%/);
    expect(r.tone).toBe(r.data.regime);
    expect(r.sources.map((s) => s.symbol)).toEqual(['KOSPI', 'NDX', 'VIX', 'VKOSPI']);
    const [chart] = r.charts;
    expect(chart?.panels).toHaveLength(2);
    const [price, score] = chart!.panels;
    expect(price!.labels).toHaveLength(KOSPI.filter((p) => p.date <= '2024-05-06').length);
    expect(price!.series.map((s) => s.name)).toEqual(['KOSPI close', '21d MA', 'Support (swing lows)']);
    expect(price!.series[1]!.dashed).toBe(true);
    // the drawn trendline ends at the reported trendline value
    expect(price!.series[2]!.values.at(-1)).toBeCloseTo(r.data.trendline ? (r.data.trendline as { value: number }).value : NaN, 9);
    expect(score!.bands!.map((b) => [b.from, b.to])).toEqual([[0, 40], [40, 65], [65, 82], [82, 100]]);
    expect(score!.series[0]!.values.at(-1)).toBeCloseTo(r.data.score as number, 12);
    // today marked on both: the close, and the score with its regime
    expect(score!.series[0]!.mark).toBe(`${Math.round(r.data.score as number)} · ${r.data.regime}`);
    expect(price!.series[0]!.mark).toBeTruthy();
    expect(chart!.footer).toContain('KOSPI');
  });

  it('is the first command in the registry', () => {
    expect(commands[0]).toBe(kospiStress);
  });
});

describe('/kospi-stress on the demo market', () => {
  it('ends in a stressed period, labelled DEMO, with every data key', async () => {
    const r = await ask('/kospi-stress', demoMarket());
    expect(['elevated', 'high', 'extreme']).toContain(r.data.regime);
    expect(r.headline.startsWith('DEMO · KOSPI stress')).toBe(true);
    expect(r.charts[0]?.watermark).toBe('DEMO');
    for (const key of ['asOf', 'score', 'regime', 'components', 'close', 'sma21', 'pctFromSma21', 'trendline', 'return21d', 'efficiencyRatio21d',
      'realizedVol21d', 'volAmplification', 'corr60', 'beta60', 'drawdown52w', 'vkospiVixRatio']) {
      expect(r.data[key], key).not.toBeUndefined();
      expect(r.data[key], key).not.toBeNull();
    }
  });
});

describe('/kospi-stress bad input: one line, no stack', () => {
  const cases: [string, 'usage' | 'data', RegExp][] = [
    ['/kospi-stress window=abc', 'usage', /window.*whole number/],
    ['/kospi-stress window=3', 'usage', /at least 5/],
    ['/kospi-stress asof=2024-13-45', 'usage', /asof/],
    ['/kospi-stress asof=1999-01-04', 'usage', /before the first KOSPI session \(2024-01-02\)/],
    ['/kospi-stress asof=2024-01-10', 'usage', /only 7 KOSPI sessions/],
    ['/kospi-stress window=200', 'usage', /window=200 needs 201 KOSPI sessions but only 90 exist/],
  ];
  for (const [line, kind, message] of cases) {
    it(line, async () => {
      const out = await answer(line, ctxOf(handMarket));
      expect(out.kind).toBe(kind);
      if (out.kind !== kind) return;
      expect((out as { message: string }).message).toMatch(message);
      expect((out as { message: string }).message).not.toContain('\n');
    });
  }
  it('a VKOSPI failure that is not a DataError is a bug, not a fallback', async () => {
    const market = marketOf({ KOSPI, NDX, VIX });
    const broken: MarketData = { ...market, series: (s) => (s === 'VKOSPI' ? Promise.reject(new TypeError('boom')) : market.series(s)) };
    const out = await answer('/kospi-stress', ctxOf(broken));
    expect(out.kind).toBe('error');
  });
  it('a missing KOSPI series is a data error naming it', async () => {
    const out = await answer('/kospi-stress', ctxOf(marketOf({ NDX, VIX })));
    expect(out.kind).toBe('data');
    expect(out.kind === 'data' && out.message).toContain('KOSPI');
  });
});

// ---- real data in ../shared/data
function loadShared(): Record<string, Series> {
  const load = (file: string, symbol: string) =>
    parseSeriesCsv(readFileSync(sharedPath('series', file), 'utf8'), { symbol, source: `csv:${file}` }).series;
  const kospi = load('kospi_ks11_fdr_1980_2025.csv', 'KOSPI');
  kospi.points = kospi.points.slice(0, -1); // the file's last row is a partial intraday bar (PROVENANCE.md)
  const older = load('vkospi_investing_2013_2021.csv', 'VKOSPI');
  const krx = load('vkospi_krx_2020_2026.csv', 'VKOSPI');
  const vkospi = { ...krx, points: [...older.points.filter((p) => p.date < krx.points[0]!.date), ...krx.points] };
  return { KOSPI: kospi, NDX: load('ndx_yahoo_1985_2026.csv', 'NDX'), VIX: load('vix_daily_1990_2026.csv', 'VIX'), VKOSPI: vkospi };
}

describe.skipIf(!hasShared)(`/kospi-stress on real data in shared/data${hasShared ? '' : ` — skipped: ${SHARED_REASON}`}`, () => {
  const real = hasShared ? loadShared() : {};
  const market = marketOf(Object.fromEntries(Object.entries(real).map(([k, s]) => [k, s.points])));

  it('flags the 2008 and 2020 crashes as extreme and 2024-08-05 as high or worse', async () => {
    const scores: Record<string, number> = {};
    for (const d of ['2008-10-24', '2020-03-19', '2024-08-05']) {
      const r = await ask(`/kospi-stress asof=${d}`, market);
      expect(r.data.asOf).toBe(d);
      scores[d] = r.data.score as number;
    }
    expect(scores['2008-10-24']).toBeGreaterThanOrEqual(STRESS_CUTS.extreme);
    expect(scores['2020-03-19']).toBeGreaterThanOrEqual(STRESS_CUTS.extreme);
    expect(scores['2024-08-05']).toBeGreaterThanOrEqual(STRESS_CUTS.high);
  });

  it('2008 has no VKOSPI: the realized-vol ratio stands in and the answer says so', async () => {
    const r = await ask('/kospi-stress asof=2008-10-24', market);
    expect(r.data.vkospiVixRatio).toBeNull();
    expect(r.notes.join(' ')).toContain('realized-vol ratio stands in');
    // KOSPI closed at 938.75 on 2008-10-24, down 10.6 % that day (PROVENANCE.md)
    expect(r.data.close).toBe(938.75);
  });

  it('2024-08-05: the numbers a trader checks', async () => {
    const r = await ask('/kospi-stress asof=2024-08-05', market);
    expect(r.data.close).toBe(2441.55);
    // VKOSPI 45.86 on 08-05 over VIX 23.39 of Friday 08-02 (Seoul has not seen Monday's 38.57)
    expect(r.data.vkospiVixRatio).toBeCloseTo(45.86 / 23.39, 12);
    expect(r.data.pctFromSma21).toBeLessThan(-0.1);
    expect((r.data.trendline as { broken: boolean }).broken).toBe(true);
  });

  it('reads calm through a quiet year: median score over 2017 below the elevated cut', () => {
    const cut = (s: Series) => pointsUpTo(s.points, '2017-12-31');
    const h = stressScoreSeries({ kospi: cut(real.KOSPI!), ndx: cut(real.NDX!), vix: cut(real.VIX!), vkospi: cut(real.VKOSPI!) });
    const sorted = h.scores.filter((_, i) => h.dates[i]!.startsWith('2017')).sort((a, b) => a - b);
    expect(sorted.length).toBeGreaterThan(200);
    expect(sorted[sorted.length >> 1]).toBeLessThan(STRESS_CUTS.elevated);
  });

  it('the answer for a past day does not change when later data exists', async () => {
    const cutMarket = marketOf(Object.fromEntries(Object.entries(real).map(([k, s]) => [k, [...pointsUpTo(s.points, '2020-03-19')]])));
    const a = await ask('/kospi-stress asof=2020-03-19', market);
    const b = await ask('/kospi-stress', cutMarket);
    expect(b.data).toEqual(a.data);
  });
});
