// The DEMO market: a deterministic synthetic data set (seeded, no network, no clock). The model
// lives in demo/model.ts, the series in demo/series.ts, the option chain in demo/options.ts and
// the randomness in demo/rng.ts; this file is the MarketData over them.
import { DataError } from '../core/errors.ts';
import type { MarketData } from '../core/types.ts';
import { DEMO_SYMBOLS, buildDemo } from './demo/series.ts';
import type { DemoData } from './demo/series.ts';
import type { OptionChain, Series } from '../core/types.ts';
import { demoOptionChain } from './demo/options.ts';

export { mulberry32 } from './demo/rng.ts';
export { DEMO_END, DEMO_EPISODES, DEMO_START, isDemoSession, type DemoCore, type DemoMarketCode } from './demo/model.ts';
export { buildDemo, DEMO_SYMBOLS, type DemoData } from './demo/series.ts';
export { demoOptionChain } from './demo/options.ts';

// ---------- the MarketData ----------

let built: DemoData | undefined;
/** The demo data, built on first use and shared afterwards (point arrays are frozen). */
export function demoData(): DemoData {
  return (built ??= buildDemo());
}

let market: MarketData | undefined;
const chains = new Map<string, OptionChain | null>();

/** The DEMO market: every series of src/data/symbols.ts, deterministic, labelled demo. */
export function demoMarket(): MarketData {
  return (market ??= {
    kind: 'demo',
    demo: true,
    async series(symbol: string): Promise<Series> {
      const s = demoData().series(symbol.toUpperCase());
      if (!s) throw new DataError(symbol, 'demo', `no demo series (have ${DEMO_SYMBOLS.join(', ')})`);
      return s;
    },
    async optionChain(asOf: string): Promise<OptionChain | null> {
      // The same chain object for the same day, as a cache hands out: shared answers (core/share.ts)
      // know their inputs are unchanged by identity.
      let chain = chains.get(asOf);
      if (chain === undefined) {
        chain = demoOptionChain(demoData(), asOf);
        if (chains.size >= 256) chains.delete(chains.keys().next().value!);
        chains.set(asOf, chain);
      }
      return chain;
    },
  });
}
