// The DEMO market's series, each derived from the model's driving core (model.ts), and the build
// that assembles them lazily.
import type { Point } from '../../core/types.ts';
import { ANCHORS, DEMO_END, DEMO_START, FETCHED_AT, NDX_DAILY_VOL, SEED, SQRT252, anchoredLevels, buildCore, calendar, hypot, lastOnOrBefore, lastStrictlyBefore, ohlc, round, sessions } from './model.ts';
import type { DemoCore } from './model.ts';
import type { Series } from '../../core/types.ts';
import { normals } from './rng.ts';

export type Extra = Partial<Record<'volume' | 'tradedValue' | 'netAssets', number[]>>;
export type Builder = (c: DemoCore, z: () => number, get: (symbol: string) => Point[]) => [Point[], Extra?];

export const stressOf = (c: DemoCore, i: number): number => c.kospiDailyVol[i]! / 0.0098;

/** Korean chip makers: beta to KOSPI plus their own noise, whole-won prices. */
export const equity = (symbol: 'SAMSUNG' | 'SKHYNIX', beta: number, idio: number, shares: number): Builder => (c, z) => {
  const ret = c.kospiRet.map((r, i) => beta * r + idio * stressOf(c, i) ** 0.7 * z());
  const closes = anchoredLevels(c.krDates, ret, ANCHORS[symbol], c.keep).map((x) => Math.round(x));
  const volume = closes.map((_, i) => Math.round(shares * stressOf(c, i) ** 0.6 * Math.exp(0.2 * z())));
  const dv = c.kospiDailyVol.map((v) => hypot(beta * v, idio));
  return [ohlc(c.krDates, closes, dv, z, 0), { volume, tradedValue: volume.map((v, i) => v * closes[i]!) }];
};

/**
 * Leveraged and inverse ETFs: daily-reset leverage on the underlying's simple return, less fees;
 * net assets follow performance and mean-revert to a realistic size through noisy flows.
 */
export function etf(
  z: () => number, days: readonly string[], underlying: readonly number[], leverage: number, feePa: number,
  start: number, aum: number, shares: number, decimals: number, dailyVol: readonly number[],
): [Point[], Extra] {
  const closes: number[] = [];
  const netAssets: number[] = [];
  const volume: number[] = [];
  let price = start;
  let logAum = Math.log(aum);
  for (let i = 0; i < days.length; i++) {
    const etfRet = i > 0 ? leverage * (underlying[i]! / underlying[i - 1]! - 1) - feePa / 252 : 0;
    price *= 1 + etfRet;
    logAum += Math.log1p(etfRet) - 0.12 * (logAum - Math.log(aum)) + 0.006 * z();
    closes.push(round(price, decimals));
    netAssets.push(Math.round(Math.exp(logAum) / 1e3) * 1e3);
    volume.push(Math.round(shares * (dailyVol[i]! / 0.0098 / Math.abs(leverage)) ** 0.8 * Math.exp(0.25 * z())));
  }
  const tradedValue = volume.map((v, i) => round(v * closes[i]!, 0));
  return [ohlc(days, closes, dailyVol, z, decimals), { volume, tradedValue, netAssets }];
}

export const krEtf = (from: string, leverage: number, start: number, aum: number, shares: number): Builder => (c, z, get) => {
  const i0 = c.krDates.findIndex((d) => d >= from);
  const k200 = get('KOSPI200').slice(i0).map((p) => p.close);
  const vol = c.kospiDailyVol.slice(i0).map((v) => Math.abs(leverage) * v);
  return etf(z, c.krDates.slice(i0), k200, leverage, 0.0064, start, aum, shares, 0, vol);
};

