// The only reader of process.env: parsed once at start, failing with the variable's name.
import { z } from 'zod';
import { parseLiveSources } from './data/live/sources.ts';

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? String(fallback) : v))
    .transform(Number)
    .pipe(z.number().int().positive());

export const configSchema = z
  .object({
    DATA_SOURCE: z.enum(['demo', 'live', 'csv']).default('demo'),
    DATA_DIR: optional,
    /** Where SQLite and other state live. */
    DATA_HOME: z.string().default('./var'),
    /** Where the console and CLI write chart PNGs. */
    OUT_DIR: z.string().default('./out'),

    SLACK_BOT_TOKEN: optional,
    SLACK_SIGNING_SECRET: optional,
    SLACK_APP_TOKEN: optional,
    SLACK_API_URL: optional.pipe(z.url().optional()),

    DISCORD_TOKEN: optional,
    DISCORD_APP_ID: optional,
    DISCORD_PUBLIC_KEY: optional,
    DISCORD_API_URL: optional.pipe(z.url().optional()),

    PORT: positiveInt(3000).pipe(z.number().max(65535)),
    HOST: z.string().default('127.0.0.1'),

    DIGEST_CRON: z.string().default('30 8 * * 1-5'),
    DIGEST_TZ: z.string().default('Asia/Seoul'),

    REDIS_URL: optional,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    KRX_API_KEY: optional,
    /** Upstream base URLs, overridable for tests and proxies. */
    YAHOO_API_URL: z.url().default('https://query1.finance.yahoo.com'),
    FRED_API_URL: z.url().default('https://fred.stlouisfed.org'),
    CBOE_API_URL: z.url().default('https://cdn.cboe.com'),
    KRX_API_URL: z.url().default('https://data-dbg.krx.co.kr/svc/apis'),
    STOOQ_API_URL: z.url().default('https://stooq.com'),
    HTTP_TIMEOUT_MS: positiveInt(8000),
    /** Per-symbol provider order for DATA_SOURCE=live, e.g. `VIX=fred,yahoo;NDX=fred`. */
    LIVE_SOURCES: optional,
    /** Years of daily history asked of whole-history sources (Yahoo, FRED). */
    LIVE_HISTORY_YEARS: positiveInt(10),
    /** Calendar days of history fetched date by date from the KRX Open API (one request per day and board). */
    KRX_HISTORY_DAYS: positiveInt(400),

    RATE_LIMIT_PER_MIN: positiveInt(10),
    /** The language when neither the line, the channel nor the platform names one: en or ko. */
    BOT_LOCALE: z.enum(['en', 'ko']).default('en'),
    /** Comma-separated AI basket symbols for /ai-basket. */
    AI_BASKET: z.string().default('SAMSUNG,SKHYNIX,TSMC'),
    /** Start the console prompt even when platform adapters run. */
    CONSOLE: flag,
  })
  .superRefine((c, ctx) => {
    try {
      parseLiveSources(c.LIVE_SOURCES);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['LIVE_SOURCES'], message: (err as Error).message });
    }
    if (c.DATA_SOURCE === 'csv' && !c.DATA_DIR) {
      ctx.addIssue({ code: 'custom', path: ['DATA_DIR'], message: 'is required when DATA_SOURCE=csv' });
    }
    if (c.SLACK_BOT_TOKEN && !c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'is required with SLACK_BOT_TOKEN unless SLACK_APP_TOKEN selects Socket Mode',
      });
    }
    if (c.DISCORD_TOKEN && !c.DISCORD_APP_ID) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_APP_ID'], message: 'is required with DISCORD_TOKEN' });
    }
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parse the environment once; the message names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`);
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}

/** Defaults for tests and tools: the same schema over an empty environment plus overrides. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', ...overrides });
}
