// Secrets scrubbed by value: a configured key with no token shape, echoed by an upstream into an
// error, reaches no log line, no reply and no metric; interaction tokens and response URLs neither.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { addSecret, addTransientSecret, clearSecrets, REDACTED, scrubDeep, scrubKnown } from '../../src/core/secrets.ts';
import { configSecrets, testConfig } from '../../src/config.ts';
import { createLogger } from '../../src/infra/log.ts';
import { answer } from '../../src/core/router.ts';
import { createMetrics } from '../../src/infra/metrics.ts';
import { DataError } from '../../src/core/errors.ts';
import type { Command, Context } from '../../src/core/types.ts';
import { z } from 'zod';

// No token shape at all: a pattern scrubber cannot know it is a secret.
const KRX_KEY = 'plainwordskey4242';

afterEach(() => clearSecrets());

function capture() {
  const lines: string[] = [];
  const sink = new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) });
  return { log: createLogger('debug', sink), text: () => lines.join('') };
}

describe('configSecrets', () => {
  it('lists every secret-named setting and the credentials inside URL settings, nothing else', () => {
    const config = testConfig({
      KRX_API_KEY: KRX_KEY, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'sign-secret-1', SLACK_APP_TOKEN: 'xapp-1',
      METRICS_TOKEN: 'metrics-token-1', REDIS_URL: 'redis://user:p%40ss-word@cache:6379',
    });
    const s = configSecrets(config);
    expect(s).toEqual(expect.arrayContaining([KRX_KEY, 'xoxb-1', 'sign-secret-1', 'xapp-1', 'metrics-token-1', 'p@ss-word', 'p%40ss-word']));
    expect(s).not.toContain('demo');
    expect(s).not.toContain('127.0.0.1');
  });
});

