// Sharding: real discord.js Clients log in over a local fake gateway (a WebSocket speaking v10 JSON)
// with SHARD_COUNT/SHARD_IDS; each shard gets the guilds Discord would route to it and answers their
// mentions. The level tested is the Client's own `shards`/`shardCount` (discord.js' WebSocketManager
// over @discordjs/ws), one process per share of shards, as SHARD_IDS deploys it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShardClientUtil } from 'discord.js';
import { createHttpServer } from '../../../src/infra/http.ts';
import { silentLogger } from '../../../src/infra/log.ts';
import { startDiscord, type DiscordAdapter } from '../../../src/bot/discord/index.ts';
import { createGatewayClient, shardOptions } from '../../../src/bot/discord/gateway.ts';
import { loadConfig, ConfigError } from '../../../src/config.ts';
import { BOT_ID, rawMessage, startFakeDiscord, type FakeDiscord } from './fakeDiscord.ts';
import { shardOf, startFakeGateway, type FakeGateway, type GuildFixture } from './fakeShardGateway.ts';
import { testCore } from './fixtures.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.shard.token';

// Snowflakes k·2^22 (k = 1001…1004), so (id >> 22) % 2 = k % 2 by hand: 1001, 1003 → shard 1; 1002, 1004 → shard 0.
const GUILDS: GuildFixture[] = [
  { id: '4198498304', channelId: '5001' },
  { id: '4202692608', channelId: '5002' },
  { id: '4206886912', channelId: '5003' },
  { id: '4211081216', channelId: '5004' },
];
const SHARD_0 = ['4202692608', '4211081216'];
const SHARD_1 = ['4198498304', '4206886912'];

let rest: FakeDiscord;
let gateway: FakeGateway | undefined;
const adapters: DiscordAdapter[] = [];
let seq = 0;

beforeEach(async () => {
  rest = await startFakeDiscord();
  // A thread started from a message belongs to that message's guild (the REST fake assumes guild 1).
  rest.override = (call) => {
    const r = call.method === 'POST' ? call.path.match(/^\/channels\/(\d+)\/messages\/(\d+)\/threads$/) : null;
    if (!r) return undefined;
    const guild = GUILDS.find((g) => g.channelId === r[1])!;
    return {
      status: 201,
      body: {
        id: String(7_000_000 + seq++), type: 11, guild_id: guild.id, parent_id: r[1], owner_id: BOT_ID, name: String(call.json?.name ?? 'thread'),
        thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
      },
    };
  };
});
afterEach(async () => {
  await Promise.all(adapters.splice(0).map((a) => a.stop()));
  await gateway?.close();
  gateway = undefined;
  await rest.close();
});

async function start(env: Record<string, string>): Promise<DiscordAdapter> {
  const full = { DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: BOT_ID, DISCORD_API_URL: rest.api, RATE_LIMIT_PER_MIN: '50', ...env };
  const client = createGatewayClient(loadConfig({ LOG_LEVEL: 'silent', ...full }));
  const adapter = await startDiscord(testCore(full), createHttpServer(silentLogger), { client });
  adapters.push(adapter);
  return Object.assign(adapter, { client });
}

const guildsOf = (adapter: DiscordAdapter) => [...(adapter as DiscordAdapter & { client: import('discord.js').Client }).client.guilds.cache.keys()].sort();

/** A mention typed in a guild's channel, delivered on the connection that carries that guild. */
async function mentionIn(guild: GuildFixture, count: number) {
  const session = await gateway!.waitForShard(shardOf(guild.id, count));
  const id = String(8_000_000 + seq++);
  session.dispatch('MESSAGE_CREATE', {
    ...rawMessage(id, guild.channelId, `<@${BOT_ID}> probe window=${30 + Number(guild.channelId) % 100}`),
    guild_id: guild.id,
    author: { id: '8', username: 'asker', discriminator: '0', avatar: null, global_name: null },
    mentions: [{ id: BOT_ID, username: 'stressbot', discriminator: '0', avatar: null, global_name: null, bot: true }],
    member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
  });
  const thread = await rest.waitFor((c) => c.method === 'POST' && c.path === `/channels/${guild.channelId}/messages/${id}/threads`, 15_000);
  const answer = await rest.waitFor((c) => c.method === 'POST' && c.path === `/channels/${(thread.response as { id: string }).id}/messages`, 15_000);
  return { session, answer };
}

