// Gateway mode: raw gateway payloads handed to a real discord.js Client (never logged in) through
// its own actions, so the library builds the interaction and message objects; REST goes to a fake.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'discord.js';
import { createHttpServer } from '../../../src/infra/http.ts';
import { silentLogger } from '../../../src/infra/log.ts';
import { postNonce, startDiscord, type DiscordAdapter } from '../../../src/bot/discord/index.ts';
import { createGatewayClient } from '../../../src/bot/discord/gateway.ts';
import { BOT_ID, PNG_SIGNATURE, startFakeDiscord, type FakeDiscord } from './fakeDiscord.ts';
import { testCore } from './fixtures.ts';

const GUILD = '1';
const CHANNEL = '10';
const THREAD = '11';
const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.test.token';

let fake: FakeDiscord;
let client: Client;
let adapter: DiscordAdapter;
let seq = 0;
const nextId = () => String(2_000_000 + seq++);

// The client's actions are internal (not in the typings) but are what the gateway handlers call.
interface Actions {
  InteractionCreate: { handle(raw: unknown): void };
  MessageCreate: { handle(raw: unknown): void };
}
const actions = () => (client as unknown as { actions: Actions }).actions;
const author = (id: string) => ({ id, username: `user${id}`, discriminator: '0', avatar: null, global_name: null });

function slash(name: string, options: { name: string; type: number; value: unknown }[] = [], user = '7') {
  const id = nextId();
  actions().InteractionCreate.handle({
    id, application_id: BOT_ID, type: 2, token: `gtok${id}`, version: 1, guild_id: GUILD, channel_id: CHANNEL,
    channel: { id: CHANNEL, type: 0 }, locale: 'en-US', guild_locale: 'en-US', app_permissions: '0', entitlements: [],
    authorizing_integration_owners: {}, context: 0,
    member: { user: author(user), roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, permissions: '0', flags: 0 },
    data: { id: '99', name, type: 1, options },
  });
  return { id, token: `gtok${id}` };
}

function mention(content: string, channelId = CHANNEL, user = '8', mentioned = true) {
  const id = nextId();
  actions().MessageCreate.handle({
    id, channel_id: channelId, guild_id: GUILD, author: author(user), content, timestamp: new Date().toISOString(),
    edited_timestamp: null, tts: false, mention_everyone: false, mention_roles: [], attachments: [], embeds: [], pinned: false, type: 0,
    mentions: mentioned ? [{ ...author(BOT_ID), username: 'stressbot', bot: true }] : [],
  });
  return id;
}

beforeAll(async () => {
  fake = await startFakeDiscord();
  const env = { DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: BOT_ID, DISCORD_API_URL: fake.api, RATE_LIMIT_PER_MIN: '20' };
  client = createGatewayClient({ DISCORD_API_URL: fake.api });
  // What the GUILD_CREATE handler caches (guilds._add): the server, a text channel and a thread in it.
  (client.guilds as unknown as { _add(raw: unknown): unknown })._add({
    id: GUILD, name: 'desk', roles: [], emojis: [], members: [],
    channels: [{ id: CHANNEL, type: 0, name: 'markets', guild_id: GUILD }],
    threads: [{ id: THREAD, type: 11, name: 'old thread', guild_id: GUILD, parent_id: CHANNEL, owner_id: '8',
      thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false } }],
  });
  adapter = await startDiscord(testCore(env), createHttpServer(silentLogger), { client, login: false });
});
afterAll(async () => {
  await adapter.stop();
  await fake.close();
});