export const BUILDERS: Record<string, Builder> = {
  // KOSPI turnover rises with price level and with stress (~10-20 trn KRW a day).
  KOSPI: (c, z) => {
    const value = c.kospi.map((x, i) => Math.round((11e12 * Math.sqrt(x / 2200) * stressOf(c, i) ** 0.6 * Math.exp(0.15 * z())) / 1e6) * 1e6);
    return [ohlc(c.krDates, c.kospi, c.kospiDailyVol, z, 2), { volume: value.map((v) => Math.round(v / 25_000)), tradedValue: value }];
  },
  KOSPI200: (c, z) => {
    let w = 0;
    const k200 = c.kospi.map((x) => ((w = 0.95 * w + 0.0015 * z()), x * 0.135 * Math.exp(w)));
    return [ohlc(c.krDates, k200, c.kospiDailyVol, z, 2)];
  },
  NDX: (c, z) => [
    ohlc(c.usDates, c.ndx, c.ndxVol, z, 2),
    { volume: c.ndxVol.map((v) => Math.round(2.2e9 * (v / NDX_DAILY_VOL) ** 0.6 * Math.exp(0.15 * z()))) },
  ],
  // Implied vols: the model's next-day vol, annualised, times a variance premium, with a little noise.
  VIX: (c, z) => {
    const vix = c.ndxVol.map((v, i) => 100 * SQRT252 * v * 0.95 * Math.exp(c.vixNoise[i]!) + 1);
    return [ohlc(c.usDates, vix, vix.map(() => 0.05), z, 2)];
  },
  VKOSPI: (c, z) => {
    const vk = c.kospiVolNext.map((v, i) => 100 * SQRT252 * v * 1.08 * Math.exp(c.vkNoise[i]!) + 1);
    return [ohlc(c.krDates, vk, vk.map(() => 0.045), z, 2)];
  },
  // The won weakens when KOSPI falls.
  USDKRW: (c, z) => {
    const ret = c.kospiRet.map((r, i) => -0.12 * r + 0.0035 * Math.sqrt(stressOf(c, i)) * z());
    return [ohlc(c.krDates, anchoredLevels(c.krDates, ret, ANCHORS.USDKRW, c.keep), ret.map(() => 0.004), z, 2)];
  },
  // Semis at 1.35× the Nasdaq-100 plus their own noise.
  SOX: (c, z) => {
    const ret = c.usRet.map((r, i) => 1.35 * r + 0.011 * (c.ndxVol[i]! / NDX_DAILY_VOL) ** 0.7 * z());
    return [ohlc(c.usDates, anchoredLevels(c.usDates, ret, ANCHORS.SOX, c.keep), c.ndxVol.map((v) => 1.5 * v), z, 2)];
  },
  SAMSUNG: equity('SAMSUNG', 1.1, 0.011, 15e6),
  SKHYNIX: equity('SKHYNIX', 1.4, 0.016, 3e6),
  // TSMC trades in Taipei, also after New York: it sees the same US move Seoul does.
  TSMC: (c, z) => {
    const tw = sessions(calendar(DEMO_START, DEMO_END), 'TW', DEMO_START).map((d) => d.iso);
    const known = lastStrictlyBefore(c.usAll, tw);
    const ret = known.map((j, i) => 0.85 * (c.usLogLevel[j]! - c.usLogLevel[known[i - 1] ?? j]!) + 0.01 * Math.exp(0.7 * c.usX[j]!) * z());
    const vol = known.map((j) => hypot(0.85 * c.usVolNext[j]!, 0.01));
    return [ohlc(tw, anchoredLevels(tw, ret, ANCHORS.TSMC, c.keep), vol, z, 1), { volume: tw.map(() => Math.round(30e6 * Math.exp(0.25 * z()))) }];
  },
  '122630': krEtf(DEMO_START, 2, 10_500, 2.5e12, 25e6),
  '252670': krEtf('2016-09-22', -2, 10_000, 1.7e12, 120e6),
  // KORU: 3× MSCI Korea in USD, trading in New York after Seoul has closed the same date.
  KORU: (c, z, get) => {
    const days = c.usDates.filter((d) => d >= '2013-04-11');
    const known = lastOnOrBefore(c.krDates, days);
    const fx = get('USDKRW');
    const kospiUsd = known.map((j) => c.kospi[j]! / fx[j]!.close);
    return etf(z, days, kospiUsd, 3, 0.0095, 40, 2e8, 3e5, 2, known.map((j) => 3 * c.kospiDailyVol[j]!));
  },
};

export const DEMO_SYMBOLS: readonly string[] = Object.keys(BUILDERS);

/** A seed per symbol, so that each series is the same whichever is asked for first. */
export const seedOf = (symbol: string): number => [...symbol].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0, SEED ^ 2166136261);

/**
 * The demo data, built lazily: the driving core once, then each series on first use (a few ms each).
 * Points are shared by every caller, so the arrays are frozen (commands slice, never mutate).
 */
export interface DemoData {
  core: DemoCore;
  series(symbol: string): Series | undefined;
}

export function buildDemo(): DemoData {
  const core = buildCore();
  const built = new Map<string, Series>();
  const get = (symbol: string): Series | undefined => {
    const cached = built.get(symbol);
    if (cached) return cached;
    const build = BUILDERS[symbol];
    if (!build) return undefined;
    const [points, extra = {}] = build(core, normals(seedOf(symbol)), (s) => get(s)!.points);
    const { volume, tradedValue, netAssets } = extra;
    for (let i = 0; i < points.length; i++) {
      const p = points[i]!;
      if (volume) p.volume = volume[i]!;
      if (tradedValue) p.tradedValue = tradedValue[i]!;
      if (netAssets) p.netAssets = netAssets[i]!;
    }
    const series: Series = Object.freeze({ symbol, points: Object.freeze(points) as Point[], source: 'demo', fetchedAt: FETCHED_AT });
    built.set(symbol, series);
    return series;
  };
  return { core, series: get };
}

