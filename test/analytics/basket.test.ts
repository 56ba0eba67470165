import { describe, expect, it } from 'vitest';
import {
  avgPairwiseCorr, basketLogReturns, closesOnOrBefore, dispersion, equalWeightRebased, equalWeightReturn,
  gappedLogReturns, lastWindowCorr, rebase100, relativeReturn, spanReturn,
} from '../../src/analytics/basket.ts';

describe('closesOnOrBefore', () => {
  it('takes the latest close on or before each date, null before the first', () => {
    const pts = [{ date: '2024-01-03', close: 10 }, { date: '2024-01-05', close: 12 }];
    expect(closesOnOrBefore(['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'], pts)).toEqual([null, 10, 10, 12]);
  });
});

describe('returns', () => {
  it('span return P_t/P_{t−n} − 1, NaN across a gap', () => {
    const c = [100, null, 110, 121];
    expect(spanReturn(c, 1)).toBeCloseTo(0.1, 14); // 121/110 − 1
    expect(spanReturn(c, 3)).toBeCloseTo(0.21, 14); // 121/100 − 1
    expect(spanReturn(c, 2)).toBeNaN();
    expect(spanReturn(c, 4)).toBeNaN();
  });
  it('relative return is the difference in return points', () => {
    expect(relativeReturn(0.08, 0.03)).toBeCloseTo(0.05, 14);
    expect(relativeReturn(-0.02, 0.03)).toBeCloseTo(-0.05, 14);
  });
  it('equal-weight basket return is the mean of member returns', () => {
    // (0.10 + 0 − 0.05) / 3 = 0.0166667
    expect(equalWeightReturn([0.1, 0, -0.05])).toBeCloseTo(0.0166667, 7);
  });
  it('log returns with gaps', () => {
    const r = gappedLogReturns([100, 110, null, 121]);
    expect(r[0]).toBeCloseTo(Math.log(1.1), 14);
    expect(r[1]).toBeNaN();
    expect(r[2]).toBeNaN();
  });
});

describe('dispersion', () => {
  it('population std of 3 known returns', () => {
    // returns 0.10, 0, −0.05: mean 0.0166667; deviations 0.0833333, −0.0166667, −0.0666667;
    // squares 0.0069444 + 0.0002778 + 0.0044444 = 0.0116667; /3 = 0.0038889; √ = 0.0623610
    expect(dispersion([0.1, 0, -0.05])).toBeCloseTo(0.062361, 6);
    expect(dispersion([0.05, 0.05])).toBe(0);
  });
});

describe('equal-weight basket levels', () => {
  it('daily log return ln(1 + mean simple return)', () => {
    // day 1: +10 % and −10 % → mean 0 → 0; day 2: +20 % and 0 % → mean 10 % → ln 1.1
    const b = basketLogReturns([[Math.log(1.1), Math.log(1.2)], [Math.log(0.9), 0]]);
    expect(b[0]).toBeCloseTo(0, 14);
    expect(b[1]).toBeCloseTo(Math.log(1.1), 14);
  });
  it('rebased basket is the mean of rebased members', () => {
    // A 50 → 55 (110), B 200 → 180 (90): basket (110 + 90)/2 = 100
    expect(rebase100([50, 55, null])).toEqual([100, 110, null]);
    expect(equalWeightRebased([[50, 55], [200, 180]])).toEqual([100, 100]);
  });
});

describe('correlations', () => {
  it('average pairwise correlation, hand-computed', () => {
    // a = [1,2,3], b = [1,3,2], c = [3,2,1]: corr(a,b) = 0.5, corr(a,c) = −1,
    // corr(b,c): deviations (−1,1,0)·(1,0,−1) = −1 over √(2·2) → −0.5; mean = (0.5 − 1 − 0.5)/3 = −1/3
    expect(avgPairwiseCorr([[1, 2, 3], [1, 3, 2], [3, 2, 1]], 3)).toBeCloseTo(-1 / 3, 14);
    expect(avgPairwiseCorr([[1, 2, 3]], 3)).toBeNaN();
  });
  it('last-window correlation uses only the last w values and refuses gaps', () => {
    expect(lastWindowCorr([9, 1, 2, 3], [-9, 1, 3, 2], 3)).toBeCloseTo(0.5, 14);
    expect(lastWindowCorr([1, NaN, 3], [1, 2, 3], 3)).toBeNaN();
  });
});
