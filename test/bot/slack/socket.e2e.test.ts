// Socket Mode end to end: apps.connections.open on the fake Web API hands out a local WebSocket that plays
// Slack's socket (hello, envelopes, acks). No public URL, nothing leaves 127.0.0.1.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { createBotCore } from '../../../src/infra/process.ts';
import { createHttpServer, type HttpServer } from '../../../src/infra/http.ts';
import { silentLogger } from '../../../src/infra/log.ts';
import { startSlack, type SlackAdapter } from '../../../src/bot/slack/index.ts';
import { commands } from '../../../src/commands/registry.ts';
import { testConfig } from '../../../src/config.ts';
import { startFakeSlack, type FakeSlack } from './fakeSlack.ts';
import { market, PNG_MAGIC, probe, render } from './fixtures.ts';
import { previousKrxSession } from '../../../src/data/calendar.ts';

let fake: FakeSlack;
let wss: WebSocketServer;
let socket: WebSocket | undefined;
let http: HttpServer;
let adapter: SlackAdapter;
const acks: { envelope_id: string; payload?: unknown; at: number }[] = [];
const list = [...commands, probe];

function send(envelope: Record<string, unknown>): number {
  socket!.send(JSON.stringify(envelope));
  return performance.now();
}
const ackOf = (id: string) => fake.waitFor(() => acks.find((a) => a.envelope_id === id));

function mentionEnvelope(envelopeId: string, eventId: string, ts: string, retry = 0) {
  return {
    envelope_id: envelopeId,
    type: 'events_api',
    accepts_response_payload: false,
    retry_attempt: retry,
    retry_reason: retry ? 'timeout' : '',
    payload: {
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: eventId,
      event_time: 1700000000,
      authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
      event: { type: 'app_mention', user: 'U-sm', text: '<@UBOT> probe', ts, channel: 'C2', event_ts: ts, team: 'T1' },
    },
  };
}

