// groupedDecimal stands in for Intl.NumberFormat('en-US' / 'ko-KR', { maximumFractionDigits }) in answers: the
// same text for every number, Intl itself the reference.
import { describe, expect, it } from 'vitest';
import { groupedDecimal, koreanUnits } from '../../src/core/i18n/format.ts';

const intl = (locale: string, decimals: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: decimals });

describe('groupedDecimal', () => {
  it('known answers, worked by hand: grouping, trailing zeros, ties of the shortest decimal rounded away from zero', () => {
    expect(groupedDecimal(2612.35, 2)).toBe('2,612.35');
    expect(groupedDecimal(1234567.891, 2)).toBe('1,234,567.89');
    expect(groupedDecimal(999.5, 0)).toBe('1,000'); // a tie, away from zero
    expect(groupedDecimal(-1234.5, 0)).toBe('-1,235');
    expect(groupedDecimal(0.125, 2)).toBe('0.13');
    // 0.15 is 0.1499999999999999944… in binary, but reads back from "0.15": ICU rounds that, as people do.
    expect(groupedDecimal(0.15, 1)).toBe('0.2');
    expect(groupedDecimal(1.005, 2)).toBe('1.01');
    expect(groupedDecimal(9.95, 1)).toBe('10'); // the carry reaches the whole part
    expect(groupedDecimal(12.5, 1)).toBe('12.5');
    expect(groupedDecimal(12.0, 2)).toBe('12');
    expect(groupedDecimal(-0.004, 2)).toBe('-0');
    expect(koreanUnits(3.4e11)).toBe('3,400억');
    expect(koreanUnits(1.2e12)).toBe('1.2조');
  });

  it('writes what Intl writes, in both locales, for edge cases and 50,000 numbers across magnitudes and quoted prices', () => {
    const edges = [0, -0, 0.5, -0.5, 1.5, 2.5, -2.5, 0.05, 0.15, 0.25, 0.35, 1234.565, 999.995, 999.9949, -999.995, 1e15 + 0.5, 2 ** 53, 1e20, 1e21, 1.5e21, 123456789.987, NaN, Infinity, -Infinity, Number.MIN_VALUE, -Number.MAX_VALUE];
    let seed = 12345;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const sign = () => (random() < 0.5 ? -1 : 1);
    const numbers = [
      ...edges,
      ...Array.from({ length: 30_000 }, () => sign() * random() * 10 ** (random() * 16 - 4)),
      // few decimals, so ties (…5 in the last place) are common: prices and levels as they are quoted
      ...Array.from({ length: 20_000 }, () => (sign() * Math.round(random() * 10 ** (2 + random() * 7))) / [20, 200, 1000, 2000][Math.floor(random() * 4)]!),
    ];
    for (const decimals of [0, 1, 2]) {
      const en = intl('en-US', decimals);
      const ko = intl('ko-KR', decimals);
      for (const x of numbers) {
        const ours = groupedDecimal(x, decimals);
        if (ours !== en.format(x) || ours !== ko.format(x)) expect([x, decimals, ours]).toEqual([x, decimals, en.format(x)]);
      }
    }
  });
});
