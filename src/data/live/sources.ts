// Which providers serve each canonical symbol, in the order they are tried. The order can be
// overridden per symbol by LIVE_SOURCES ("VIX=fred,yahoo;NDX=fred"); KRX needs KRX_API_KEY.
import { SYMBOLS, type CanonicalSymbol } from '../symbols.ts';

export const PROVIDERS = ['yahoo', 'fred', 'cboe', 'krx', 'stooq'] as const;
export type ProviderId = (typeof PROVIDERS)[number];

/** Each provider's own name for a symbol; a missing entry means the provider does not have it. */
export const TICKERS: Record<ProviderId, Partial<Record<CanonicalSymbol, string>>> = {
  yahoo: {
    KOSPI: '^KS11', KOSPI200: '^KS200', NDX: '^NDX', VIX: '^VIX', USDKRW: 'KRW=X', SOX: '^SOX',
    SAMSUNG: '005930.KS', SKHYNIX: '000660.KS', TSMC: '2330.TW', '122630': '122630.KS', '252670': '252670.KS',
    KORU: 'KORU',
  },
  fred: { VIX: 'VIXCLS', NDX: 'NASDAQ100', USDKRW: 'DEXKOUS' },
  cboe: { VIX: 'VIX' },
  // Rows of the KRX Open API boards (see krx.ts KRX_SERIES).
  krx: { KOSPI: '코스피', KOSPI200: '코스피 200', VKOSPI: '코스피 200 변동성지수', '122630': '122630', '252670': '252670' },
  stooq: { KOSPI: '^kospi', NDX: '^ndx', USDKRW: 'usdkrw' },
};

/**
 * Default order. Whole-history sources come first where they have the symbol (one request),
 * KRX first where only it has what commands need (VKOSPI; ETF net assets for /gamma), the
 * official CBOE file first for VIX, and Stooq last (it now answers scripts with a challenge page).
 */
export const DEFAULT_SOURCES: Record<CanonicalSymbol, ProviderId[]> = {
  KOSPI: ['yahoo', 'krx', 'stooq'],
  KOSPI200: ['yahoo', 'krx'],
  NDX: ['yahoo', 'fred', 'stooq'],
  VIX: ['cboe', 'fred', 'yahoo'],
  VKOSPI: ['krx'],
  USDKRW: ['yahoo', 'fred', 'stooq'],
  SOX: ['yahoo'],
  SAMSUNG: ['yahoo'],
  SKHYNIX: ['yahoo'],
  TSMC: ['yahoo'],
  '122630': ['krx', 'yahoo'],
  '252670': ['krx', 'yahoo'],
  KORU: ['yahoo'],
};

const isProvider = (p: string): p is ProviderId => (PROVIDERS as readonly string[]).includes(p);
const isCanonical = (s: string): s is CanonicalSymbol => SYMBOLS.some((x) => x.symbol === s);

/**
 * Parse LIVE_SOURCES: `SYMBOL=provider,provider;SYMBOL=…`. Throws an Error naming the first
 * unknown symbol, unknown provider, or provider that does not carry the symbol.
 */
export function parseLiveSources(spec: string | undefined): Partial<Record<CanonicalSymbol, ProviderId[]>> {
  const out: Partial<Record<CanonicalSymbol, ProviderId[]>> = {};
  for (const part of (spec ?? '').split(';')) {
    if (part.trim() === '') continue;
    const m = /^\s*([^=\s]+)\s*=\s*(.*)$/.exec(part);
    if (!m) throw new Error(`"${part.trim()}" is not SYMBOL=provider[,provider] (e.g. VIX=fred,yahoo)`);
    const symbol = m[1]!.toUpperCase();
    if (!isCanonical(symbol)) throw new Error(`unknown symbol ${m[1]} (one of ${SYMBOLS.map((s) => s.symbol).join(', ')})`);
    const chain = m[2]!.split(',').map((p) => p.trim().toLowerCase()).filter(Boolean);
    if (chain.length === 0) throw new Error(`no provider for ${symbol}`);
    for (const p of chain) {
      if (!isProvider(p)) throw new Error(`unknown provider ${p} for ${symbol} (one of ${PROVIDERS.join(', ')})`);
      if (!TICKERS[p][symbol]) throw new Error(`${p} does not serve ${symbol}`);
    }
    out[symbol] = chain as ProviderId[];
  }
  return out;
}

/** The provider order for every symbol: defaults, overridden by LIVE_SOURCES, KRX only with a key. */
export function sourceChains(
  config: { LIVE_SOURCES?: string; KRX_API_KEY?: string },
): Record<CanonicalSymbol, ProviderId[]> {
  const overrides = parseLiveSources(config.LIVE_SOURCES);
  const out = {} as Record<CanonicalSymbol, ProviderId[]>;
  for (const { symbol } of SYMBOLS) {
    const chain = overrides[symbol] ?? DEFAULT_SOURCES[symbol];
    out[symbol] = chain.filter((p) => p !== 'krx' || Boolean(config.KRX_API_KEY));
  }
  return out;
}