beforeAll(async () => {
  fake = await startFakeSlack();
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const wsUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`;
  fake.override.set('apps.connections.open', () => ({ ok: true, url: wsUrl }));
  wss.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => acks.push({ ...JSON.parse(String(data)), at: performance.now() }));
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A1' } }));
  });
  const config = testConfig({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test', SLACK_API_URL: fake.apiUrl });
  const core = createBotCore({ config, log: silentLogger, market, render, commands: list });
  http = createHttpServer(silentLogger);
  adapter = await startSlack(core, http);
});

afterAll(async () => {
  await adapter?.stop();
  await new Promise((r) => wss?.close(r));
  await fake?.close();
});

describe('Slack over Socket Mode, end to end', () => {
  it('connects with the app token, and mounts nothing on the HTTP server', async () => {
    expect(adapter.mode).toBe('socket');
    const open = fake.callsOf('apps.connections.open')[0]!;
    expect(open.headers.authorization).toBe('Bearer xapp-test');
    const { port } = await http.listen(0, '127.0.0.1');
    expect((await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
    await http.close();
  });

  it('acks a slash command envelope at once and answers in the anchor thread with the chart', async () => {
    const sent = send({
      envelope_id: 'env-cmd',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: { team_id: 'T1', channel_id: 'C2', user_id: 'U-s', command: '/probe', text: '', response_url: fake.responseUrl('sm'), trigger_id: 'trig-sm' },
    });
    const ack = await ackOf('env-cmd');
    expect(ack.at - sent).toBeLessThan(3000);
    const anchor = await fake.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === 'C2' && !c.args.thread_ts));
    expect(anchor.args.text).toContain('<@U-s> asked `/probe`');
    const ts = anchor.result!.ts;
    const complete = await fake.waitFor((calls) => calls.find((c) => c.method === 'files.completeUploadExternal' && c.args.thread_ts === ts));
    expect(complete.args.channel_id).toBe('C2');
    const upload = fake.callsOf('upload').find((c) => c.args.id === complete.args.files[0].id)!;
    expect(upload.raw.includes(PNG_MAGIC)).toBe(true);
  });

  it('answers a redelivered event (same event_id, retry_attempt 1) once, acking both', async () => {
    const ts = '1700500000.000100';
    send(mentionEnvelope('env-ev-1', 'Ev-sock', ts));
    await ackOf('env-ev-1');
    await fake.waitFor((calls) => calls.find((c) => c.method === 'files.completeUploadExternal' && c.args.thread_ts === ts));
    send(mentionEnvelope('env-ev-2', 'Ev-sock', ts, 1));
    await ackOf('env-ev-2');
    // A fresh event after the retry: once it is answered, the retry (sent earlier) has had every chance.
    send(mentionEnvelope('env-ev-3', 'Ev-sock-later', '1700500001.000100'));
    await fake.waitFor((calls) => calls.find((c) => c.method === 'files.completeUploadExternal' && c.args.thread_ts === '1700500001.000100'));
    expect(fake.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
  });
  it('a ◀ click arrives as an interactive envelope: acked over the socket, the answer updated in place via chat.update', async () => {
    send({
      envelope_id: 'env-ks',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: { team_id: 'T1', channel_id: 'C3', user_id: 'U-click', command: '/kospi-stress', text: '', response_url: fake.responseUrl('sm-ks'), trigger_id: 'trig-sm-ks' },
    });
    const anchor = await fake.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === 'C3' && !c.args.thread_ts), 20_000);
    const answer = await fake.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts === anchor.result!.ts && c.args.blocks), 20_000);
    type Element = { action_id: string; value?: string };
    const elements = (answer.args.blocks as { type: string; elements?: Element[] }[]).find((b) => b.type === 'actions')!.elements!;
    const prev = elements.find((e) => e.action_id === 'sb:prev')!;
    const basis = (JSON.parse(prev.value!) as { b: string }).b;
    const prevDate = previousKrxSession(basis);
    expect(JSON.parse(prev.value!).l).toBe(`/kospi-stress asof=${prevDate}`);

    const ts = answer.result!.ts as string;
    const action = { type: 'button', action_id: prev.action_id, block_id: 'stressbot-followups', value: prev.value, action_ts: `${Date.now() / 1000}`, text: { type: 'plain_text', text: '◀' } };
    const envelope = (id: string, retry = 0) => ({
      envelope_id: id, type: 'interactive', accepts_response_payload: false, retry_attempt: retry, retry_reason: retry ? 'timeout' : '',
      payload: {
        type: 'block_actions', team: { id: 'T1', domain: 'fake' }, user: { id: 'U-click', team_id: 'T1' }, api_app_id: 'A1', token: 't',
        container: { type: 'message', message_ts: ts, channel_id: 'C3', is_ephemeral: false }, trigger_id: 'trig-click', channel: { id: 'C3', name: 'desk' },
        message: { type: 'message', ts, thread_ts: anchor.result!.ts, text: 'answer', blocks: answer.args.blocks }, response_url: fake.responseUrl('sm-click'), actions: [action],
      },
    });
    const sent = send(envelope('env-click'));
    const ack = await ackOf('env-click');
    expect(ack.at - sent).toBeLessThan(3000);
    const update = await fake.waitFor((calls) => calls.find((c) => c.method === 'chat.update' && c.args.ts === ts), 20_000);
    expect(update.args.channel).toBe('C3');
    const context = JSON.stringify((update.args.blocks as { type: string }[]).filter((b) => b.type === 'context'));
    expect(context).toContain(prevDate);
    expect(context).not.toContain(basis);
    // The same click redelivered (Slack's retry of an envelope): acked, not answered twice.
    send(envelope('env-click-2', 1));
    await ackOf('env-click-2');
    send(mentionEnvelope('env-ev-after-click', 'Ev-after-click', '1700600000.000100'));
    await fake.waitFor((calls) => calls.find((c) => c.method === 'files.completeUploadExternal' && c.args.thread_ts === '1700600000.000100'), 20_000);
    expect(fake.callsOf('chat.update').filter((c) => c.args.ts === ts)).toHaveLength(1);
  });
});

describe('startSlack with a bad token', () => {
  it('fails at start, naming the Slack error', async () => {
    const bad = await startFakeSlack();
    bad.override.set('auth.test', () => ({ ok: false, error: 'invalid_auth' }));
    const config = testConfig({ SLACK_BOT_TOKEN: 'xoxb-bad', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: bad.apiUrl });
    const core = createBotCore({ config, log: silentLogger, market, render });
    await expect(startSlack(core, createHttpServer(silentLogger))).rejects.toThrow(/invalid_auth/);
    await bad.close();
  });
});
