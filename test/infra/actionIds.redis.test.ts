// Short ids for follow-up lines too long for Discord's custom_id, against a real redis-server
// (TEST_REDIS_URL): a button drawn by one replica is answered by another that never saw the line.
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { ACTION_PREFIX, memoryActionIds, redisActionIds, shortId } from '../../src/infra/actionIds.ts';
import { buildCore, createBotCore } from '../../src/infra/process.ts';
import { closeSharedRedis, connectRedis, type RedisClient } from '../../src/infra/redis.ts';
import { createHttpServer, type HttpServer } from '../../src/infra/http.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { testConfig } from '../../src/config.ts';
import { startDiscord, type DiscordAdapter } from '../../src/bot/discord/index.ts';
import { componentRows } from '../../src/bot/discord/components.ts';
import type { ActionIds } from '../../src/core/ports.ts';
import type { Command } from '../../src/core/types.ts';
import { testCommands } from '../bot/discord/fixtures.ts';
import { BOT_ID, startFakeDiscord, type FakeDiscord } from '../bot/discord/fakeDiscord.ts';
import { renderChart } from '../../src/render/chart.ts';

const url = process.env.TEST_REDIS_URL;
const REASON = 'needs a redis-server: set TEST_REDIS_URL (e.g. redis://127.0.0.1:6391)';

// A command whose follow-up line can be longer than a custom_id: a free-text argument.
const echoArgs = z.object({ note: z.string().max(300).optional() });
const echo: Command<typeof echoArgs> = {
  name: 'echo',
  summary: 'Says the note back (a test command).',
  args: echoArgs,
  examples: ['/echo note=hello'],
  async run({ note }) {
    return { command: 'echo', title: 'Echo', headline: `note: ${note ?? ''}`, tone: 'calm', fields: [], notes: [], charts: [], data: {}, sources: [{ symbol: 'NOTE', source: 'test', asOf: '2026-11-27' }] };
  },
};
const commands = [...testCommands, echo as unknown as Command];
const LONG = `/echo note="${'a long note '.repeat(10).trim()}"`;

describe.skipIf(!url)(`Follow-up short ids in Redis (${url ? url : REASON})`, () => {
  const raw = url ? new Redis(url, { maxRetriesPerRequest: 1 }) : undefined;
  const clients: RedisClient[] = [];
  const replica = (): ActionIds => {
    // Each replica its own connection, as two processes would have.
    const client = connectRedis(url!, silentLogger, 'test');
    clients.push(client);
    return redisActionIds(client, silentLogger);
  };
  afterAll(async () => {
    await raw?.quit();
    await Promise.all(clients.map((c) => c.redis.quit()));
    await closeSharedRedis();
  });

  it('keeps the line under stressbot:action:<id> with a TTL; the same line gets the same id on every replica', async () => {
    const ref = { line: `${LONG} ${randomUUID()}`, basis: '2026-11-27' };
    const id = await replica().put(ref);
    expect(id).toBe(shortId(ref));
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(JSON.parse((await raw!.get(`${ACTION_PREFIX}${id}`))!)).toEqual(ref);
    expect(await raw!.ttl(`${ACTION_PREFIX}${id}`)).toBeGreaterThan(29 * 86_400);
    expect(await replica().put(ref)).toBe(id);
    expect(await replica().get(id)).toEqual(ref);
    expect(await replica().get('0123456789ab')).toBeUndefined();
  });

  it('with REDIS_URL the process’s core keeps its short ids in Redis', async () => {
    const core = buildCore(testConfig({ REDIS_URL: url! }), silentLogger, { commands });
    const ref = { line: `${LONG} ${randomUUID()}` };
    const id = await core.actionIds.put(ref);
    expect(JSON.parse((await raw!.get(`${ACTION_PREFIX}${id}`))!)).toEqual(ref);
  });

  describe('a click reaching a replica that did not draw the button', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
    let fake: FakeDiscord;
    const servers: HttpServer[] = [];
    const adapters: DiscordAdapter[] = [];

    async function start(ids: ActionIds): Promise<string> {
      const config = testConfig({ DISCORD_PUBLIC_KEY: publicKeyHex, DISCORD_API_URL: fake.api, RATE_LIMIT_PER_MIN: '60' });
      const core = createBotCore({ config, log: silentLogger, market: { kind: 'demo', demo: true, series: async () => { throw new Error('unused'); }, optionChain: async () => null }, render: renderChart, commands, actionIds: ids });
      const http = createHttpServer(silentLogger);
      servers.push(http);
      adapters.push(await startDiscord(core, http));
      const { port } = await http.listen(0, '127.0.0.1');
      return `http://127.0.0.1:${port}/discord/interactions`;
    }
    const click = (endpoint: string, customId: string) => {
      const id = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
      const body = JSON.stringify({ id, type: 3, application_id: BOT_ID, token: `tok${id}`, channel_id: '10', member: { user: { id: 'U1' } }, message: { id: '900' }, data: { custom_id: customId, component_type: 2 } });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
      const res = fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp }, body });
      return { token: `tok${id}`, res };
    };

    beforeAll(async () => {
      fake = await startFakeDiscord();
    });
    afterAll(async () => {
      await Promise.all(adapters.map((a) => a.stop()));
      await Promise.all(servers.map((s) => s.close()));
      await fake.close();
    });

    it('replica B answers a button whose line replica A put behind a short id; a memory-only replica cannot', async () => {
      const a = replica();
      const note = `${'a long note '.repeat(10).trim()} ${randomUUID()}`;
      const line = `/echo note="${note}"`;
      const rows = await componentRows([{ kind: 'button', id: 'refresh', label: '↻ Refresh', audience: 'channel', line, basis: '2026-11-27' }], a);
      const customId = (rows[0]!.components as { custom_id: string }[])[0]!.custom_id;
      expect(customId).toMatch(/^k\|[0-9a-f]{12}$/);

      const b = await start(replica());
      const { token, res } = click(b, customId);
      expect(await (await res).json()).toEqual({ type: 6 });
      const edit = await fake.waitFor((c) => c.method === 'PATCH' && c.path === `/webhooks/${BOT_ID}/${token}/messages/@original`, 20_000);
      expect(JSON.stringify(edit.json!.embeds)).toContain(note);
      // The answer's own Refresh is again a short id, found by any replica.
      const again = (edit.json!.components as { components: { custom_id: string; label: string }[] }[]).flatMap((r) => r.components).find((c) => c.label === '↻ Refresh')!;
      expect(again.custom_id).toBe(customId);

      const lonely = await start(memoryActionIds());
      const refused = (await (await click(lonely, customId).res).json()) as { type: number; data: { content: string } };
      expect(refused.type).toBe(4);
      expect(refused.data.content).toContain('not one stressbot can answer');
    });
  });
});
