import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.ts';
import { DEFAULT_SOURCES, TICKERS, parseLiveSources, sourceChains } from '../../../src/data/live/sources.ts';
import { SYMBOLS } from '../../../src/data/symbols.ts';

describe('source chains', () => {
  it('gives every canonical symbol at least one provider that carries it', () => {
    for (const { symbol } of SYMBOLS) {
      expect(DEFAULT_SOURCES[symbol].length).toBeGreaterThan(0);
      for (const p of DEFAULT_SOURCES[symbol]) expect(TICKERS[p][symbol], `${p} ${symbol}`).toBeTruthy();
    }
  });

  it('tries CBOE, FRED, then Yahoo for VIX, and uses KRX only with a key', () => {
    expect(sourceChains({}).VIX).toEqual(['cboe', 'fred', 'yahoo']);
    expect(sourceChains({}).VKOSPI).toEqual([]);
    expect(sourceChains({})['122630']).toEqual(['yahoo']);
    expect(sourceChains({ KRX_API_KEY: 'k' })['122630']).toEqual(['krx', 'yahoo']);
  });

  it('reads LIVE_SOURCES overrides, case- and space-tolerant', () => {
    expect(parseLiveSources('VIX=fred,yahoo;NDX=fred')).toEqual({ VIX: ['fred', 'yahoo'], NDX: ['fred'] });
    expect(parseLiveSources(' vix = FRED , yahoo ; ')).toEqual({ VIX: ['fred', 'yahoo'] });
    const chains = sourceChains({ LIVE_SOURCES: 'NDX=fred;KOSPI=krx,yahoo' });
    expect(chains.NDX).toEqual(['fred']);
    expect(chains.KOSPI).toEqual(['yahoo']);
    expect(chains.VIX).toEqual(DEFAULT_SOURCES.VIX);
  });

  it('rejects what it cannot serve, and the config names the variable', () => {
    expect(() => parseLiveSources('VIX')).toThrow('"VIX" is not SYMBOL=provider[,provider] (e.g. VIX=fred,yahoo)');
    expect(() => parseLiveSources('DOW=yahoo')).toThrow(/^unknown symbol DOW/);
    expect(() => parseLiveSources('VIX=bloomberg')).toThrow(/^unknown provider bloomberg for VIX/);
    expect(() => parseLiveSources('VKOSPI=yahoo')).toThrow('yahoo does not serve VKOSPI');
    expect(() => parseLiveSources('NDX=')).toThrow('no provider for NDX');
    expect(() => loadConfig({ LIVE_SOURCES: 'VKOSPI=yahoo' })).toThrow(ConfigError);
    expect(() => loadConfig({ LIVE_SOURCES: 'VKOSPI=yahoo' })).toThrow(/^LIVE_SOURCES yahoo does not serve VKOSPI/);
  });
});
