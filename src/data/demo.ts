// The DEMO market: a deterministic synthetic data set (seeded, no network, no clock). The model
// lives in demo/model.ts, the series in demo/series.ts, the option chain in demo/options.ts and
// the randomness in demo/rng.ts; this file is the MarketData over them.
import { fileURLToPath } from 'node:url';
import { DataError } from '../core/errors.ts';
import type { MarketData } from '../core/types.ts';
import { DEMO_SYMBOLS, buildDemo } from './demo/series.ts';
import type { DemoData } from './demo/series.ts';
import type { OptionChain, Series } from '../core/types.ts';
import { demoOptionChain } from './demo/options.ts';
import { precomputedDemo } from './demo/precomputed.ts';
import { offerScoreHistory } from './scoreHistory.ts';

export { mulberry32 } from './demo/rng.ts';
export { DEMO_END, DEMO_EPISODES, DEMO_START, isDemoSession, type DemoCore, type DemoMarketCode } from './demo/model.ts';
export { buildDemo, DEMO_SYMBOLS, type DemoData } from './demo/series.ts';
export { demoOptionChain } from './demo/options.ts';

// ---------- the MarketData ----------

/**
 * The build's precomputed demo (demo/precomputed.ts), beside the compiled module: dist/data/demo/precomputed/.
 * From the sources (tests, tsx) there is none and everything is computed.
 */
const PRECOMPUTED_DIR = fileURLToPath(new URL('./demo/precomputed/', import.meta.url));

let built: DemoData | undefined;
/**
 * The demo data, shared once made (point arrays are frozen): each series read from the build's
 * precomputed files when they are there, else computed on first use. The model's core (the option
 * chain's dates) is built only when asked for.
 */
export function demoData(): DemoData {
  return (built ??= readOrBuild(PRECOMPUTED_DIR));
}

/** The demo over the precomputed files in `dir`, computing whatever is not there. */
export function readOrBuild(dir: string): DemoData {
  const pre = precomputedDemo(dir);
  let computed: DemoData | undefined;
  const compute = () => (computed ??= buildDemo());
  const read = new Map<string, Series | undefined>();
  const series = (symbol: string): Series | undefined => {
    if (!read.has(symbol)) {
      const s = DEMO_SYMBOLS.includes(symbol) ? pre.series(symbol) : undefined;
      read.set(symbol, s);
      // /kospi-stress's history of these very series, precomputed with them
      if (s && symbol === 'KOSPI') {
        offerScoreHistory(s.points, ([ndx, vix, vkospi]) =>
          ndx === series('NDX')?.points && vix === series('VIX')?.points && vkospi === series('VKOSPI')?.points ? pre.history() : undefined,
        );
      }
    }
    return read.get(symbol) ?? compute().series(symbol);
  };
  return {
    get core() {
      return compute().core;
    },
    series,
  };
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
