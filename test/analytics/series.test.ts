import { describe, expect, it } from 'vitest';
import { answeredSession } from '../../src/analytics/series.ts';
import type { Series } from '../../src/core/types.ts';

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
