// JSON logs (pino) with every token and secret redacted, whatever path it hides under.
import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

export type Logger = PinoLogger;

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

/** Token-shaped strings that might slip into messages: Slack xox*- / xapp-, Discord bot tokens. */
const TOKEN_PATTERN = /\b(xox[abpre]-[\w-]+|xapp-[\w-]+|[MN][\w-]{23,25}\.[\w-]{6}\.[\w-]{27,})/g;

export function scrubSecrets(text: string): string {
  return text.replace(TOKEN_PATTERN, '[REDACTED]');
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
      serializers: { err: (e: unknown) => serializeError(e) },
    },
    destination,
  );
}

function serializeError(e: unknown): Record<string, unknown> {
  if (!(e instanceof Error)) return { message: scrubSecrets(String(e)) };
  return { type: e.name, message: scrubSecrets(e.message), stack: e.stack ? scrubSecrets(e.stack) : undefined };
}

export const silentLogger: Logger = pino({ level: 'silent' });
