// The receivers under hostile but validly signed input, and requests refused from their headers:
// every JSON value type answered or refused (never a crash), future and stale stamps refused,
// unsigned bodies never read, and the Slack route answering 503 (not 404) while it starts.
import { generateKeyPairSync, sign } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core/pipeline.ts';
import { createBotCore as createCore } from '../../src/infra/process.ts';
import { createHttpServer, type HttpServer } from '../../src/infra/http.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { startSlack, memoryDedupe, type SlackAdapter } from '../../src/bot/slack/index.ts';
import { startDiscord, type DiscordAdapter } from '../../src/bot/discord/index.ts';
import { acksAtOnce, eventBody, refuseFromHeaders } from '../../src/bot/slack/frontDoor.ts';
import { testConfig } from '../../src/config.ts';
import { market, render } from '../bot/slack/fixtures.ts';
import { slackSignature, slashBody, startFakeSlack, type FakeSlack } from '../bot/slack/fakeSlack.ts';

const SECRET = 'front-door-signing-secret';
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');

/** Every JSON value type, and the shapes that tripped Bolt (null, a null ssl_check, a form payload of null). */
const JSON_BODIES = ['null', 'true', 'false', '0', '-1e308', '"a string"', '[]', '[null]', '{}', '{"ssl_check":null}', '{"type":null}', '{"type":"event_callback"}'];
const FORM_BODIES = ['payload=null', 'payload=7', 'payload=%22s%22', 'payload=%5B%5D', 'payload=%7B', ''];

let fake: FakeSlack;
let http: HttpServer;
let core: Core;
let slack: SlackAdapter;
let discord: DiscordAdapter;
let base: string;
const crashes: unknown[] = [];
const onCrash = (err: unknown) => void crashes.push(err);

beforeAll(async () => {
  process.on('unhandledRejection', onCrash);
  process.on('uncaughtException', onCrash);
  fake = await startFakeSlack();
  const config = testConfig({ SLACK_BOT_TOKEN: 'xoxb-front', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, DISCORD_PUBLIC_KEY: publicKeyHex });
  core = createCore({ config, log: silentLogger, market, render });
  http = createHttpServer(silentLogger);
  slack = await startSlack(core, http, { dedupe: memoryDedupe() });
  discord = await startDiscord(core, http);
  const { port } = await http.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  process.off('unhandledRejection', onCrash);
  process.off('uncaughtException', onCrash);
  await slack?.stop();
  await discord?.stop();
  await http?.close();
  await fake?.close();
});

const now = () => Math.floor(Date.now() / 1000);
const postSlack = (body: string, type: string, ts = now(), signature = slackSignature(SECRET, ts, body)) =>
  fetch(`${base}/slack/events`, { method: 'POST', body, headers: { 'content-type': type, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature } });

describe('signed bodies of every JSON type', () => {
  it('Slack: each is answered or refused with a 4xx, and nothing throws outside a handler', async () => {
    const statuses = await Promise.all([
      ...JSON_BODIES.flatMap((body) => ['application/json', 'text/plain'].map((type) => postSlack(body, type).then((r) => r.status))),
      ...FORM_BODIES.map((body) => postSlack(body, 'application/x-www-form-urlencoded').then((r) => r.status)),
    ]);
    // Bolt answers an event nobody listens for after its own 3 s wait (404): let every detached handler finish.
    await new Promise((r) => setTimeout(r, 3_500));
    expect(statuses.every((s) => s >= 200 && s < 500), statuses.join(',')).toBe(true);
    expect(statuses.filter((s) => s === 400).length).toBeGreaterThanOrEqual(JSON_BODIES.length); // non-objects, refused by us
    expect(crashes).toEqual([]);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('Discord: each is refused as not an interaction (a ping still pongs)', async () => {
    for (const body of JSON_BODIES) {
      const t = String(now());
      const signature = sign(null, Buffer.from(t + body), privateKey).toString('hex');
      const r = await fetch(`${base}/discord/interactions`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': t } });
      expect(r.status, body).toBe(400);
    }
    const ping = '{"id":"1","type":1}';
    const t = String(now());
    const pong = await fetch(`${base}/discord/interactions`, { method: 'POST', body: ping, headers: { 'x-signature-ed25519': sign(null, Buffer.from(t + ping), privateKey).toString('hex'), 'x-signature-timestamp': t } });
    expect(await pong.json()).toEqual({ type: 1 });
    expect(crashes).toEqual([]);
  });

  it('eventBody mirrors what Bolt parses, and only objects pass', () => {
    expect(eventBody(Buffer.from('null'), 'application/json')).toBeUndefined();
    expect(eventBody(Buffer.from('payload=null'), 'application/x-www-form-urlencoded')).toBeUndefined();
    expect(eventBody(Buffer.from('command=%2Fgamma&text=x'), 'application/x-www-form-urlencoded')).toMatchObject({ command: '/gamma', text: 'x' });
    // Bolt JSON-parses a form with a charset parameter: so does the check.
    expect(eventBody(Buffer.from('command=x'), 'application/x-www-form-urlencoded; charset=utf-8')).toBeUndefined();
    expect(acksAtOnce({ command: '/gamma' })).toBe(true);
    expect(acksAtOnce({ type: 'url_verification', challenge: 'c' })).toBe(false);
  });
});

describe('refused from the headers', () => {
  it('timestamps more than 5 minutes ahead (+1 h, +1 year) or behind are refused, however well signed', async () => {
    const body = slashBody('/gamma', '', { responseUrl: fake.responseUrl('future') });
    for (const skew of [3600, 365 * 86400, -3600]) {
      const r = await postSlack(body, 'application/x-www-form-urlencoded', now() + skew);
      expect(r.status, String(skew)).toBe(401);
    }
    expect(refuseFromHeaders({ 'x-slack-request-timestamp': String(now() + 299), 'x-slack-signature': `v0=${'0'.repeat(64)}` }, Date.now())).toBeUndefined();
    expect(refuseFromHeaders({ 'x-slack-request-timestamp': String(now() + 301), 'x-slack-signature': `v0=${'0'.repeat(64)}` }, Date.now())?.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('an unsigned request is answered before its body is sent (the body is never read)', async () => {
    for (const path of ['/slack/events', '/discord/interactions']) {
      const status = await new Promise<number>((resolve, reject) => {
        // Announces 900 kB and sends 10 bytes: a server that read the body would wait for the rest.
        const req = request(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '900000' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.write('{"a":1,"b"');
      });
      expect(status, path).toBe(401);
    }
  });

  it('an announced body over 1 MB is refused (413) from its content-length', async () => {
    const ts = now();
    const r = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': '5000000', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': `v0=${'a'.repeat(64)}` },
      }, (res) => (res.resume(), resolve(res.statusCode ?? 0)));
      req.on('error', reject);
      req.write('{');
    });
    expect(r).toBe(413);
  });
});

describe('the Slack route while the adapter starts', () => {
  it('answers 503 with Retry-After (Slack retries), never 404, until auth.test has passed', async () => {
    const slow = await startFakeSlack();
    slow.delays.set('auth.test', 1_000);
    const server = createHttpServer(silentLogger);
    const { port } = await server.listen(0, '127.0.0.1');
    const c = createCore({ config: testConfig({ SLACK_BOT_TOKEN: 'xoxb-slow', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slow.apiUrl }), log: silentLogger, market, render });
    const starting = startSlack(c, server, { dedupe: memoryDedupe() });
    await new Promise((r) => setTimeout(r, 100));
    const body = slashBody('/gamma', '', { responseUrl: slow.responseUrl('s') });
    const ts = now();
    const early = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(SECRET, ts, body) } });
    expect(early.status).toBe(503);
    expect(early.headers.get('retry-after')).toBe('1');
    const adapter = await starting;
    const later = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(SECRET, ts, body) } });
    expect(later.status).toBe(200);
    await adapter.stop();
    await server.close();
    await slow.close();
  });
});
