// Slack distribution across workspaces, end to end on the bot's own store (SQLite, and PostgreSQL with
// TEST_DATABASE_URL): teams T2 and T4 install through the fake oauth.v2.access, each sets a channel up by
// signed slash commands; the digest and an alert reach each channel with that team's token; T6, installed
// with token rotation, is posted to with its refreshed token; T7 of org E1, installed org-wide, with the
// org's token; T2 uninstalls (and T6's bot token is revoked) and their rows go with them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotCore } from '../../../src/infra/process.ts';
import { createHttpServer, type HttpServer } from '../../../src/infra/http.ts';
import { silentLogger } from '../../../src/infra/log.ts';
import { startSlack, type SlackAdapter } from '../../../src/bot/slack/index.ts';
import type { DigestStore, PostKey } from '../../../src/digest/store.ts';
import { openStore } from '../../../src/digest/openStore.ts';
import { startDigestScheduler } from '../../../src/digest/scheduler.ts';
import { startAlertScheduler } from '../../../src/digest/alertScheduler.ts';
import { storeAlertLedger } from '../../../src/digest/alerts.ts';
import { testConfig, type Config } from '../../../src/config.ts';
import { market, render } from './fixtures.ts';
import { installThroughPages, sendSigned, slashBody, startFakeSlack, uninstallBody, type Call, type FakeSlack } from './fakeSlack.ts';
import { freshDatabase, PG_REASON, PG_URL } from '../../helpers/postgres.ts';

const SECRET = 'teams-signing-secret';
/** Rows are stamped long before the runs looked at (a run before subscribing is not caught up). */
const SUBSCRIBED = () => new Date('2025-01-01T00:00:00Z');
// Wednesday 2025-03-05 08:30 Seoul is 2025-03-04T23:30Z; Thursday 2025-03-06 08:30 Seoul is 2025-03-05T23:30Z.
const FIRST_RUN = new Date('2025-03-04T23:30:00Z');
const NEXT_RUN = new Date('2025-03-05T23:30:00Z');
// 2025-03-05 10:00 Seoul (01:00Z): a KRX session, on the alert check's 15-minute beat.
const ALERT_AT = new Date('2025-03-05T01:00:00Z');

/** Every Web API call into `channel` (posts, replies, uploads' completion). */
const callsIn = (calls: Call[], channel: string) => calls.filter((c) => c.args.channel === channel || c.args.channel_id === channel);
const tokensOf = (calls: Call[]) => [...new Set(calls.map((c) => c.headers.authorization))];

