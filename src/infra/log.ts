// JSON logs (pino) with every token and secret redacted, whatever path it hides under.
import { pino, type DestinationStream } from 'pino';
import type { Logger } from '../core/ports.ts';
import { scrubKnown } from '../core/secrets.ts';

export { silentLogger, type Logger } from '../core/ports.ts';

const SECRET_KEYS = [
  'token', 'botToken', 'appToken', 'signingSecret', 'authorization', 'Authorization', 'AUTH_KEY',
  'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'DISCORD_TOKEN', 'DISCORD_PUBLIC_KEY',
  'KRX_API_KEY', 'REDIS_URL', 'password', 'secret', 'cookie',
];

export const redactPaths = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
  'req.headers.authorization',
  'headers.authorization',
  'headers["x-slack-signature"]',
];

/**
 * Token-shaped strings that might slip into messages: Slack xox*- / xapp-, Discord bot tokens,
 * `Bearer …` credentials and the password of a URL (redis://:pw@host).
 */
const TOKEN_PATTERN = /\b(xox[abpre]-[\w-]+|xapp-[\w-]+|[MN][\w-]{23,25}\.[\w-]{6}\.[\w-]{27,})/g;
const BEARER = /\b(Bearer|Basic)\s+[\w.~+/=-]+/gi;
const URL_PASSWORD = /(\/\/[^/\s:@]*:)[^/\s@]+@/g;
/** Discord interaction webhooks (`/webhooks/<app>/<token>`) and Slack response URLs carry their token in the path. */
const WEBHOOK_PATH = /(\/webhooks\/\d+\/)[\w.-]{20,}/g;
const SLACK_HOOK = /(hooks\.slack\.com\/(?:commands|actions|services)\/)[^\s"'<>]+/g;

export function scrubSecrets(text: string): string {
  return scrubKnown(text)
    .replace(WEBHOOK_PATH, '$1[REDACTED]')
    .replace(SLACK_HOOK, '$1[REDACTED]')
    .replace(TOKEN_PATTERN, '[REDACTED]').replace(BEARER, '$1 [REDACTED]').replace(URL_PASSWORD, '$1[REDACTED]@');
}

/** Field names that hold secrets whatever their case or separators (SLACK_BOT_TOKEN, x-slack-signature, apiKey…). */
const SECRET_NAME = /token|secret|passw|authoriz|cookie|apikey|authkey|signature|privatekey|credential|redisurl/;
const isSecretName = (key: string): boolean => SECRET_NAME.test(key.toLowerCase().replace(/[^a-z]/g, ''));
const MAX_DEPTH = 8;

/**
 * A copy of a log object with secret-named fields redacted and token-shaped strings scrubbed at any
 * depth (pino's `redact` paths only reach fixed depths). Errors become their scrubbed serialization.
 */
function scrubObject(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return serializeError(value);
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Object]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => scrubObject(v, depth + 1, seen));
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.constructor.name} ${(value as Uint8Array).byteLength} bytes]`;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = isSecretName(k) && v != null && v !== '' ? '[REDACTED]' : scrubObject(v, depth + 1, seen);
  return out;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'stressbot' },
      redact: { paths: redactPaths, censor: '[REDACTED]' },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)) as typeof args;
          method.apply(this, scrubbed);
        },
      },
      formatters: { log: (obj) => scrubObject(obj, 0, new WeakSet()) as Record<string, unknown> },
      // Already serialized by the formatter; a bare `log.error(err)` still arrives as an Error.
      serializers: { err: (e: unknown) => (e instanceof Error || typeof e !== 'object' || e === null ? serializeError(e) : e) },
    },
    destination,
  );
}

function serializeError(e: unknown): Record<string, unknown> {
  if (!(e instanceof Error)) return { message: scrubSecrets(String(e)) };
  const out: Record<string, unknown> = { type: e.name, message: scrubSecrets(e.message), stack: e.stack ? scrubSecrets(e.stack) : undefined };
  // DataError and friends carry context (symbol, source, reason, code) worth keeping.
  for (const [k, v] of Object.entries(e)) {
    if (!(k in out) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) out[k] = typeof v === 'string' ? scrubSecrets(v) : v;
  }
  return out;
}

