// Against a real redis-server (TEST_REDIS_URL, e.g. redis://127.0.0.1:6391 started by .ci/run).
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { redisDedupe } from '../../src/infra/dedupe.ts';
import { startSlack } from '../../src/bot/slack/index.ts';
import { buildCore } from '../../src/infra/process.ts';
import { closeSharedRedis } from '../../src/infra/redis.ts';
import { createHttpServer } from '../../src/infra/http.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { testConfig } from '../../src/config.ts';
import { mentionBody, sendSigned, startFakeSlack } from '../bot/slack/fakeSlack.ts';
import { market, render } from '../bot/slack/fixtures.ts';

const url = process.env.TEST_REDIS_URL;
const REASON = 'needs a redis-server: set TEST_REDIS_URL (e.g. redis://127.0.0.1:6391)';

describe.skipIf(!url)(`Redis dedupe (${url ? url : REASON})`, () => {
  const a = url ? new Redis(url, { maxRetriesPerRequest: 1 }) : undefined;
  const b = url ? new Redis(url, { maxRetriesPerRequest: 1 }) : undefined;
  afterAll(async () => {
    await a?.quit();
    await b?.quit();
    await closeSharedRedis();
  });

  it('lets exactly one of two replicas answer an event delivered to both at once', async () => {
    const key = `slack:event:Ev-${randomUUID()}`;
    const results = await Promise.all([redisDedupe(a!, silentLogger).first(key), redisDedupe(b!, silentLogger).first(key)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await a!.pttl(`stressbot:delivery:${key}`)).toBeGreaterThan(14 * 60_000);
  });

  it('forgets a key after its TTL', async () => {
    const key = `slack:trigger:${randomUUID()}`;
    const d = redisDedupe(a!, silentLogger, 50);
    expect(await d.first(key)).toBe(true);
    expect(await d.first(key)).toBe(false);
    await new Promise((r) => setTimeout(r, 120));
    expect(await d.first(key)).toBe(true);
  });

  it('with REDIS_URL, the process’s core (on its one shared client) keeps Slack’s "already answered" keys in Redis', async () => {
    const fake = await startFakeSlack();
    const config = testConfig({ SLACK_BOT_TOKEN: 'xoxb-t', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: fake.apiUrl, REDIS_URL: url! });
    const http = createHttpServer(silentLogger);
    const adapter = await startSlack(buildCore(config, silentLogger, { market, render }), http);
    const { port } = await http.listen(0, '127.0.0.1');
    const eventId = `Ev-${randomUUID()}`;
    const body = mentionBody('<@UBOT> stress-help', { eventId, ts: '1700600000.000100' });
    expect((await sendSigned(`http://127.0.0.1:${port}/slack/events`, body, 'application/json', { secret: 's' })).status).toBe(200);
    await fake.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts === '1700600000.000100'));
    expect(await a!.get(`stressbot:delivery:slack:event:${eventId}`)).toBe('1');
    await adapter.stop();
    await http.close();
    await fake.close();
  });
});
