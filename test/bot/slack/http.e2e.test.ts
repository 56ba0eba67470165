// The real Bolt app on the shared HTTP server, the real core and registry, a local fake of Slack's Web API,
// and signed requests as Slack sends them. Nothing leaves 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotCore } from '../../../src/infra/process.ts';
import type { Core } from '../../../src/core/pipeline.ts';
import { createHttpServer, type HttpServer } from '../../../src/infra/http.ts';
import { silentLogger } from '../../../src/infra/log.ts';
import { startSlack, type SlackAdapter } from '../../../src/bot/slack/index.ts';
import { memoryDedupe, type Dedupe } from '../../../src/infra/dedupe.ts';
import { commands } from '../../../src/commands/registry.ts';
import { messages } from '../../../src/core/i18n/index.ts';

const CAVEAT = messages('en').common.caveat;
import { testConfig } from '../../../src/config.ts';
import { market, PNG_MAGIC, probe, render, slow } from './fixtures.ts';
import { mentionBody, sendSigned, slashBody, startFakeSlack, type Call, type FakeSlack } from './fakeSlack.ts';

const SECRET = 'test-signing-secret';

const checks: { key: string; first: boolean }[] = [];
function recording(inner: Dedupe): Dedupe {
  return {
    async first(key) {
      const first = await inner.first(key);
      checks.push({ key, first });
      return first;
    },
  };
}

let fake: FakeSlack;
let http: HttpServer;
let core: Core;
let adapter: SlackAdapter;
let events: string;

const slash = (command: string, text: string, o: { user?: string; channel?: string; triggerId?: string; responseId?: string } = {}) =>
  sendSigned(events, slashBody(command, text, { ...o, responseUrl: fake.responseUrl(o.responseId ?? `${o.user ?? 'U1'}-${Math.random()}`) }), 'application/x-www-form-urlencoded', { secret: SECRET });
const mention = (text: string, o: { eventId: string; ts: string; user?: string; threadTs?: string }, headers?: Record<string, string>) =>
  sendSigned(events, mentionBody(text, o), 'application/json', { secret: SECRET, headers });

const posts = (pred: (c: Call) => boolean) => fake.callsOf('chat.postMessage').filter(pred);
const anchorOf = (user: string) => (calls: Call[]) => calls.find((c) => c.method === 'chat.postMessage' && !c.args.thread_ts && String(c.args.text).startsWith(`<@${user}>`));

beforeAll(async () => {
  fake = await startFakeSlack();
  const config = testConfig({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, RATE_LIMIT_PER_MIN: '3' });
  const list = [...commands, probe];
  core = createBotCore({ config, log: silentLogger, market, render, commands: list, dedupe: recording(memoryDedupe()) });
  http = createHttpServer(silentLogger);
  adapter = await startSlack(core, http, { workingAfterMs: 300 });
  const { port } = await http.listen(0, '127.0.0.1');
  events = `http://127.0.0.1:${port}/slack/events`;
});

afterAll(async () => {
  await adapter?.stop();
  await http?.close();
  await fake?.close();
});

