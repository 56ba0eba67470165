// A channel subscribes with a signed /digest slash command; at 08:30 Seoul on a trading day the
// scheduler posts the digest there through the Slack adapter's poster. Real Bolt, core, SQLite store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotCore } from '../../../src/infra/process.ts';
import { silentLogger } from '../../../src/infra/log.ts';
import type { SlackAdapter } from '../../../src/bot/slack/index.ts';
import type { DigestStore } from '../../../src/digest/store.ts';
import { openStore } from '../../../src/digest/openStore.ts';
import { startDigestScheduler } from '../../../src/digest/scheduler.ts';
import { testConfig } from '../../../src/config.ts';
import { market, render, slackOverHttp } from './fixtures.ts';
import { sendSigned, slashBody, startFakeSlack, type FakeSlack } from './fakeSlack.ts';

/** Every channel here subscribed long before the runs the tests look at (a run before subscribing is not caught up). */
const SUBSCRIBED = () => new Date('2025-01-01T00:00:00Z');

const SECRET = 'test-signing-secret';
let fake: FakeSlack;
let adapter: SlackAdapter;
let stopSlack: (() => Promise<void>) | undefined;
let store: DigestStore;
let events: string;
const config = () => testConfig({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl });

beforeAll(async () => {
  fake = await startFakeSlack();
  store = await openStore({ DATA_HOME: '' }, { file: ':memory:', clock: SUBSCRIBED });
  const core = createBotCore({ config: config(), log: silentLogger, market, render, digest: store });
  const slack = await slackOverHttp(core, {});
  ({ events, adapter } = slack);
  stopSlack = slack.stop;
});

afterAll(async () => {
  await stopSlack?.();
  await fake?.close();
  await store?.close();
});

describe('Slack digest subscription, end to end', () => {
  it('subscribes the channel from a slash command, then posts the digest there at 08:30 Seoul', async () => {
    const r = await sendSigned(events, slashBody('/digest', 'subscribe', { channel: 'C-desk', user: 'U-lead', responseUrl: fake.responseUrl('sub') }), 'application/x-www-form-urlencoded', { secret: SECRET });
    expect(r.status).toBe(200);
    await fake.waitFor((calls) => calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === 'C-desk' && c.args.thread_ts));
    expect(await store.get('slack:C-desk')).toMatchObject({ digest: true, time: null, createdBy: 'slack:T1:U-lead' });

    const core = createBotCore({ config: config(), log: silentLogger, market, render, digest: store });
    // Wednesday 2025-03-05 08:30 in Seoul is 2025-03-04T23:30Z, a KRX trading day.
    const at = new Date('2025-03-04T23:30:00Z');
    const scheduler = startDigestScheduler({ core, store, posters: [adapter.poster], config: config(), now: () => new Date('2025-03-04T12:00:00Z') });
    await scheduler.started;
    const results = await scheduler.runDue(at);
    await scheduler.stop();
    expect(results).toEqual([expect.objectContaining({ channel: 'slack:C-desk', kind: 'digest' })]);
    const anchor = fake.callsOf('chat.postMessage').find((c) => c.args.channel === 'C-desk' && !c.args.thread_ts && String(c.args.text).includes('Morning stress digest'))!;
    expect(anchor).toBeDefined();
    await fake.waitFor((calls) => calls.find((c) => c.method === 'files.completeUploadExternal' && c.args.thread_ts === anchor.result!.ts));
  });
});
