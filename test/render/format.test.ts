import { describe, expect, it } from 'vitest';
import { decimalsFor, tickLabels } from '../../src/render/format.ts';

describe('tickLabels', () => {
  it("shows '%' values, which are decimals, as percent", () => {
    expect(tickLabels([0, 0.1, 0.2], '%')).toEqual(['0%', '10%', '20%']);
    expect(tickLabels([-0.025, 0, 0.025], '%')).toEqual(['-2.5%', '0.0%', '2.5%']);
  });

  it('uses the fewest decimals that show every tick exactly', () => {
    expect(decimalsFor([0, 0.25, 0.5])).toBe(2);
    expect(tickLabels([0, 0.25, 0.5])).toEqual(['0.00', '0.25', '0.50']);
    expect(tickLabels([2200, 2400, 2600])).toEqual(['2,200', '2,400', '2,600']);
    expect(decimalsFor([1 / 3])).toBe(4);
  });

  it('never prints float noise as -0', () => {
    expect(tickLabels([-1.3877787807814457e-17, 0.5])).toEqual(['0.0', '0.5']);
  });

  it('prints a million and more compact', () => {
    expect(tickLabels([0, 5e8, 1.5e9])).toEqual(['0', '500M', '1.5B']);
  });

  it('puts currency symbols first and other units after', () => {
    expect(tickLabels([-5, 5], '$')).toEqual(['-$5', '$5']);
    expect(tickLabels([1.5], 'x')).toEqual(['1.5x']);
    expect(tickLabels([40], 'KRW')).toEqual(['40 KRW']);
  });
});
