import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mean, median, pearson, percentileRank, quantile, quantileOfSorted, sampleStd, zScore } from '../../src/analytics/stats.ts';
import { logReturns, realizedVol, simpleReturn } from '../../src/analytics/returns.ts';

describe('stats', () => {
  it('sample std uses n−1: [2,4,4,4,5,5,7,9] → √(32/7)', () => {
    // mean 5, Σ(x−5)² = 9+1+1+1+0+0+4+16 = 32
    expect(sampleStd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 14);
    expect(mean([2, 4, 4, 4, 5, 5, 7, 9])).toBe(5);
  });
  it('percentile rank counts values at or below', () => {
    expect(percentileRank([1, 2, 3, 4], 3)).toBe(0.75);
    expect(percentileRank([1, 2, 3, 4], 0)).toBe(0);
  });
  it('z-score, median and type-7 quantile', () => {
    expect(zScore([1, 2, 3], 5)).toBe(3); // mean 2, sd 1
    expect(median([5, 1, 3, 2])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.9)).toBeCloseTo(4.6, 14);
    // several quantiles of one sorted copy read as quantile() does: (5−1)·0.25 = 1 → 2; 0.9 → 4.6
    expect(quantileOfSorted([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantileOfSorted([1, 2, 3, 4, 5], 0.9)).toBe(quantile([5, 4, 3, 2, 1], 0.9));
    expect(median([])).toBeNaN();
    expect(quantileOfSorted([], 0.5)).toBeNaN();
  });
  it('pearson of anti-correlated data is −1', () => {
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 14);
  });
});

describe('returns', () => {
  it('realized vol: alternating ±1 % log returns → 1 %·√(n/(n−1))·√252', () => {
    // returns +r,−r,+r,−r (n = 4): mean 0, sample var = 4r²/3
    const r = 0.01;
    const closes = [100];
    for (let i = 0; i < 4; i++) closes.push(closes.at(-1)! * Math.exp(i % 2 ? -r : r));
    expect(logReturns(closes)[0]).toBeCloseTo(r, 14);
    expect(realizedVol(closes, 4)).toBeCloseTo(r * Math.sqrt(4 / 3) * Math.sqrt(252), 12);
    expect(realizedVol(closes, 5)).toBeNaN();
  });
  it('simple return over n sessions', () => {
    expect(simpleReturn([100, 50, 120], 2)).toBeCloseTo(0.2, 14);
  });

  it('median and quantile equal a comparator sort\'s on any finite sample (the typed-array sort is an implementation detail)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, q) => {
        const s = [...xs].sort((a, b) => a - b);
        const mid = s.length >> 1;
        const want = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
        const h = (s.length - 1) * q;
        const wantQ = s[Math.floor(h)]! + (h - Math.floor(h)) * (s[Math.ceil(h)]! - s[Math.floor(h)]!);
        return median(xs) === want && quantile(xs, q) === wantQ;
      }),
    );
  });
});