describe('Slack over HTTP, end to end', () => {
  it('starts in HTTP mode after checking the token with auth.test', () => {
    expect(adapter.mode).toBe('http');
    expect(fake.callsOf('auth.test')).toHaveLength(1);
    expect(fake.callsOf('auth.test')[0]!.headers.authorization).toBe('Bearer xoxb-test');
  });

  it('answers a slash command: 200 at once, anchor with the headline, Block Kit and the chart in its thread', async () => {
    const r = await slash('/probe', '', { user: 'U-fast' });
    expect(r.status).toBe(200);
    expect(r.ms).toBeLessThan(3000);

    const anchor = await fake.waitFor(anchorOf('U-fast'));
    expect(anchor.args.channel).toBe('C1');
    expect(anchor.args.text).toContain('<@U-fast> asked `/probe`');
    expect(anchor.args.text).toContain('🟠 *DEMO · Stress 72/100: high*');

    const anchorTs = anchor.result!.ts as string;
    const complete = await fake.waitFor((calls) => calls.find((c) => c.method === 'files.completeUploadExternal' && c.args.thread_ts === anchorTs));

    const answer = posts((c) => c.args.thread_ts === anchorTs)[0]!;
    expect(answer.args.channel).toBe('C1');
    const blocks = answer.args.blocks as any[];
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '🟠 KOSPI stress [DEMO]', emoji: true } });
    expect(blocks[1].text.text).toBe('*DEMO · Stress 72/100: high*');
    expect(blocks[2].fields.map((f: any) => f.text)).toEqual(['*Stress score*\n🟠 72/100', '*Drawdown*\n🟡 -12.3% (&lt;5% of days)']);
    // The follow-ups close the message, under the sources line.
    expect(blocks.at(-1).type).toBe('actions');
    const context = blocks.at(-2);
    expect(context.type).toBe('context');
    const lastKospi = (await market.series('KOSPI')).points.at(-1)!.date;
    expect(context.elements.map((e: any) => e.text).join(' ')).toContain(`KOSPI demo ${lastKospi}`);
    expect(context.elements.map((e: any) => e.text).join(' ')).toContain(CAVEAT);
    expect(answer.args.text).toContain('KOSPI stress [DEMO]');

    expect(complete.args.channel_id).toBe('C1');
    const [file] = complete.args.files as { id: string; title: string }[];
    expect(complete.args.files).toEqual([{ id: file!.id, title: 'KOSPI vs 21d MA' }]);
    const getUrl = fake.callsOf('files.getUploadURLExternal').find((c) => c.result?.file_id === file!.id)!;
    expect(getUrl.args.filename).toBe('kospi-vs-21d-ma.png');
    const upload = fake.callsOf('upload').find((c) => c.args.id === file!.id)!;
    // The rendered PNG itself went to the upload URL: signature, then IHDR with the spec's 600×340.
    const at = upload.raw.indexOf(PNG_MAGIC);
    expect(at).toBeGreaterThanOrEqual(0);
    expect([upload.raw.readUInt32BE(at + 16), upload.raw.readUInt32BE(at + 20)]).toEqual([600, 340]);
    expect(Number(getUrl.args.length)).toBeGreaterThan(PNG_MAGIC.length);
    expect(fake.callsOf('files.upload')).toHaveLength(0); // the retired method is never used
  });

  it('acks before the data work, posts "working…" and updates the anchor with the headline when it lands', async () => {
    let release!: () => void;
    slow.gate = new Promise((r) => (release = r));
    slow.finished = false;
    const r = await slash('/stress', 'probe mode=slow', { user: 'U-slow' });
    expect(r.status).toBe(200);
    expect(slow.finished).toBe(false); // Slack already has its 200 while the command is still blocked

    const anchor = await fake.waitFor(anchorOf('U-slow'));
    expect(anchor.args.text).toBe('<@U-slow> asked `/stress probe mode=slow`\n⏳ working…');
    const ts = anchor.result!.ts as string;
    release();
    const update = await fake.waitFor((calls) => calls.find((c) => c.method === 'chat.update' && c.args.ts === ts));
    expect(update.args.channel).toBe('C1');
    expect(update.args.text).toContain('Stress 72/100: high');
    const answer = await fake.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts === ts));
    expect((answer.args.blocks as any[])[0].text.text).toContain('KOSPI stress');
    await fake.waitFor((calls) => calls.find((c) => c.method === 'files.completeUploadExternal' && c.args.thread_ts === ts));
  });

  it('answers /stress-help from the real registry in a thread (no charts to upload)', async () => {
    await slash('/stress-help', '', { user: 'U-help' });
    const anchor = await fake.waitFor(anchorOf('U-help'));
    expect(anchor.args.text).toContain('asked `/stress-help`');
    const answer = await fake.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts === anchor.result!.ts));
    expect((answer.args.blocks as any[])[0].text.text).toBe('🟢 stressbot commands');
    expect(JSON.stringify(answer.args.blocks)).toContain('/help');
  });

  it('a usage error is ephemeral: only the asker sees it, nothing is posted in the channel', async () => {
    const r = await slash('/stress-help', 'nosuchcommand', { user: 'U-usage', channel: 'C-usage', responseId: 'usage' });
    expect(r.status).toBe(200);
    const reply = await fake.waitFor((calls) => calls.find((c) => c.method === 'response' && c.args.id === 'usage'));
    expect(reply.args.response_type).toBe('ephemeral');
    expect(reply.args.text).toMatch(/^\/help: no command "nosuchcommand" .*Example: \/help \S+$/);
    expect(posts((c) => c.args.channel === 'C-usage')).toHaveLength(0);
  });

  it('a slash command the manifest has but this build lacks gets an ephemeral answer (the ack itself is empty and immediate)', async () => {
    const r = await slash('/not-built-yet', 'x=1', { user: 'U-old', channel: 'C-old', responseId: 'old-1' });
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    const said = await fake.waitFor((calls) => calls.find((c) => c.method === 'response' && c.args.id === 'old-1'));
    expect(said.args).toMatchObject({ response_type: 'ephemeral', text: '/not-built-yet is not available on this stressbot. /stress-help lists what is.' });
    expect(posts((c) => c.args.channel === 'C-old')).toHaveLength(0);
  });

  it('the rate limit message is ephemeral, for slash commands and mentions alike', async () => {
    // (A command that costs: /help is free of the limit.)
    for (let i = 0; i < 3; i++) expect((await slash('/probe', '', { user: 'U-rate', channel: 'C-rate' })).status).toBe(200);
    await slash('/probe', '', { user: 'U-rate', channel: 'C-rate', responseId: 'rate' });
    const reply = await fake.waitFor((calls) => calls.find((c) => c.method === 'response' && c.args.id === 'rate'));
    expect(reply.args.response_type).toBe('ephemeral');
    expect(reply.args.text).toMatch(/^Slow down: you can ask again in \d+s\.$/);

    await mention('<@UBOT> probe', { eventId: 'Ev-rate', ts: '1699999999.000001', user: 'U-rate' });
    const eph = await fake.waitFor((calls) => calls.find((c) => c.method === 'chat.postEphemeral' && c.args.user === 'U-rate'));
    expect(eph.args.text).toMatch(/^Slow down/);
    expect(eph.args.thread_ts).toBe('1699999999.000001');
    expect(posts((c) => c.args.thread_ts === '1699999999.000001')).toHaveLength(0);
  });

  it('rejects a bad signature and a 10-minute-old timestamp with 401, doing nothing', async () => {
    const touched = () => fake.calls.filter((c) => c.args.id === 'evil' || String(c.args.text ?? '').includes('U-evil'));
    const body = slashBody('/probe', '', { user: 'U-evil', responseUrl: fake.responseUrl('evil') });
    const bad = await sendSigned(events, body, 'application/x-www-form-urlencoded', { secret: 'wrong-secret' });
    expect(bad.status).toBe(401);
    const old = await sendSigned(events, body, 'application/x-www-form-urlencoded', { secret: SECRET, timestampSec: Math.floor(Date.now() / 1000) - 600 });
    expect(old.status).toBe(401);
    const unsigned = await fetch(events, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(unsigned.status).toBe(401);
    await new Promise((r) => setTimeout(r, 50));
    expect(touched()).toHaveLength(0); // the rejected requests reached no listener
    // Control: the same body, correctly signed now, is accepted.
    expect((await sendSigned(events, body, 'application/x-www-form-urlencoded', { secret: SECRET })).status).toBe(200);
    await fake.waitFor(anchorOf('U-evil'));
    expect(fake.calls.filter((c) => anchorOf('U-evil')([c]))).toHaveLength(1);
  });

  it('answers a mention in a new thread under the mention, with the chart', async () => {
    const ts = '1700100000.000200';
    const r = await mention('<@UBOT> probe', { eventId: 'Ev-mention', ts, user: 'U-m' });
    expect(r.status).toBe(200);
    expect(r.ms).toBeLessThan(3000);
    const answer = await fake.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts === ts));
    expect(answer.args.channel).toBe('C1');
    expect((answer.args.blocks as any[])[0].text.text).toBe('🟠 KOSPI stress [DEMO]');
    const complete = await fake.waitFor((calls) => calls.find((c) => c.method === 'files.completeUploadExternal' && c.args.thread_ts === ts));
    expect(complete.args.channel_id).toBe('C1');
  });

  it('answers a mention inside an existing thread in that thread', async () => {
    await mention('hey <@UBOT|stressbot> /stress-help', { eventId: 'Ev-thread', ts: '1700200000.000300', threadTs: '1700200000.000001', user: 'U-t' });
    const answer = await fake.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts === '1700200000.000001'));
    expect((answer.args.blocks as any[])[0].text.text).toContain('stressbot commands');
    expect(posts((c) => c.args.thread_ts === '1700200000.000300')).toHaveLength(0);
  });

  it('a mention with a usage error gets an ephemeral reply in its thread', async () => {
    await mention('<@UBOT> gamma-ray', { eventId: 'Ev-usage', ts: '1700300000.000400', user: 'U-mu' });
    const eph = await fake.waitFor((calls) => calls.find((c) => c.method === 'chat.postEphemeral' && c.args.user === 'U-mu'));
    expect(eph.args.text).toContain('Unknown command "/gamma-ray"');
    expect(eph.args.thread_ts).toBe('1700300000.000400');
    expect(posts((c) => c.args.thread_ts === '1700300000.000400')).toHaveLength(0);
  });

  it('answers a retried event (same event_id, X-Slack-Retry-Num: 1) once', async () => {
    const ts = '1700400000.000500';
    const first = await mention('<@UBOT> probe', { eventId: 'Ev-retry', ts, user: 'U-r' });
    const retry = await mention('<@UBOT> probe', { eventId: 'Ev-retry', ts, user: 'U-r' }, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await fake.waitFor(() => checks.filter((c) => c.key === 'slack:event:Ev-retry').length === 2);
    expect(checks.filter((c) => c.key === 'slack:event:Ev-retry').map((c) => c.first)).toEqual([true, false]);
    await fake.waitFor((calls) => calls.find((c) => c.method === 'files.completeUploadExternal' && c.args.thread_ts === ts));
    expect(posts((c) => c.args.thread_ts === ts)).toHaveLength(1);
    expect(fake.callsOf('files.completeUploadExternal').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
  });

  it('answers a repeated slash command (same trigger_id) once', async () => {
    await slash('/stress-help', '', { user: 'U-dup', triggerId: 'trig-dup' });
    await slash('/stress-help', '', { user: 'U-dup', triggerId: 'trig-dup' });
    await fake.waitFor(() => checks.filter((c) => c.key === 'slack:trigger:trig-dup').length === 2);
    expect(checks.filter((c) => c.key === 'slack:trigger:trig-dup').map((c) => c.first)).toEqual([true, false]);
    await fake.waitFor(anchorOf('U-dup'));
    expect(fake.calls.filter((c) => anchorOf('U-dup')([c]))).toHaveLength(1);
  });

  it('states a data failure in the thread', async () => {
    await slash('/probe', 'mode=data', { user: 'U-data' });
    const anchor = await fake.waitFor(anchorOf('U-data'));
    expect(anchor.args.text).toContain('data missing');
    const said = await fake.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts === anchor.result!.ts));
    expect(said.args.text).toMatch(/^⚠️ Data missing: NOSUCH from demo: no demo series/);
  });

  it('in a channel it cannot post to, answers through the response URL instead', async () => {
    fake.override.set('chat.postMessage', (a) => (a.channel === 'C-private' ? { ok: false, error: 'channel_not_found' } : undefined));
    await slash('/probe', '', { user: 'U-priv', channel: 'C-private', responseId: 'priv' });
    const replies = await fake.waitFor((calls) => {
      const r = calls.filter((c) => c.method === 'response' && c.args.id === 'priv');
      return r.length === 2 ? r : undefined;
    });
    expect(replies[0]!.args.response_type).toBe('in_channel');
    expect(replies[0]!.args.blocks[0].text.text).toBe('🟠 KOSPI stress [DEMO]');
    expect(replies[1]!.args.response_type).toBe('ephemeral');
    expect(replies[1]!.args.text).toContain('/invite @stressbot');
    fake.override.delete('chat.postMessage');
  });

  it('says so in the thread when the charts cannot be uploaded', async () => {
    fake.override.set('files.completeUploadExternal', (a) => (a.channel_id === 'C-upfail' ? { ok: false, error: 'not_allowed_token_type' } : undefined));
    await slash('/probe', '', { user: 'U-up', channel: 'C-upfail' });
    const said = await fake.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === 'C-upfail' && String(c.args.text).startsWith('⚠️ The charts')));
    expect(said.args.text).toMatch(/^⚠️ The charts could not be uploaded \(ref [0-9a-f]{8}\)\.$/);
    expect(said.args.thread_ts).toBe(fake.calls.find((c) => anchorOf('U-up')([c]))!.result!.ts);
    fake.override.delete('files.completeUploadExternal');
  });

  it('does not retry a Web API call whose response was lost, and still tells the user', async () => {
    fake.override.set('chat.postMessage', (a) => (a.channel === 'C-lost' && a.thread_ts ? { destroy: true } : undefined));
    await slash('/probe', '', { user: 'U-lost', channel: 'C-lost', responseId: 'lost' });
    const told = await fake.waitFor((calls) => calls.find((c) => c.method === 'response' && c.args.id === 'lost'));
    expect(told.args.response_type).toBe('ephemeral');
    expect(told.args.text).toMatch(/^Something went wrong answering `\/probe` \(ref [0-9a-f]{8}\)/);
    expect(posts((c) => c.args.channel === 'C-lost' && c.args.thread_ts)).toHaveLength(1);
    fake.override.delete('chat.postMessage');
  });

  it('posts a scheduled report (the digest poster): headline in the channel, answer and chart in its thread, each part recorded', async () => {
    const outcome = await core.ask('/probe');
    if (outcome.kind !== 'answer') throw new Error(outcome.message);
    const job = testJob('digest:slack:C-digest:2025-03-04');
    await adapter.poster.post('C-digest', outcome.report, job);
    const anchor = posts((c) => c.args.channel === 'C-digest' && !c.args.thread_ts)[0]!;
    expect(anchor.args.text).toBe('🟠 *KOSPI stress [DEMO]*: DEMO · Stress 72/100: high');
    const anchorTs = anchor.result!.ts as string;
    expect(posts((c) => c.args.thread_ts === anchorTs)).toHaveLength(1);
    await fake.waitFor((calls) => calls.find((c) => c.method === 'files.completeUploadExternal' && c.args.thread_ts === anchorTs));
    expect(Object.keys(job.recorded)).toEqual(['headline', 'answer', 'charts']);
    expect(job.recorded.headline).toBe(anchorTs);
    expect(fake.messages.get('C-digest')![0]!.metadata).toEqual({ event_type: 'stressbot_post', event_payload: { post_id: job.id, part: 'headline' } });
  });

  it('a retry after a lost response finds the parts already in Slack (metadata) and sends only the rest', async () => {
    const outcome = await core.ask('/probe');
    if (outcome.kind !== 'answer') throw new Error(outcome.message);
    // The answer reaches the thread but its response is cut: the first attempt fails after posting it.
    let cut = true;
    fake.override.set('chat.postMessage', (args) => {
      if (!(cut && args.thread_ts && args.channel === 'C-lost-resp')) return undefined;
      cut = false;
      const metadata = typeof args.metadata === 'string' ? JSON.parse(args.metadata) : args.metadata;
      fake.messages.get('C-lost-resp')!.push({ ts: '1800000000.000001', thread_ts: args.thread_ts, user: 'UBOT', bot_id: 'BBOT', metadata });
      return { destroy: true };
    });
    const first = testJob('digest:slack:C-lost-resp:2025-03-04');
    await expect(adapter.poster.post('C-lost-resp', outcome.report, first)).rejects.toThrow();
    fake.override.delete('chat.postMessage');
    expect(Object.keys(first.recorded)).toEqual(['headline']);
    const retry = testJob(first.id, first.recorded, true);
    await adapter.poster.post('C-lost-resp', outcome.report, retry);
    const inChannel = fake.messages.get('C-lost-resp')!;
    // One headline, one answer (the one whose response was lost), one chart share: nothing twice.
    expect(inChannel.filter((m) => !m.thread_ts)).toHaveLength(1);
    expect(inChannel.filter((m) => m.metadata?.event_payload.part === 'answer')).toHaveLength(1);
    expect(inChannel.filter((m) => m.files)).toHaveLength(1);
    expect(retry.recorded.answer).toBe('1800000000.000001');
    expect(fake.callsOf('conversations.replies').length).toBeGreaterThan(0);
  });

  it('shares the server: /healthz answers beside /slack/events, and url_verification is echoed', async () => {
    expect((await fetch(events.replace('/slack/events', '/healthz'))).status).toBe(200);
    const r = await sendSigned(events, JSON.stringify({ type: 'url_verification', challenge: 'ch-123', token: 't' }), 'application/json', { secret: SECRET });
    expect(JSON.parse(r.text)).toEqual({ challenge: 'ch-123' });
  });

  it('after stop(), /slack/events answers 503 and nothing is processed', async () => {
    await adapter.stop();
    const r = await slash('/stress-help', '', { user: 'U-late' });
    expect(r.status).toBe(503);
    expect((await fetch(events.replace('/slack/events', '/healthz'))).status).toBe(200);
  });
});

/** A digest job as the scheduler hands it over, recording what the poster reports delivered. */
function testJob(id: string, delivered: Record<string, string> = {}, uncertain = false) {
  const recorded: Record<string, string> = { ...delivered };
  return { id, delivered, uncertain, recorded, record: async (part: string, ref: string) => void (recorded[part] = ref) };
}
