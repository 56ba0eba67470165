// `/kospi-stress lang=ko` on every surface, through the real core, registry and DEMO market: the
// console, Slack (its Web API faked locally), Discord (its REST API faked locally, signed
// interactions), the playground's API — and a channel set to ko gets the Korean digest.
import { generateKeyPairSync, sign } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotCore } from '../../src/infra/process.ts';
import { createHttpServer, type HttpServer } from '../../src/infra/http.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { testConfig } from '../../src/config.ts';
import { demoMarket } from '../../src/data/demo.ts';
import { renderChart } from '../../src/render/chart.ts';
import type { DigestStore } from '../../src/digest/store.ts';
import { openStore } from '../../src/digest/openStore.ts';
import { startDigestScheduler } from '../../src/digest/scheduler.ts';
import { startSlack, type SlackAdapter } from '../../src/bot/slack/index.ts';
import { startDiscord, type DiscordAdapter } from '../../src/bot/discord/index.ts';
import { mountPlayground } from '../../src/bot/web/index.ts';
import { startConsole } from '../../src/bot/console.ts';
import type { Core } from '../../src/core/pipeline.ts';
import { sendSigned, slashBody, mentionBody, startFakeSlack, type Call, type FakeSlack } from '../bot/slack/fakeSlack.ts';
import { startFakeDiscord, type FakeDiscord } from '../bot/discord/fakeDiscord.ts';

const SECRET = 'test-signing-secret';
const APP = '4200000000000000001';
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
const KO_TITLE = /^코스피 스트레스 · \d{4}년 \d{1,2}월 \d{1,2}일 \[DEMO\]$/;

let fakeSlack: FakeSlack;
let fakeDiscord: FakeDiscord;
let http: HttpServer;
let core: Core;
let store: DigestStore;
let slack: SlackAdapter;
let discord: DiscordAdapter;
let base: string;

beforeAll(async () => {
  fakeSlack = await startFakeSlack();
  fakeDiscord = await startFakeDiscord();
  // Rows dated before the digest run the test replays (a subscription made after a run does not get it).
  store = await openStore({ DATA_HOME: '' }, { file: ':memory:', clock: () => new Date('2026-11-01T00:00:00Z') });
  const config = testConfig({
    SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fakeSlack.apiUrl,
    DISCORD_PUBLIC_KEY: publicKeyHex, DISCORD_API_URL: fakeDiscord.api, RATE_LIMIT_PER_MIN: '100',
  });
  core = createBotCore({ config, log: silentLogger, market: demoMarket(), render: renderChart, digest: store });
  http = createHttpServer(silentLogger);
  slack = await startSlack(core, http, { workingAfterMs: 60_000 });
  discord = await startDiscord(core, http);
  mountPlayground(http, core);
  const { port } = await http.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
}, 30_000);

afterAll(async () => {
  await slack?.stop();
  await discord?.stop();
  await http?.close();
  await fakeSlack?.close();
  await fakeDiscord?.close();
  await store?.close();
});

const slash = (command: string, text: string, user: string, channel = 'C1') =>
  sendSigned(`${base}/slack/events`, slashBody(command, text, { user, channel, responseUrl: fakeSlack.responseUrl(`${user}-${Math.random()}`) }), 'application/x-www-form-urlencoded', { secret: SECRET });
const threadAnswer = (user: string) => (calls: Call[]) => {
  const anchor = calls.find((c) => c.method === 'chat.postMessage' && !c.args.thread_ts && String(c.args.text).startsWith(`<@${user}>`));
  return anchor && calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts === anchor.result?.ts && c.args.blocks);
};
const headerOf = (c: Call): string => (c.args.blocks as { type: string; text?: { text: string } }[]).find((b) => b.type === 'header')!.text!.text;

