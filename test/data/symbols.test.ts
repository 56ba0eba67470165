import { describe, expect, it } from 'vitest';
import { isSymbol, SYMBOL_INFO, SYMBOLS } from '../../src/data/symbols.ts';

describe('symbols', () => {
  it('lists the canonical symbols DESIGN.md names, once each', () => {
    const names = SYMBOLS.map((s) => s.symbol);
    expect(new Set(names).size).toBe(names.length);
    for (const s of ['KOSPI', 'KOSPI200', 'NDX', 'VIX', 'VKOSPI', 'USDKRW', 'SOX', 'SAMSUNG', 'SKHYNIX', 'TSMC', '122630', '252670', 'KORU'])
      expect(isSymbol(s), s).toBe(true);
    expect(isSymbol('AAPL')).toBe(false);
  });

  it('carries market and currency (leverage lives in the /gamma product registry, src/data/products.ts)', () => {
    expect(SYMBOL_INFO['KOSPI']).toMatchObject({ market: 'KR', currency: 'KRW' });
    expect(SYMBOL_INFO['NDX']).toMatchObject({ market: 'US', currency: 'USD' });
    expect(SYMBOL_INFO['TSMC']).toMatchObject({ market: 'TW' });
    expect(SYMBOL_INFO['KORU']).toMatchObject({ market: 'US', currency: 'USD' });
  });
});
