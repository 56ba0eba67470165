// Leveraged and inverse products whose daily rebalancing trades Korean equity exposure (/gamma).
// This file holds only what a product *is*; its size (net assets) always comes from the data layer
// (`market.series(code)` points' `netAssets`), never from here.

/** KRX's KOSPI200 option multiplier: KRW per index point per contract (every source's chain uses it). */
export const KOSPI200_MULTIPLIER_KRW = 250_000;

export interface LeveragedProduct {
  /** Listing code, also the symbol asked of `MarketData.series` (KRX 6-digit code, US ticker, `NNNN.HK`). */
  code: string;
  name: string;
  exchange: string;
  /** Daily leverage target: 2, 3, −2 … */
  leverage: number;
  /** What its daily return tracks. */
  underlying: string;
  /** Currency of its net assets (ISO 4217). */
  currency: 'KRW' | 'USD' | 'HKD';
}

export const LEVERAGED_PRODUCTS: readonly LeveragedProduct[] = [
  { code: '122630', name: 'KODEX 레버리지', exchange: 'KRX', leverage: 2, underlying: 'KOSPI200', currency: 'KRW' },
  { code: '252670', name: 'KODEX 200선물인버스2X', exchange: 'KRX', leverage: -2, underlying: 'KOSPI200 futures', currency: 'KRW' },
  { code: '123320', name: 'TIGER 레버리지', exchange: 'KRX', leverage: 2, underlying: 'KOSPI200', currency: 'KRW' },
  { code: 'KORU', name: 'Direxion Daily MSCI South Korea Bull 3X Shares', exchange: 'NYSE Arca', leverage: 3, underlying: 'MSCI Korea 25/50', currency: 'USD' },
  // Hong Kong single-stock products (HKD counters). Codes as published at listing; check them against
  // CSOP's current product list before relying on them (issuers add, delist and re-code counters).
  { code: '7709.HK', name: 'CSOP SK Hynix Daily (2x) Leveraged Product', exchange: 'HKEX', leverage: 2, underlying: 'SKHYNIX', currency: 'HKD' },
  { code: '7747.HK', name: 'CSOP Samsung Electronics Daily (2x) Leveraged Product', exchange: 'HKEX', leverage: 2, underlying: 'SAMSUNG', currency: 'HKD' },
];
