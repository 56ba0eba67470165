import { describe, expect, it } from 'vitest';
import { auroc, forwardDrawdownLabels, noiseToSignal, validateScore, type Regime } from '../../src/analytics/scoreValidation.ts';

describe('auroc (Mann–Whitney, ties ½)', () => {
  it('3 positives / 3 negatives by hand', () => {
    // positives 0.9, 0.6, 0.4; negatives 0.7, 0.3, 0.4. Pairs won: 0.9 beats all 3; 0.6 beats 0.3 and 0.4 (2);
    // 0.4 beats 0.3 and ties 0.4 (1.5). (3 + 2 + 1.5) / 9 = 6.5 / 9
    const scores = [0.9, 0.7, 0.6, 0.3, 0.4, 0.4];
    const labels = [true, false, true, false, true, false];
    expect(auroc(scores, labels)).toBeCloseTo(6.5 / 9, 14);
  });
  it('1 when every positive outranks every negative, 0 the other way, ½ when all tie; NaN without both classes', () => {
    expect(auroc([3, 4, 1, 2], [true, true, false, false])).toBe(1);
    expect(auroc([3, 4, 1, 2], [false, false, true, true])).toBe(0);
    expect(auroc([5, 5, 5, 5], [true, false, true, false])).toBe(0.5);
    expect(auroc([1, 2], [true, true])).toBeNaN();
  });
  it('leaves out null labels and non-finite scores', () => {
    expect(auroc([1, 2, NaN, 99], [false, true, true, null])).toBe(1);
  });
});

describe('noiseToSignal (Kaminsky & Reinhart)', () => {
  it('false-alarm rate over hit rate by hand', () => {
    // A (signal, event) = 1 (i0); B (signal, no event) = 1 (i1); C = 1 (i2); D = 2 (i3, i5); i4 unlabelled.
    // hit rate 1/2, false alarms 1/3 → 2/3
    const r = noiseToSignal([true, true, false, false, true, false], [true, false, true, false, null, false]);
    expect(r.hitRate).toBe(0.5);
    expect(r.falseAlarmRate).toBeCloseTo(1 / 3, 14);
    expect(r.ratio).toBeCloseTo(2 / 3, 14);
    expect(noiseToSignal([false, true], [true, false]).ratio).toBe(Infinity);
  });
});

describe('forwardDrawdownLabels', () => {
  it('min of the next n closes vs today, null where n sessions do not follow', () => {
    // i0: min(95, 89)/100 − 1 = −11 % → true; i1: 89/95 − 1 = −6.3 % → false; i2: 92/89 > 1 → false
    expect(forwardDrawdownLabels([100, 95, 89, 92, 100], 2, 0.1)).toEqual([true, false, false, null, null]);
    // exactly −10 % counts
    expect(forwardDrawdownLabels([100, 90, 100], 1, 0.1)).toEqual([true, false, null]);
  });
});

describe('validateScore', () => {
  const regimeOf = (s: number): Regime => (s >= 80 ? 'extreme' : s >= 65 ? 'high' : s >= 40 ? 'elevated' : 'calm');
  it('shares, episode maximum and quiet median over the scored sessions', () => {
    const dates = ['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07', '2021-01-04', '2021-01-05'];
    const v = validateScore(
      { dates, scores: [NaN, 70, 90, 30, 20, 30], regimes: [], closes: [100, 100, 80, 85, 90, 91], highCut: 65 },
      regimeOf,
      [{ name: 'e', from: '2020-01-03', to: '2020-01-07', source: 'test' }],
      [{ name: '2021', from: '2021-01-01', to: '2021-12-31', why: 'test' }],
    );
    expect(v.sessions).toBe(5);
    expect(v.shares).toEqual({ calm: 0.6, elevated: 0, high: 0.2, extreme: 0.2 });
    expect(v.highOrWorseShare).toBeCloseTo(0.4, 14);
    expect(v.episodes[0]).toMatchObject({ sessions: 3, maxScore: 90, maxDate: '2020-01-06', maxRegime: 'extreme' });
    expect(v.quiet[0]).toMatchObject({ sessions: 2, medianScore: 25, regime: 'calm' });
    // episode labels T T T F F against scores 70 90 30 20 30: pairs won 2 + 2 + (1 + ½) = 5.5 / 6
    expect(v.auroc.crisisWindows).toBeCloseTo(5.5 / 6, 14);
  });
});
