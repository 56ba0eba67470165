// `npm run bench:actions`: Slack follow-up clicks acknowledged while the render pool is kept busy (four
// charts always in flight, as a running bot draws them) and every click's own answer is computed,
// posted and charted. 300 signed block_actions POSTs, one at a time, to the real Bolt adapter on the
// shared HTTP server; the answers go to a local fake of Slack's Web API. Target: ack p99 ≤ 50 ms.
import { createBotCore } from '../src/infra/process.ts';
import { createHttpServer } from '../src/infra/http.ts';
import { silentLogger } from '../src/infra/log.ts';
import { startSlack } from '../src/bot/slack/index.ts';
import { createRenderPool } from '../src/render/pool.ts';
import { testConfig } from '../src/config.ts';
import { demoMarket } from '../src/data/demo.ts';
import { actionValue } from '../src/bot/slack/blocks.ts';
import { sendSigned, startFakeSlack } from '../test/bot/slack/fakeSlack.ts';

const { kospiStressSpec } = await import('../test/render/example-spec.ts');
const SECRET = 'bench-signing-secret';
const quantile = (xs: number[], q: number) => +[...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!.toFixed(1);

const fake = await startFakeSlack();
const pool = createRenderPool();
await pool.render(kospiStressSpec(250, { width: 1000, height: 560 }));
const config = testConfig({ SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, RATE_LIMIT_PER_MIN: '100000' });
const core = createBotCore({ config, log: silentLogger, market: demoMarket(), render: (s) => pool.render(s) });
const http = createHttpServer(silentLogger);
const adapter = await startSlack(core, http);
const { port } = await http.listen(0, '127.0.0.1');
const events = `http://127.0.0.1:${port}/slack/events`;

let seq = 0;
const click = () => {
  const n = ++seq;
  const payload = {
    type: 'block_actions', team: { id: 'T1', domain: 'bench' }, user: { id: `UB${n % 50}`, team_id: 'T1' }, api_app_id: 'A1', token: 't',
    container: { type: 'message', message_ts: `1700000000.${n}`, channel_id: 'CB', is_ephemeral: false }, trigger_id: `trig-${n}`,
    channel: { id: 'CB', name: 'bench' }, message: { type: 'message', ts: `1700000000.${n}`, text: 'answer' }, response_url: fake.responseUrl(`r${n}`),
    actions: [{ type: 'button', action_id: 'sb:prev', block_id: 'stressbot-followups', value: actionValue({ line: '/kospi-stress asof=2024-08-02', basis: '2024-08-05' }), action_ts: `${Date.now() / 1000}` }],
  };
  return sendSigned(events, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', { secret: SECRET });
};

for (let i = 0; i < 10; i++) await click(); // warm-up
const CLICKS = 300;
const spec = kospiStressSpec(250, { width: 1000, height: 560 });
let stop = false;
let renders = 0;
const keepBusy = async () => {
  while (!stop) await pool.render(spec).then(() => void renders++);
};
const started = performance.now();
const rendering = Promise.all(Array.from({ length: 4 }, keepBusy));
const acks: number[] = [];
let refused = 0;
for (let i = 0; i < CLICKS; i++) {
  const r = await click();
  if (r.status !== 200) refused++;
  acks.push(r.ms);
}
stop = true;
await rendering;
// Every click answered (its update and its charts) before the fakes close.
const answered = () => fake.callsOf('chat.update').length >= seq && fake.callsOf('files.completeUploadExternal').length >= seq;
for (let waited = 0; !answered() && waited < 120_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
const answerSec = +((performance.now() - started) / 1000).toFixed(1);
const result = { actionAckMsP50: quantile(acks, 0.5), actionAckMsP99: quantile(acks, 0.99), actionAckMsMax: +Math.max(...acks).toFixed(1), clicks: acks.length, refused, chartsRenderedMeanwhile: renders, allAnsweredSec: answerSec, answered: answered() };
process.stdout.write(`${JSON.stringify(result)}\n`);
process.stdout.write(`action ack under render load: p50 ${result.actionAckMsP50} ms, p99 ${result.actionAckMsP99} ms (target ≤ 50) over ${result.clicks} clicks, ${refused} refused, ${renders} charts rendered meanwhile; every click answered with its chart ${answered() ? `after ${answerSec} s` : 'NOT within 120 s'}\n`);
await adapter.stop();
await http.close();
await pool.close();
await fake.close();
