// /alert through real Bolt and a local fake of Slack's Web API: add, list, test and remove by signed
// slash commands; then a fake-clock session with two crossings posts exactly two alerts in the channel.
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBotCore } from '../../../src/infra/process.ts';
import { silentLogger } from '../../../src/infra/log.ts';
import type { SlackAdapter } from '../../../src/bot/slack/index.ts';
import type { DigestStore } from '../../../src/digest/store.ts';
import { openStore } from '../../../src/digest/openStore.ts';
import { memoryAlertStore } from '../../../src/digest/alertStore.ts';
import { startAlertScheduler } from '../../../src/digest/alertScheduler.ts';
import { storeAlertLedger } from '../../../src/digest/alerts.ts';
import { commands as registry } from '../../../src/commands/registry.ts';
import { testConfig } from '../../../src/config.ts';
import type { Command } from '../../../src/core/types.ts';
import { market, render, slackOverHttp } from './fixtures.ts';
import { sendSigned, slashBody, startFakeSlack, type FakeSlack } from './fakeSlack.ts';

const SECRET = 'test-signing-secret';
const DAY = '2026-01-06';
const ticks = Array.from({ length: 12 }, (_, i) => new Date(Date.parse(`${DAY}T00:00:00Z`) + i * 15 * 60_000));
// up through 80 (fires at tick 2), within the band, beyond it (tick 6: 70), up again (fires at tick 8)
const SCORES = [60, 70, 81, 84, 78, 82, 70, 75, 83, 86, 85, 84];
const scripted: Command = {
  name: 'kospi-stress', summary: 'scripted score', args: z.object({ asof: z.string().optional() }), examples: [],
  async run(_a, ctx) {
    const i = ticks.findIndex((t) => t.getTime() === ctx.now.getTime());
    return { command: 'kospi-stress', title: 't', headline: 'h', tone: 'high', fields: [], notes: [], charts: [], data: { score: SCORES[i] ?? null }, sources: [] };
  },
};

let fake: FakeSlack;
let adapter: SlackAdapter;
let stopSlack: (() => Promise<void>) | undefined;
let store: DigestStore;
let events: string;
const alerts = memoryAlertStore();
const config = () => testConfig({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl });

beforeAll(async () => {
  fake = await startFakeSlack();
  store = await openStore({ DATA_HOME: tmpdir() }, { file: ':memory:' });
  const core = createBotCore({ config: config(), log: silentLogger, market, render, digest: store, alerts });
  const slack = await slackOverHttp(core, {});
  ({ events, adapter } = slack);
  stopSlack = slack.stop;
});

afterAll(async () => {
  await stopSlack?.();
  await fake?.close();
  await store?.close();
});

const slash = async (text: string, tag: string) => {
  const r = await sendSigned(events, slashBody('/alert', text, { channel: 'C-desk', user: 'U-lead', responseUrl: fake.responseUrl(tag) }), 'application/x-www-form-urlencoded', { secret: SECRET });
  expect(r.status).toBe(200);
};
const said = (needle: string) => fake.waitFor((calls) => calls.find((c) => JSON.stringify(c.args).includes(needle)), 20_000);

describe('/alert on Slack', () => {
  it('add, list, test and remove by slash command', async () => {
    await slash('add score>=80', 'add');
    await said('Alert a1 set');
    expect(await alerts.alerts('slack:C-desk')).toMatchObject([{ id: 'a1', condition: 'score>=80' }]);
    await slash('list', 'list');
    await said('1 alert in this channel');
    await slash('test score>=80 lookback=30d', 'test');
    await said('over the last 30 sessions');
    await slash('remove a1', 'remove');
    await said('Alert a1 removed');
    expect(await alerts.alerts()).toEqual([]);
  }, 60_000);

  it('a fake-clock session with two crossings posts exactly two alerts in the channel', async () => {
    await alerts.addAlert('slack:C-desk', { condition: 'score>=80', cooldownMs: 24 * 3_600_000 });
    const core = createBotCore({ config: config(), log: silentLogger, market, render, digest: store, alerts, commands: [scripted, ...registry.filter((c) => c.name !== 'kospi-stress')] });
    const ticker = startAlertScheduler({
      core, alerts, posters: [adapter.poster], now: () => ticks[0]!,
      ledger: storeAlertLedger(store, { id: 'test:owner' }),
    });
    for (const t of ticks) await ticker.tick(t);
    ticker.stop();
    const posted = () => fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C-desk' && !c.args.thread_ts && JSON.stringify(c.args).includes('became true'));
    await fake.waitFor(() => posted().length === 2 || undefined);
    expect(posted().map((c) => String(c.args.text).match(/score (\d+)/)?.[1])).toEqual(['81', '83']);
  }, 60_000);
});
