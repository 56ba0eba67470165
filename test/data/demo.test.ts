import { describe, expect, it } from 'vitest';
import { isKrxTradingDay, isUsTradingDay, krxSessions } from '../../src/data/calendar.ts';
import { buildDemo, DEMO_END, DEMO_START, DEMO_SYMBOLS, demoMarket, isDemoSession } from '../../src/data/demo.ts';
import { SYMBOLS } from '../../src/data/symbols.ts';
import { DataError } from '../../src/core/errors.ts';
import { logReturns, realizedVol } from '../../src/analytics/returns.ts';
import { closes, pointsUpTo, usCloseKnownAt } from '../../src/analytics/series.ts';
import { mean, median, pearson, sampleStd } from '../../src/analytics/stats.ts';
import type { Point } from '../../src/core/types.ts';

const market = demoMarket();
const get = async (symbol: string): Promise<Point[]> => (await market.series(symbol)).points;
const inYear = (ps: readonly Point[], y: number) => ps.filter((p) => p.date.startsWith(`${y}-`));
const CALM_YEARS = [2014, 2016, 2017, 2019, 2021];

/** KOSPI daily log returns paired with the NDX returns Seoul saw (DESIGN.md pairing), for KOSPI sessions in `year`. */
async function pairedReturns(year: number): Promise<{ kospi: number[]; ndx: number[] }> {
  const k = await get('KOSPI');
  const known = usCloseKnownAt(k.map((p) => p.date), await get('NDX'));
  const kospi: number[] = [];
  const ndx: number[] = [];
  for (let i = 1; i < k.length; i++) {
    if (!k[i]!.date.startsWith(`${year}-`) || known[i - 1] === null) continue;
    kospi.push(Math.log(k[i]!.close / k[i - 1]!.close));
    ndx.push(Math.log(known[i]! / known[i - 1]!));
  }
  return { kospi, ndx };
}

/** Efficiency ratio (DESIGN.md): |ln(P_t/P_{t−n})| / Σ|daily log return| over the last n sessions. */
const efficiencyRatio = (cs: number[], n: number) => {
  const w = cs.slice(-(n + 1));
  return Math.abs(Math.log(w.at(-1)! / w[0]!)) / logReturns(w).reduce((s, r) => s + Math.abs(r), 0);
};

