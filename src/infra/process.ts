// Building the process's pieces from config: shared by `npm start`, the one-shot CLI, the bench and
// the tests, so each runs the same assembly: the registry's commands, a rate limiter, the digest store.
import { loadConfig, ConfigError, configSecrets, type Config } from '../config.ts';
import { addSecret } from '../core/secrets.ts';
import { createLogger, type Logger } from './log.ts';
import { createCore, type Core, type CoreOptions } from '../core/pipeline.ts';
import { createMarketData } from '../data/index.ts';
import { latestCompleteSession, nextKrxSession, previousKrxSession } from '../data/calendar.ts';
import type { SessionCalendar } from '../core/actions.ts';
import { commands as registry } from '../commands/registry.ts';
import { digestSchedule } from '../digest/schedule.ts';
import type { DigestStore } from '../digest/store.ts';
import type { AlertStore } from '../core/ports.ts';
import { sharedRedis } from './redis.ts';
import { memoryRateLimiter, redisRateLimiter } from './rateLimit.ts';
import { deliveryDedupe, memoryDedupe } from './dedupe.ts';
import { memoryActionIds, processActionIds } from './actionIds.ts';

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

/** KRX stepping for the answers' ◀ ▶ follow-ups. */
let latestIn: { minute: number; date: string } | undefined;
const krxCalendar: SessionCalendar = {
  previous: previousKrxSession,
  next: nextKrxSession,
  // Every answer asks it (~0.1 ms of time-zone arithmetic); a KRX close is on a whole minute, so it holds for the minute.
  latest: (now) => {
    const minute = Math.floor(now.getTime() / 60_000);
    if (latestIn?.minute !== minute) latestIn = { minute, date: latestCompleteSession('KR', now) };
    return latestIn.date;
  },
};

export type BotCoreOptions = Omit<CoreOptions, 'commands' | 'limiter' | 'dedupe' | 'actionIds' | 'digest'> &
  Partial<Pick<CoreOptions, 'commands' | 'limiter' | 'dedupe' | 'actionIds'>> & {
    /** The digest store: subscriptions for /digest, with the schedule's rules. */
    digest?: DigestStore;
    /** Alert rules (/alert); the console keeps them in memory when none is given. */
    alerts?: AlertStore;
  };

/** A core over the registry (unless given another list), rate limits and dedupe in memory unless given stores. */
export function createBotCore(opts: BotCoreOptions): Core {
  const { digest, alerts, ...rest } = opts;
  return createCore({
    calendar: krxCalendar,
    ...rest,
    commands: opts.commands ?? registry,
    limiter: opts.limiter ?? memoryRateLimiter(opts.config.RATE_LIMIT_PER_MIN),
    dedupe: opts.dedupe ?? memoryDedupe(),
    actionIds: opts.actionIds ?? memoryActionIds(),
    ...(digest ? { digest: { store: digest, schedule: digestSchedule, ...(alerts ? { alerts } : {}) } } : {}),
  });
}

export function buildCore(config: Config, log: Logger = createLogger(config.LOG_LEVEL, process.stderr), extra: Partial<BotCoreOptions> = {}): Core {
  // Lazy: a one-shot CLI answer has no asker to rate-limit and never connects.
  const shared = config.REDIS_URL ? sharedRedis(config.REDIS_URL, log) : undefined;
  let warned = 0;
  const limiter = shared
    ? redisRateLimiter(shared.redis, config.RATE_LIMIT_PER_MIN, {
        whenDown: config.RATE_LIMIT_ON_REDIS_DOWN,
        guard: (op) => shared.guard(op),
        onError: (err) => {
          // Once a minute at most: during an outage every command comes through here.
          if (Date.now() - warned < 60_000) return;
          warned = Date.now();
          log.warn({ err, whenDown: config.RATE_LIMIT_ON_REDIS_DOWN }, `rate limit store unavailable; limits ${config.RATE_LIMIT_ON_REDIS_DOWN === 'closed' ? 'refuse every command' : 'count in this process'}`);
        },
      })
    : undefined;
  return createBotCore({
    config,
    log,
    market: extra.market ?? createMarketData(config, log, shared ? { redis: shared } : {}),
    render: (spec) => import('../render/chart.ts').then((m) => m.renderChart(spec)),
    ...(limiter ? { limiter } : {}),
    dedupe: deliveryDedupe(shared, log),
    actionIds: processActionIds(shared, log),
    ...extra,
  });
}
