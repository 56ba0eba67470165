// HTTP interactions end to end: signed POSTs to the shared server, answers reaching a fake Discord REST API.
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../../src/infra/http.ts';
import { closeSharedRedis } from '../../../src/infra/redis.ts';
import { silentLogger } from '../../../src/infra/log.ts';
import { startDiscord, type DiscordAdapter } from '../../../src/bot/discord/index.ts';
import { publicKeyFromHex, signatureValid } from '../../../src/bot/discord/interactions.ts';
import { TONE_COLOR } from '../../../src/bot/discord/embed.ts';
import { PNG_SIGNATURE, startFakeDiscord, type FakeDiscord } from './fakeDiscord.ts';
import { testCore } from './fixtures.ts';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
// The raw 32-byte key is what the developer portal shows (hex); it is the tail of the SPKI DER.
const publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
const APP = '4200000000000000001';
const NOW = Date.parse('2024-08-05T01:00:00Z');
const nowSec = () => String(Math.floor(NOW / 1000));

let fake: FakeDiscord;
let base: string;
let adapter: DiscordAdapter;
const http = createHttpServer(silentLogger);
let seq = 0;

function command(name: string, options: { name: string; type: number; value: unknown }[] = [], user = 'U1') {
  // Unique across runs: the Redis dedupe remembers ids for 15 minutes.
  const id = `${Date.now()}${String(seq++).padStart(3, '0')}`;
  return { id, type: 2, application_id: APP, token: `tok${id}`, channel_id: '10', member: { user: { id: user } }, data: { id: '77', name, type: 1, options } };
}