function suite(backend: 'sqlite' | 'postgres') {
  let slack: FakeSlack;
  let http: HttpServer;
  let adapter: SlackAdapter;
  let store: DigestStore;
  let base: string;
  let config: Config;
  let drop: (() => Promise<void>) | undefined;
  let refreshes = 0;

  beforeAll(async () => {
    slack = await startFakeSlack();
    // T6 opted into token rotation: each token lives 60 s, so Bolt's authorize (which refreshes
    // what expires within 2 hours) trades the refresh token for a new one before every use.
    slack.override.set('oauth.v2.access', (args) => {
      const rotating = { token_type: 'bot', expires_in: 60, scope: 'commands,chat:write', bot_user_id: 'UT6BOT', app_id: 'A1', team: { id: 'T6' }, enterprise: null, is_enterprise_install: false };
      if (args.grant_type === 'refresh_token') return { ok: true, ...rotating, access_token: `xoxe.xoxb-T6-${++refreshes + 1}`, refresh_token: `xoxe-T6-r${refreshes + 1}` };
      if (args.code === 'T6') return { ok: true, ...rotating, access_token: 'xoxe.xoxb-T6-1', refresh_token: 'xoxe-T6-r1', authed_user: { id: 'UINSTALLER' } };
      // An Enterprise Grid org-wide install: no team, the org's one token for all its workspaces.
      if (args.code === 'E1') {
        return { ok: true, app_id: 'A1', token_type: 'bot', scope: 'commands,chat:write', access_token: 'xoxb-E1-org', bot_user_id: 'UE1BOT', team: null, enterprise: { id: 'E1' }, is_enterprise_install: true, authed_user: { id: 'UINSTALLER' } };
      }
      return undefined;
    });
    if (backend === 'postgres') {
      const db = await freshDatabase('teams');
      drop = db.drop;
      store = await openStore({ DATA_HOME: '', DATABASE_URL: db.url }, { clock: SUBSCRIBED });
    } else {
      store = await openStore({ DATA_HOME: '' }, { file: ':memory:', clock: SUBSCRIBED });
    }
    config = testConfig({ SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'state-secret', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl });
    const core = createBotCore({ config, log: silentLogger, market, render, digest: store, alerts: store });
    http = createHttpServer(silentLogger);
    adapter = await startSlack(core, http, { installations: store, workspaces: store, workingAfterMs: 300 });
    base = `http://127.0.0.1:${(await http.listen(0, '127.0.0.1')).port}`;
  });
  afterAll(async () => {
    await adapter?.stop();
    await http?.close();
    await slack?.close();
    await store?.close();
    await drop?.();
  });

  const slash = async (team: string, command: string, text: string) => {
    const org = team === 'T7' ? { enterprise: 'E1', orgInstall: true } : {};
    const body = slashBody(command, text, { team, channel: `C${team}`, user: `U${team}`, responseUrl: slack.responseUrl(`${team}-${command}-${text}`), ...org });
    expect((await sendSigned(`${base}/slack/events`, body, 'application/x-www-form-urlencoded', { secret: SECRET })).status).toBe(200);
  };
  const until = <T>(pick: () => Promise<T | undefined | false>, ms = 20_000) =>
    (async () => {
      const end = Date.now() + ms;
      for (;;) {
        const v = await pick();
        if (v) return v;
        if (Date.now() > end) throw new Error('timed out waiting for the store');
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
  const digestAt = async (at: Date) => {
    const core = createBotCore({ config, log: silentLogger, market, render, digest: store, alerts: store });
    const scheduler = startDigestScheduler({ core, store, posters: [adapter.poster], config, now: () => new Date(at.getTime() - 12 * 3_600_000), retry: { attempts: 1, baseMs: 10 } });
    const resumed = await scheduler.started;
    const results = await scheduler.runDue(at);
    await scheduler.stop();
    return [...resumed, ...results];
  };
  const anchors = (from: number) => slack.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && !c.args.thread_ts && JSON.stringify(c.args.metadata ?? '').includes('stressbot_post'));

  it('installs T2, T4, T6 (rotating) and org E1 through the fake oauth.v2.access', async () => {
    for (const team of ['T2', 'T4', 'T6', 'E1']) expect((await installThroughPages(base, team)).done.status).toBe(200);
    expect(await store.installation({ enterpriseId: 'E1', isEnterpriseInstall: true })).toMatchObject({ teamId: null, botToken: 'xoxb-E1-org' });
    expect((await store.installation({ teamId: 'T2' }))?.botToken).toBe('xoxb-T2-token');
    expect((await store.installation({ teamId: 'T4' }))?.botToken).toBe('xoxb-T4-token');
    expect(await store.installation({ teamId: 'T6' })).toMatchObject({ botToken: 'xoxe.xoxb-T6-1', refreshToken: 'xoxe-T6-r1' });
  });

  it('records each channel’s team with what its slash commands set up', async () => {
    await slash('T2', '/digest', 'subscribe');
    await slash('T2', '/digest', 'subscribe closeflow');
    await slash('T2', '/stress-settings', 'lang=en');
    await slash('T2', '/alert', 'add score>=0');
    await slash('T4', '/digest', 'subscribe');
    await slash('T4', '/alert', 'add score>=0');
    await slash('T6', '/digest', 'subscribe');
    await slash('T7', '/digest', 'subscribe');
    await until(async () => (await store.alerts()).length === 2 && (await store.closeflowChannels()).length === 1 && (await store.list()).length === 4);
    await until(async () => (await store.setting('slack:CT2', 'lang')) === 'en');
    // Every command's answer has landed in its thread (none arrives during the digest below).
    const answered = (channel: string) => slack.callsOf('chat.postMessage').filter((c) => c.args.channel === channel && c.args.thread_ts).length;
    await slack.waitFor(() => answered('CT2') >= 4 && answered('CT4') >= 2 && answered('CT6') >= 1 && answered('CT7') >= 1, 60_000);
    expect(await store.workspaceOf('slack:CT2')).toEqual({ team: 'T2', enterprise: null, orgInstall: false });
    expect(await store.workspaceOf('slack:CT4')).toEqual({ team: 'T4', enterprise: null, orgInstall: false });
    expect(await store.workspaceOf('slack:CT6')).toEqual({ team: 'T6', enterprise: null, orgInstall: false });
    expect(await store.workspaceOf('slack:CT7')).toEqual({ team: 'T7', enterprise: 'E1', orgInstall: true });
    // The answers themselves went out with each team's token (T6's already rotated by Bolt's authorize).
    expect(tokensOf(callsIn(slack.calls, 'CT2'))).toEqual(['Bearer xoxb-T2-token']);
    expect(tokensOf(callsIn(slack.calls, 'CT4'))).toEqual(['Bearer xoxb-T4-token']);
    expect(tokensOf(callsIn(slack.calls, 'CT7'))).toEqual(['Bearer xoxb-E1-org']);
  }, 60_000);

  it('posts the digest into each team’s channel with that team’s token; T6 with its rotated token, T7 with its org’s', async () => {
    const from = slack.calls.length;
    const results = await digestAt(FIRST_RUN);
    expect(results.map((r) => `${r.channel}:${r.status}`).sort()).toEqual(['slack:CT2:sent', 'slack:CT4:sent', 'slack:CT6:sent', 'slack:CT7:sent']);
    expect(anchors(from).map((c) => c.args.channel).sort()).toEqual(['CT2', 'CT4', 'CT6', 'CT7']);
    const calls = slack.calls.slice(from);
    expect(tokensOf(callsIn(calls, 'CT2'))).toEqual(['Bearer xoxb-T2-token']);
    expect(tokensOf(callsIn(calls, 'CT4'))).toEqual(['Bearer xoxb-T4-token']);
    expect(tokensOf(callsIn(calls, 'CT7'))).toEqual(['Bearer xoxb-E1-org']);
    // Rotation honoured: the digest's token is the one the store holds now, not the one first installed.
    const t6 = (await store.installation({ teamId: 'T6' }))!;
    expect(refreshes).toBeGreaterThan(0);
    expect(t6.botToken).not.toBe('xoxe.xoxb-T6-1');
    expect(tokensOf(callsIn(calls, 'CT6'))).toEqual([`Bearer ${t6.botToken}`]);
    // The digest's thread (answer, then charts) went with the same token as its headline.
    expect(callsIn(calls, 'CT4').map((c) => c.method)).toEqual(['chat.postMessage', 'chat.postMessage', 'files.completeUploadExternal']);
  }, 120_000);

  it('fires the alerts into T2 and T4 with each team’s token', async () => {
    const from = slack.calls.length;
    const core = createBotCore({ config, log: silentLogger, market, render, digest: store, alerts: store });
    const ticker = startAlertScheduler({ core, alerts: store, posters: [adapter.poster], ledger: storeAlertLedger(store, { id: 'test:alerts' }), now: () => ALERT_AT });
    await ticker.tick(ALERT_AT);
    ticker.stop();
    const fired = slack.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && !c.args.thread_ts && String(c.args.text).includes('became true'));
    expect(fired.map((c) => `${c.args.channel} ${c.headers.authorization}`).sort()).toEqual(['CT2 Bearer xoxb-T2-token', 'CT4 Bearer xoxb-T4-token']);
  }, 120_000);

  it('app_uninstalled from T2 removes its install, subscription, alert, close-flow and language, and gives up its pending post', async () => {
    // A post for T2 being sent by another replica when the uninstall arrives.
    const pending: PostKey = { channel: 'slack:CT2', day: '2025-03-06', kind: 'digest' };
    expect(await store.claim(pending, 'other-replica:boot', 60_000)).toBe(true);

    expect((await sendSigned(`${base}/slack/events`, uninstallBody('T2'), 'application/json', { secret: SECRET })).status).toBe(200);
    await until(async () => !(await store.installation({ teamId: 'T2' })) && (await store.get('slack:CT2')) === undefined && (await store.post(pending))?.status === 'failed');

    expect(await store.alerts('slack:CT2')).toEqual([]);
    expect(await store.closeflowChannels()).toEqual([]);
    expect(await store.setting('slack:CT2', 'lang')).toBeUndefined();
    expect(await store.workspaceOf('slack:CT2')).toBeUndefined();
    expect((await store.post(pending))?.error).toMatch(/gave up: the Slack workspace removed the app \(app_uninstalled\)/);
    // T4 and T6 keep everything.
    expect(await store.installation({ teamId: 'T4' })).toBeDefined();
    expect((await store.list()).map((s) => s.channel)).toEqual(['slack:CT4', 'slack:CT6', 'slack:CT7']);
    expect((await store.alerts()).map((a) => a.channel)).toEqual(['slack:CT4']);
  }, 60_000);

  it('the next digest posts only to T4, T6 and T7; T4’s, left pending by a dead replica, is resumed with T4’s token', async () => {
    const t4: PostKey = { channel: 'slack:CT4', day: '2025-03-06', kind: 'digest' };
    expect(await store.claim(t4, 'dead-replica:boot', -1_000)).toBe(true); // its lease already over
    const from = slack.calls.length;
    const results = await digestAt(NEXT_RUN);
    expect(await store.post(t4)).toMatchObject({ status: 'sent', owner: expect.not.stringContaining('dead-replica') });
    expect(results.map((r) => `${r.channel}:${r.status}`).sort()).toEqual(['slack:CT4:sent', 'slack:CT6:sent', 'slack:CT7:sent']);
    expect(anchors(from).map((c) => `${c.args.channel} ${c.headers.authorization}`)).toContain('CT4 Bearer xoxb-T4-token');
    expect(callsIn(slack.calls.slice(from), 'CT2')).toEqual([]);
  }, 120_000);

  it('tokens_revoked for T6’s bot token removes T6 and its subscription; the org install stays', async () => {
    expect((await sendSigned(`${base}/slack/events`, uninstallBody('T6', 'tokens_revoked'), 'application/json', { secret: SECRET })).status).toBe(200);
    await until(async () => !(await store.installation({ teamId: 'T6' })) && (await store.get('slack:CT6')) === undefined);
    expect((await store.list()).map((s) => s.channel)).toEqual(['slack:CT4', 'slack:CT7']);
    expect(await store.installation({ enterpriseId: 'E1', isEnterpriseInstall: true })).toBeDefined();
  }, 60_000);
}

describe('Slack teams on SQLite', () => suite('sqlite'));
describe.skipIf(!PG_URL)(`Slack teams on PostgreSQL${PG_URL ? '' : ` (${PG_REASON})`}`, () => suite('postgres'));
