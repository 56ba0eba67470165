// Building the process's pieces from config: shared by `npm start` and the one-shot CLI.
import { loadConfig, ConfigError, type Config } from '../config.ts';
import { createLogger, type Logger } from './log.ts';
import { createCore, type Core, type CoreOptions } from './core.ts';
import { createMarketData } from '../data/index.ts';
import { renderChart } from '../render/chart.ts';

/** Parse the environment once; a bad variable ends the process with one line naming it. */
export function configOrExit(env: NodeJS.ProcessEnv, exitCode: number): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(exitCode);
    }
    throw err;
  }
}

export function buildCore(config: Config, log: Logger = createLogger(config.LOG_LEVEL, process.stderr), extra: Partial<CoreOptions> = {}): Core {
  return createCore({ config, log, market: createMarketData(config, log), render: renderChart, ...extra });
}
