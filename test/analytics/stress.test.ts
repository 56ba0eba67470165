import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STRESS_OPTIONS,
  STRESS_CUTS,
  churn,
  drawdownFromHigh,
  efficiencyRatio,
  stressComponentSeries,
  stressRegime,
  stressScoreAt,
  stressScoreHistory,
  stressScoreSeries,
  type StressInputs,
} from '../../src/analytics/stress.ts';
import { pointsUpTo } from '../../src/analytics/series.ts';
import type { Point } from '../../src/core/types.ts';

const pts = (rows: [string, number][]): Point[] => rows.map(([date, close]) => ({ date, close }));
const SQRT252 = Math.sqrt(252);

describe('efficiencyRatio', () => {
  it('is 1 on a straight line (every daily log return has the same sign)', () => {
    // geometric: every return ln 1.01, net 5·ln 1.01 → 1; arithmetic 100..105 likewise all positive
    expect(efficiencyRatio([0, 1, 2, 3, 4, 5].map((i) => 100 * 1.01 ** i), 5)).toBeCloseTo(1, 14);
    expect(efficiencyRatio([100, 101, 102, 103, 104, 105], 5)).toBeCloseTo(1, 14);
  });
  it('up-down-up: net ln 1.1 over a path of 3·ln 1.1 → exactly 1/3', () => {
    expect(efficiencyRatio([100, 110, 100, 110], 3)).toBeCloseTo(1 / 3, 14);
  });
  it('up-down-up-down back to the start → 0', () => {
    expect(efficiencyRatio([100, 110, 100, 110, 100], 4)).toBe(0);
  });
  it('uses only the last n returns, NaN with too few closes or a flat path', () => {
    // last 2 returns of [50, 100, 110, 100]: ln 1.1 and ln(1/1.1), net 0
    expect(efficiencyRatio([50, 100, 110, 100], 2)).toBe(0);
    expect(efficiencyRatio([100, 110], 2)).toBeNaN();
    expect(efficiencyRatio([100, 100, 100], 2)).toBeNaN();
  });
});

describe('drawdownFromHigh and churn', () => {
  it('drawdown: close / highest close of the last n including today − 1', () => {
    // high 120 → 110/120 − 1 = −1/12
    expect(drawdownFromHigh([100, 120, 90, 110], 252)).toBeCloseTo(-1 / 12, 14);
    // only the last 2 closes (90, 110): at the high → 0
    expect(drawdownFromHigh([100, 120, 90, 110], 2)).toBe(0);
    expect(drawdownFromHigh([], 252)).toBeNaN();
  });
  it('churn = path − |net|: 100,110,100,110 → 3·ln 1.1 − ln 1.1 = 2·ln 1.1', () => {
    expect(churn([100, 110, 100, 110], 3)).toBeCloseTo(2 * Math.log(1.1), 14);
    expect(churn([100, 101, 102], 2)).toBeCloseTo(0, 14);
  });
});

