// Property tests of the analytics: invariants that hold for every input, checked on random ones.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rebalanceFlow } from '../../src/analytics/flows.ts';
import { realizedVol } from '../../src/analytics/returns.ts';
import { olsSlope, pearson, percentileRank, quantile } from '../../src/analytics/stats.ts';
import { drawdownFromHigh, efficiencyRatio } from '../../src/analytics/stress.ts';

const RUNS = { numRuns: 300 };

/** Positive prices of a plausible random walk: daily log moves within ±20 %. */
const prices = (minLength: number, maxLength = 120) =>
  fc
    .tuple(
      fc.double({ min: 1, max: 1e5, noNaN: true }),
      fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: minLength - 1, maxLength: maxLength - 1 }),
    )
    .map(([p0, moves]) => moves.reduce((ps, r) => [...ps, ps.at(-1)! * Math.exp(r)], [p0]));

const finite = (min = -1e6, max = 1e6) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const pairs = fc
  .integer({ min: 2, max: 80 })
  .chain((n) => fc.tuple(fc.array(finite(), { minLength: n, maxLength: n }), fc.array(finite(), { minLength: n, maxLength: n })));

const relClose = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

describe('realized vol', () => {
  it('is unchanged when every price is multiplied by c > 0 (log returns are scale-free), and never negative', () => {
    fc.assert(
      fc.property(prices(3), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.integer({ min: 2, max: 60 }), (ps, c, n) => {
        const v = realizedVol(ps, n);
        const scaled = realizedVol(ps.map((p) => p * c), n);
        if (ps.length < n + 1) { expect(Number.isNaN(v) && Number.isNaN(scaled)).toBe(true); return; }
        expect(v).toBeGreaterThanOrEqual(0);
        expect(relClose(v, scaled, 1e-7)).toBe(true);
      }),
      RUNS,
    );
  });
  it('is zero for a constant growth path (every log return equal)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1e4, noNaN: true }), fc.double({ min: -0.05, max: 0.05, noNaN: true }), fc.integer({ min: 2, max: 40 }), (p0, g, n) => {
        const ps = Array.from({ length: n + 1 }, (_, i) => p0 * Math.exp(g * i));
        expect(realizedVol(ps, n)).toBeLessThan(1e-9);
      }),
      RUNS,
    );
  });
});

describe('correlation and beta', () => {
  it('Pearson correlation is in [−1, 1] and symmetric (NaN only when a side is constant)', () => {
    fc.assert(
      fc.property(pairs, ([xs, ys]) => {
        const r = pearson(xs, ys);
        const flipped = pearson(ys, xs);
        if (Number.isNaN(r)) { expect(Number.isNaN(flipped)).toBe(true); return; }
        expect(r).toBeGreaterThanOrEqual(-1);
        expect(r).toBeLessThanOrEqual(1);
        expect(Math.abs(r - flipped)).toBeLessThan(1e-12);
      }),
      RUNS,
    );
  });
  it('beta (OLS slope) of y = a·x + b is a', () => {
    const xsWithSpread = fc
      .array(fc.double({ min: -0.1, max: 0.1, noNaN: true }), { minLength: 3, maxLength: 80 })
      .filter((xs) => Math.max(...xs) - Math.min(...xs) > 1e-4);
    fc.assert(
      fc.property(xsWithSpread, fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), (xs, a, b) => {
        const ys = xs.map((x) => a * x + b);
        expect(Math.abs(olsSlope(xs, ys) - a)).toBeLessThan(1e-6);
      }),
      RUNS,
    );
  });
  it('correlation of y = a·x + b is the sign of a', () => {
    const xsWithSpread = fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 3, maxLength: 60 }).filter((xs) => Math.max(...xs) - Math.min(...xs) > 1e-3);
    fc.assert(
      fc.property(xsWithSpread, fc.double({ min: 0.01, max: 10, noNaN: true }), fc.boolean(), (xs, size, negative) => {
        const a = negative ? -size : size;
        expect(pearson(xs, xs.map((x) => a * x + 3))).toBeCloseTo(Math.sign(a), 9);
      }),
      RUNS,
    );
  });
});