describe('demo market: shape', () => {
  it('is the demo kind, one shared instance, every canonical symbol', async () => {
    expect(market).toMatchObject({ kind: 'demo', demo: true });
    expect(demoMarket()).toBe(market);
    expect([...DEMO_SYMBOLS].sort()).toEqual(SYMBOLS.map((s) => s.symbol).sort());
    for (const s of SYMBOLS) {
      const series = await market.series(s.symbol);
      expect(series).toMatchObject({ symbol: s.symbol, source: 'demo' });
      expect(series.points.at(-1)!.date, s.symbol).toBe(DEMO_END);
    }
    expect((await get('KOSPI'))[0]!.date).toBe(DEMO_START);
  });

  it('unknown symbols are a DataError naming what exists', async () => {
    await expect(market.series('AAPL')).rejects.toThrow(DataError);
    await expect(market.series('AAPL')).rejects.toThrow(/KOSPI/);
  });

  it('points are ascending, unique, positive, with consistent bars; arrays are read-only', async () => {
    for (const s of DEMO_SYMBOLS) {
      const ps = await get(s);
      for (let i = 0; i < ps.length; i++) {
        const p = ps[i]!;
        if (i > 0) expect(p.date > ps[i - 1]!.date, `${s} ${p.date}`).toBe(true);
        expect(p.close).toBeGreaterThan(0);
        expect(p.high!).toBeGreaterThanOrEqual(Math.max(p.open!, p.close));
        expect(p.low!).toBeLessThanOrEqual(Math.min(p.open!, p.close));
      }
      expect(Object.isFrozen(ps)).toBe(true);
    }
  });

  it('trades on the real KRX and NYSE calendars (src/data/calendar.ts): no session on a closed day', async () => {
    const kr = (await get('KOSPI')).map((p) => p.date);
    const us = (await get('NDX')).map((p) => p.date);
    expect(kr.filter((d) => !isKrxTradingDay(d))).toEqual([]);
    expect(us.filter((d) => !isUsTradingDay(d))).toEqual([]);
    // Seollal 2025 (Jan 27 was a temporary holiday, Jan 28-30 the New Year): KOSPI closed four weekdays.
    expect(kr.filter((d) => d >= '2025-01-24' && d <= '2025-01-31')).toEqual(['2025-01-24', '2025-01-31']);
    // And no session of the calendar is missing between the first and last demo dates.
    expect(kr.length).toBe(krxSessions(kr[0]!, kr.at(-1)!).length);
  });

  it('KRX and US calendars differ as in reality', async () => {
    expect(isDemoSession('KR', '2024-07-04')).toBe(true);
    expect(isDemoSession('US', '2024-07-04')).toBe(false);
    expect(isDemoSession('KR', '2024-08-15')).toBe(false);
    expect(isDemoSession('US', '2024-08-15')).toBe(true);
    expect(isDemoSession('US', '2024-11-28')).toBe(false); // Thanksgiving
    expect(isDemoSession('US', '2024-11-21')).toBe(true);
    expect(isDemoSession('KR', '2024-08-03')).toBe(false); // Saturday
    const kr = new Set((await get('KOSPI')).map((p) => p.date));
    const us = new Set((await get('NDX')).map((p) => p.date));
    expect(kr.has('2025-12-31')).toBe(false);
    expect(us.has('2025-12-31')).toBe(true);
    expect(us.has('2025-11-27')).toBe(false);
    // About 250 sessions a year in each.
    expect(inYear(await get('KOSPI'), 2019).length).toBeGreaterThan(245);
    expect(inYear(await get('NDX'), 2019).length).toBeGreaterThan(245);
  });
});

describe('demo market: calibrated magnitudes in calm years', () => {
  it.each(CALM_YEARS)('%i: KOSPI vol 15-25 %%, corr with NDX 0.4-0.7', async (year) => {
    const { kospi, ndx } = await pairedReturns(year);
    expect(sampleStd(kospi) * Math.sqrt(252)).toBeGreaterThan(0.15);
    expect(sampleStd(kospi) * Math.sqrt(252)).toBeLessThan(0.25);
    expect(pearson(kospi, ndx)).toBeGreaterThan(0.4);
    expect(pearson(kospi, ndx)).toBeLessThan(0.7);
  });

  it.each(CALM_YEARS)('%i: VIX 13-20 on average, VKOSPI/VIX 1-1.5', async (year) => {
    const vix = await get('VIX');
    expect(mean(inYear(vix, year).map((p) => p.close))).toBeGreaterThan(13);
    expect(mean(inYear(vix, year).map((p) => p.close))).toBeLessThan(20);
    const vk = inYear(await get('VKOSPI'), year);
    const vixKnown = usCloseKnownAt(vk.map((p) => p.date), vix);
    const ratio = mean(vk.map((p, i) => p.close / vixKnown[i]!));
    expect(ratio).toBeGreaterThan(1);
    expect(ratio).toBeLessThan(1.5);
  });

  it('implied vols track realized vol (vol regimes)', async () => {
    for (const [iv, px] of [['VIX', 'NDX'], ['VKOSPI', 'KOSPI']] as const) {
      const ivs = await get(iv);
      const cs = closes(await get(px));
      const rv = cs.map((_, i) => (i >= 21 ? realizedVol(cs.slice(0, i + 1), 21) : NaN));
      const pairs = ivs.map((p, i) => [p.close, rv[i]!] as const).filter(([, r]) => Number.isFinite(r));
      expect(pearson(pairs.map((p) => p[0]), pairs.map((p) => p[1])), iv).toBeGreaterThan(0.6);
    }
  });

  it('turnover, KOSPI200 and ETF sizes are realistic', async () => {
    const k = await get('KOSPI');
    expect(median(k.map((p) => p.tradedValue!))).toBeGreaterThan(10e12);
    expect(median(k.map((p) => p.tradedValue!))).toBeLessThan(20e12);
    const k200 = await get('KOSPI200');
    for (const i of [0, 1000, 2000, k.length - 1]) expect(k200[i]!.close / k[i]!.close).toBeCloseTo(0.135, 2);
    const aum = async (s: string) => median((await get(s)).map((p) => p.netAssets!));
    expect(await aum('122630')).toBeGreaterThan(2e12);
    expect(await aum('122630')).toBeLessThan(3e12);
    expect(await aum('252670')).toBeGreaterThan(1.5e12);
    expect(await aum('252670')).toBeLessThan(2e12);
    expect(await aum('KORU')).toBeGreaterThan(1e8);
    expect(await aum('KORU')).toBeLessThan(3e8);
  });
});

