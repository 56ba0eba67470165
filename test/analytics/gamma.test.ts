import { describe, expect, it } from 'vitest';
import {
  dealerGammaOverSpot,
  dealerGammaPer1pct,
  dealerGammaProfile,
  gammaFlipLevel,
  yearsBetween,
  type GammaParams,
} from '../../src/analytics/gamma.ts';
import type { OptionChain, OptionQuote } from '../../src/core/types.ts';

const flat: GammaParams = { flatVol: 0.2, rate: 0, dividendYield: 0 };
// 2023-01-01 → 2024-01-01 is 365 calendar days: exactly one year.
const chainOf = (quotes: OptionQuote[], spot = 100): OptionChain => ({
  underlying: 'KOSPI200',
  date: '2023-01-01',
  spot,
  multiplier: 250_000,
  quotes,
  source: 'test',
  fetchedAt: '2023-01-01T00:00:00Z',
});
const q = (type: 'call' | 'put', strike: number, openInterest: number, iv?: number, expiry = '2024-01-01'): OptionQuote => ({
  type,
  strike,
  expiry,
  openInterest,
  ...(iv === undefined ? {} : { iv }),
});

// One at-the-money call by hand: S = K = 100, T = 1, r = q = 0, σ = 0.2.
//   d1 = (ln 1 + 0.02) / 0.2 = 0.1;  φ(0.1) = e^(−0.005)/√(2π) = 0.39695255
//   Γ  = φ(d1) / (S σ √T) = 0.39695255 / 20 = 0.019847627
//   dealer gamma = Γ · OI · mult · S² · 0.01 = 0.019847627 · 1000 · 250,000 · 10,000 · 0.01 = 4.9619068e8 KRW per 1 %
const HAND = 4.9619068e8;

describe('dealer gamma of one option', () => {
  it('a call held by dealers: +Γ·OI·mult·S²·0.01', () => {
    const g = dealerGammaPer1pct({ type: 'call', strike: 100, years: 1, vol: 0.2, openInterest: 1000 }, 100, 250_000, flat);
    expect(g / HAND).toBeCloseTo(1, 6);
  });
  it('the same put counts negative (dealers short puts)', () => {
    const g = dealerGammaPer1pct({ type: 'put', strike: 100, years: 1, vol: 0.2, openInterest: 1000 }, 100, 250_000, flat);
    expect(g / -HAND).toBeCloseTo(1, 6);
  });
  it('the chain profile gives the same number, per strike and in total', () => {
    const p = dealerGammaProfile(chainOf([q('call', 100, 1000, 0.2)]), flat);
    expect(p.total / HAND).toBeCloseTo(1, 6);
    expect(p.byStrike).toHaveLength(1);
    expect(p.byStrike[0]!.strike).toBe(100);
    expect(p.byStrike[0]!.gammaPer1pct / HAND).toBeCloseTo(1, 6);
  });
});

describe('dealerGammaProfile', () => {
  it('uses the flat vol where a quote has no IV, and each quote its own IV otherwise', () => {
    const noIv = dealerGammaProfile(chainOf([q('call', 100, 1000)]), flat).total;
    expect(noIv / HAND).toBeCloseTo(1, 6);
    // at σ = 0.4: d1 = 0.2, Γ = φ(0.2)/(100·0.4) = 0.39104269/40 = 0.0097760673 → 2.4440168e8
    const ownIv = dealerGammaProfile(chainOf([q('call', 100, 1000, 0.4)]), flat).total;
    expect(ownIv / 2.4440168e8).toBeCloseTo(1, 6);
  });
  it('sums both sides and every expiry at a strike, drops zero OI and expired options', () => {
    const p = dealerGammaProfile(
      chainOf([q('call', 100, 1000), q('put', 100, 400), q('call', 100, 500, undefined, '2022-12-30'), q('put', 95, 0), q('call', 105, 10)]),
      flat,
    );
    expect(p.byStrike.map((s) => s.strike)).toEqual([100, 105]);
    // calls and puts share Γ: (1000 − 400) / 1000 of the hand value
    expect(p.byStrike[0]!.gammaPer1pct / (0.6 * HAND)).toBeCloseTo(1, 6);
    expect(p.total).toBeCloseTo(p.byStrike[0]!.gammaPer1pct + p.byStrike[1]!.gammaPer1pct, 0);
  });
  it('years are calendar days / 365', () => {
    expect(yearsBetween('2024-01-05', '2024-01-11')).toBeCloseTo(6 / 365, 12);
    expect(yearsBetween('2023-01-01', '2024-01-01')).toBe(1);
  });
});