describe('Discord gateway', () => {
  it('starts the gateway mode and a poster (the token can post)', () => {
    expect(adapter.modes).toEqual(['gateway']);
    expect(adapter.poster?.platform).toBe('discord');
  });

  it('defers a slash command, then edits the reply with the embed and the chart PNG', async () => {
    const { id, token } = slash('probe', [{ name: 'window', type: 4, value: 120 }]);
    const callback = await fake.waitFor((c) => c.path === `/interactions/${id}/${token}/callback`);
    expect(callback.json).toMatchObject({ type: 5 });
    const edit = await fake.waitFor((c) => c.method === 'PATCH' && c.path === `/webhooks/${BOT_ID}/${token}/messages/@original`);
    const embed = (edit.json!.embeds as { title: string; description: string; footer: { text: string } }[])[0]!;
    expect(embed.title).toBe('Probe [DEMO]');
    expect(embed.description).toContain('window 120');
    expect(embed.footer.text).toMatch(/As of 2024-08-05 · Sources: KOSPI demo 2024-08-05/);
    expect(edit.raw.includes(PNG_SIGNATURE)).toBe(true);
    expect([...edit.files.values()][0]!.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });

  it('answers a slash-command usage error ephemerally, without deferring', async () => {
    const { id, token } = slash('probe', [{ name: 'window', type: 4, value: 1 }]);
    const callback = await fake.waitFor((c) => c.path === `/interactions/${id}/${token}/callback`);
    expect(callback.json).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(String((callback.json!.data as { content: string }).content)).toMatch(/^\/probe: window=1 must be at least 5/);
  });

  it('takes back the deferred reply and tells the asker alone when the command itself refuses the input', async () => {
    // /help parses any word, then finds no such command: a usage error after deferring.
    const { token } = slash('help', [{ name: 'command', type: 3, value: 'nope' }]);
    const followUp = await fake.waitFor((c) => c.method === 'POST' && c.path === `/webhooks/${BOT_ID}/${token}`);
    expect(followUp.json).toMatchObject({ flags: 64 });
    expect(String(followUp.json!.content)).toMatch(/^\/help: no command "nope"/);
    expect(fake.calls.some((c) => c.method === 'DELETE' && c.path === `/webhooks/${BOT_ID}/${token}/messages/@original`)).toBe(true);
    expect(fake.calls.some((c) => c.method === 'PATCH' && c.path.includes(token))).toBe(false);
  });

  it('answers a mention in a new thread started from the asker’s message', async () => {
    const msg = mention(`<@${BOT_ID}> probe window=120`);
    const created = await fake.waitFor((c) => c.method === 'POST' && c.path === `/channels/${CHANNEL}/messages/${msg}/threads`);
    expect(created.json).toMatchObject({ name: '/probe window=120' });
    expect(fake.calls.some((c) => c.path === `/channels/${CHANNEL}/typing`)).toBe(true);
    const thread = created.response as { id: string };
    const answer = await fake.waitFor((c) => c.method === 'POST' && c.path === `/channels/${thread.id}/messages`);
    expect((answer.json!.embeds as { description: string }[])[0]!.description).toContain('window 120');
    expect(answer.raw.includes(PNG_SIGNATURE)).toBe(true);
    expect(answer.json!.allowed_mentions).toEqual({ parse: [] });
  });

  it('answers a mention inside a thread in that thread, starting none', async () => {
    const before = fake.calls.filter((c) => c.path.endsWith('/threads')).length;
    mention(`<@${BOT_ID}> /probe move=-3`, THREAD);
    const answer = await fake.waitFor((c) => c.method === 'POST' && c.path === `/channels/${THREAD}/messages`);
    expect((answer.json!.embeds as { description: string }[])[0]!.description).toContain('move -0.03');
    expect(fake.calls.filter((c) => c.path.endsWith('/threads')).length).toBe(before);
  });

  it('replies to a mistyped mention where it was typed, and ignores messages that do not mention the bot', async () => {
    mention('probe window=120', CHANNEL, '8', false);
    const msg = mention(`<@${BOT_ID}> probe wndow=3`);
    const reply = await fake.waitFor((c) => c.method === 'POST' && c.path === `/channels/${CHANNEL}/messages`);
    expect(reply.json).toMatchObject({ message_reference: { message_id: msg } });
    expect(String(reply.json!.content)).toMatch(/^\/probe: unknown argument "wndow"/);
    expect(fake.calls.filter((c) => c.path.endsWith('/threads'))).toHaveLength(1);
  });

  it('fails start-up with the error when Discord refuses the login', async () => {
    const env = { DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: BOT_ID, DISCORD_API_URL: fake.api };
    await expect(startDiscord(testCore(env), createHttpServer(silentLogger))).rejects.toThrow();
    expect(fake.calls.some((c) => c.method === 'GET' && c.path === '/gateway/bot')).toBe(true);
  });

  it('posts a report with its charts into a channel (the digest poster)', async () => {
    const report = (await testCore({}).ask('/probe')) as { kind: 'answer'; report: import('../../../src/core/types.ts').Report };
    const recorded: Record<string, string> = {};
    const job = { id: 'digest:discord:555:2025-03-04', delivered: {}, uncertain: false, record: async (part: string, ref: string) => void (recorded[part] = ref) };
    await adapter.poster!.post('555', report.report, job);
    const posted = await fake.waitFor((c) => c.method === 'POST' && c.path === '/channels/555/messages');
    expect(posted.headers.authorization).toBe(`Bot ${TOKEN}`);
    expect(posted.raw.includes(PNG_SIGNATURE)).toBe(true);
    expect((posted.json!.embeds as { title: string }[])[0]!.title).toBe('Probe [DEMO]');
    expect(posted.json).toMatchObject({ nonce: postNonce(job.id), enforce_nonce: true });
    expect(String(postNonce(job.id)).length).toBeLessThanOrEqual(25);
    expect(recorded.message).toBe((posted.response as { id: string }).id);
    // A retry whose first response was lost sends the same nonce: Discord hands back the same message.
    const again: Record<string, string> = {};
    await adapter.poster!.post('555', report.report, { ...job, uncertain: true, record: async (part, ref) => void (again[part] = ref) });
    expect(again.message).toBe(recorded.message);
    // Recorded as delivered: nothing is sent at all.
    const before = fake.calls.length;
    await adapter.poster!.post('555', report.report, { ...job, delivered: recorded });
    expect(fake.calls.length).toBe(before);
  });
});