describe('leveraged ETF rebalancing flow', () => {
  // Real products are leveraged (L ≥ 1) or inverse (L ≤ 0); for them L·(L−1) ≥ 0.
  // (Subnormal leverage or moves would underflow the product to 0: not a market.)
  const leverage = fc.oneof(fc.constantFrom(-3, -2, -1, 0, 1, 2, 3), fc.double({ min: 1, max: 5, noNaN: true }), fc.double({ min: -5, max: -0.25, noNaN: true }));
  const move = fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 0.3, noNaN: true }), fc.double({ min: -0.3, max: -1e-6, noNaN: true }));
  it('has the sign of the move (funds buy into rallies and sell into falls), zero for L = 0 or 1', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e3, max: 1e13, noNaN: true }), leverage, move, (aum, L, r) => {
        const flow = rebalanceFlow(aum, L, r);
        if (L === 0 || L === 1 || r === 0) { expect(flow === 0).toBe(true); return; }
        expect(Math.sign(flow)).toBe(Math.sign(r));
      }),
      RUNS,
    );
  });
  it('is linear in the move and in AUM', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e3, max: 1e12, noNaN: true }), leverage, move, fc.double({ min: 0.1, max: 10, noNaN: true }), (aum, L, r, k) => {
        expect(relClose(rebalanceFlow(aum, L, k * r), k * rebalanceFlow(aum, L, r), 1e-9)).toBe(true);
        expect(relClose(rebalanceFlow(k * aum, L, r), k * rebalanceFlow(aum, L, r), 1e-9)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('percentile rank', () => {
  const history = fc.array(fc.oneof({ weight: 9, arbitrary: finite() }, { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) }), { minLength: 1, maxLength: 100 });
  it('is in [0, 1] and never decreases as the value rises', () => {
    fc.assert(
      fc.property(history, finite(), finite(), (h, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const pLo = percentileRank(h, lo);
        const pHi = percentileRank(h, hi);
        if (!h.some(Number.isFinite)) { expect(Number.isNaN(pLo)).toBe(true); return; }
        for (const p of [pLo, pHi]) {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
        expect(pHi).toBeGreaterThanOrEqual(pLo);
      }),
      RUNS,
    );
  });
  it('is 1 at the history maximum and 1/n below every other value at the minimum of distinct values', () => {
    fc.assert(
      fc.property(fc.uniqueArray(finite(), { minLength: 1, maxLength: 60 }), (h) => {
        expect(percentileRank(h, Math.max(...h))).toBe(1);
        expect(percentileRank(h, Math.min(...h))).toBe(1 / h.length);
      }),
      RUNS,
    );
  });
  it('agrees with the quantile: the value at quantile q ranks at or above q', () => {
    fc.assert(
      fc.property(fc.array(finite(), { minLength: 1, maxLength: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), (h, q) => {
        expect(percentileRank(h, quantile(h, q)) + 1e-12).toBeGreaterThanOrEqual(Math.floor(q * (h.length - 1)) / h.length);
      }),
      RUNS,
    );
  });
});

describe('path measures', () => {
  it('efficiency ratio is in [0, 1]; drawdown from the high is in [−1, 0]', () => {
    fc.assert(
      fc.property(prices(2), fc.integer({ min: 1, max: 100 }), (ps, n) => {
        const er = efficiencyRatio(ps, n);
        if (!Number.isNaN(er)) {
          expect(er).toBeGreaterThanOrEqual(0);
          expect(er).toBeLessThanOrEqual(1 + 1e-12);
        }
        const dd = drawdownFromHigh(ps, n);
        expect(dd).toBeLessThanOrEqual(0);
        expect(dd).toBeGreaterThan(-1);
      }),
      RUNS,
    );
  });
});
