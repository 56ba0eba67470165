import { describe, expect, it } from 'vitest';
import { cissIndex, expandingMidRanks, tieKey } from '../../src/analytics/ciss.ts';

describe('expandingMidRanks: ECDF over all past values, exact ties at mid-rank', () => {
  it('hand-computed ranks of 3, 1, 2, 2, NaN, 2', () => {
    // t0 {3}: (0 + 1/1)/1 = 1 · t1 {3,1} ∋ 1: (0 + 1)/2 = ½ · t2 {3,1,2} ∋ 2: (1 + 1)/3 = ⅔
    // t3 {3,1,2,2} ∋ 2: (1 below + (2 equal + 1)/2)/4 = 2.5/4 · t4 NaN · t5 {3,1,2,2,2} ∋ 2: (1 + 2)/5 = 0.6
    const r = expandingMidRanks([3, 1, 2, 2, NaN, 2]);
    expect(r.pct).toEqual([1, 0.5, 2 / 3, 0.625, NaN, 0.6]);
    expect(r.count).toEqual([1, 2, 3, 4, 4, 5]);
  });
  it('n equal values all rank (n + 1) / 2n, the middle, never split by order', () => {
    // five zeros (a drawdown at new highs): (0 + (k + 1)/2)/k at each step k
    expect(expandingMidRanks([0, 0, 0, 0, 0]).pct).toEqual([1, 0.75, 4 / 6, 0.625, 0.6]);
  });
  it('values equal but for 1e-16 float noise are ties (0.1 + 0.2 vs 0.3)', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(tieKey(0.1 + 0.2)).toBe(tieKey(0.3));
    // without the tie: 0.30000000000000004 > 0.3 would rank 1; as a tie: (0 + 1.5)/2
    expect(expandingMidRanks([0.3, 0.1 + 0.2]).pct[1]).toBe(0.75);
  });
});

describe('cissIndex: CISS aggregation (Holló, Kremer & Lo Duca 2012), hand-computed', () => {
  it('two measures, two days, λ = 0.5', () => {
    // Both enter with σ11 = σ22 = 1/12, σ12 = 0. Day 0: z = (0.9, 0.7), d = z − ½ = (0.4, 0.2):
    //   σ11 = ½·1/12 + ½·0.16 = 0.1216667, σ22 = ½·1/12 + ½·0.04 = 0.0616667, σ12 = ½·0.08 = 0.04
    //   ρ = 0.04 / √(0.1216667·0.0616667) = 0.4617947
    //   CISS = ¼·(0.81 + 0.49 + 2·0.63·ρ) = 0.4704655 → √ = 0.6859048
    // Day 1: z = (0.8, 0.2), d = (0.3, −0.3): σ12 = ½·0.04 − ½·0.09 = −0.025 → ρ < 0 counts as 0
    //   CISS = ¼·(0.64 + 0.04) = 0.17 → √ = 0.4123106
    const r = cissIndex([[0.9, 0.8], [0.7, 0.2]], 0.5);
    expect(r.index[0]).toBeCloseTo(0.6859048, 7);
    expect(r.meanCorrelation[0]).toBeCloseTo(0.4617947, 7);
    expect(r.index[1]).toBeCloseTo(0.4123106, 7);
    expect(r.meanCorrelation[1]).toBe(0);
  });

  it('broad-based stress scores higher than one noisy measure with the same mean rank', () => {
    // long enough for the uncorrelated prior (σ_ij = 0 on entry) to have decayed: 0.93^300 ≈ 4e-10
    const days = 300;
    const wave = Array.from({ length: days }, (_, t) => 0.5 + 0.4 * Math.sin(t / 3));
    wave[days - 1] = 0.9;
    // broad: three measures moving together, all at 19/30 ≈ 0.633 today; noisy: one at 0.9, two flat at ½
    const mean = (0.9 + 0.5 + 0.5) / 3;
    const broadToday = wave.map((x, t) => (t === days - 1 ? mean : x));
    const broad = cissIndex([broadToday, broadToday, broadToday]);
    const flat = wave.map(() => 0.5);
    const noisy = cissIndex([wave, flat, flat]);
    // perfectly correlated: √CISS = the mean rank; uncorrelated (flat ones never deviate): √(Σ z²)/3
    expect(broad.index[days - 1]).toBeCloseTo(mean, 8);
    expect(noisy.index[days - 1]).toBeCloseTo(Math.sqrt(0.81 + 0.25 + 0.25) / 3, 12);
    expect(broad.index[days - 1]!).toBeGreaterThan(noisy.index[days - 1]! + 0.2);
  });

  it('a measure absent that day drops out and the weights renormalize; nothing present → NaN', () => {
    const r = cissIndex([[0.8, NaN, NaN], [NaN, 0.3, NaN]]);
    expect(r.index[0]).toBeCloseTo(0.8, 14);
    expect(r.index[1]).toBeCloseTo(0.3, 14);
    expect(r.index[2]).toBeNaN();
  });
});
