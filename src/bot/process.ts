// Building the process's pieces from config: shared by `npm start` and the one-shot CLI.
import { loadConfig, ConfigError, configSecrets, type Config } from '../config.ts';
import { addSecret } from '../core/secrets.ts';
import { createLogger, type Logger } from './log.ts';
import { createCore, type Core, type CoreOptions } from './core.ts';
import { createMarketData } from '../data/index.ts';
import { connectRedis } from './redis.ts';
import { redisRateLimiter } from './rateLimit.ts';

/** Parse the environment once; a bad variable ends the process with one line naming it. */
export function configOrExit(env: NodeJS.ProcessEnv, exitCode: number): Config {
  try {
    const config = loadConfig(env);
    // From here on no log line, reply or metric carries a configured secret's value.
    for (const secret of configSecrets(config)) addSecret(secret);
    return config;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(exitCode);
    }
    throw err;
  }
}

export function buildCore(config: Config, log: Logger = createLogger(config.LOG_LEVEL, process.stderr), extra: Partial<CoreOptions> = {}): Core {
  // Lazy: a one-shot CLI answer has no asker to rate-limit and never connects.
  const client = config.REDIS_URL ? connectRedis(config.REDIS_URL, log, 'rate limits', { lazyConnect: true }) : undefined;
  let warned = 0;
  const limiter = client
    ? redisRateLimiter(client.redis, config.RATE_LIMIT_PER_MIN, {
        whenDown: config.RATE_LIMIT_ON_REDIS_DOWN,
        guard: (op) => client.guard(op),
        onError: (err) => {
          // Once a minute at most: during an outage every command comes through here.
          if (Date.now() - warned < 60_000) return;
          warned = Date.now();
          log.warn({ err, whenDown: config.RATE_LIMIT_ON_REDIS_DOWN }, `rate limit store unavailable; limits ${config.RATE_LIMIT_ON_REDIS_DOWN === 'closed' ? 'refuse every command' : 'count in this process'}`);
        },
      })
    : undefined;
  return createCore({ config, log, market: extra.market ?? createMarketData(config, log), render: (spec) => import('../render/chart.ts').then((m) => m.renderChart(spec)), limiter, ...extra });
}
