// Follow-ups and autocomplete on the gateway: a real discord.js Client logs in over the local fake
// gateway (WebSocket, v10 JSON), which delivers INTERACTION_CREATE of type MESSAGE_COMPONENT and
// APPLICATION_COMMAND_AUTOCOMPLETE as Discord does; the real core, registry and KRX calendar answer,
// and the answers reach the fake REST API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../../src/infra/http.ts';
import { silentLogger } from '../../../src/infra/log.ts';
import { createBotCore } from '../../../src/infra/process.ts';
import { loadConfig, testConfig } from '../../../src/config.ts';
import { startDiscord, type DiscordAdapter } from '../../../src/bot/discord/index.ts';
import { createGatewayClient } from '../../../src/bot/discord/gateway.ts';
import { decodeAction } from '../../../src/bot/discord/components.ts';
import { previousKrxSession } from '../../../src/data/calendar.ts';
import { demoMarket } from '../../../src/data/demo.ts';
import { renderChart } from '../../../src/render/chart.ts';
import { BOT_ID, rawMessage, startFakeDiscord, type FakeDiscord, type Recorded } from './fakeDiscord.ts';
import { startFakeGateway, type FakeGateway, type ShardSession } from './fakeShardGateway.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.components.token';
const GUILD = { id: '4198498304', channelId: '5001' };

let rest: FakeDiscord;
let gateway: FakeGateway;
let session: ShardSession;
let adapter: DiscordAdapter;
let seq = 0;
const nextId = () => String(3_000_000_000 + seq++);

type Component = { type: number; custom_id: string; label?: string; options?: { label: string; value: string }[] };
const flat = (rows: { components: Component[] }[]) => rows.flatMap((r) => r.components);
const member = { user: { id: '7', username: 'trader', discriminator: '0', avatar: null, global_name: null }, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, permissions: '0', flags: 0 };

/** An INTERACTION_CREATE dispatch on the fake gateway, as Discord sends one. */
function interaction(type: number, data: Record<string, unknown>, extra: Record<string, unknown> = {}, id = nextId()) {
  session.dispatch('INTERACTION_CREATE', {
    id, application_id: BOT_ID, type, token: `gtok${id}`, version: 1, guild_id: GUILD.id, channel_id: GUILD.channelId,
    channel: { id: GUILD.channelId, type: 0 }, locale: 'en-US', guild_locale: 'en-US', app_permissions: '0', entitlements: [],
    authorizing_integration_owners: {}, context: 0, member, data, ...extra,
  });
  return { id, token: `gtok${id}` };
}

const callbackOf = (id: string, token: string) => rest.waitFor((c) => c.path === `/interactions/${id}/${token}/callback`, 20_000);
const editOf = (token: string) => rest.waitFor((c) => c.method === 'PATCH' && c.path === `/webhooks/${BOT_ID}/${token}/messages/@original`, 20_000);

async function askKospiStress(): Promise<Recorded> {
  const { token } = interaction(2, { id: '77', name: 'kospi-stress', type: 1, options: [] });
  return editOf(token);
}

function click(answer: Recorded, customId: string, values?: string[], id?: string) {
  const message = { ...rawMessage('9100', GUILD.channelId, ''), embeds: answer.json!.embeds, components: answer.json!.components };
  const data = values ? { custom_id: customId, component_type: 3, values } : { custom_id: customId, component_type: 2 };
  return interaction(3, data, { message }, id);
}

beforeAll(async () => {
  rest = await startFakeDiscord();
  gateway = await startFakeGateway(rest, [GUILD]);
  const env = { DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: BOT_ID, DISCORD_API_URL: rest.api, RATE_LIMIT_PER_MIN: '60' };
  const core = createBotCore({ config: testConfig(env), log: silentLogger, market: demoMarket(), render: renderChart });
  adapter = await startDiscord(core, createHttpServer(silentLogger), { client: createGatewayClient(loadConfig({ LOG_LEVEL: 'silent', ...env })) });
  session = await gateway.waitForShard(0);
}, 60_000);
afterAll(async () => {
  await adapter?.stop();
  await gateway?.close();
  await rest?.close();
});

