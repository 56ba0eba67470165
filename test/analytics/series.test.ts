import { describe, expect, it } from 'vitest';
import { answeredSession, countBefore, countUpTo, lastBefore, lastUpTo, pointsUpTo, tailUpTo, usCloseKnownAt, usPointsBefore } from '../../src/analytics/series.ts';
import { closesOnOrBefore } from '../../src/analytics/basket.ts';
import type { Point, Series } from '../../src/core/types.ts';

const series = (symbol: string, dates: string[]): Series => ({
  symbol, source: 'test', fetchedAt: '2025-03-05T00:00:00Z', points: dates.map((date, i) => ({ date, close: 100 + i })),
});

describe('answeredSession', () => {
  const kospi = series('KOSPI', ['2025-02-27', '2025-02-28', '2025-03-04']);
  const k200 = series('KOSPI200', ['2025-02-26', '2025-02-27', '2025-02-28', '2025-03-04', '2025-03-05']);

  it('speaks for the market of record even when a later series runs further', () => {
    expect(answeredSession([kospi, k200])).toEqual({ anchor: kospi, date: '2025-03-04' });
    // asof on a closed day (Mon 03-03, substitute holiday): the close before it
    expect(answeredSession([kospi, k200], '2025-03-03')).toEqual({ anchor: kospi, date: '2025-02-28' });
  });

  it('falls back to the next series only where the first has no close on or before asof', () => {
    expect(answeredSession([kospi, k200], '2025-02-26')).toEqual({ anchor: k200, date: '2025-02-26' });
    expect(answeredSession([null, k200], '2025-03-04')).toEqual({ anchor: k200, date: '2025-03-04' });
    expect(answeredSession([kospi, k200], '2025-01-01')).toEqual({ anchor: null, date: undefined });
  });
});

const pts: Point[] = Object.freeze(['2025-01-02', '2025-01-03', '2025-01-06', '2025-01-07'].map((date, i) => ({ date, close: 100 + i }))) as Point[];

describe('usPointsBefore', () => {
  it('keeps only sessions strictly before t, at most the last n', () => {
    expect(usPointsBefore(pts, '2025-01-06').map((p) => p.date)).toEqual(['2025-01-02', '2025-01-03']);
    expect(usPointsBefore(pts, '2025-01-05').map((p) => p.date)).toEqual(['2025-01-02', '2025-01-03']);
    expect(usPointsBefore(pts, '2025-01-07', 2).map((p) => p.date)).toEqual(['2025-01-03', '2025-01-06']);
    expect(usPointsBefore(pts, '2025-01-08', 1).map((p) => p.close)).toEqual([103]);
    expect(usPointsBefore(pts, '2025-01-02')).toEqual([]);
  });

  it('returns the series itself when nothing is cut (no copy of a frozen history)', () => {
    expect(usPointsBefore(pts, '2025-02-01')).toBe(pts);
    expect(usPointsBefore(pts, '2025-02-01', 10)).toBe(pts);
  });
});

describe('cuts without copies: countUpTo, countBefore, lastUpTo, tailUpTo, lastBefore', () => {
  // every date of the fixture, between its dates and outside it, against plain filters
  const asked = ['2024-12-31', '2025-01-02', '2025-01-04', '2025-01-06', '2025-01-07', '2025-01-09'];
  it('agree with filtering the points by date', () => {
    for (const d of asked) {
      const upTo = pts.filter((p) => p.date <= d);
      const before = pts.filter((p) => p.date < d);
      expect(countUpTo(pts, d)).toBe(upTo.length);
      expect(countBefore(pts, d)).toBe(before.length);
      expect(lastUpTo(pts, d)).toBe(upTo.at(-1));
      expect(lastBefore(pts, d)).toBe(before.at(-1));
      expect(pointsUpTo(pts, d)).toEqual(upTo);
      for (const n of [0, 1, 2, 10]) expect(tailUpTo(pts, d, n)).toEqual(n === 0 ? [] : upTo.slice(-n));
    }
    expect(countUpTo(pts)).toBe(4);
    expect(lastUpTo(pts)).toBe(pts[3]);
    expect(tailUpTo(pts, undefined, 2).map((p) => p.close)).toEqual([102, 103]);
  });

  it('tailUpTo returns the series itself when nothing is cut', () => {
    expect(tailUpTo(pts, '2025-02-01', 4)).toBe(pts);
    expect(tailUpTo(pts, undefined, 10)).toBe(pts);
  });

  it('usCloseKnownAt and closesOnOrBefore read the same closes when the dates start late in the series', () => {
    // hand-checked: KRX 01-06 sees the US close of 01-03 (101), 01-08 the one of 01-07 (103); on or before: 102 and 103
    expect(usCloseKnownAt(['2025-01-06', '2025-01-08'], pts)).toEqual([101, 103]);
    expect(closesOnOrBefore(['2025-01-06', '2025-01-08'], pts)).toEqual([102, 103]);
    expect(usCloseKnownAt(['2025-01-02', '2025-01-03'], pts)).toEqual([null, 100]);
    expect(closesOnOrBefore(['2025-01-01', '2025-01-02'], pts)).toEqual([null, 100]);
  });
});
