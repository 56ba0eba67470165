import { describe, expect, it } from 'vitest';
import { usPointsBefore } from '../../src/analytics/series.ts';
import type { Point } from '../../src/core/types.ts';

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
