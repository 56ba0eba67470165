import { describe, expect, it } from 'vitest';
import { ConditionError, evaluateCondition, formatCondition, initialTrigger, parseCondition, stepTrigger, type TriggerState } from '../../src/analytics/condition.ts';

const NAMES = ['score', 'close', 'trendline', 'corr60', 'flowLatestUsd', 'pctFromSma21', 'vkospiVixRatio'];
const p = (s: string) => parseCondition(s, NAMES);

describe('parseCondition', () => {
  it('parses a comparison with suffixes and percentages', () => {
    expect(p('flowLatestUsd<=-1b')).toEqual({ kind: 'cmp', left: { kind: 'name', name: 'flowLatestUsd' }, op: '<=', right: { kind: 'number', value: -1e9, text: '-1b' } });
    // 2% is the decimal 0.02, as every number in the answers' data
    expect(p('pctFromSma21 < -2%')).toMatchObject({ right: { value: -0.02 } });
    expect(p('CLOSE<trendline')).toMatchObject({ left: { name: 'close' }, right: { kind: 'name', name: 'trendline' } });
  });

  it('binds and tighter than or; parentheses regroup', () => {
    const c = p('score>=80 or close<trendline and corr60<0.2');
    expect(c.kind).toBe('or');
    expect(formatCondition(c)).toBe('score>=80 or close<trendline and corr60<0.2');
    const g = p('(score>=80 or close<trendline) and corr60<0.2');
    expect(g.kind).toBe('and');
    expect(formatCondition(g)).toBe('(score>=80 or close<trendline) and corr60<0.2');
  });

  it.each([
    ['scor>=80', 'unknown name "scor"', 0],
    ['score=80', 'not an operator', 5],
    ['score>=', 'at the end', 7],
    ['score>=80 corr60<0.2', 'join conditions with and / or', 10],
    ['(score>=80', 'missing ")"', 10],
    ['80>=70', 'one side must be a name', 0],
    ['', 'empty', 0],
  ])('rejects %j', (src, msg, at) => {
    try {
      p(src);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConditionError);
      expect((err as ConditionError).message).toContain(msg);
      expect((err as ConditionError).at).toBe(at);
    }
  });
});

describe('evaluateCondition', () => {
  it('evaluates known answers, three-valued', () => {
    const c = p('score>=80 or close<trendline and corr60<0.2');
    expect(evaluateCondition(c, { score: 81, close: 2600, trendline: 2500, corr60: 0.5 })).toBe(true);
    expect(evaluateCondition(c, { score: 79, close: 2400, trendline: 2500, corr60: 0.1 })).toBe(true);
    expect(evaluateCondition(c, { score: 79, close: 2400, trendline: 2500, corr60: 0.3 })).toBe(false);
    // score missing, the and-part false: unknown, never false
    expect(evaluateCondition(c, { score: null, close: 2600, trendline: 2500, corr60: 0.1 })).toBe(null);
    // or with one true side is true even with the other side unknown
    expect(evaluateCondition(c, { score: 90, close: null })).toBe(true);
  });

  it('loosens by the band (hysteresis): score>=80 with a 5-point band is "clearly false" only under 75', () => {
    const c = p('score>=80');
    const band = () => 5;
    expect(evaluateCondition(c, { score: 76 }, band, true)).toBe(true); // still within the band
    expect(evaluateCondition(c, { score: 74.9 }, band, true)).toBe(false);
    const lt = p('close<trendline');
    // close<trendline loosened by 10: close < trendline + 10
    expect(evaluateCondition(lt, { close: 2505, trendline: 2500 }, () => 10, true)).toBe(true);
    expect(evaluateCondition(lt, { close: 2511, trendline: 2500 }, () => 10, true)).toBe(false);
  });
});

describe('stepTrigger', () => {
  const rule = { rearmAfterMs: 60 * 60_000 };
  const at = (min: number) => new Date(Date.UTC(2026, 0, 5, 0, min));
  it('fires on the rising edge, stays quiet while true, re-arms beyond the band or after the cooldown', () => {
    let s: TriggerState = initialTrigger();
    const fires: number[] = [];
    // minute, truth, clearly false
    const steps: [number, boolean | null, boolean | null][] = [
      [0, false, true], [15, true, false], [30, true, false], // fires at 15
      [45, false, false], [60, true, false], // false within the band: no re-arm, no fire
      [75, false, true], [90, true, false], // beyond the band: re-armed → fires at 90
      [105, false, false], [120, false, false], [135, false, false], [165, false, false], // false 60 min (105→165): re-armed
      [180, null, null], [195, true, false], // missing data changes nothing; fires at 195
    ];
    for (const [m, t, cf] of steps) {
      const r = stepTrigger(s, t, cf, at(m), rule);
      s = r.state;
      if (r.fire) fires.push(m);
    }
    expect(fires).toEqual([15, 90, 195]);
  });
});