describe('stressComponentSeries (window 2, hand-computed)', () => {
  // KRX Tue 01-02 … Mon 01-08; US sessions 12-28, 12-29, 01-02, 01-03, 01-05 (01-04 closed here).
  const inputs: StressInputs = {
    kospi: pts([['2024-01-02', 100], ['2024-01-03', 110], ['2024-01-04', 99], ['2024-01-05', 99], ['2024-01-08', 108.9]]),
    ndx: pts([['2023-12-28', 1000], ['2023-12-29', 1010], ['2024-01-02', 990], ['2024-01-03', 1000], ['2024-01-05', 1020]]),
    vix: pts([['2023-12-28', 12], ['2023-12-29', 13], ['2024-01-02', 14], ['2024-01-03', 20], ['2024-01-05', 15]]),
    vkospi: pts([['2024-01-02', 18], ['2024-01-03', 22], ['2024-01-05', 30]]),
  };
  const s = stressComponentSeries(inputs, { ...DEFAULT_STRESS_OPTIONS, window: 2, vkospiMaxSessions: 0 });
  const std2 = (a: number, b: number) => Math.abs(a - b) / Math.SQRT2; // sample std of two values

  it('KOSPI realized vol, drawdown depth, distance below MA and churn', () => {
    // returns: ln 1.1, ln 0.9, 0, ln 1.1
    expect(s.realizedVol[1]).toBeNaN();
    expect(s.realizedVol[2]).toBeCloseTo(std2(Math.log(1.1), Math.log(0.9)) * SQRT252, 12);
    expect(s.realizedVol[4]).toBeCloseTo(std2(0, Math.log(1.1)) * SQRT252, 12);
    // high of 5 closes is 110: 1 − 108.9/110 = 0.01
    expect(s.drawdown[4]).toBeCloseTo(0.01, 12);
    // MA(2) at 01-08 = (99 + 108.9)/2 = 103.95
    expect(s.belowSma[4]).toBeCloseTo(1 - 108.9 / 103.95, 12);
    expect(s.belowSma[2]).toBeCloseTo(1 - 99 / 104.5, 12);
    // churn at 01-04: ln 1.1 + ln(1/0.9) − ln(100/99); at 01-08: ln 1.1 − ln 1.1 = 0
    expect(s.churn[2]).toBeCloseTo(Math.log(1.1) - Math.log(0.9) - Math.log(100 / 99), 12);
    expect(s.churn[4]).toBeCloseTo(0, 12);
  });

  it('the realized ratio uses NDX vol of US sessions strictly before each KRX day', () => {
    // 01-02 knows 12-28, 12-29 only: one return → NaN. 01-03 knows up to 01-02;
    // 01-04 and 01-05 both know up to 01-03; 01-08 knows up to 01-05.
    expect(s.realizedRatio[0]).toBeNaN();
    const ndxAt0104 = std2(Math.log(990 / 1010), Math.log(1000 / 990)) * SQRT252;
    expect(s.realizedRatio[2]).toBeCloseTo(s.realizedVol[2]! / ndxAt0104, 12);
    const ndxAt0108 = std2(Math.log(1000 / 990), Math.log(1020 / 1000)) * SQRT252;
    expect(s.realizedRatio[4]).toBeCloseTo(s.realizedVol[4]! / ndxAt0108, 12);
  });

  it('VKOSPI/VIX: VKOSPI on or before the day (fresh), VIX strictly before it', () => {
    // with no session of age allowed: 01-02: 18/13 (VIX 12-29); 01-03: 22/14; 01-04: VKOSPI's last is
    // 01-03, a session old → missing; 01-05: 30/20 (VIX 01-03); 01-08: VKOSPI of 01-05 a session old → missing
    expect(s.impliedRatio).toEqual([18 / 13, 22 / 14, NaN, 30 / 20, NaN]);
    expect(s.impliedVol).toEqual([0.18, 0.22, NaN, 0.3, NaN]);
    // the default limit, one KOSPI session: 01-04 reads 22/20 (VKOSPI of 01-03) and 01-08 30/15 = 2
    const oneSession = stressComponentSeries(inputs, { ...DEFAULT_STRESS_OPTIONS, window: 2 });
    expect(oneSession.impliedRatio).toEqual([18 / 13, 22 / 14, 22 / 20, 30 / 20, 2]);
  });
});

// A deterministic synthetic market: weekday sessions, a calm stretch then a crash, VKOSPI starting late.
function synthetic(sessions: number): StressInputs {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
  const dates: string[] = [];
  for (let d = Date.UTC(2018, 0, 1); dates.length < sessions; d += 86_400_000) {
    const wd = new Date(d).getUTCDay();
    if (wd !== 0 && wd !== 6) dates.push(new Date(d).toISOString().slice(0, 10));
  }
  let k = 2000;
  let n = 7000;
  const kospi: Point[] = [];
  const ndx: Point[] = [];
  const vix: Point[] = [];
  const vkospi: Point[] = [];
  dates.forEach((date, i) => {
    const crash = i > sessions - 120 && i < sessions - 90 ? 3 : 1;
    const common = rand() * 0.02 * crash;
    n *= Math.exp(common + rand() * 0.01 - (crash > 1 ? 0.004 : 0));
    k *= Math.exp(1.2 * common + rand() * 0.012 * crash - (crash > 1 ? 0.006 : 0));
    if (i % 17 !== 3) kospi.push({ date, close: k }); // a KRX holiday now and then
    if (i % 23 !== 5) {
      ndx.push({ date, close: n });
      vix.push({ date, close: 15 * crash + 3 * rand() });
    }
    if (i > sessions / 2 && i % 17 !== 3) vkospi.push({ date, close: 18 * crash + 4 * rand() });
  });
  return { kospi, ndx, vix, vkospi };
}

