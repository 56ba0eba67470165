// Follow-up buttons and selects over HTTP interactions: signed MESSAGE_COMPONENT posts, the real core,
// registry and KRX calendar, answers reaching the fake Discord REST API.
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../../src/infra/http.ts';
import { silentLogger } from '../../../src/infra/log.ts';
import { createBotCore } from '../../../src/infra/process.ts';
import { testConfig } from '../../../src/config.ts';
import { startDiscord, type DiscordAdapter } from '../../../src/bot/discord/index.ts';
import { componentRows, decodeAction } from '../../../src/bot/discord/components.ts';
import { memoryActionIds } from '../../../src/infra/actionIds.ts';
import { previousKrxSession } from '../../../src/data/calendar.ts';
import { renderChart } from '../../../src/render/chart.ts';
import { demoMarket } from '../../../src/data/demo.ts';
import { startFakeDiscord, type FakeDiscord } from './fakeDiscord.ts';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
const APP = '4200000000000000001';

let fake: FakeDiscord;
let base: string;
let adapter: DiscordAdapter;
const http = createHttpServer(silentLogger);
let seq = 0;
const nextId = () => `${Date.now()}${String(seq++).padStart(3, '0')}`;

async function post(payload: unknown) {
  const body = JSON.stringify(payload);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
  return fetch(`${base}/discord/interactions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp }, body });
}

type Component = { type: number; custom_id: string; label?: string; options?: { label: string; value: string }[] };
const flat = (rows: { components: Component[] }[]) => rows.flatMap((r) => r.components);

async function askKospiStress() {
  const id = nextId();
  const token = `tok${id}`;
  await post({ id, type: 2, application_id: APP, token, channel_id: '10', member: { user: { id: 'U1' } }, data: { id: '77', name: 'kospi-stress', type: 1, options: [] } });
  const edit = await fake.waitFor((c) => c.method === 'PATCH' && c.path === `/webhooks/${APP}/${token}/messages/@original`, 20_000);
  return edit.json!.components as { type: number; components: Component[] }[];
}

function click(customId: string, values?: string[]) {
  const id = nextId();
  const token = `tok${id}`;
  const data = values ? { custom_id: customId, component_type: 3, values } : { custom_id: customId, component_type: 2 };
  return { token, res: post({ id, type: 3, application_id: APP, token, channel_id: '10', member: { user: { id: 'U1' } }, message: { id: '900' }, data }) };
}

beforeAll(async () => {
  fake = await startFakeDiscord();
  const core = createBotCore({ config: testConfig({ DISCORD_PUBLIC_KEY: publicKeyHex, DISCORD_API_URL: fake.api, RATE_LIMIT_PER_MIN: '30' }), log: silentLogger, market: demoMarket(), render: renderChart });
  adapter = await startDiscord(core, http);
  const { port } = await http.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await adapter.stop();
  await http.close();
  await fake.close();
});

describe('Discord follow-ups (MESSAGE_COMPONENT over HTTP)', () => {
  it('a /kospi-stress answer has buttons within Discord caps; ◀ gives a deferred update, then the previous session in place', async () => {
    const rows = await askKospiStress();
    expect(rows.length).toBeLessThanOrEqual(5);
    for (const r of rows) expect(r.components.length).toBeLessThanOrEqual(5);
    for (const c of flat(rows)) expect(c.custom_id.length).toBeLessThanOrEqual(100);
    const prev = flat(rows).find((c) => c.label === '◀ Previous session')!;
    const ref = (await decodeAction(prev.custom_id, memoryActionIds()))!;
    const prevDate = previousKrxSession(ref.basis!);
    expect(ref.line).toBe(`/kospi-stress asof=${prevDate}`);

    const { token, res } = click(prev.custom_id);
    expect(await (await res).json()).toEqual({ type: 6 });
    const edit = await fake.waitFor((c) => c.method === 'PATCH' && c.path === `/webhooks/${APP}/${token}/messages/@original`, 20_000);
    expect(JSON.stringify(edit.json!.embeds)).toContain(prevDate);
    expect(flat(edit.json!.components as never).some((c) => c.label === 'Next session ▶')).toBe(true);
  });

  it('the select changes the window', async () => {
    const rows = await askKospiStress();
    const select = flat(rows).find((c) => c.type === 3)!;
    const w60 = select.options!.find((o) => o.label === 'window=60')!;
    const { token, res } = click(select.custom_id, [w60.value]);
    expect(await (await res).json()).toEqual({ type: 6 });
    const edit = await fake.waitFor((c) => c.method === 'PATCH' && c.path === `/webhooks/${APP}/${token}/messages/@original`, 20_000);
    const refresh = flat(edit.json!.components as never).find((c) => c.label === '↻ Refresh')!;
    expect((await decodeAction(refresh.custom_id, memoryActionIds()))!.line).toBe('/kospi-stress window=60');
  });

  it('a forged custom_id is refused to the clicker alone and runs nothing', async () => {
    const { res } = click('a||rm -rf /');
    const body = (await (await res).json()) as { type: number; data: { flags: number; content: string } };
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(64);
    expect(body.data.content).toContain('not one stressbot can answer');
  });

  it('keeps a line longer than 100 characters behind a short id', async () => {
    const ids = memoryActionIds();
    const line = `/corr window=60 vs=NDX ${'x'.repeat(120)}`;
    const rows = await componentRows([{ kind: 'button', id: 'refresh', label: '↻ Refresh', audience: 'channel', line, basis: '2026-11-27' }], ids);
    const id = (rows[0]!.components as Component[])[0]!.custom_id;
    expect(id).toMatch(/^k\|[0-9a-f]{12}$/);
    expect(await decodeAction(id, ids)).toEqual({ line, basis: '2026-11-27' });
  });

  it('autocompletes asof with ≤ 25 choices in time: recent sessions first, then the worst KOSPI days', async () => {
    const id = nextId();
    const started = performance.now();
    const res = await post({ id, type: 4, application_id: APP, token: `tok${id}`, channel_id: '10', member: { user: { id: 'U1' } }, data: { id: '77', name: 'kospi-stress', type: 1, options: [{ name: 'asof', type: 3, value: '', focused: true }] } });
    const body = (await res.json()) as { type: number; data: { choices: { name: string; value: string }[] } };
    expect(performance.now() - started).toBeLessThan(3000);
    expect(body.type).toBe(8);
    const { choices } = body.data;
    expect(choices.length).toBeGreaterThan(10);
    expect(choices.length).toBeLessThanOrEqual(25);
    const last = (await demoMarket().series('KOSPI')).points.at(-1)!.date;
    expect(choices[0]!.value).toBe(last);
    expect(choices.some((c) => /KOSPI -\d/.test(c.name))).toBe(true);
    // What is typed narrows the list.
    const id2 = nextId();
    const narrowed = (await (await post({ id: id2, type: 4, application_id: APP, token: `tok${id2}`, data: { name: 'vol-ratio', options: [{ name: 'lookback', type: 3, value: '6', focused: true }] } })).json()) as typeof body;
    expect(narrowed.data.choices).toEqual([{ name: '6m', value: '6m' }]);
  });
});
