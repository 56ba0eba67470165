// Bolt's own OAuth flow (HTTPReceiver + @slack/oauth's InstallProvider) over the bot's installation
// store: the "Add to Slack" page, the redirect exchanging the code at a fake oauth.v2.access, the
// installation stored, then fetched back by Bolt's authorize step and removed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotCore } from '../../../src/infra/process.ts';
import { createHttpServer, type HttpServer } from '../../../src/infra/http.ts';
import { silentLogger } from '../../../src/infra/log.ts';
import { startSlack, type SlackAdapter } from '../../../src/bot/slack/index.ts';
import { commands } from '../../../src/commands/registry.ts';
import { loadConfig, testConfig } from '../../../src/config.ts';
import { market, probe, render } from './fixtures.ts';
import { fromRow, toRow, type InstallationRows, type RowQuery, type SlackInstallationRow } from '../../../src/bot/slack/installations.ts';
import { installThroughPages, sendSigned, slashBody, startFakeSlack, uninstallBody, type FakeSlack } from './fakeSlack.ts';

/** The store's contract, in memory: keyed as the SQL store keys it (org id for org installs, else team id). */
function memoryRows(): InstallationRows & { rows: Map<string, SlackInstallationRow> } {
  const rows = new Map<string, SlackInstallationRow>();
  const key = (q: RowQuery) => (q.isEnterpriseInstall ? `E:${q.enterpriseId}` : `T:${q.teamId}`);
  return {
    rows,
    async saveInstallation(r) { rows.set(key(r), r); },
    async installation(q) { return rows.get(key(q)); },
    async deleteInstallation(q) { return rows.delete(key(q)); },
  };
}

const SECRET = 'oauth-signing-secret';
let slack: FakeSlack;
let http: HttpServer;
let adapter: SlackAdapter;
let base: string;
const rows = memoryRows();

beforeAll(async () => {
  slack = await startFakeSlack();
  const config = testConfig({
    SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'state-secret',
    SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl,
  });
  const core = createBotCore({ config, log: silentLogger, market, render, commands: [...commands, probe] });
  http = createHttpServer(silentLogger);
  adapter = await startSlack(core, http, { installations: rows, workingAfterMs: 300 });
  const { port } = await http.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await adapter?.stop();
  await http?.close();
  await slack?.close();
});

async function install(team: string) {
  const { done, params } = await installThroughPages(base, team);
  expect(params.get('client_id')).toBe('111.222');
  expect(params.get('scope')).toContain('chat:write');
  return done;
}

describe('Slack distribution: OAuth install, answers with the team’s token, uninstall', () => {
  it('starts over HTTP without a bot token (no auth.test until a team is known)', () => {
    expect(adapter.mode).toBe('http');
  });

  it('exchanges the code at oauth.v2.access and stores that workspace’s installation', async () => {
    const done = await install('T2');
    expect(done.status).toBe(200);
    const exchange = slack.callsOf('oauth.v2.access').at(-1)!;
    expect(exchange.args.code).toBe('T2');
    expect(rows.rows.get('T:T2')).toMatchObject({ teamId: 'T2', enterpriseId: null, isEnterpriseInstall: false, botToken: 'xoxb-T2-token', botUserId: 'UT2BOT' });
  });

  it('refuses a redirect without the state cookie it set (no install)', async () => {
    const before = rows.rows.size;
    const res = await fetch(`${base}/slack/oauth_redirect?code=T3&state=forged`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(rows.rows.size).toBe(before);
  });

  it('answers a slash command from each installed team with that team’s token', async () => {
    await install('T4');
    for (const team of ['T2', 'T4']) {
      const channel = `C${team}`;
      const body = slashBody('/probe', '', { team, channel, user: `U${team}`, responseUrl: slack.responseUrl(`r-${team}`) });
      expect((await sendSigned(`${base}/slack/events`, body, 'application/x-www-form-urlencoded', { secret: SECRET })).status).toBe(200);
      const anchor = await slack.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === channel && !c.args.thread_ts), 15_000);
      expect(anchor.headers.authorization).toBe(`Bearer xoxb-${team}-token`);
      const answer = await slack.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === channel && c.args.thread_ts), 15_000);
      expect(answer.headers.authorization).toBe(`Bearer xoxb-${team}-token`);
    }
  });

  it('removes the installation on app_uninstalled; that team’s commands then get no answer', async () => {
    expect((await sendSigned(`${base}/slack/events`, uninstallBody('T2'), 'application/json', { secret: SECRET })).status).toBe(200);
    await slack.waitFor(() => !rows.rows.has('T:T2'), 10_000);
    expect(rows.rows.has('T:T4')).toBe(true);

    const before = slack.calls.length;
    const body = slashBody('/probe', '', { team: 'T2', channel: 'CT2', responseUrl: slack.responseUrl('r-gone') });
    await sendSigned(`${base}/slack/events`, body, 'application/x-www-form-urlencoded', { secret: SECRET });
    await new Promise((r) => setTimeout(r, 1000));
    expect(slack.calls.slice(before).filter((c) => c.method === 'chat.postMessage')).toHaveLength(0);
  });
});

describe('installation rows', () => {
  it('keeps an org install by its enterprise, with the rotating token’s expiry as ISO', () => {
    const row = toRow({
      team: undefined, enterprise: { id: 'E1' }, isEnterpriseInstall: true, user: { id: 'U1', token: undefined, scopes: undefined },
      // 1_700_000_000 s = 2023-11-14T22:13:20Z.
      bot: { token: 'xoxe.xoxb-1', refreshToken: 'xoxe-1-r', expiresAt: 1_700_000_000, userId: 'UB', id: 'B1', scopes: ['commands'] },
    }, new Date('2026-01-01T00:00:00Z'));
    expect(row).toMatchObject({ teamId: null, enterpriseId: 'E1', isEnterpriseInstall: true, refreshToken: 'xoxe-1-r', expiresAt: '2023-11-14T22:13:20.000Z' });
    expect(fromRow({ ...row, raw: null }).bot).toMatchObject({ token: 'xoxe.xoxb-1', refreshToken: 'xoxe-1-r', expiresAt: 1_700_000_000 });
    expect(fromRow(row).enterprise?.id).toBe('E1');
  });

  it('asks for every OAuth setting with SLACK_CLIENT_ID, and refuses it beside SLACK_BOT_TOKEN', () => {
    expect(() => loadConfig({ SLACK_CLIENT_ID: '1.2' })).toThrow(/SLACK_CLIENT_SECRET is required with SLACK_CLIENT_ID.*SLACK_STATE_SECRET is required.*SLACK_SIGNING_SECRET is required/);
    expect(() => loadConfig({ SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'a', SLACK_STATE_SECRET: 'b', SLACK_SIGNING_SECRET: 'c', SLACK_BOT_TOKEN: 'xoxb-1' }))
      .toThrow(/SLACK_BOT_TOKEN must be unset with SLACK_CLIENT_ID/);
    expect(loadConfig({ SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'a', SLACK_STATE_SECRET: 'b', SLACK_SIGNING_SECRET: 'c' }).SLACK_CLIENT_ID).toBe('1.2');
  });
});
