import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bsmDelta,
  bsmGamma,
  bsmPrice,
  bsmTheta,
  bsmVega,
  calendarDaysToHalfValue,
  normCdf,
  normPdf,
  type BsmInput,
} from '../../src/analytics/blackScholes.ts';

// Hull, "Options, Futures, and Other Derivatives": non-dividend stock, S=49, K=50, r=5 %, σ=20 %,
// 20 weeks (T=0.3846). Textbook answers: call 2.40, delta 0.522, gamma 0.066, theta −4.31 a year,
// vega 12.1 (per 1.00 of vol).
const hull: BsmInput = { spot: 49, strike: 50, years: 0.3846, rate: 0.05, dividendYield: 0, vol: 0.2, type: 'call' };

describe('normCdf / normPdf', () => {
  it('matches tabulated values', () => {
    expect(normCdf(0)).toBe(0.5);
    expect(normCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normCdf(-1)).toBeCloseTo(0.15865525393145707, 14);
    expect(Math.abs(normCdf(-8) / 6.22096057427178e-16 - 1)).toBeLessThan(1e-7);
    expect(normPdf(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
  });
  it('is symmetric: Φ(x) + Φ(−x) = 1', () => {
    fc.assert(fc.property(fc.double({ min: -10, max: 10, noNaN: true }), (x) => Math.abs(normCdf(x) + normCdf(-x) - 1) < 1e-14));
  });
});

describe('Hull call example', () => {
  it('prices the call at 2.40', () => expect(bsmPrice(hull)).toBeCloseTo(2.4, 2));
  it('delta 0.522, gamma 0.066, vega 12.1', () => {
    expect(bsmDelta(hull)).toBeCloseTo(0.522, 3);
    expect(bsmGamma(hull)).toBeCloseTo(0.066, 3);
    expect(bsmVega(hull)).toBeCloseTo(12.1, 1);
  });
  it('theta −4.31 a year, about −0.0118 per calendar day', () => {
    expect(bsmTheta(hull)).toBeCloseTo(-4.31, 2);
    expect(bsmTheta(hull) / 365).toBeCloseTo(-0.0118, 4);
  });
});

// Hull's index option example: S=930, K=900, r=8 %, q=3 %, σ=20 %, T=2/12.
// By hand: d1 = [ln(930/900) + (0.08 − 0.03 + 0.02)·(1/6)] / (0.2·√(1/6)) = (0.032790 + 0.011667) / 0.081650 = 0.5445
//          d2 = 0.5445 − 0.0816 = 0.4628;  N(d1) = 0.7069, N(d2) = 0.6783
//          c  = 930·e^(−0.005)·0.7069 − 900·e^(−0.01333)·0.6783 = 925.36·0.7069 − 888.08·0.6783 = 51.83 (Hull: 51.83)
//          call delta = e^(−0.005)·0.7069 = 0.7034
//          put by parity: p = c − S e^(−qT) + K e^(−rT) = 51.83 − 925.36 + 888.08 = 14.55
const index: BsmInput = { spot: 930, strike: 900, years: 2 / 12, rate: 0.08, dividendYield: 0.03, vol: 0.2, type: 'call' };

describe('dividend yield (index option)', () => {
  it('call 51.83, delta 0.7034, put 14.55', () => {
    expect(bsmPrice(index)).toBeCloseTo(51.83, 2);
    expect(bsmDelta(index)).toBeCloseTo(0.7034, 4);
    expect(bsmPrice({ ...index, type: 'put' })).toBeCloseTo(14.55, 2);
  });
});

const option = fc.record({
  spot: fc.double({ min: 50, max: 200, noNaN: true }),
  strike: fc.double({ min: 50, max: 200, noNaN: true }),
  years: fc.double({ min: 0.02, max: 2, noNaN: true }),
  rate: fc.double({ min: -0.01, max: 0.1, noNaN: true }),
  dividendYield: fc.double({ min: 0, max: 0.06, noNaN: true }),
  vol: fc.double({ min: 0.05, max: 1, noNaN: true }),
});

/** |actual − expected| within abs + 1e-5 of the expected size. */
function expectNear(actual: number, expected: number, abs: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(abs + 1e-5 * Math.abs(expected));
}

describe('identities', () => {
  it('put-call parity: c − p = S e^(−qT) − K e^(−rT)', () => {
    fc.assert(
      fc.property(option, (o) => {
        const lhs = bsmPrice({ ...o, type: 'call' }) - bsmPrice({ ...o, type: 'put' });
        const rhs = o.spot * Math.exp(-o.dividendYield * o.years) - o.strike * Math.exp(-o.rate * o.years);
        return Math.abs(lhs - rhs) < 1e-9 * o.spot;
      }),
    );
  });
  it('greeks are the derivatives of the price (central differences)', () => {
    fc.assert(
      fc.property(option, fc.constantFrom<'call' | 'put'>('call', 'put'), (o, type) => {
        const x = { ...o, type };
        // steps scaled to the option's own spread of outcomes, so truncation error stays ~1e-6 relative
        const h = 1e-3 * o.spot * o.vol * Math.sqrt(o.years);
        const at = (p: Partial<BsmInput>) => bsmPrice({ ...x, ...p });
        const delta = (at({ spot: o.spot + h }) - at({ spot: o.spot - h })) / (2 * h);
        const gamma = (at({ spot: o.spot + h }) - 2 * at({}) + at({ spot: o.spot - h })) / (h * h);
        const dt = 1e-4 * o.years;
        const theta = -(at({ years: o.years + dt }) - at({ years: o.years - dt })) / (2 * dt);
        const vega = (at({ vol: o.vol + 1e-5 }) - at({ vol: o.vol - 1e-5 })) / 2e-5;
        expectNear(bsmDelta(x), delta, 1e-5);
        expectNear(bsmGamma(x), gamma, 1e-4 / (o.spot * o.vol * Math.sqrt(o.years)));
        expectNear(bsmTheta(x), theta, 1e-4 * o.spot);
        expectNear(bsmVega(x), vega, 1e-5 * o.spot);
      }),
      { numRuns: 60 },
    );
  });
});

describe('limits', () => {
  it('at expiry: intrinsic value, zero gamma, vega and theta, no NaN', () => {
    const atExpiry = { ...hull, spot: 55, years: 0 };
    expect(bsmPrice(atExpiry)).toBe(5);
    expect(bsmPrice({ ...atExpiry, type: 'put' })).toBe(0);
    expect(bsmDelta(atExpiry)).toBe(1);
    expect(bsmGamma(atExpiry)).toBe(0);
    expect(bsmVega(atExpiry)).toBe(0);
    expect(bsmTheta(atExpiry)).toBe(0);
    expect(bsmPrice({ ...atExpiry, years: -0.1 })).toBe(5);
  });
  it('zero vol: discounted forward intrinsic value, zero gamma', () => {
    // S e^(−qT) − K e^(−rT) = 55 − 50·e^(−0.05) = 55 − 47.5615 = 7.4385
    const flat = { ...hull, spot: 55, years: 1, vol: 0 };
    expect(bsmPrice(flat)).toBeCloseTo(7.4385, 4);
    expect(bsmGamma(flat)).toBe(0);
    expect(bsmDelta(flat)).toBe(1);
    // carry: −r K e^(−rT) = −0.05·47.5615
    expect(bsmTheta(flat)).toBeCloseTo(-2.378, 3);
    expect(bsmPrice({ ...flat, type: 'put' })).toBe(0);
  });
  it('tiny vol and time approach the limit without NaN', () => {
    for (const o of [{ ...hull, vol: 1e-12 }, { ...hull, years: 1e-14 }, { ...hull, spot: hull.strike, years: 1e-14 }]) {
      for (const f of [bsmPrice, bsmDelta, bsmGamma, bsmTheta, bsmVega]) expect(Number.isFinite(f(o))).toBe(true);
    }
    expect(bsmPrice({ ...hull, vol: 1e-12 })).toBeCloseTo(bsmPrice({ ...hull, vol: 0 }), 10);
  });
});

describe('calendarDaysToHalfValue', () => {
  // ATM forward (r = q = 0): c(T) = S(2N(σ√T/2) − 1) ≈ S σ √T / √(2π), so half the value is left at T/4:
  // a 30-day call loses half its value after ≈ 22.5 days (exact: 22.50).
  const atm: BsmInput = { spot: 100, strike: 100, years: 30 / 365, rate: 0, dividendYield: 0, vol: 0.2, type: 'call' };
  it('≈ 3/4 of the days for an at-the-money option', () => {
    expect(calendarDaysToHalfValue(atm)!).toBeCloseTo(22.5, 1);
  });
  it('re-pricing at the answer gives half of today\'s value', () => {
    const d = calendarDaysToHalfValue({ ...hull, years: 140 / 365 })!;
    expect(d).toBeGreaterThan(0);
    expect(d).toBeLessThan(140);
    expect(bsmPrice({ ...hull, years: (140 - d) / 365 })).toBeCloseTo(bsmPrice({ ...hull, years: 140 / 365 }) / 2, 8);
  });
  it('is null when intrinsic value alone exceeds half (deep in the money) or nothing is worth anything', () => {
    expect(calendarDaysToHalfValue({ ...atm, strike: 50 })).toBeNull();
    expect(calendarDaysToHalfValue({ ...atm, strike: 120, vol: 0 })).toBeNull();
  });
  it('handles fractional days to expiry', () => {
    const d = calendarDaysToHalfValue({ ...atm, years: 0.5 / 365 })!;
    expect(d).toBeGreaterThan(0.3);
    expect(d).toBeLessThan(0.5);
  });
});
