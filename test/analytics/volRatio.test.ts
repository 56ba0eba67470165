import { describe, expect, it } from 'vitest';
import { impliedVolRatioSeries, realizedVolRatioSeries, standingOfLast } from '../../src/analytics/volRatio.ts';

const pts = (rows: [string, number][]) => rows.map(([date, close]) => ({ date, close }));

describe('impliedVolRatioSeries', () => {
  const krDates = ['2024-08-01', '2024-08-02', '2024-08-05', '2024-08-06', '2024-08-07', '2024-08-08', '2024-08-09', '2024-08-12'];
  const vkospi = pts([['2024-08-01', 18], ['2024-08-02', 20]]);
  const vix = pts([['2024-07-31', 16], ['2024-08-01', 18], ['2024-08-02', 23.39], ['2024-08-05', 38.57], ['2024-08-06', 27.71]]);
  const s = impliedVolRatioSeries(krDates, vkospi, vix, 5);
  it('divides VKOSPI on or before t by VIX strictly before t', () => {
    // 08-01: 18 / VIX 07-31 (16) = 1.125; 08-05: 20 (VKOSPI 08-02) / VIX Fri 08-02 (23.39), not Monday's 38.57
    expect(s.ratio[0]).toBeCloseTo(18 / 16, 14);
    expect(s.ratio[2]).toBeCloseTo(20 / 23.39, 14);
    expect(s.us[3]).toBe(38.57);
  });
  it('treats a VKOSPI close older than 5 KRX sessions as missing', () => {
    // VKOSPI last dated 08-02 (session 1): 08-09 is session 6, age 5 → kept; 08-12 is age 6 → missing
    expect(s.kr[6]).toBe(20);
    expect(s.ratio[6]).toBeCloseTo(20 / 27.71, 14);
    expect(s.ratio[7]).toBeNaN();
  });
  it('is NaN before the first VKOSPI point', () => {
    expect(impliedVolRatioSeries(['2024-07-31'], vkospi, vix).ratio[0]).toBeNaN();
  });
});

describe('realizedVolRatioSeries', () => {
  // n = 2. KOSPI returns up to 01-04: ln1.1, ln0.9. Seoul on 01-04 knows US closes up to 01-03:
  // 100 → 105 → 99.75, returns ln1.05, ln0.95 (the 500 dated 01-04 is New York's future).
  // The sample std of two numbers a, b is |a − b|/√2, so the ratio of the two vols (√252 cancels) is
  // (ln1.1 − ln0.9) / (ln1.05 − ln0.95) ≈ 0.2006707 / 0.1000835 ≈ 2.00503.
  const kr = pts([['2024-01-02', 100], ['2024-01-03', 110], ['2024-01-04', 99], ['2024-01-05', 108.9]]);
  const us = pts([['2023-12-28', 200], ['2023-12-29', 100], ['2024-01-02', 105], ['2024-01-03', 99.75], ['2024-01-04', 500]]);
  const s = realizedVolRatioSeries(kr, us, 2);
  it('matches the hand-computed ratio with no look-ahead', () => {
    expect(s.ratio[2]).toBeCloseTo((Math.log(1.1) - Math.log(0.9)) / (Math.log(1.05) - Math.log(0.95)), 12);
    expect(s.ratio[2]).toBeCloseTo(2.00503, 4);
    expect(s.kr[2]).toBeCloseTo(((Math.log(1.1) - Math.log(0.9)) / Math.SQRT2) * Math.sqrt(252), 12);
  });
  it('is NaN until both legs have n returns', () => {
    expect(s.ratio[0]).toBeNaN();
    expect(s.ratio[1]).toBeNaN();
  });
});

describe('standingOfLast', () => {
  it('hand-computed on a 4-point history with today at the top', () => {
    // [1.0, 1.2, 0.8, 1.4]: mean 1.1, squared deviations .01+.01+.09+.09 = 0.2, sample var 0.2/3,
    // sd 0.258199; z = (1.4 − 1.1)/0.258199 = 1.161895. All 4 values ≤ 1.4 → percentile 1.
    // Sorted 0.8, 1.0, 1.2, 1.4 (type-7 quantiles at h = 3q): median 1.1, p10 0.86, p25 0.95, p75 1.25, p90 1.34.
    const s = standingOfLast([1.0, 1.2, 0.8, 1.4]);
    expect(s.value).toBe(1.4);
    expect(s.zScore).toBeCloseTo(1.161895, 6);
    expect(s.percentile).toBe(1);
    expect(s.median).toBeCloseTo(1.1, 12);
    expect(s.p10).toBeCloseTo(0.86, 12);
    expect(s.p25).toBeCloseTo(0.95, 12);
    expect(s.p75).toBeCloseTo(1.25, 12);
    expect(s.p90).toBeCloseTo(1.34, 12);
  });
  it('hand-computed with today in the middle', () => {
    // [1.0, 1.4, 0.8, 1.2]: same mean and sd; z = 0.1/0.258199 = 0.387298; 3 of 4 values ≤ 1.2 → 0.75
    const s = standingOfLast([1.0, 1.4, 0.8, 1.2]);
    expect(s.zScore).toBeCloseTo(0.387298, 6);
    expect(s.percentile).toBe(0.75);
  });
});