describe('scrubbing by value', () => {
  it('replaces the value wherever it sits, also percent- and JSON-encoded', () => {
    addSecret('a/b"secret!value');
    expect(scrubKnown('x a/b"secret!value y')).toBe(`x ${REDACTED} y`);
    expect(scrubKnown(`q=${encodeURIComponent('a/b"secret!value')}`)).toBe(`q=${REDACTED}`);
    expect(scrubKnown(JSON.stringify({ k: 'a/b"secret!value' }))).toBe(`{"k":"${REDACTED}"}`);
    expect(scrubKnown('short')).toBe('short');
  });

  it('forgets a transient secret after its life, and keeps unchanged objects as they are', () => {
    const t0 = Date.now();
    addTransientSecret('interaction-token-abcdef', 60_000, t0 - 61_000);
    expect(scrubKnown('interaction-token-abcdef')).toBe('interaction-token-abcdef');
    addTransientSecret('interaction-token-abcdef', 60_000);
    expect(scrubKnown('see interaction-token-abcdef')).toBe(`see ${REDACTED}`);
    const big = { data: { xs: [1, 2, 3], s: 'clean' } };
    expect(scrubDeep(big)).toBe(big);
    const dirty = { data: { xs: [1], s: 'has interaction-token-abcdef' } };
    expect(scrubDeep(dirty)).toEqual({ data: { xs: [1], s: `has ${REDACTED}` } });
    expect(dirty.data.s).toContain('interaction-token'); // the original is not mutated
  });

  it('finds one value among a burst of registered response URLs, wherever it sits in a string', () => {
    // 500 Slack commands' response URLs: all share their start, only their ends differ.
    const urls = Array.from({ length: 500 }, (_, i) => `https://hooks.slack.com/commands/T1/${1000 + i}/tok${i}xyzabc`);
    for (const u of urls) addTransientSecret(u, 60_000);
    addSecret('shortish'); // a permanent value whose end is also the end of a longer text below
    const u = urls[377]!;
    expect(scrubKnown(`posting to ${u} failed`)).toBe(`posting to ${REDACTED} failed`);
    expect(scrubKnown(`q=${encodeURIComponent(u)}&x=1`)).toBe(`q=${REDACTED}&x=1`);
    expect(scrubKnown(JSON.stringify({ url: u }))).toBe(`{"url":"${REDACTED}"}`);
    expect(scrubKnown('not-shortish-at-all')).toBe(`not-${REDACTED}-at-all`);
    // A neighbour's URL with one character changed is not a registered value.
    const near = u.replace('tok377', 'tok378x');
    expect(scrubKnown(near)).toBe(near);
    const report = { headline: 'calm', fields: [{ label: 'Close', value: '2,500' }], charts: [{ xs: [1, 2, 3], labels: ['2025-01-02', u] }] };
    const out = scrubDeep(report);
    expect(out.charts[0]!.labels[1]).toBe(REDACTED);
    expect(out.fields).toBe(report.fields); // untouched parts are not copied
    expect(report.charts[0]!.labels[1]).toBe(u);
  });

  it('a large part found clean is checked again against every value registered since, however it was remembered', () => {
    addSecret('permanent-secret-1');
    // A kept answer's charts: walked whole once, then re-checked against new values only.
    const labels = Array.from({ length: 600 }, (_, i) => `2025-01-${String(i % 28).padStart(2, '0')}`);
    const chart = { title: 'KOSPI', xs: Array.from({ length: 600 }, (_, i) => i), labels };
    const report = { headline: 'calm', charts: [chart] };
    expect(scrubDeep(report)).toBe(report);
    expect(scrubDeep(report)).toBe(report);
    // A value registered later that the remembered text holds: found, and only its string replaced.
    addTransientSecret('2025-01-17', 60_000);
    const out = scrubDeep({ kind: 'answer', report });
    expect(out.report.charts[0]!.labels.filter((l) => l === REDACTED)).toHaveLength(labels.filter((l) => l === '2025-01-17').length);
    expect(out.report.charts[0]!.xs).toBe(chart.xs);
    expect(labels).toContain('2025-01-17'); // the kept answer itself is not mutated
    // Past the trimmed history of registered values (a long burst), the whole text is checked again.
    clearSecrets();
    addSecret('permanent-secret-1');
    const other = { charts: [{ xs: chart.xs, labels: [...labels.slice(0, 599), 'ends with burst-url-4999'] }] };
    expect(scrubDeep(other)).toBe(other);
    for (let i = 0; i < 5_000; i++) addTransientSecret(`burst-url-${i}`, 60_000);
    expect(scrubDeep(other).charts[0]!.labels[599]).toBe(`ends with ${REDACTED}`);
  });

  it('logs: an upstream error echoing the key leaves no trace in any line, message, field or stack', () => {
    addSecret(KRX_KEY);
    const { log, text } = capture();
    const err = new DataError('VKOSPI', 'krx', `HTTP 401: key ${KRX_KEY} refused`);
    log.error({ err, body: { respMsg: `bad key ${KRX_KEY}` }, url: `https://x/y?AUTH_KEY=${KRX_KEY}` }, `upstream said ${KRX_KEY}`);
    log.warn(`plain ${KRX_KEY}`);
    expect(text()).not.toContain(KRX_KEY);
    expect(text()).toContain(REDACTED);
  });

  it('logs: a Discord webhook URL and a Slack response URL lose their tokens even unregistered', () => {
    const { log, text } = capture();
    log.error({ err: Object.assign(new Error('Unknown Webhook'), { url: 'https://discord.com/api/v10/webhooks/123456789/aW50ZXJhY3Rpb246MTIzNDU2Nzg5OnNlY3JldA/messages/@original' }) }, 'edit failed');
    log.warn('posting to https://hooks.slack.com/commands/T1/123/abcDEF456secret failed');
    expect(text()).not.toContain('aW50ZXJhY3Rpb246MTIzNDU2Nzg5OnNlY3JldA');
    expect(text()).not.toContain('abcDEF456secret');
  });

  it('replies: a DataError echoing the key is answered without it', async () => {
    addSecret(KRX_KEY);
    const args = z.object({});
    const echo: Command<typeof args> = {
      name: 'echo', summary: 's', args, examples: ['/echo'],
      run: async () => {
        throw new DataError('VKOSPI', 'krx', `upstream said: invalid key ${KRX_KEY}`);
      },
    };
    const { log } = capture();
    const o = await answer('/echo', { log } as unknown as Context, { commands: [echo] });
    expect(o.kind).toBe('data');
    expect(JSON.stringify(o)).not.toContain(KRX_KEY);
    expect(o.kind === 'data' && o.message).toContain('VKOSPI from krx');
  });

  it('metrics: the scrape carries no secret value', async () => {
    addSecret('metric-label-secret');
    const m = createMetrics({ processMetrics: false });
    m.observeCommand('metric-label-secret', 'answer', 1);
    const { body } = await m.scrape();
    expect(body).not.toContain('metric-label-secret');
    expect(body).toContain('stressbot_commands_total');
  });
});