async function post(payload: unknown, { timestamp = nowSec(), key = privateKey, tamper = false, to = base } = {}) {
  const body = JSON.stringify(payload);
  const signature = sign(null, Buffer.from(timestamp + body), key).toString('hex');
  return fetch(`${to}/discord/interactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp },
    body: tamper ? body.replace('probe', 'probf') : body,
  });
}

beforeAll(async () => {
  fake = await startFakeDiscord();
  const core = testCore({ DISCORD_PUBLIC_KEY: publicKeyHex, DISCORD_API_URL: fake.api, RATE_LIMIT_PER_MIN: '3' });
  adapter = await startDiscord(core, http, { now: () => NOW });
  const { port } = await http.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await adapter.stop();
  await http.close();
  await fake.close();
  await closeSharedRedis();
});

describe('Discord HTTP interactions', () => {
  it('starts the interactions mode only (no token, so no gateway and no poster)', () => {
    expect(adapter.modes).toEqual(['interactions']);
    expect(adapter.poster).toBeUndefined();
  });

  it('answers PING with PONG', async () => {
    const res = await post({ id: '1', type: 1, application_id: APP });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 1 });
  });

  it('defers a command, then edits @original with a tone-coloured embed and the chart PNG', async () => {
    const payload = command('probe', [{ name: 'move', type: 3, value: '-3' }, { name: 'window', type: 4, value: 60 }]);
    const res = await post(payload);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 5 });

    const edit = await fake.waitFor((c) => c.method === 'PATCH' && c.path === `/webhooks/${APP}/${payload.token}/messages/@original`);
    // The rebuilt line went through the router: -3 % and 60 sessions.
    const embed = (edit.json!.embeds as { title: string; description: string; color: number; image: { url: string }; footer: { text: string } }[])[0]!;
    expect(embed.title).toBe('Probe [DEMO]');
    expect(embed.description).toContain('move -0.03, window 60');
    expect(embed.color).toBe(TONE_COLOR.high);
    expect(embed.image.url).toBe('attachment://chart-1.png');
    expect(embed.footer.text).toContain('Not investment advice');
    expect(edit.json!.attachments).toEqual([{ id: 0, filename: 'chart-1.png', description: 'Probe chart' }]);
    expect(String(edit.headers['content-type'])).toMatch(/^multipart\/form-data/);
    expect(edit.raw.includes(PNG_SIGNATURE)).toBe(true);
    expect(edit.files.get('files[0]')!.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // The webhook is authorised by the interaction token, never the bot token.
    expect(edit.headers.authorization).toBeUndefined();
  });

  it('refuses a bad signature with 401 and answers nothing', async () => {
    const before = fake.calls.length;
    const tampered = await post(command('probe'), { tamper: true });
    expect(tampered.status).toBe(401);
    const otherKey = generateKeyPairSync('ed25519').privateKey;
    expect((await post(command('probe'), { key: otherKey })).status).toBe(401);
    const noHeaders = await fetch(`${base}/discord/interactions`, { method: 'POST', body: '{}' });
    expect(noHeaders.status).toBe(401);
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.calls.length).toBe(before);
  });

  it('refuses a correctly signed request whose timestamp is over 5 minutes old (401)', async () => {
    const sixMinutesAgo = String(Math.floor(NOW / 1000) - 6 * 60);
    expect((await post(command('probe'), { timestamp: sixMinutesAgo })).status).toBe(401);
    const fourMinutesAgo = String(Math.floor(NOW / 1000) - 4 * 60);
    expect((await post({ id: '2', type: 1 }, { timestamp: fourMinutesAgo })).status).toBe(200);
  });

  it('answers the same interaction id once', async () => {
    const payload = command('probe');
    const first = await post(payload);
    const again = await post(payload);
    expect([first.status, again.status]).toEqual([200, 200]);
    await fake.waitFor((c) => c.method === 'PATCH' && c.path.includes(payload.token));
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.calls.filter((c) => c.path.includes(payload.token))).toHaveLength(1);
  });

  it('answers a usage error at once and ephemerally, with nothing deferred or edited', async () => {
    const payload = command('probe', [{ name: 'move', type: 3, value: 'lots' }]);
    const res = await post(payload);
    const body = (await res.json()) as { type: number; data: { content: string; flags: number } };
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(64);
    expect(body.data.content).toMatch(/^\/probe: move=lots .*Example: \/probe move=-3$/);
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.calls.some((c) => c.path.includes(payload.token))).toBe(false);
  });

  it('takes back the deferred answer and tells the asker alone when over the rate limit', async () => {
    let last = command('probe', [], 'U9');
    for (let i = 0; i < 4; i++) {
      last = command('probe', [], 'U9');
      expect((await post(last)).status).toBe(200);
    }
    const followUp = await fake.waitFor((c) => c.method === 'POST' && c.path === `/webhooks/${APP}/${last.token}`);
    expect(followUp.json).toMatchObject({ flags: 64 });
    expect(String(followUp.json!.content)).toMatch(/^Slow down/);
    expect(fake.calls.some((c) => c.method === 'DELETE' && c.path === `/webhooks/${APP}/${last.token}/messages/@original`)).toBe(true);
    expect(fake.calls.some((c) => c.method === 'PATCH' && c.path.includes(last.token))).toBe(false);
  });

  it('sends the embed alone when Discord refuses the upload, so the numbers still arrive', async () => {
    const payload = command('probe');
    fake.override = (c) => (c.path.includes(payload.token) && c.files.size ? { status: 413, body: { message: 'Request entity too large', code: 40005 } } : undefined);
    try {
      await post(payload);
      const retry = await fake.waitFor((c) => c.method === 'PATCH' && c.path.includes(payload.token) && c.files.size === 0);
      expect((retry.json!.embeds as { title: string }[])[0]).toMatchObject({ title: 'Probe [DEMO]', color: TONE_COLOR.high });
      expect((retry.json!.embeds as object[])[0]).not.toHaveProperty('image');
      expect(retry.json!.attachments).toEqual([]);
      expect(fake.calls.filter((c) => c.path.includes(payload.token)).map((c) => c.status)).toEqual([413, 200]);
    } finally {
      delete fake.override;
    }
  });

  it('rejects non-interaction bodies with 400 after the signature check', async () => {
    expect((await post({ hello: 'world' })).status).toBe(400);
  });
});

describe('signature check', () => {
  it('accepts exactly the signed bytes (known pair from RFC 8032 test 1: empty message)', () => {
    // RFC 8032 §7.1 TEST 1: public key d75a…511a, empty message, signature e556…100b.
    const key = publicKeyFromHex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    const sig = 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';
    expect(signatureValid(key, sig, '', Buffer.alloc(0))).toBe(true);
    expect(signatureValid(key, sig, '1', Buffer.alloc(0))).toBe(false);
    expect(signatureValid(key, 'zz', '', Buffer.alloc(0))).toBe(false);
  });
  it('refuses a malformed public key at start', () => {
    expect(() => publicKeyFromHex('abc')).toThrow(/64 hex/);
  });
});

const redisUrl = process.env.TEST_REDIS_URL;
describe.skipIf(!redisUrl)(`two replicas behind a load balancer share the dedupe (${redisUrl ?? 'needs a redis-server: set TEST_REDIS_URL'})`, () => {
  it('answers an interaction delivered to both replicas once', async () => {
    const replicas = await Promise.all([0, 1].map(async () => {
      const server = createHttpServer(silentLogger);
      const core = testCore({ DISCORD_PUBLIC_KEY: publicKeyHex, DISCORD_API_URL: fake.api, REDIS_URL: redisUrl! });
      const started = await startDiscord(core, server, { now: () => NOW });
      const { port } = await server.listen(0, '127.0.0.1');
      return { server, started, url: `http://127.0.0.1:${port}` };
    }));
    try {
      const payload = command('probe');
      const statuses = await Promise.all(replicas.map(async (r) => (await post(payload, { to: r.url })).status));
      expect(statuses).toEqual([200, 200]);
      await fake.waitFor((c) => c.method === 'PATCH' && c.path.includes(payload.token));
      await new Promise((r) => setTimeout(r, 300));
      expect(fake.calls.filter((c) => c.path.includes(payload.token))).toHaveLength(1);
    } finally {
      for (const r of replicas) {
        await r.started.stop();
        await r.server.close();
      }
    }
  });
});

describe('Redis unreachable', () => {
  it('still starts, answers, and dedupes in memory', async () => {
    const server = createHttpServer(silentLogger);
    const core = testCore({ DISCORD_PUBLIC_KEY: publicKeyHex, DISCORD_API_URL: fake.api, REDIS_URL: 'redis://127.0.0.1:1' });
    const started = await startDiscord(core, server, { now: () => NOW });
    const { port } = await server.listen(0, '127.0.0.1');
    try {
      const payload = command('probe');
      for (let i = 0; i < 2; i++) expect((await post(payload, { to: `http://127.0.0.1:${port}` })).status).toBe(200);
      await fake.waitFor((c) => c.method === 'PATCH' && c.path.includes(payload.token));
      await new Promise((r) => setTimeout(r, 200));
      expect(fake.calls.filter((c) => c.path.includes(payload.token))).toHaveLength(1);
    } finally {
      await started.stop();
      await server.close();
    }
  });
});
