// Redis killed under two replicas sharing one store: per-user limits still hold (counted in each
// process), answers are not slowed by Redis timeouts, and the digest due after the kill is posted
// exactly once (the store's own claim stands in for the Redis lock).
import { spawn } from 'node:child_process';
import { startFakeSlack } from '../../test/bot/slack/fakeSlack.ts';
import { drillMorningOffsetMs, freePort, slackEnv, slash, sleep, startBot, tempHome, type DrillResult } from './harness.ts';

function seoulClock(at: Date): { date: string; hh: number; mm: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hh: Number(parts.hour), mm: Number(parts.minute) };
}

export async function redisKilled(): Promise<DrillResult> {
  const port = await freePort();
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await sleep(400);
  const slack = await startFakeSlack();
  const home = tempHome();
  const notes: string[] = [];
  try {
    const offset = drillMorningOffsetMs();
    const env = { ...slackEnv(slack), DATA_HOME: home.dir, REDIS_URL: `redis://127.0.0.1:${port}`, RATE_LIMIT_PER_MIN: '3', FAKE_CLOCK_OFFSET_MS: String(offset) };
    const [a, b] = await Promise.all([startBot(env), startBot(env)]);
    // Subscribe for two minutes from the bots' now (a morning before a KRX open), so the run falls after the kill.
    const at = seoulClock(new Date(Date.now() + offset + 120_000));
    const time = `${String(at.hh).padStart(2, '0')}:${String(at.mm).padStart(2, '0')}`;
    await slash(a, slack, '/digest', `subscribe time=${time}`, 'UD', 'CD');
    await sleep(1_500);

    redis.kill('SIGKILL');
    await sleep(300);

    // One user, five commands to one replica, limit 3 a minute.
    const asked = Date.now();
    for (let i = 0; i < 5; i++) await slash(a, slack, '/theta', `days=${20 + i}`, 'U-limit', 'C-limit');
    const until = Date.now() + 30_000;
    const answers = () => slack.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C-limit' && c.args.thread_ts && Array.isArray(c.args.blocks)).length;
    const refusals = () => slack.callsOf('response').filter((c) => /slow down/i.test(String(c.args.text))).length;
    while (Date.now() < until && answers() + refusals() < 5) await sleep(100);
    const answeredMs = Date.now() - asked;
    notes.push(`limit 3/min with Redis dead: ${answers()} answered, ${refusals()} refused, all within ${answeredMs} ms`);
    const limitsHold = answers() === 3 && refusals() === 2;

    const runAt = Date.parse(`${at.date}T${time}:00+09:00`) - offset; // on this process's clock
    const deadline = runAt + 90_000;
    const isHeadline = () => slack.callsOf('chat.postMessage').filter((c) => c.args.channel === 'CD' && !c.args.thread_ts && /Morning stress digest/.test(String(c.args.text))).length;
    while (Date.now() < deadline && isHeadline() === 0) await sleep(500);
    await sleep(10_000); // a second replica's double would land by now
    const headlines = isHeadline();
    notes.push(`digest headlines posted by 2 replicas: ${headlines}`);
    await Promise.all([a.stop(), b.stop()]);
    const digestOnce = headlines === 1;
    const tried = 6;
    const handled = (limitsHold ? 5 : 0) + (digestOnce ? 1 : 0);
    return { name: 'redis killed', tried, handled, lost: tried - handled, notes, pass: limitsHold && digestOnce && answeredMs < 20_000 };
  } finally {
    redis.kill('SIGKILL');
    await slack.close();
    home.cleanup();
  }
}
