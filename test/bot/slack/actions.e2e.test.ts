// Follow-up buttons and selects on Slack over HTTP: signed block_actions payloads as Slack sends them,
// the real Bolt app, core, registry and KRX calendar, and the local fake of Slack's Web API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotCore } from '../../../src/infra/process.ts';
import { silentLogger } from '../../../src/infra/log.ts';
import { previousKrxSession } from '../../../src/data/calendar.ts';
import { testConfig } from '../../../src/config.ts';
import { market, render, slackOverHttp } from './fixtures.ts';
import { sendSigned, slashBody, startFakeSlack, type Call, type FakeSlack } from './fakeSlack.ts';

const SECRET = 'test-signing-secret';
let fake: FakeSlack;
let slack: Awaited<ReturnType<typeof slackOverHttp>> | undefined;
let events: string;

beforeAll(async () => {
  fake = await startFakeSlack();
  const config = testConfig({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, RATE_LIMIT_PER_MIN: '30' });
  const core = createBotCore({ config, log: silentLogger, market, render });
  slack = await slackOverHttp(core);
  events = slack.events;
});

afterAll(async () => {
  await slack?.stop();
  await fake?.close();
});

type Element = { type: string; action_id: string; value?: string; options?: { text: { text: string }; value: string }[] };
const actionsOf = (blocks: { type: string; elements?: Element[] }[]): Element[] => blocks.find((b) => b.type === 'actions')?.elements ?? [];
const contextText = (blocks: { type: string; elements?: { text?: string }[] }[]) => blocks.filter((b) => b.type === 'context').flatMap((b) => b.elements!.map((e) => e.text)).join(' ');

let seq = 0;
function blockAction(answer: Call, element: Element, value: string, user = 'U1') {
  const ts = answer.result!.ts as string;
  const action_ts = `${Date.now() / 1000}${++seq}`;
  const action =
    element.type === 'button'
      ? { type: 'button', action_id: element.action_id, block_id: 'stressbot-followups', value, action_ts, text: { type: 'plain_text', text: 'x' } }
      : { type: 'static_select', action_id: element.action_id, block_id: 'stressbot-followups', selected_option: { text: { type: 'plain_text', text: 'x' }, value }, action_ts };
  const payload = {
    type: 'block_actions',
    team: { id: 'T1', domain: 'fake' },
    user: { id: user, username: 'trader', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: ts, channel_id: 'C1', is_ephemeral: false },
    trigger_id: `trig-act-${seq}`,
    channel: { id: 'C1', name: 'markets' },
    message: { type: 'message', ts, thread_ts: answer.args.thread_ts, text: 'answer', blocks: answer.args.blocks },
    response_url: fake.responseUrl(`act-${seq}`),
    actions: [action],
  };
  return sendSigned(events, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', { secret: SECRET });
}

async function askKospiStress(user: string): Promise<Call> {
  await sendSigned(events, slashBody('/kospi-stress', '', { user, responseUrl: fake.responseUrl(`${user}-slash`) }), 'application/x-www-form-urlencoded', { secret: SECRET });
  const anchor = await fake.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && !c.args.thread_ts && String(c.args.text).startsWith(`<@${user}>`)), 20_000);
  return fake.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts === anchor.result!.ts && c.args.blocks), 20_000);
}

