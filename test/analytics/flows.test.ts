import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { latestNetAssets, previousCloseNetAssets, rebalanceFlow, usdkrwKnownAtSeoulClose } from '../../src/analytics/flows.ts';

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

describe('net assets and USDKRW by date, searched back from the asked day', () => {
  // 01-03 has no net assets and 01-06 reports zero: neither is a fund size
  const pts = [
    { date: '2025-01-02', close: 1, netAssets: 10 },
    { date: '2025-01-03', close: 1 },
    { date: '2025-01-06', close: 1, netAssets: 0 },
    { date: '2025-01-07', close: 1, netAssets: 12 },
    { date: '2025-01-08', close: 1, netAssets: 13 },
  ];
  it('the latest on or before the day, and the previous close strictly before a move', () => {
    expect(latestNetAssets(pts, '2025-01-06')?.netAssets).toBe(10);
    expect(latestNetAssets(pts, '2025-01-07')?.netAssets).toBe(12);
    expect(latestNetAssets(pts, '2025-02-01')?.netAssets).toBe(13);
    expect(latestNetAssets(pts, '2025-01-01')).toBeUndefined();
    expect(previousCloseNetAssets(pts, '2025-01-08')?.netAssets).toBe(12);
    expect(previousCloseNetAssets(pts, '2025-01-07')?.netAssets).toBe(10);
    expect(previousCloseNetAssets(pts, '2025-01-02')).toBeUndefined();
  });
  it('a rate fixed at Seoul\'s close is that day\'s; a New York noon rate is the one before', () => {
    const fx = [{ date: '2025-01-02', close: 1470 }, { date: '2025-01-03', close: 1466 }];
    expect(usdkrwKnownAtSeoulClose(fx, '2025-01-03', 'seoul-close')?.close).toBe(1466);
    expect(usdkrwKnownAtSeoulClose(fx, '2025-01-03', 'new-york-noon')?.close).toBe(1470);
    expect(usdkrwKnownAtSeoulClose(fx, '2025-01-02', 'new-york-noon')).toBeUndefined();
    expect(usdkrwKnownAtSeoulClose(fx, '2025-01-06', 'new-york-noon')?.close).toBe(1466);
  });
});
