// Logs are JSON lines (pino) and never carry a token or secret, wherever it hides: a config object at
// any depth, a header, a message string, an error's message or stack, a value inside an object.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from '../../src/infra/log.ts';
import { testConfig } from '../../src/config.ts';
import { DataError } from '../../src/core/errors.ts';

const SLACK_BOT = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx';
const SLACK_APP = 'xapp-1-A0123456789-1234567890123-abcdef0123456789abcdef0123456789';
const SLACK_USER = 'xoxp-1111-2222-3333-deadbeefdeadbeef';
const DISCORD = 'MTA5ODc2NTQzMjEwOTg3NjU0.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456789AB';
const SIGNING = '8f14e45fceea167a5a36dedd4bea2543';
const KRX_KEY = 'KRXKEY-0123456789ABCDEF0123456789';
const REDIS = 'redis://:hunter2-redis-password@cache.internal:6379/0';
const SECRETS = [SLACK_BOT, SLACK_APP, SLACK_USER, DISCORD, SIGNING, KRX_KEY, 'hunter2-redis-password'];

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger('debug', sink), lines, text: () => lines.join('\n') };
}

const expectClean = (text: string) => {
  for (const s of SECRETS) expect(text, `leaked ${s.slice(0, 8)}…`).not.toContain(s);
};

describe('logging: JSON lines with secrets redacted', () => {
  it('writes one JSON object per line with level, time, app and message', () => {
    const { log, lines } = capture();
    log.info({ command: 'kospi-stress', ms: 12 }, 'answered');
    const row = JSON.parse(lines[0]!);
    expect(row).toMatchObject({ level: 30, app: 'stressbot', command: 'kospi-stress', ms: 12, msg: 'answered' });
    expect(typeof row.time).toBe('number');
  });

  it('redacts the whole config, top level or nested, by key', () => {
    const { log, text } = capture();
    const config = testConfig({ SLACK_BOT_TOKEN: SLACK_BOT, SLACK_APP_TOKEN: SLACK_APP, SLACK_SIGNING_SECRET: SIGNING, DISCORD_TOKEN: DISCORD, DISCORD_APP_ID: '1', KRX_API_KEY: KRX_KEY, REDIS_URL: REDIS });
    log.info(config, 'config at top level');
    log.info({ config }, 'config one level down');
    log.info({ boot: { settings: { config } } }, 'config three levels down');
    log.info({ adapters: [{ name: 'slack', botToken: SLACK_BOT, appToken: SLACK_APP }] }, 'in an array');
    expectClean(text());
    expect(text()).toContain('[REDACTED]');
    // Values that are not secret stay readable.
    expect(text()).toContain('"DATA_SOURCE":"demo"');
  });

  it('redacts authorization headers, lower and upper case, and key-like fields', () => {
    const { log, text } = capture();
    log.info({ req: { headers: { authorization: `Bearer ${SLACK_BOT}` } } }, 'request');
    log.info({ headers: { Authorization: `Bot ${DISCORD}`, 'x-slack-signature': `v0=${SIGNING}` } }, 'outgoing');
    log.info({ upstream: { headers: { AUTH_KEY: KRX_KEY } } }, 'krx');
    log.info({ token: SLACK_BOT, password: 'hunter2-redis-password', secret: SIGNING }, 'plain keys');
    expectClean(text());
  });

  it('scrubs token-shaped strings in messages, in string fields and in errors', () => {
    const { log, text } = capture();
    log.info(`posting with ${SLACK_BOT} to C123`);
    log.warn({ line: `/kospi-stress ${SLACK_USER}`, nested: { note: `token=${SLACK_APP}` } }, 'user typed a token');
    log.error({ err: new Error(`auth failed for ${DISCORD}`) }, 'discord login failed');
    log.error({ err: new DataError('KOSPI', 'krx', `401 for key in header Authorization: Bearer ${SLACK_BOT}`) }, 'data');
    log.error({ cause: new Error(`redis ${REDIS} refused`) }, 'an error under another key');
    log.info({ url: REDIS }, 'a URL with a password');
    log.info('upstream call with Authorization: Bearer sk-live-0123456789abcdef failed');
    expectClean(text());
    expect(text()).not.toContain('sk-live-0123456789abcdef');
    const err = JSON.parse(text().split('\n')[2]!).err;
    expect(err).toMatchObject({ type: 'Error', message: 'auth failed for [REDACTED]' });
  });

  it('scrubSecrets leaves ordinary text alone', () => {
    expect(scrubSecrets('KOSPI -3.1% at 2,450; see /kospi-stress asof=2024-08-05')).toBe('KOSPI -3.1% at 2,450; see /kospi-stress asof=2024-08-05');
  });
});
