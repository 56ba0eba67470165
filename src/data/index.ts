// The data layer's front door: pick the MarketData that DATA_SOURCE names.
import { ConfigError, type Config } from '../config.ts';
import type { Logger } from '../core/ports.ts';
import type { MarketData } from '../core/types.ts';
import { csvMarket } from './csvMarket.ts';
import { demoMarket } from './demo.ts';
import { createLiveMarket, type LiveMarketOptions } from './live/index.ts';

export { parseSeriesCsv, parseSeriesJson } from './csv.ts';
export { csvMarket, type CsvMarket } from './csvMarket.ts';
export { demoMarket } from './demo.ts';
export { writeSnapshot } from './snapshot.ts';
export { SYMBOLS, SYMBOL_INFO, isSymbol, type SymbolInfo } from './symbols.ts';

/** demo (default), csv (DATA_DIR; throws ConfigError when it is not a folder) or live (the real providers, cached). */
export function createMarketData(config: Config, log?: Logger, live: LiveMarketOptions = {}): MarketData {
  switch (config.DATA_SOURCE) {
    case 'demo':
      return demoMarket();
    case 'csv':
      // The config schema requires DATA_DIR with DATA_SOURCE=csv; a hand-built Config may not.
      if (!config.DATA_DIR) throw new ConfigError('Invalid configuration: DATA_DIR is required when DATA_SOURCE=csv');
      return csvMarket(config.DATA_DIR, log);
    case 'live':
      return createLiveMarket(config, { log, ...live });
  }
}
