import { describe, expect, it } from 'vitest';
import { betaEndingAt, corrAndBeta, corrEndingAt, pairOnKrDates, pairedLogReturns, usRealizedVolKnownAt, vkospiVixRatioAt } from '../../src/analytics/pairing.ts';
import { realizedVol } from '../../src/analytics/returns.ts';

const pts = (rows: [string, number][]) => rows.map(([date, close]) => ({ date, close }));

describe('pairOnKrDates', () => {
  // KRX Mon 2024-01-08 knows NYSE Fri 01-05; Tue 01-09 knows Mon 01-08; a US holiday (Mon 01-15, MLK)
  // means KRX Tue 01-16 still knows Fri 01-12.
  const kr = pts([['2024-01-08', 2600], ['2024-01-09', 2560], ['2024-01-15', 2530], ['2024-01-16', 2500]]);
  const us = pts([['2024-01-05', 16300], ['2024-01-08', 16700], ['2024-01-09', 16800], ['2024-01-12', 16900], ['2024-01-16', 16700]]);
  it('pairs each KRX session with the latest US close strictly before it', () => {
    expect(pairOnKrDates(kr, us)).toEqual({
      dates: ['2024-01-08', '2024-01-09', '2024-01-15', '2024-01-16'],
      kr: [2600, 2560, 2530, 2500],
      us: [16300, 16700, 16900, 16900],
    });
  });
  it('with sameDate uses only same-calendar-date US closes (the naive, look-ahead number)', () => {
    expect(pairOnKrDates(kr, us, undefined, true).us).toEqual([16700, 16800, 16700]);
  });
  it('cuts at asof with no look-ahead', () => {
    expect(pairOnKrDates(kr, us, '2024-01-09').dates).toEqual(['2024-01-08', '2024-01-09']);
  });
});

describe('corrAndBeta', () => {
  it('recovers an exact linear relation: kr = 2·us → corr 1, beta 2', () => {
    const us = [0.01, -0.02, 0.015, 0.003, -0.007];
    const r = { dates: us.map((_, i) => String(i)), us, kr: us.map((x) => 2 * x) };
    const { corr, beta } = corrAndBeta(r, 5);
    expect(corr).toBeCloseTo(1, 12);
    expect(beta).toBeCloseTo(2, 12);
  });
  it('hand-computed: us = [1,2,3], kr = [1,3,2] → corr 0.5, beta 0.5', () => {
    // means 2 and 2; Σdx·dy = (−1)(−1)+0·1+1·0 = 1; Σdx² = 2; Σdy² = 2 → corr 1/2, beta 1/2
    const r = { dates: ['a', 'b', 'c'], us: [1, 2, 3], kr: [1, 3, 2] };
    expect(corrAndBeta(r, 3)).toEqual({ corr: 0.5, beta: 0.5 });
    expect([0, 1, 2].map((i) => corrEndingAt(r, 3, i))).toEqual([null, null, 0.5]);
    expect([0, 1, 2].map((i) => betaEndingAt(r, 3, i))).toEqual([null, null, 0.5]);
    // a window ending inside: returns 0..1 (us 1,2; kr 1,3) move together exactly
    expect(corrEndingAt(r, 2, 1)).toBe(1);
  });
  it('log returns between consecutive paired sessions', () => {
    const r = pairedLogReturns({ dates: ['a', 'b'], kr: [100, 110], us: [50, 45] });
    expect(r.kr[0]).toBeCloseTo(Math.log(1.1), 14);
    expect(r.us[0]).toBeCloseTo(Math.log(0.9), 14);
  });
});

describe('Seoul view of US levels and vols', () => {
  it('VKOSPI/VIX uses VKOSPI on or before t and VIX strictly before t', () => {
    const vkospi = pts([['2024-08-02', 20], ['2024-08-05', 40]]);
    const vix = pts([['2024-08-02', 23.39], ['2024-08-05', 38.57]]);
    // On 2024-08-05 Seoul knows VIX of Fri 08-02 (23.39), not Monday's 38.57: 40 / 23.39
    expect(vkospiVixRatioAt(vkospi, vix, '2024-08-05')).toBeCloseTo(40 / 23.39, 12);
  });
  it('US realized vol at t excludes the US session dated t', () => {
    const closes = [100, 101, 99, 102, 103, 90];
    const us = closes.map((c, i) => ({ date: `2024-01-0${i + 1}`, close: c }));
    expect(usRealizedVolKnownAt(us, '2024-01-06', 4)).toBeCloseTo(realizedVol(closes.slice(0, 5), 4), 14);
  });
});
