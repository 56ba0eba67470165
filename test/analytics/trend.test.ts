import { describe, expect, it } from 'vitest';
import { sma, smaSeries, supportTrendline } from '../../src/analytics/trend.ts';
import type { Point } from '../../src/core/types.ts';

describe('sma', () => {
  it('averages the last n closes including today', () => {
    // (3 + 4 + 5) / 3 = 4
    expect(sma([1, 2, 3, 4, 5], 3)).toBe(4);
    // 21 closes 1..21 → 11
    expect(sma(Array.from({ length: 21 }, (_, i) => i + 1), 21)).toBe(11);
  });
  it('is NaN with fewer than n closes', () => {
    expect(sma([1, 2], 3)).toBeNaN();
  });
  it('series form agrees with the point form and waits for n closes', () => {
    // [NaN, NaN, (1+2+3)/3, (2+3+4)/3, (3+4+5)/3]
    expect(smaSeries([1, 2, 3, 4, 5], 3)).toEqual([NaN, NaN, 2, 3, 4]);
  });
});

// Lows with V-shaped dips: each dip of depth v at index c is v + 3·|i − c| nearby, 130 elsewhere.
function dips(n: number, vs: [number, number][]): Point[] {
  return Array.from({ length: n }, (_, i) => {
    const low = Math.min(130, ...vs.map(([c, v]) => v + 3 * Math.abs(i - c)));
    return { date: `d${String(i).padStart(2, '0')}`, low, close: low + 5 };
  });
}

describe('supportTrendline', () => {
  it('runs through two higher lows on a constructed close-only series', () => {
    // closes: 110 falling by 2 to 100 at i=5, up to 110 at i=10, down to 104 at i=13, up to 118 at
    // i=20, down to 110 at i=24. Swing lows (lowest of ±3): i=5 (100) and i=13 (104).
    // Line: slope (104 − 100) / 8 = 0.5 per session; today (i=24): 104 + 0.5 · 11 = 109.5.
    const closes = [110, 108, 106, 104, 102, 100, 102, 104, 106, 108, 110, 108, 106, 104, 106, 108, 110, 112, 114, 116, 118, 116, 114, 112, 110];
    const pts = closes.map((close, i) => ({ date: `d${i}`, close }));
    const line = supportTrendline(pts, 60, 3);
    expect(line.anchors.map((a) => [a.index, a.value])).toEqual([[5, 100], [13, 104]]);
    expect(line.slopePerDay).toBeCloseTo(0.5, 12);
    expect(line.value).toBeCloseTo(109.5, 12);
    expect(line.broken).toBe(false); // close 110 ≥ 109.5
    // one more session closing at 108: the line is at 110 there, so it is broken
    const next = supportTrendline([...pts, { date: 'd25', close: 108 }], 60, 3);
    expect(next.value).toBeCloseTo(110, 12);
    expect(next.broken).toBe(true);
  });

  it('uses lows and skips an intermediate swing low that sits above the line', () => {
    // swing lows 100@5, 112@15, 110@25. From the newest (110@25): slope to 100@5 = 10/20 = 0.5,
    // to 112@15 = −2/10 = −0.2; the steepest (0.5) keeps every swing low on or above the line
    // (at 15 the line is 105 < 112). Today i=31: 110 + 0.5 · 6 = 113; close = 130 + 5 → holding.
    const line = supportTrendline(dips(32, [[5, 100], [15, 112], [25, 110]]), 60, 3);
    expect(line.anchors).toEqual([
      { date: 'd05', index: 5, value: 100 },
      { date: 'd25', index: 25, value: 110 },
    ]);
    expect(line.slopePerDay).toBeCloseTo(0.5, 12);
    expect(line.value).toBeCloseTo(113, 12);
    expect(line.broken).toBe(false);
  });

  it('slopes down when the newest swing low undercut the older one', () => {
    // 100@5 then 94@15: slope (94 − 100)/10 = −0.6; today i=21: 94 − 0.6 · 6 = 90.4
    const line = supportTrendline(dips(22, [[5, 100], [15, 94]]), 60, 3);
    expect(line.slopePerDay).toBeCloseTo(-0.6, 12);
    expect(line.value).toBeCloseTo(90.4, 12);
  });

  it('looks only at the last `lookback` sessions and needs two confirmed swing lows', () => {
    // with lookback 12 of 32 sessions (indices 20..31) only the dip at 25 is inside the window: no line
    const line = supportTrendline(dips(32, [[5, 100], [15, 112], [25, 110]]), 12, 3);
    expect(line.anchors).toEqual([]);
    expect(line.value).toBeNaN();
    expect(line.broken).toBe(false);
    // a dip 2 sessions before today cannot be confirmed with k = 3
    expect(supportTrendline(dips(20, [[5, 100], [17, 104]]), 60, 3).anchors).toEqual([]);
  });
});
