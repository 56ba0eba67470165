// The bot removed from a Discord server: the gateway's GUILD_DELETE (through discord.js' own action)
// forgets that server's subscriptions — those recorded with its guild by /digest subscribe, and those
// from before, found by the server's cached channels. An outage (unavailable: true) removes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'discord.js';
import { createHttpServer } from '../../../src/infra/http.ts';
import { silentLogger } from '../../../src/infra/log.ts';
import { createBotCore } from '../../../src/infra/process.ts';
import { startDiscord, type DiscordAdapter } from '../../../src/bot/discord/index.ts';
import { createGatewayClient } from '../../../src/bot/discord/gateway.ts';
import { openStore } from '../../../src/digest/openStore.ts';
import type { DigestStore } from '../../../src/digest/store.ts';
import { testConfig } from '../../../src/config.ts';
import { market, render } from '../slack/fixtures.ts';
import { BOT_ID, startFakeDiscord, type FakeDiscord } from './fakeDiscord.ts';

const GUILD = '1';
const CHANNEL = '10';
const OLD_CHANNEL = '12';
const OTHER_GUILD_CHANNEL = '90';

let fake: FakeDiscord;
let client: Client;
let adapter: DiscordAdapter;
let store: DigestStore;

interface Actions {
  InteractionCreate: { handle(raw: unknown): void };
  GuildDelete: { handle(raw: unknown): void };
}
const actions = () => (client as unknown as { actions: Actions }).actions;
const cacheGuild = (id: string, channels: string[]) =>
  (client.guilds as unknown as { _add(raw: unknown): unknown })._add({
    id, name: `server ${id}`, roles: [], emojis: [], members: [], channels: channels.map((c) => ({ id: c, type: 0, name: `c${c}`, guild_id: id })),
  });

beforeAll(async () => {
  fake = await startFakeDiscord();
  store = await openStore({ DATA_HOME: '' }, { file: ':memory:' });
  const config = testConfig({ DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.test.token', DISCORD_APP_ID: BOT_ID, DISCORD_API_URL: fake.api });
  client = createGatewayClient({ DISCORD_API_URL: fake.api });
  cacheGuild(GUILD, [CHANNEL, OLD_CHANNEL]);
  cacheGuild('2', [OTHER_GUILD_CHANNEL]);
  const core = createBotCore({ config, log: silentLogger, market, render, digest: store });
  adapter = await startDiscord(core, createHttpServer(silentLogger), { client, login: false, workspaces: store });
});
afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
  await store?.close();
});

const waitFor = async (ok: () => Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('Discord: the bot removed from a server', () => {
  it('records the server with /digest subscribe, and GUILD_DELETE removes that server’s subscriptions only', async () => {
    actions().InteractionCreate.handle({
      id: '3000001', application_id: BOT_ID, type: 2, token: 'gtok-sub', version: 1, guild_id: GUILD, channel_id: CHANNEL,
      channel: { id: CHANNEL, type: 0 }, locale: 'en-US', guild_locale: 'en-US', app_permissions: '0', entitlements: [], authorizing_integration_owners: {}, context: 0,
      member: { user: { id: '7', username: 'u7', discriminator: '0', avatar: null, global_name: null }, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, permissions: '0', flags: 0 },
      data: { id: '99', name: 'digest', type: 1, options: [{ name: 'action', type: 3, value: 'subscribe' }] },
    });
    await waitFor(async () => (await store.get(`discord:${CHANNEL}`)) !== undefined);
    expect(await store.workspaceOf(`discord:${CHANNEL}`)).toEqual({ team: GUILD, enterprise: null, orgInstall: false });
    await store.subscribe(`discord:${OLD_CHANNEL}`, {}); // from before servers were recorded
    await store.subscribe(`discord:${OTHER_GUILD_CHANNEL}`, { workspace: { team: '2' } });

    // An outage is not a removal.
    client.emit('raw', { t: 'GUILD_DELETE', d: { id: GUILD, unavailable: true } });
    actions().GuildDelete.handle({ id: GUILD, unavailable: true });
    await new Promise((r) => setTimeout(r, 200));
    expect((await store.list()).length).toBe(3);

    // As discord.js' WebSocketManager dispatches it: the raw packet first, then the action.
    client.emit('raw', { t: 'GUILD_DELETE', d: { id: GUILD } });
    actions().GuildDelete.handle({ id: GUILD });
    await waitFor(async () => (await store.list()).length === 1);
    expect((await store.list()).map((s) => s.channel)).toEqual([`discord:${OTHER_GUILD_CHANNEL}`]);
    expect(await store.workspaceOf(`discord:${CHANNEL}`)).toBeUndefined();
  }, 30_000);
});
