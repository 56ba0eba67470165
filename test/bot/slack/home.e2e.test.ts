// App Home with the bot's store: app_home_opened publishes today's headlines, the opener's own
// digest subscriptions and alerts (made through the commands, as a user makes them), in the opener's
// Slack language; someone else's rows stay off their home tab.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { createBotCore } from '../../../src/infra/process.ts';
import { silentLogger } from '../../../src/infra/log.ts';
import { openStore } from '../../../src/digest/openStore.ts';
import { memoryAlertStore } from '../../../src/digest/alertStore.ts';
import type { DigestStore } from '../../../src/digest/store.ts';
import { testConfig } from '../../../src/config.ts';
import { market, render, slackOverHttp } from './fixtures.ts';
import { sendSigned, slashBody, startFakeSlack, type FakeSlack } from './fakeSlack.ts';

const SECRET = 'home-signing-secret';
let fake: FakeSlack;
let slack: Awaited<ReturnType<typeof slackOverHttp>> | undefined;
let store: DigestStore;
const alerts = memoryAlertStore();
let events: string;

beforeAll(async () => {
  fake = await startFakeSlack();
  store = await openStore({ DATA_HOME: tmpdir() }, { file: ':memory:' });
  const config = testConfig({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, RATE_LIMIT_PER_MIN: '60' });
  const core = createBotCore({ config, log: silentLogger, market, render, digest: store, alerts });
  slack = await slackOverHttp(core);
  events = slack.events;
});
afterAll(async () => {
  await slack?.stop();
  await fake?.close();
  await store?.close?.();
});

/** A slash command typed by `user` in `channel`; resolves once `done` sees its effect in the store. */
async function typed(command: string, text: string, user: string, channel: string, done: () => Promise<boolean>) {
  await sendSigned(events, slashBody(command, text, { user, channel, responseUrl: fake.responseUrl(`${user}-${channel}`) }), 'application/x-www-form-urlencoded', { secret: SECRET });
  for (let i = 0; i < 200 && !(await done()); i++) await new Promise((r) => setTimeout(r, 50));
}
const subscribed = (channel: string) => async () => (await store.list()).some((s) => s.channel === channel);

async function openHome(user: string) {
  const before = fake.calls.length;
  const body = JSON.stringify({
    token: 't', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: `Ev-home-${user}-${Date.now()}`, event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: 'T1', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    event: { type: 'app_home_opened', user, channel: 'D1', tab: 'home', event_ts: `${Date.now() / 1000}` },
  });
  expect((await sendSigned(events, body, 'application/json', { secret: SECRET })).status).toBe(200);
  const publish = await fake.waitFor((calls) => calls.slice(before).find((c) => c.method === 'views.publish' && c.args.user_id === user), 30_000);
  const view = typeof publish.args.view === 'string' ? JSON.parse(publish.args.view) : publish.args.view;
  return view as { type: string; blocks: { type: string; text?: { text: string }; elements?: { text?: string | { text: string }; action_id?: string }[] }[] };
}

describe('Slack App Home with the store', () => {
  it('lists the opener’s subscribed channels and alerts, and not someone else’s', async () => {
    await typed('/digest', 'subscribe time=07:45', 'U-home', 'CDESK', subscribed('slack:CDESK'));
    await typed('/alert', 'add score>=80', 'U-home', 'CRISK', async () => (await alerts.alerts('slack:CRISK')).length > 0);
    await typed('/digest', 'subscribe', 'U-other', 'COTHER', subscribed('slack:COTHER'));
    expect((await store.list()).map((s) => s.channel).sort()).toEqual(['slack:CDESK', 'slack:COTHER']);

    const view = await openHome('U-home');
    expect(view.type).toBe('home');
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('KOSPI stress');
    expect(text).toContain('Your channels');
    expect(text).toContain('<#CDESK>: morning digest at 07:45');
    expect(text).toMatch(/<#CRISK>: alert a\d+: `score ?&gt;= ?80`/);
    // Headlines are market answers with dates: not /alert's usage line, not a setting.
    expect(text).not.toContain('/alert*: no data');
    expect(text).not.toContain('Channel settings');
    expect(text).not.toContain('COTHER');
    expect(text).toContain('sb-open-form');
  });

  it('says so when the opener has set nothing up, in their Slack language', async () => {
    fake.userLocales.set('U-new-ko', 'ko-KR');
    const text = JSON.stringify((await openHome('U-new-ko')).blocks);
    expect(text).toContain('stressbot: 오늘');
    expect(text).toContain('내 채널');
    expect(text).toContain('아직 구독한 채널이나 알림이 없습니다');
    expect(text).toContain('stressbot에 질문…');
    expect(text).not.toContain('CDESK');
  });

  it('the form a Korean opener gets from the home tab button speaks Korean, and keeps Korean when re-drawn', async () => {
    fake.userLocales.set('U-form-ko', 'ko-KR');
    const payload = {
      type: 'block_actions', team: { id: 'T1', domain: 'fake' }, user: { id: 'U-form-ko', team_id: 'T1' }, api_app_id: 'A1', token: 't', trigger_id: 'trig-home-ko',
      container: { type: 'view', view_id: 'VHOME' }, view: { id: 'VHOME', type: 'home', hash: 'h' },
      actions: [{ type: 'button', action_id: 'sb-open-form', block_id: 'b', value: 'open', action_ts: `${Date.now() / 1000}` }],
    };
    await sendSigned(events, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', { secret: SECRET });
    const open = await fake.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.args.trigger_id === 'trig-home-ko'), 20_000);
    const view = typeof open.args.view === 'string' ? JSON.parse(open.args.view) : open.args.view;
    expect(view.title.text).toBe('stressbot에 질문');
    expect(view.submit.text).toBe('질문');
    expect(JSON.stringify(view.blocks)).toContain('답변을 올릴 곳');
    expect(view.private_metadata).toBe('kospi-stress|ko');
  });
});
