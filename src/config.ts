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

/** Unset means "decide for me" (CONSOLE: only with a terminal); 1/0 force it on or off. */
const tristate = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v === '1' || v === 'true' || v === 'yes'));

const wholeNumber = (fallback: number, message: string, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? String(fallback) : v.trim()))
    .refine((v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= max, { message })
    .transform(Number);

const positiveInt = (fallback: number) => wholeNumber(fallback, 'must be a whole number above 0');

export const configSchema = z
  .object({
    DATA_SOURCE: z.enum(['demo', 'live', 'csv']).default('demo'),
    DATA_DIR: optional,
    /** Where SQLite and other state live. */
    DATA_HOME: z.string().default('./var'),
    /** Where the console and CLI write chart PNGs. */
    OUT_DIR: z.string().default('./out'),
    /** Extra /calendar events (BOK rate decisions, one-off closures): a CSV `date,kind,label,source`. */
    CALENDAR_CSV: optional,
    /** The close-flow warning's time in Seoul on KRX trading days (HH:MM). */
    CLOSEFLOW_TIME: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM, e.g. 15:00').default('15:00'),

    SLACK_BOT_TOKEN: optional,
    SLACK_SIGNING_SECRET: optional,
    SLACK_APP_TOKEN: optional,
    SLACK_API_URL: optional.pipe(z.url().optional()),
    /** Slack distribution (OAuth install in many workspaces), instead of SLACK_BOT_TOKEN: Basic Information → App Credentials. */
    SLACK_CLIENT_ID: optional,
    SLACK_CLIENT_SECRET: optional,
    /** Any long random string: signs the OAuth `state` so an install cannot be forged. */
    SLACK_STATE_SECRET: optional,

    DISCORD_TOKEN: optional,
    DISCORD_APP_ID: optional,
    DISCORD_PUBLIC_KEY: optional,
    DISCORD_API_URL: optional.pipe(z.url().optional()),
    /** Gateway shards of the whole bot: `auto` asks Discord (GET /gateway/bot), a number fixes it; unset = one connection. */
    SHARD_COUNT: optional.refine((v) => v === undefined || v === 'auto' || (/^\d+$/.test(v) && Number(v) >= 1), {
      message: "must be 'auto' or a whole number above 0, e.g. SHARD_COUNT=4",
    }),
    /** This process's share of the shards, comma-separated (e.g. `0,1` of SHARD_COUNT=4); unset = all of them. */
    SHARD_IDS: optional.refine((v) => v === undefined || /^\d+(\s*,\s*\d+)*$/.test(v), { message: 'must be shard numbers separated by commas, e.g. SHARD_IDS=0,1' }),

    PORT: wholeNumber(3000, 'must be a port number 1–65535', 65535),
    HOST: z.string().default('127.0.0.1'),
    /** The web playground: `auto` serves it only on a loopback HOST; `on` anywhere (e.g. HOST=0.0.0.0 in Docker). */
    PLAYGROUND: z.enum(['auto', 'on', 'off']).default('auto'),
    /** /metrics on a port of its own (bound to HOST); without it, /metrics is served beside the webhooks only on a loopback HOST or with METRICS_TOKEN. */
    METRICS_PORT: optional.transform((v) => (v === undefined ? undefined : Number(v))).pipe(z.number().int().min(1).max(65535).optional()),
    /** Bearer token /metrics asks for (any HOST). */
    METRICS_TOKEN: optional,
    /** Extra Host header names served on a loopback HOST (localhost, 127.0.0.1 and [::1] always are): guards against DNS rebinding. */
    ALLOWED_HOSTS: optional,
    /** Longest SIGTERM waits for accepted commands to finish replying (answers, charts, updates). */
    SHUTDOWN_DRAIN_MS: positiveInt(25_000),

    DIGEST_CRON: z.string().default('30 8 * * 1-5'),
    DIGEST_TZ: z.string().default('Asia/Seoul'),

    REDIS_URL: optional,
    /** PostgreSQL for subscriptions, alerts, settings, the post ledger and Slack installs (default: SQLite in DATA_HOME). */
    DATABASE_URL: optional.pipe(z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional()),
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
    /** Years of daily history asked of whole-history sources (Yahoo, FRED): the stress score ranks against 20. */
    LIVE_HISTORY_YEARS: positiveInt(20),
    /** Calendar days of history fetched date by date from the KRX Open API (one request per day and board). */
    KRX_HISTORY_DAYS: positiveInt(400),

    RATE_LIMIT_PER_MIN: positiveInt(10),
    /** The language when neither the line, the channel nor the platform names one: en or ko. */
    BOT_LOCALE: z.enum(['en', 'ko']).default('en'),
    /** With REDIS_URL, while Redis is down: `local` counts in this process, `closed` refuses commands. */
    RATE_LIMIT_ON_REDIS_DOWN: z.enum(['local', 'closed']).default('local'),
    /** Comma-separated AI basket symbols for /ai-basket. */
    AI_BASKET: z.string().default('SAMSUNG,SKHYNIX,TSMC'),
    /** The console prompt: by default only when stdin is a terminal and no platform adapter runs; 1 forces it (a pipe too), 0 never. */
    CONSOLE: tristate,
    /** Also rate-limit the console and a playground bound to loopback (exempt by default: one person at their own machine). */
    RATE_LIMIT_LOCAL: flag,
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
    if (c.SLACK_CLIENT_ID) {
      for (const name of ['SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'SLACK_SIGNING_SECRET'] as const) {
        if (!c[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required with SLACK_CLIENT_ID (OAuth distribution runs over HTTP)' });
      }
      if (c.SLACK_BOT_TOKEN) {
        ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'must be unset with SLACK_CLIENT_ID: each workspace’s token comes from its install (use one or the other)' });
      }
    }
    if (c.DISCORD_TOKEN && !c.DISCORD_APP_ID) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_APP_ID'], message: 'is required with DISCORD_TOKEN' });
    }
    if (c.SHARD_IDS) {
      const count = c.SHARD_COUNT === undefined || c.SHARD_COUNT === 'auto' ? undefined : Number(c.SHARD_COUNT);
      if (count === undefined) {
        ctx.addIssue({ code: 'custom', path: ['SHARD_IDS'], message: 'needs a numeric SHARD_COUNT (every process must agree on the total), e.g. SHARD_COUNT=4 SHARD_IDS=0,1' });
      } else if (shardIds(c.SHARD_IDS).some((id) => id >= count)) {
        ctx.addIssue({ code: 'custom', path: ['SHARD_IDS'], message: `must be below SHARD_COUNT=${count} (shards count from 0), e.g. SHARD_IDS=0` });
      }
    }
  });

export type Config = z.infer<typeof configSchema>;

/** SHARD_IDS as numbers (the schema has checked the form). */
export function shardIds(value: string): number[] {
  return value.split(',').map((v) => Number(v.trim()));
}

const SECRET = /TOKEN|SECRET|KEY|PASSWORD|REDIS_URL|DATABASE_URL/;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parse the environment once; the message names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env): Config {
  // An empty value means unset (`VAR=` lines of an env file, as .env.example has them): the default applies.
  const parsed = configSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== '')));
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    const name = i.path.join('.') || 'environment';
    const value = typeof i.path[0] === 'string' ? env[i.path[0]] : undefined;
    // The value typed is shown back unless it may be a secret (tokens, keys, URLs with passwords).
    const shown = value !== undefined && value !== '' && !SECRET.test(name) ? `, got '${value.length > 60 ? `${value.slice(0, 60)}…` : value}'` : '';
    const message = i.code === 'invalid_value' ? `must be one of ${i.values.filter((v) => v !== '').join(', ')}` : i.message;
    return `${name} ${message}${shown}`;
  });
  throw new ConfigError(problems.join('; '));
}

/** Names of settings whose values are credentials (the schema's keys, by name). */
const SECRET_SETTING = /TOKEN|SECRET|PASSWORD|_KEY$/;

/**
 * Every credential in `config`, for scrubbing by value: secret-named settings, and the user and
 * password inside any URL setting (REDIS_URL, DATABASE_URL).
 */
export function configSecrets(config: Config): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(config)) {
    if (typeof value !== 'string' || value === '') continue;
    if (SECRET_SETTING.test(name)) out.push(value);
    if (/_URL$/.test(name)) {
      try {
        const u = new URL(value);
        if (u.password) out.push(decodeURIComponent(u.password), u.password);
        if (u.username && u.password) out.push(`${u.username}:${u.password}`);
      } catch {
        // Not a URL: nothing inside it to find.
      }
    }
  }
  return out;
}

/** Defaults for tests and tools: the same schema over an empty environment plus overrides. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', ...overrides });
}
