import { describe, expect, it } from 'vitest';
import { CLOSURE_YEARS, krxClosureReason, krxClosuresByRule, nyseClosuresByRule, usClosureReason } from '../../src/data/calendar.ts';
import { KRX_CLOSED_TABLE, NYSE_CLOSED_TABLE } from '../../src/data/closures.generated.ts';

// The table start-up reads must be exactly what the date-holidays rules compute; when a rule or a one-off
// closure changes, `npm run closures:refresh` regenerates it.
describe('precomputed KRX/NYSE closures', () => {
  it('holds every year of CLOSURE_YEARS, equal to the rules computed through date-holidays', () => {
    expect(Object.keys(KRX_CLOSED_TABLE).map(Number)).toEqual([...CLOSURE_YEARS]);
    expect(Object.keys(NYSE_CLOSED_TABLE).map(Number)).toEqual([...CLOSURE_YEARS]);
    for (const y of CLOSURE_YEARS) {
      expect(KRX_CLOSED_TABLE[y], `KRX ${y}`).toEqual(Object.fromEntries(krxClosuresByRule(y)));
      expect(NYSE_CLOSED_TABLE[y], `NYSE ${y}`).toEqual(Object.fromEntries(nyseClosuresByRule(y)));
    }
  }, 60_000);

  it('answers years outside the table from the rules', () => {
    const after = CLOSURE_YEARS.at(-1)! + 1; // 2031
    // 2031-12-25 is a Thursday: Christmas closes both exchanges; 2031-05-01 (Thursday) only KRX (Labor Day).
    expect(usClosureReason(`${after}-12-25`)).toBe('Christmas Day');
    expect(krxClosureReason(`${after}-05-01`)).toBe('Labor Day (KRX closed)');
    expect(usClosureReason(`${after}-05-01`)).toBeUndefined();
  });
});