describe('Slack follow-ups (block_actions over HTTP)', () => {
  it('a /kospi-stress answer carries buttons and a window select; ◀ updates it in place to the previous session', async () => {
    const answer = await askKospiStress('U-prev');
    const elements = actionsOf(answer.args.blocks);
    expect(elements.map((e) => e.action_id)).toEqual(expect.arrayContaining(['sb:refresh', 'sb:prev', 'sb:explain', 'sb:set:window']));
    // Answered on the latest data: there is no later session to step to.
    expect(elements.map((e) => e.action_id)).not.toContain('sb:next');
    const basis = (JSON.parse(elements.find((e) => e.action_id === 'sb:refresh')!.value!) as { b: string }).b;
    const prevDate = previousKrxSession(basis);
    const prev = elements.find((e) => e.action_id === 'sb:prev')!;
    expect(JSON.parse(prev.value!)).toEqual({ l: `/kospi-stress asof=${prevDate}`, b: basis });

    const r = await blockAction(answer, prev, prev.value!, 'U-prev');
    expect(r.status).toBe(200);
    expect(r.ms).toBeLessThan(3000);
    const update = await fake.waitFor((calls) => calls.find((c) => c.method === 'chat.update' && c.args.ts === answer.result!.ts), 20_000);
    expect(update.args.channel).toBe('C1');
    expect(contextText(update.args.blocks)).toContain(prevDate);
    expect(contextText(update.args.blocks)).not.toContain(basis);
    // From the previous session, ▶ steps forward to the session it came from.
    const next = actionsOf(update.args.blocks).find((e) => e.action_id === 'sb:next')!;
    expect(JSON.parse(next.value!).l).toBe(`/kospi-stress asof=${basis}`);
  });

  it('the select changes the window', async () => {
    const answer = await askKospiStress('U-sel');
    const select = actionsOf(answer.args.blocks).find((e) => e.action_id === 'sb:set:window')!;
    const w60 = select.options!.find((o) => o.text.text === 'window=60')!;
    await blockAction(answer, select, w60.value, 'U-sel');
    const update = await fake.waitFor((calls) => calls.find((c) => c.method === 'chat.update' && c.args.ts === answer.result!.ts), 20_000);
    const refresh = actionsOf(update.args.blocks).find((e) => e.action_id === 'sb:refresh')!;
    expect(JSON.parse(refresh.value!).l).toBe('/kospi-stress window=60');
    expect(JSON.stringify(update.args.blocks)).toContain('60');
  });

  it('"What do these numbers mean?" answers the clicker alone', async () => {
    const answer = await askKospiStress('U-exp');
    const explain = actionsOf(answer.args.blocks).find((e) => e.action_id === 'sb:explain')!;
    const before = fake.calls.length;
    await blockAction(answer, explain, explain.value!, 'U-exp');
    const resp = await fake.waitFor((calls) => calls.slice(before).find((c) => c.method === 'response'), 20_000);
    expect(resp.args.response_type).toBe('ephemeral');
    expect(JSON.stringify(resp.args)).toContain('kospi-stress');
    expect(fake.calls.slice(before).some((c) => c.method === 'chat.update')).toBe(false);
  });

  it('a forged value gets a refusal, never a run; a forged signature gets 401', async () => {
    const answer = await askKospiStress('U-forge');
    const refresh = actionsOf(answer.args.blocks).find((e) => e.action_id === 'sb:refresh')!;
    const before = fake.calls.length;
    await blockAction(answer, refresh, '{"l":"rm -rf /"}', 'U-forge');
    const resp = await fake.waitFor((calls) => calls.slice(before).find((c) => c.method === 'response'), 20_000);
    expect(String(resp.args.text)).toContain('not one stressbot can answer');
    const bad = await sendSigned(events, new URLSearchParams({ payload: '{"type":"block_actions"}' }).toString(), 'application/x-www-form-urlencoded', { secret: SECRET, signature: 'v0=deadbeef' });
    expect(bad.status).toBe(401);
  });

  it('App Home: app_home_opened publishes today\'s headlines and the form button', async () => {
    const body = JSON.stringify({
      token: 'legacy-verification-token', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: `Ev-home-${Date.now()}`, event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ enterprise_id: null, team_id: 'T1', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
      event: { type: 'app_home_opened', user: 'U-home', channel: 'D1', tab: 'home', event_ts: `${Date.now() / 1000}` },
    });
    expect((await sendSigned(events, body, 'application/json', { secret: SECRET })).status).toBe(200);
    const publish = await fake.waitFor((calls) => calls.find((c) => c.method === 'views.publish'), 30_000);
    expect(publish.args.user_id).toBe('U-home');
    const view = typeof publish.args.view === 'string' ? JSON.parse(publish.args.view) : publish.args.view;
    expect(view.type).toBe('home');
    expect(JSON.stringify(view.blocks)).toContain('KOSPI stress');
    expect(JSON.stringify(view.blocks)).toContain('sb-open-form');
  });

  it('/stress alone opens the form; a submission is answered in the chosen channel', async () => {
    await sendSigned(events, slashBody('/stress', '', { user: 'U-form', triggerId: 'trig-form', responseUrl: fake.responseUrl('form') }), 'application/x-www-form-urlencoded', { secret: SECRET });
    const open = await fake.waitFor((calls) => calls.find((c) => c.method === 'views.open'), 20_000);
    expect(open.args.trigger_id).toBe('trig-form');
    const view = typeof open.args.view === 'string' ? JSON.parse(open.args.view) : open.args.view;
    const blocks = view.blocks as { block_id?: string; element?: { type: string; min_value?: string; max_value?: string } }[];
    expect(blocks.find((b) => b.block_id === 'arg:asof')!.element!.type).toBe('datepicker');
    expect(blocks.find((b) => b.block_id === 'arg:window')!.element).toMatchObject({ type: 'number_input', min_value: '5', max_value: '250' });

    const submission = {
      type: 'view_submission', team: { id: 'T1', domain: 'fake' }, user: { id: 'U-form', team_id: 'T1' }, api_app_id: 'A1', token: 'legacy-verification-token', trigger_id: 'trig-sub',
      view: {
        id: 'V1', hash: 'h1', type: 'modal', callback_id: 'sb-form', private_metadata: 'kospi-stress', team_id: 'T1', app_id: 'A1', bot_id: 'BBOT', blocks: view.blocks, title: view.title,
        state: { values: { 'arg:window': { v: { type: 'number_input', value: '60' } }, 'arg:asof': { v: { type: 'datepicker', selected_date: null } }, 'sb-channel': { v: { type: 'conversations_select', selected_conversation: 'C-form' } } } },
      },
      response_urls: [],
    };
    const r = await sendSigned(events, new URLSearchParams({ payload: JSON.stringify(submission) }).toString(), 'application/x-www-form-urlencoded', { secret: SECRET });
    expect(r.status).toBe(200);
    const anchor = await fake.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === 'C-form' && !c.args.thread_ts), 20_000);
    expect(anchor.args.text).toContain('/kospi-stress window=60');
    const answer = await fake.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts === anchor.result!.ts && c.args.blocks), 20_000);
    expect(JSON.stringify(answer.args.blocks)).toContain('KOSPI stress');
  });
});