describe('Discord sharding', () => {
  it('routes guilds as Discord does (the formula agrees with discord.js)', () => {
    for (const g of GUILDS) expect(shardOf(g.id, 2)).toBe(ShardClientUtil.shardIdForGuildId(g.id, 2));
    expect(GUILDS.filter((g) => shardOf(g.id, 2) === 0).map((g) => g.id).sort()).toEqual(SHARD_0);
  });

  it('SHARD_COUNT=2 as two processes (SHARD_IDS=0 and 1): each identifies as its shard, holds its guilds and answers their mentions', async () => {
    gateway = await startFakeGateway(rest, GUILDS);
    const [a, b] = await Promise.all([start({ SHARD_COUNT: '2', SHARD_IDS: '0' }), start({ SHARD_COUNT: '2', SHARD_IDS: '1' })]);
    expect(gateway.sessions.map((s) => s.shard).sort()).toEqual([[0, 2], [1, 2]]);
    expect(gateway.sessions.every((s) => s.token === TOKEN)).toBe(true);
    expect(guildsOf(a!)).toEqual(SHARD_0);
    expect(guildsOf(b!)).toEqual(SHARD_1);

    for (const guild of GUILDS) {
      const { session, answer } = await mentionIn(guild, 2);
      expect(session.shard[0]).toBe(shardOf(guild.id, 2));
      expect(answer.headers.authorization).toBe(`Bot ${TOKEN}`);
      expect((answer.json!.embeds as { description: string }[])[0]!.description).toContain(`window ${30 + Number(guild.channelId) % 100}`);
    }
    // One answer per mention: the process without the guild never saw the message.
    expect(rest.calls.filter((c) => c.method === 'POST' && /\/threads$/.test(c.path))).toHaveLength(GUILDS.length);
  }, 60_000);

  it('SHARD_COUNT=auto takes Discord’s recommended count and opens one connection per shard', async () => {
    gateway = await startFakeGateway(rest, GUILDS, 2);
    const a = await start({ SHARD_COUNT: 'auto' });
    await gateway.waitForShard(1);
    expect(gateway.sessions.map((s) => s.shard).sort()).toEqual([[0, 2], [1, 2]]);
    expect(guildsOf(a)).toEqual([...SHARD_0, ...SHARD_1].sort());
    expect(rest.calls.some((c) => c.method === 'GET' && c.path === '/gateway/bot')).toBe(true);
    const { answer } = await mentionIn(GUILDS[0]!, 2);
    expect(answer.status).toBe(200);
  }, 60_000);
});

describe('shard settings', () => {
  it('maps SHARD_COUNT and SHARD_IDS onto the client options', () => {
    expect(shardOptions({})).toEqual({});
    expect(shardOptions({ SHARD_COUNT: 'auto' })).toEqual({ shards: 'auto' });
    expect(shardOptions({ SHARD_COUNT: '3' })).toEqual({ shards: [0, 1, 2], shardCount: 3 });
    expect(shardOptions({ SHARD_COUNT: '4', SHARD_IDS: '2, 3' })).toEqual({ shards: [2, 3], shardCount: 4 });
  });

  it('refuses a share that cannot be right, with an example', () => {
    expect(() => loadConfig({ SHARD_IDS: '0' })).toThrow(/SHARD_IDS needs a numeric SHARD_COUNT .*e\.g\. SHARD_COUNT=4 SHARD_IDS=0,1/);
    expect(() => loadConfig({ SHARD_COUNT: '2', SHARD_IDS: '2' })).toThrow(/SHARD_IDS must be below SHARD_COUNT=2/);
    expect(() => loadConfig({ SHARD_COUNT: 'two' })).toThrow(ConfigError);
    expect(() => loadConfig({ SHARD_COUNT: '0' })).toThrow(/SHARD_COUNT must be 'auto' or a whole number above 0, e\.g\. SHARD_COUNT=4, got '0'/);
  });
});
