import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rebalanceFlow } from '../../src/analytics/flows.ts';

describe('rebalanceFlow (Cheng & Madhavan 2009: A·L·(L−1)·r)', () => {
  it('2x fund, 50bn, +1 %: 50e9 · 2 · 1 · 0.01 = 1.0e9 bought', () => {
    expect(rebalanceFlow(50e9, 2, 0.01)).toBe(1e9);
  });
  it('−2x inverse fund, 50bn, +1 %: 50e9 · (−2) · (−3) · 0.01 = 3.0e9 bought', () => {
    expect(rebalanceFlow(50e9, -2, 0.01)).toBe(3e9);
  });
  it('a fall flips the sign: both funds sell', () => {
    expect(rebalanceFlow(50e9, 2, -0.01)).toBe(-1e9);
    expect(rebalanceFlow(50e9, -2, -0.01)).toBe(-3e9);
  });
  it('3x fund trades 3·2 = 6 times AUM·r', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e6, max: 1e12, noNaN: true }), fc.double({ min: -0.3, max: 0.3, noNaN: true }), (aum, r) => {
        expect(rebalanceFlow(aum, 3, r)).toBeCloseTo(6 * aum * r, 0);
      }),
    );
  });
  it('unleveraged (L=1) and market-neutral (L=0) funds do not rebalance', () => {
    expect(rebalanceFlow(1e9, 1, 0.05)).toBe(0);
    expect(Math.abs(rebalanceFlow(1e9, 0, 0.05))).toBe(0);
  });
});
