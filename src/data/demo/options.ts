// The DEMO market's KOSPI200 option chain: strikes around spot, two monthly expiries by KRX's rule.
import { kospi200Expiry } from '../calendar.ts';
import { KOSPI200_MULTIPLIER_KRW } from '../products.ts';
import type { OptionChain, OptionQuote } from '../../core/types.ts';
import type { DemoData } from './series.ts';
import { FETCHED_AT, dayNumber, lastOnOrBefore, round } from './model.ts';
import { mulberry32 } from './rng.ts';

/** The next two monthly expiries strictly after `date`, by KRX's rule (src/data/calendar.ts). */
export function nextExpiries(date: string): [string, string] {
  const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1];
  const month = (k: number) => `${y + Math.floor((m + k) / 12)}${String(((m + k) % 12) + 1).padStart(2, '0')}`;
  const cands = [0, 1, 2].map((k) => kospi200Expiry(month(k))).filter((e) => e > date);
  return [cands[0]!, cands[1]!];
}

/**
 * A KOSPI200 chain for the latest KRX session on or before `asOf`: strikes every 2.5 points within
 * ±15 % of spot, two expiries; call OI peaks above spot and put OI below (with extra interest at
 * round strikes); IV smiles around the day's VKOSPI, steeper on the downside.
 */
export function demoOptionChain(data: DemoData, asOf: string): OptionChain | null {
  const i = lastOnOrBefore(data.core.krDates, [asOf])[0]!;
  if (i < 0) return null;
  const date = data.core.krDates[i]!;
  const spot = data.series('KOSPI200')!.points[i]!.close;
  const atmIv = data.series('VKOSPI')!.points[i]!.close / 100;
  const u = mulberry32(dayNumber(date) * 7919);
  const quotes: OptionQuote[] = [];
  const lo = Math.ceil((spot * 0.85) / 2.5) * 2.5;
  const hi = Math.floor((spot * 1.15) / 2.5) * 2.5;
  nextExpiries(date).forEach((expiry, k) => {
    const size = k === 0 ? 60_000 : 35_000;
    const skew = k === 0 ? 1 : 0.7;
    for (let strike = lo; strike <= hi + 1e-9; strike += 2.5) {
      const m = Math.log(strike / spot);
      const bump = strike % 10 === 0 ? 1.6 : strike % 5 === 0 ? 1.2 : 1;
      const iv = Math.max(0.05, atmIv * (1 - 0.9 * skew * m + 4 * skew * m * m));
      const callOi = size * bump * Math.exp(-(((m - 0.03) / 0.045) ** 2)) * (0.8 + 0.4 * u());
      const putOi = size * bump * Math.exp(-(((m + 0.04) / 0.05) ** 2)) * (0.8 + 0.4 * u());
      quotes.push({ type: 'call', strike, expiry, openInterest: Math.round(callOi), iv: round(iv, 4) });
      quotes.push({ type: 'put', strike, expiry, openInterest: Math.round(putOi), iv: round(iv, 4) });
    }
  });
  return { underlying: 'KOSPI200', date, spot, multiplier: KOSPI200_MULTIPLIER_KRW, quotes, source: 'demo', fetchedAt: FETCHED_AT };
}