describe('Discord follow-ups over the gateway (INTERACTION_CREATE)', () => {
  it('a /kospi-stress answer carries buttons; ◀ is a deferred update, then the previous session in place', async () => {
    const answer = await askKospiStress();
    const rows = answer.json!.components as { components: Component[] }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(5);
    for (const c of flat(rows)) expect(c.custom_id.length).toBeLessThanOrEqual(100);
    const prev = flat(rows).find((c) => c.label === '◀ Previous session')!;
    const ref = (await decodeAction(prev.custom_id, adapterlessIds))!;
    const prevDate = previousKrxSession(ref.basis!);
    expect(ref.line).toBe(`/kospi-stress asof=${prevDate}`);

    const { id, token } = click(answer, prev.custom_id);
    expect((await callbackOf(id, token)).json).toMatchObject({ type: 6 });
    const edit = await editOf(token);
    expect(JSON.stringify(edit.json!.embeds)).toContain(prevDate);
    expect(JSON.stringify(edit.json!.embeds)).not.toContain(ref.basis!);
    expect(flat(edit.json!.components as never).some((c) => c.label === 'Next session ▶')).toBe(true);
  });

  it('the select changes the window', async () => {
    const answer = await askKospiStress();
    const select = flat(answer.json!.components as never).find((c) => c.type === 3)!;
    const w60 = select.options!.find((o) => o.label === 'window=60')!;
    const { id, token } = click(answer, select.custom_id, [w60.value]);
    expect((await callbackOf(id, token)).json).toMatchObject({ type: 6 });
    const edit = await editOf(token);
    const refresh = flat(edit.json!.components as never).find((c) => c.label === '↻ Refresh')!;
    expect((await decodeAction(refresh.custom_id, adapterlessIds))!.line).toBe('/kospi-stress window=60');
  });

  it('a redelivered click (same interaction id) is answered once, like a command', async () => {
    const answer = await askKospiStress();
    const refresh = flat(answer.json!.components as never).find((c) => c.label === '↻ Refresh')!;
    const id = nextId();
    click(answer, refresh.custom_id, undefined, id);
    await editOf(`gtok${id}`);
    click(answer, refresh.custom_id, undefined, id);
    // A fresh click after the repeat: once it is answered, the repeat (sent earlier) has had every chance.
    const later = click(answer, refresh.custom_id);
    await editOf(later.token);
    expect(rest.calls.filter((c) => c.path === `/interactions/${id}/gtok${id}/callback`)).toHaveLength(1);
    expect(rest.calls.filter((c) => c.method === 'PATCH' && c.path === `/webhooks/${BOT_ID}/gtok${id}/messages/@original`)).toHaveLength(1);
  });

  it('a forged custom_id is refused to the clicker alone and runs nothing', async () => {
    const answer = await askKospiStress();
    const { id, token } = click(answer, 'a||rm -rf /');
    const callback = await callbackOf(id, token);
    expect(callback.json).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(String((callback.json!.data as { content: string }).content)).toContain('not one stressbot can answer');
    expect(rest.calls.some((c) => c.method === 'PATCH' && c.path.includes(token))).toBe(false);
  });

  it('autocompletes asof with ≤ 25 choices within the 3 s window', async () => {
    const started = performance.now();
    const { id, token } = interaction(4, { id: '77', name: 'kospi-stress', type: 1, options: [{ name: 'asof', type: 3, value: '', focused: true }] });
    const callback = await callbackOf(id, token);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(callback.json!.type).toBe(8);
    const { choices } = callback.json!.data as { choices: { name: string; value: string }[] };
    expect(choices.length).toBeGreaterThan(10);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices[0]!.value).toBe((await demoMarket().series('KOSPI')).points.at(-1)!.date);
    // What is typed narrows the list.
    const typed = interaction(4, { id: '78', name: 'vol-ratio', type: 1, options: [{ name: 'lookback', type: 3, value: '6', focused: true }] });
    expect(((await callbackOf(typed.id, typed.token)).json!.data as { choices: unknown }).choices).toEqual([{ name: '6m', value: '6m' }]);
  });
});

/** Inline custom_ids decode without any store; a `k|` id would need the process's own. */
const adapterlessIds = { put: async () => '', get: async () => undefined };