describe('stressRegime: the calibrated cuts', () => {
  it('calm < 40 ≤ elevated < 65 ≤ high < 82 ≤ extreme; no score is no regime', () => {
    expect(STRESS_CUTS).toEqual({ elevated: 40, high: 65, extreme: 82 });
    const cases: [number, string | null][] = [
      [0, 'calm'], [39.999, 'calm'], [40, 'elevated'], [64.999, 'elevated'], [65, 'high'], [81.999, 'high'], [82, 'extreme'], [100, 'extreme'], [NaN, null],
    ];
    for (const [score, regime] of cases) expect(stressRegime(score), String(score)).toBe(regime);
  });
});

describe('stressScoreHistory', () => {
  const inputs = synthetic(1400);
  const full = stressScoreHistory(inputs);
  const n = full.dates.length;

  it('has no look-ahead: every score is the same to the bit with later data removed', () => {
    for (const back of [1, 100, 400]) {
      const day = full.dates[n - back]!;
      const cut: StressInputs = {
        kospi: pointsUpTo(inputs.kospi, day),
        ndx: pointsUpTo(inputs.ndx, day),
        vix: pointsUpTo(inputs.vix, day),
        vkospi: pointsUpTo(inputs.vkospi!, day),
      };
      const then = stressScoreHistory(cut);
      expect(then.dates.at(-1)).toBe(day);
      expect(then.scores.at(-1)).toBe(full.scores[n - back]);
      expect(stressScoreSeries(cut).scores).toEqual(full.scores.slice(0, n - back + 1));
    }
  });

  it('is NaN until a component has minHistory (60) values, then scored', () => {
    // drawdown exists from the first session: 60 values at index 59
    expect(full.scores[58]).toBeNaN();
    expect(full.ranks.drawdown.count[59]).toBe(60);
    expect(Number.isFinite(full.scores[59]!)).toBe(true);
    expect(stressScoreAt(full, 59).components.filter((c) => c.inScore).map((c) => c.key)).toEqual(['drawdown']);
  });

  it('reads the synthetic crash as high or worse, with VKOSPI scored once it has a year of history', () => {
    // the crash stretch is generator sessions 1280..1310 (KOSPI skips every 17th: ~n − 115 … n − 85)
    const inCrash = full.scores.slice(n - 115, n - 85);
    expect(Math.max(...inCrash)).toBeGreaterThanOrEqual(STRESS_CUTS.high);
    const before = full.scores.slice(n - 400, n - 130).sort((a, b) => a - b);
    expect(before[before.length >> 1]).toBeLessThan(STRESS_CUTS.elevated);
    const i = n - 95;
    const crash = stressScoreAt(full, i);
    expect(crash.components.find((c) => c.key === 'impliedVol')?.inScore).toBe(true);
    expect(crash.components.find((c) => c.key === 'koreaUsVol')?.basis).toBe('implied');
    // VKOSPI starts halfway (~session 650): 100 sessions later it has < 252 values
    const early = stressScoreAt(full, 760);
    expect(early.components.find((c) => c.key === 'impliedVol')?.inScore).toBe(false);
    expect(early.components.find((c) => c.key === 'koreaUsVol')?.basis).toBe('realized');
  });

  it('the Korea/US vol ratio and churn are shown but never move the score: a VIX three times higher changes nothing', () => {
    const panic = { ...inputs, vix: inputs.vix.map((p) => ({ ...p, close: p.close * 3 })) };
    expect(stressScoreHistory(panic).scores).toEqual(full.scores);
    const at = stressScoreAt(full, n - 95);
    expect(at.components.filter((c) => !c.inScore).map((c) => c.key)).toEqual(['churn', 'koreaUsVol']);
    expect(Number.isFinite(at.components.find((c) => c.key === 'koreaUsVol')!.percentile)).toBe(true);
  });

  it('ranks a component against its past, ties at mid-rank: new highs (drawdown exactly 0) sit low, not split', () => {
    const highs: number[] = [];
    for (let i = 0; i < n; i++) if (full.series.drawdown[i] === 0) highs.push(i);
    expect(highs.length).toBeGreaterThan(10);
    const i = highs.at(-1)!;
    // ties at 0: rank = (0 below + (k + 1)/2) / count, k = the zeros so far (incl. today)
    const zerosSoFar = highs.filter((h) => h <= i).length;
    expect(full.ranks.drawdown.pct[i]).toBeCloseTo((zerosSoFar + 1) / 2 / full.ranks.drawdown.count[i]!, 14);
  });
});