describe('demo market: leveraged ETFs follow leverage × the underlying', () => {
  // Daily simple returns; closes are rounded to whole won / cents, hence the tolerance.
  const simple = (ps: readonly Point[], i: number) => ps[i]!.close / ps[i - 1]!.close - 1;

  it.each([
    ['122630', 2],
    ['252670', -2],
  ] as const)('%s = %i × KOSPI200', async (symbol, leverage) => {
    const etf = await get(symbol);
    const k200 = await get('KOSPI200');
    const offset = k200.findIndex((p) => p.date === etf[0]!.date);
    for (const i of [1, 100, 500, etf.length - 1]) {
      expect(etf[i]!.date).toBe(k200[offset + i]!.date);
      // Whole-won closes: up to half a won of rounding at each end, plus the daily fee.
      const tolerance = 1 / etf[i - 1]!.close + 1e-4;
      expect(Math.abs(simple(etf, i) - leverage * simple(k200, offset + i))).toBeLessThan(tolerance);
    }
  });

  it('KORU = 3 × KOSPI in dollars, as known in New York the same date', async () => {
    const koru = await get('KORU');
    const k = await get('KOSPI');
    const fx = await get('USDKRW');
    const usd = (date: string) => {
      const i = pointsUpTo(k, date).length - 1;
      return k[i]!.close / fx[i]!.close;
    };
    for (const i of [1, 200, koru.length - 1]) {
      const r = usd(koru[i]!.date) / usd(koru[i - 1]!.date) - 1;
      expect(simple(koru, i)).toBeCloseTo(3 * r, 3);
    }
  });
});

describe('demo market: stress episodes', () => {
  it('a crash: KOSPI −25 % or worse in weeks, realized vol > 50 %, VIX > 40 (Feb-Mar 2020)', async () => {
    const k = await get('KOSPI');
    const before = Math.max(...k.filter((p) => p.date >= '2019-10-01' && p.date < '2020-02-21').map((p) => p.close));
    const window = k.filter((p) => p.date >= '2020-02-21' && p.date <= '2020-03-31');
    expect(Math.min(...window.map((p) => p.close)) / before - 1).toBeLessThan(-0.25);
    const end = k.findIndex((p) => p.date === '2020-03-24');
    const rv = Math.max(...[0, 1, 2, 3, 4].map((d) => realizedVol(closes(k.slice(0, end + 1 - d)), 21)));
    expect(rv).toBeGreaterThan(0.5);
    const vix = (await get('VIX')).filter((p) => p.date >= '2020-02-21' && p.date <= '2020-03-31');
    expect(Math.max(...vix.map((p) => p.close))).toBeGreaterThan(40);
  });

  it('"zero return, violent swings": a month of ±3-4 % days netting to ~0 (Feb 2018)', async () => {
    const k = await get('KOSPI');
    const end = k.findIndex((p) => p.date === '2018-03-02');
    const cs = closes(k.slice(end - 21, end + 1));
    const rets = logReturns(cs);
    expect(rets).toHaveLength(21);
    expect(mean(rets.map(Math.abs))).toBeGreaterThan(0.025);
    expect(Math.max(...rets.map(Math.abs))).toBeGreaterThan(0.035);
    expect(Math.abs(cs.at(-1)! / cs[0]! - 1)).toBeLessThan(0.02);
    expect(efficiencyRatio(cs, 21)).toBeLessThan(0.1);
  });

  it('the last two months are stressed: drawdown, violent swings, VKOSPI far above VIX', async () => {
    const cs = closes(await get('KOSPI'));
    const drawdown = cs.at(-1)! / Math.max(...cs.slice(-252)) - 1;
    expect(drawdown).toBeLessThan(-0.15);
    expect(realizedVol(cs, 21)).toBeGreaterThan(0.4);
    expect(efficiencyRatio(cs, 21)).toBeLessThan(0.2);
    const vk = (await get('VKOSPI')).at(-1)!.close;
    const vix = usCloseKnownAt([DEMO_END], await get('VIX'))[0]!;
    expect(vk / vix).toBeGreaterThan(1.5);
  });
});

