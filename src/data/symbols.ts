// The canonical symbols every provider serves and every command asks for.

export type Market = 'KR' | 'US' | 'TW';

export interface SymbolInfo {
  symbol: string;
  name: string;
  market: Market;
  /** Quote currency of closes, traded value and net assets. */
  currency: 'KRW' | 'USD' | 'TWD';
}

export const SYMBOLS = [
  { symbol: 'KOSPI', name: 'KOSPI Composite', market: 'KR', currency: 'KRW' },
  { symbol: 'KOSPI200', name: 'KOSPI 200', market: 'KR', currency: 'KRW' },
  { symbol: 'NDX', name: 'Nasdaq-100', market: 'US', currency: 'USD' },
  { symbol: 'VIX', name: 'CBOE Volatility Index', market: 'US', currency: 'USD' },
  { symbol: 'VKOSPI', name: 'VKOSPI (KOSPI 200 volatility index)', market: 'KR', currency: 'KRW' },
  { symbol: 'USDKRW', name: 'USD/KRW', market: 'KR', currency: 'KRW' },
  { symbol: 'SOX', name: 'PHLX Semiconductor', market: 'US', currency: 'USD' },
  { symbol: 'SAMSUNG', name: 'Samsung Electronics (005930)', market: 'KR', currency: 'KRW' },
  { symbol: 'SKHYNIX', name: 'SK hynix (000660)', market: 'KR', currency: 'KRW' },
  { symbol: 'TSMC', name: 'TSMC (2330.TW)', market: 'TW', currency: 'TWD' },
  { symbol: '122630', name: 'KODEX 레버리지 (KOSPI 200 ×2)', market: 'KR', currency: 'KRW' },
  { symbol: '252670', name: 'KODEX 200선물인버스2X (KOSPI 200 futures ×−2)', market: 'KR', currency: 'KRW' },
  { symbol: 'KORU', name: 'Direxion Daily MSCI South Korea Bull 3X', market: 'US', currency: 'USD' },
] as const satisfies readonly SymbolInfo[];

export type CanonicalSymbol = (typeof SYMBOLS)[number]['symbol'];

export const SYMBOL_INFO: Readonly<Record<string, SymbolInfo>> = Object.fromEntries(SYMBOLS.map((s) => [s.symbol, s]));


export const isSymbol = (s: string): s is CanonicalSymbol => s in SYMBOL_INFO;
