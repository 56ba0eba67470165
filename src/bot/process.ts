// Building the process's pieces from config: shared by `npm start` and the one-shot CLI.
import { loadConfig, ConfigError, type Config } from '../config.ts';
import { createLogger, type Logger } from './log.ts';
import { createCore, type Core, type CoreOptions } from './core.ts';
import { createMarketData } from '../data/index.ts';
import { redisRateLimiter, type RateLimiter } from './rateLimit.ts';

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
  // Lazy, client and module both: a one-shot CLI answer has no asker to rate-limit, never connects and
  // never pays for loading ioredis (start-up time).
  let shared: Promise<RateLimiter> | undefined;
  const limiter: RateLimiter | undefined = config.REDIS_URL
    ? {
        take: async (key) =>
          (await (shared ??= import('./redis.ts').then(({ connectRedis }) =>
            redisRateLimiter(
              connectRedis(config.REDIS_URL!, log, 'rate limits', { lazyConnect: true }).redis,
              config.RATE_LIMIT_PER_MIN,
              (err) => log.warn({ err }, 'rate limit store unavailable; letting the command through'),
            ),
          ))).take(key),
      }
    : undefined;
  return createCore({ config, log, market: extra.market ?? createMarketData(config, log), render: (spec) => import('../render/chart.ts').then((m) => m.renderChart(spec)), limiter, ...extra });
}