describe('demo market: determinism', () => {
  it('two builds are identical, whichever series is asked for first', () => {
    const a = buildDemo();
    const b = buildDemo();
    const aFirst = ['KORU', ...DEMO_SYMBOLS].map((s) => a.series(s));
    const bFirst = [...DEMO_SYMBOLS].reverse().map((s) => b.series(s));
    expect(aFirst.length).toBeGreaterThan(0);
    expect(bFirst.length).toBeGreaterThan(0);
    for (const s of DEMO_SYMBOLS) expect(a.series(s)).toEqual(b.series(s));
  });
});

describe('demo market: KOSPI200 option chain', () => {
  it('is null before the data starts and uses the latest session on or before asOf', async () => {
    expect(await market.optionChain('2011-12-30')).toBeNull();
    const sat = await market.optionChain('2024-08-10');
    expect(sat!.date).toBe('2024-08-09');
    expect(sat!.spot).toBe((await get('KOSPI200')).find((p) => p.date === '2024-08-09')!.close);
    expect((await market.optionChain('2099-01-01'))!.date).toBe(DEMO_END);
  });

  it('has strikes every 2.5 within ±15 % of spot, two monthly expiries, the KRX multiplier', async () => {
    const c = (await market.optionChain('2024-08-05'))!;
    expect(c).toMatchObject({ underlying: 'KOSPI200', date: '2024-08-05', multiplier: 250_000, source: 'demo' });
    // Second Thursdays after 2024-08-05: 2024-08-08 and 2024-09-12.
    expect([...new Set(c.quotes.map((q) => q.expiry))]).toEqual(['2024-08-08', '2024-09-12']);
    const strikes = [...new Set(c.quotes.map((q) => q.strike))].sort((a, b) => a - b);
    for (const k of strikes) {
      expect(k % 2.5).toBe(0);
      expect(Math.abs(k / c.spot - 1)).toBeLessThanOrEqual(0.15);
    }
    expect(strikes.at(-1)! - strikes[0]!).toBeGreaterThan(c.spot * 0.28);
  });

  it('calls are heavier above spot, puts below; IV smiles around VKOSPI', async () => {
    const c = (await market.optionChain(DEMO_END))!;
    const front = c.quotes.filter((q) => q.expiry === c.quotes[0]!.expiry);
    const oi = (type: string, above: boolean) =>
      front.filter((q) => q.type === type && q.strike > c.spot === above).reduce((s, q) => s + q.openInterest, 0);
    expect(oi('call', true)).toBeGreaterThan(2 * oi('call', false));
    expect(oi('put', false)).toBeGreaterThan(2 * oi('put', true));
    const puts = front.filter((q) => q.type === 'put').sort((a, b) => a.strike - b.strike);
    const atm = puts.reduce((a, q) => (Math.abs(q.strike - c.spot) < Math.abs(a.strike - c.spot) ? q : a));
    const vk = (await get('VKOSPI')).at(-1)!.close / 100;
    expect(atm.iv!).toBeCloseTo(vk, 1);
    expect(puts[0]!.iv!).toBeGreaterThan(atm.iv! * 1.1);
    expect(await market.optionChain(DEMO_END)).toEqual(c);
  });
});