async function interaction(name: string, options: { name: string; type: number; value: unknown }[], extra: Record<string, unknown> = {}) {
  const id = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const body = JSON.stringify({ id, type: 2, application_id: APP, token: `tok${id}`, channel_id: '10', member: { user: { id: 'U9' } }, data: { id: '77', name, type: 1, options }, ...extra });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
  const res = await fetch(`${base}/discord/interactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp },
    body,
  });
  expect(res.status).toBe(200);
  const edit = await fakeDiscord.waitFor((c) => c.method === 'PATCH' && c.path === `/webhooks/${APP}/tok${id}/messages/@original`, 60_000);
  return (edit.json!.embeds as { title: string; description: string; fields: { name: string; value: string }[]; footer: { text: string } }[])[0]!;
}

describe('/kospi-stress lang=ko on every surface', () => {
  it('console: Korean headline, labels, notes and sources', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (b: Buffer) => (text += b.toString('utf8')));
    const { closed } = startConsole({ ...core, config: { ...core.config, OUT_DIR: `${process.cwd()}/out/test-i18n` } } as Core, { input, output });
    input.write('/kospi-stress lang=ko\n');
    input.end();
    await closed;
    expect(text).toMatch(/🔴|🟠|🟡|🟢/);
    expect(text).toContain('코스피 스트레스');
    expect(text).toContain('스트레스 점수');
    expect(text).toContain('52주 고점 대비 낙폭');
    expect(text).toContain('투자 권유가 아닙니다');
    expect(text).toMatch(/출처: KOSPI demo \d{4}\.\d{2}\.\d{2}/);
    expect(text).not.toContain('Stress score');
    expect(text).toMatch(/chart: .*kospi-stress.*\.png/);
  }, 60_000);

  it('console: a Korean alias answers in Korean, and a Korean option name is understood', async () => {
    const o = await core.ask('코스피 기준일=2024-08-05');
    expect(o.kind).toBe('answer');
    if (o.kind !== 'answer') return;
    expect(o.report.title).toBe('코스피 스트레스 · 2024년 8월 5일 [DEMO]');
    expect((o.report.data as { asOf: string }).asOf).toBe('2024-08-05');
  }, 60_000);

  it('Slack fake: slash command with lang=ko gets a Korean Block Kit answer and Korean chart titles', async () => {
    await slash('/kospi-stress', 'lang=ko', 'U-ko1');
    const answer = await fakeSlack.waitFor(threadAnswer('U-ko1'), 60_000);
    expect(headerOf(answer)).toMatch(/코스피 스트레스/);
    const text = JSON.stringify(answer.args.blocks);
    expect(text).toContain('스트레스 점수');
    expect(text).toContain('출처 (기준일)');
    expect(text).toContain('투자 권유가 아닙니다');
    const upload = await fakeSlack.waitFor((calls) => calls.find((c) => c.method === 'files.completeUploadExternal' && c.args.thread_ts === answer.args.thread_ts), 60_000);
    expect(JSON.stringify(upload.args.files)).toMatch(/코스피 스트레스/);
  }, 90_000);

  it('Slack fake: a user whose Slack speaks Korean gets Korean without lang=, and users.info is asked once', async () => {
    fakeSlack.userLocales.set('U-ko2', 'ko-KR');
    const before = fakeSlack.callsOf('users.info').filter((c) => c.args.user === 'U-ko2').length;
    await slash('/kospi-stress', '', 'U-ko2');
    const first = await fakeSlack.waitFor(threadAnswer('U-ko2'), 60_000);
    expect(headerOf(first)).toMatch(/코스피 스트레스/);
    const ts = 'mention-ts-1';
    await sendSigned(`${base}/slack/events`, mentionBody('<@UBOT> 감마', { eventId: `Ev-${Math.random()}`, user: 'U-ko2', ts }), 'application/json', { secret: SECRET });
    const again = await fakeSlack.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts === ts), 60_000);
    expect(again.args.text ?? JSON.stringify(again.args.blocks)).toBeTruthy();
    const calls = fakeSlack.callsOf('users.info').filter((c) => c.args.user === 'U-ko2');
    expect(calls.length - before).toBe(1); // cached
    expect(String(calls[0]!.args.include_locale)).toBe('true');
    // And an English-speaking user, same channel, still gets English.
    await slash('/kospi-stress', '', 'U-en');
    expect(headerOf(await fakeSlack.waitFor(threadAnswer('U-en'), 60_000))).toMatch(/KOSPI stress/);
  }, 120_000);

  it('Discord fake: lang=ko as a slash option, and a Korean client locale without it', async () => {
    const byOption = await interaction('kospi-stress', [{ name: 'lang', type: 3, value: 'ko' }]);
    expect(byOption.title).toMatch(KO_TITLE);
    expect(byOption.fields.map((f) => f.name).join(' ')).toContain('스트레스 점수');
    expect(byOption.footer.text).toContain('투자 권유가 아닙니다');
    const byLocale = await interaction('kospi-stress', [], { locale: 'ko', guild_locale: 'en-US' });
    expect(byLocale.title).toMatch(KO_TITLE);
    const byGuild = await interaction('kospi-stress', [], { guild_locale: 'ko' });
    expect(byGuild.title).toMatch(KO_TITLE);
    const english = await interaction('kospi-stress', [], { locale: 'en-US', guild_locale: 'ko' });
    expect(english.title).toMatch(/^KOSPI stress/);
  }, 120_000);

  it('playground: /api/ask answers in Korean, with Korean previews and a Korean chart', async () => {
    const r = await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ line: '/kospi-stress lang=ko' }) });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { report: { title: string; headline: string; charts: { title: string; url?: string }[] }; previews: Record<string, unknown> };
    expect(body.report.title).toMatch(KO_TITLE);
    expect(body.report.headline).toMatch(/^DEMO · 코스피 스트레스 \d+\/100 \((안정|주의|경계|위험)\)/);
    expect(JSON.stringify(body.previews)).toContain('스트레스 점수');
    const chart = body.report.charts[0]!;
    expect(chart.title).toMatch(/코스피 스트레스/);
  }, 60_000);
});

describe('a channel set to ko', () => {
  it('/stress-settings lang=ko is kept with the subscriptions; answers there follow it, lang= still wins', async () => {
    const set = await core.ask('/stress-settings lang=ko', { user: 'slack:T1:U1', channel: 'slack:C-ko' });
    expect(set.kind).toBe('answer');
    if (set.kind === 'answer') expect(set.report.headline).toContain('한국어');
    expect(await store.setting('slack:C-ko', 'lang')).toBe('ko');
    const here = await core.ask('/kospi-stress', { channel: 'slack:C-ko' });
    expect(here.kind === 'answer' && here.report.title).toMatch(KO_TITLE);
    const english = await core.ask('/kospi-stress lang=en', { channel: 'slack:C-ko' });
    expect(english.kind === 'answer' && english.report.title).toMatch(/^KOSPI stress/);
    // the channel outranks the user's platform locale
    const userEn = await core.ask('/help', { channel: 'slack:C-ko', locales: ['en-US'] });
    expect(userEn.kind === 'answer' && userEn.report.title).toBe('stressbot 명령어');
  }, 60_000);

  it('receives the Korean morning digest while an English channel gets English', async () => {
    await store.subscribe('slack:C-ko', {});
    await store.subscribe('slack:C-en', {});
    // Friday 2026-11-20, 08:31 Seoul: both are due (DIGEST_CRON 30 8 * * 1-5).
    const at = new Date('2026-11-19T23:31:00Z');
    const scheduler = startDigestScheduler({ core, store, posters: [slack.poster], config: core.config, now: () => at });
    const results = await scheduler.started;
    await scheduler.stop();
    expect(results.map((r) => `${r.channel} ${r.status}`).sort()).toEqual(['slack:C-en sent', 'slack:C-ko sent']);
    const anchors = fakeSlack.callsOf('chat.postMessage').filter((c) => !c.args.thread_ts && String(c.args.text).includes('*'));
    const ko = anchors.filter((c) => c.args.channel === 'C-ko').at(-1)!;
    const en = anchors.filter((c) => c.args.channel === 'C-en').at(-1)!;
    expect(ko.args.text).toContain('아침 스트레스 브리핑');
    expect(ko.args.text).toContain('코스피 스트레스');
    expect(en.args.text).toContain('Morning stress digest');
    const thread = fakeSlack.callsOf('chat.postMessage').find((c) => c.args.channel === 'C-ko' && c.args.thread_ts === ko.result?.ts)!;
    const blocks = JSON.stringify(thread.args.blocks);
    expect(blocks).toContain('스트레스');
    expect(blocks).toContain('1%당 ETF 리밸런싱');
  }, 180_000);
});