describe('gammaFlipLevel', () => {
  // Dealers short a 90 put and long a 110 call, same OI, σ = 0.2, T = 1, r = q = 0.
  // Per 1 %, each side is ±OI·mult·S·φ(d1)/(σ√T)·0.01, so total gamma is zero where φ(d1_call) = φ(d1_put),
  // i.e. d1_call = −d1_put: [ln(S/110) + 0.02] + [ln(S/90) + 0.02] = 0 → S = √(110·90)·e^(−0.02)
  //   = 99.498744 · 0.98019867 = 97.528537. Above it the (nearer) call dominates: dealers long gamma.
  const strangle = chainOf([q('put', 90, 2000), q('call', 110, 2000)]);

  it('finds the closed-form zero of a symmetric put/call pair', () => {
    const flip = gammaFlipLevel(strangle, flat);
    expect(flip).not.toBeNull();
    expect(flip!).toBeCloseTo(97.528537, 4);
  });
  it('total gamma changes sign there: negative below, positive above', () => {
    const levels = dealerGammaOverSpot(strangle, flat);
    expect(levels).toHaveLength(121);
    expect(levels[0]!.spot).toBeCloseTo(85, 10);
    expect(levels.at(-1)!.spot).toBeCloseTo(115, 10);
    for (const l of levels) {
      if (l.spot < 97.52) expect(l.total).toBeLessThan(0);
      if (l.spot > 97.54) expect(l.total).toBeGreaterThan(0);
    }
  });
  it('moves with the strikes: a 100 put against a 100·e^(0.04) call flips exactly at 100', () => {
    // √(100 · 100e^(0.04)) · e^(−0.02) = 100
    const flip = gammaFlipLevel(chainOf([q('put', 100, 2000), q('call', 100 * Math.exp(0.04), 2000)]), flat);
    expect(flip!).toBeCloseTo(100, 6);
  });
  it('picks the crossing nearest spot when there are several', () => {
    // one-month options alternating short put / long call every 10 points: total gamma crosses zero
    // between each pair (near 95, 105 and 114); from spot 103 the nearest is the 100-call/110-put one.
    const month = '2023-02-01';
    const chain = chainOf([q('put', 90, 2000, 0.2, month), q('call', 100, 2000, 0.2, month), q('put', 110, 2000, 0.2, month), q('call', 120, 2000, 0.2, month)], 103);
    const levels = dealerGammaOverSpot(chain, flat);
    const brackets = levels.flatMap((l, i) => (i > 0 && Math.sign(l.total) !== Math.sign(levels[i - 1]!.total) ? [[levels[i - 1]!.spot, l.spot] as const] : []));
    expect(brackets).toHaveLength(3);
    const flip = gammaFlipLevel(chain, flat)!;
    const [lo, hi] = brackets[1]!;
    expect(flip).toBeGreaterThan(lo);
    expect(flip).toBeLessThan(hi);
    expect(flip).toBeGreaterThan(103);
  });
  it('is null when gamma keeps one sign, or cancels everywhere', () => {
    expect(gammaFlipLevel(chainOf([q('call', 100, 1000), q('call', 110, 500)]), flat)).toBeNull();
    // same strike, same OI: calls and puts share Γ, so the total is zero at every spot
    expect(gammaFlipLevel(chainOf([q('call', 100, 1000), q('put', 100, 1000)]), flat)).toBeNull();
    expect(gammaFlipLevel(chainOf([]), flat)).toBeNull();
  });
});
