// Drills on the front door and the reply path: SIGTERM with a slow Slack, signed bodies of every
// JSON type, and a burst of slash commands.
import { spawn } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { startFakeSlack, slackSignature, type FakeSlack } from '../../test/bot/slack/fakeSlack.ts';
import { freePort, healthMs, percentile, ROOT, slackEnv, slash, sleep, startBot, tempHome, SIGNING_SECRET, type DrillResult } from './harness.ts';

export interface DrillOptions {
  /** Scale for the smoke run in `npm test` (fewer commands, same checks). */
  small?: boolean;
}

/** Thread answers (Block Kit under an anchor) and completed chart uploads, per channel. */
function delivered(slack: Awaited<ReturnType<typeof startFakeSlack>>, channel: string) {
  const answers = slack.callsOf('chat.postMessage').filter((c) => c.args.channel === channel && c.args.thread_ts && Array.isArray(c.args.blocks));
  const uploads = slack.callsOf('files.completeUploadExternal').filter((c) => c.args.channel_id === channel);
  return { answers: answers.length, uploads: uploads.length };
}

/**
 * SIGTERM 0.8 s after N slash commands, with Slack answering chat.* in 3 s: every accepted command
 * must get its answer and charts before the process exits.
 */
export async function sigtermSlowSlack(o: DrillOptions = {}): Promise<DrillResult> {
  const n = o.small ? 3 : 20;
  const slack = await startFakeSlack();
  const home = tempHome();
  try {
    const bot = await startBot({ ...slackEnv(slack), DATA_HOME: home.dir, RATE_LIMIT_PER_MIN: '100' });
    slack.delays.set('chat.', 3_000);
    const acks = await Promise.all(Array.from({ length: n }, (_, i) => slash(bot, slack, '/kospi-stress', '', `U${i}`, `C${i}`)));
    await sleep(Math.max(0, 800 - Math.max(...acks.map((a) => a.ms))));
    const signalled = Date.now();
    bot.proc.kill('SIGTERM');
    const exit = await bot.exited;
    const exitMs = Date.now() - signalled;
    let answered = 0;
    for (let i = 0; i < n; i++) {
      const d = delivered(slack, `C${i}`);
      if (d.answers >= 1 && d.uploads >= 1) answered++;
    }
    const accepted = acks.filter((a) => a.status === 200).length;
    return {
      name: 'sigterm with a slow Slack',
      tried: n,
      handled: answered,
      lost: n - answered,
      notes: [`${accepted}/${n} acked`, `exit ${exit.code} after ${exitMs} ms`],
      pass: answered === n && exit.code === 0,
    };
  } finally {
    await slack.close();
    home.cleanup();
  }
}

/** Every JSON value type, validly signed, at both receivers: each answered or refused, the process alive. */
export async function signedBodies(_o: DrillOptions = {}): Promise<DrillResult> {
  const slack = await startFakeSlack();
  const home = tempHome();
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const rawKey = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  const bodies = ['null', 'true', 'false', '0', '-1.5e300', '"text"', '[]', '[null]', '{}', '{"type":null}', '{"ssl_check":null}', '{"type":"url_verification"}'];
  const forms = ['payload=null', 'payload=1', 'payload=%22x%22', 'payload=%5B%5D', 'ssl_check=1', 'command=', ''];
  try {
    const bot = await startBot({ ...slackEnv(slack), DISCORD_PUBLIC_KEY: rawKey, DATA_HOME: home.dir });
    let tried = 0;
    let handled = 0;
    const statuses = new Map<number, number>();
    const count = (status: number) => {
      tried++;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 200 && status < 500) handled++;
    };
    const ts = () => Math.floor(Date.now() / 1000);
    const post = async (path: string, body: string, headers: Record<string, string>) => {
      const r = await fetch(`${bot.base}${path}`, { method: 'POST', body, headers }).catch(() => undefined);
      await r?.text();
      count(r?.status ?? 0);
    };
    const slackHeaders = (body: string, type: string) => {
      const t = ts();
      return { 'content-type': type, 'x-slack-request-timestamp': String(t), 'x-slack-signature': slackSignature(SIGNING_SECRET, t, body) };
    };
    // All at once: Bolt answers an event nobody listens for only after its own 3 s wait.
    await Promise.all([
      ...bodies.flatMap((body) => ['application/json', 'text/plain'].map((type) => post('/slack/events', body, slackHeaders(body, type)))),
      ...bodies.map((body) => {
        const t = String(ts());
        const sig = sign(null, Buffer.concat([Buffer.from(t), Buffer.from(body)]), privateKey).toString('hex');
        return post('/discord/interactions', body, { 'content-type': 'application/json', 'x-signature-ed25519': sig, 'x-signature-timestamp': t });
      }),
      ...forms.map((body) => post('/slack/events', body, slackHeaders(body, 'application/x-www-form-urlencoded'))),
    ]);
    await sleep(500); // Bolt's detached handler would throw after the response
    const alive = bot.alive() && Number.isFinite(await healthMs(bot));
    await bot.stop();
    return {
      name: 'signed bodies of every type',
      tried,
      handled: alive ? handled : 0,
      lost: alive ? tried - handled : tried,
      notes: [`process ${alive ? 'alive' : 'DEAD'}`, `statuses ${[...statuses].map(([s, c]) => `${s}×${c}`).join(' ')}`],
      pass: alive && handled === tried,
    };
  } finally {
    await slack.close();
    home.cleanup();
  }
}

/** 500 slash commands from 50 users at once: every ack within Slack's 3 s. */
export async function concurrentSlash(o: DrillOptions = {}): Promise<DrillResult> {
  const n = o.small ? 60 : 500;
  const users = o.small ? 6 : 50;
  const fake = spawn(process.execPath, ['--import', 'tsx', 'bench/drills/fakeSlackProcess.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((r) => fake.stdout!.once('data', (d: Buffer) => r(d.toString().trim())));
  const slack = { apiUrl: `${url}/api/`, responseUrl: (id: string) => `${url}/response/${id}` } as unknown as FakeSlack;
  const home = tempHome();
  try {
    const bot = await startBot({ ...slackEnv(slack), DATA_HOME: home.dir });
    const lines = ['/kospi-stress', '/gamma move=-3', '/vol-ratio', '/corr', '/theta', '/ai-basket', '/kospi-stress asof=2025-04-07', '/corr window=120', '/gamma', '/theta iv=60'];
    const acks = await Promise.all(
      Array.from({ length: n }, (_, i) => {
        const [command, ...rest] = lines[i % lines.length]!.split(' ');
        return slash(bot, slack, command!, rest.join(' '), `U${i % users}`, `C${i % users}`);
      }),
    );
    const ms = acks.map((a) => a.ms);
    const over = acks.filter((a) => a.status !== 200 || a.ms > 3_000).length;
    // Let the answers finish (and count them) so the process stops cleanly.
    const answered = async () => ((await (await fetch(`${url}/__calls`)).json()) as { method: string; thread_ts?: string }[]).filter((c) => c.method === 'chat.postMessage' && c.thread_ts).length;
    // Until all are answered, or nothing new for 20 s (at most 3 minutes).
    const until = Date.now() + 180_000;
    let now = await answered();
    let progressAt = Date.now();
    while (Date.now() < until && now < n && Date.now() - progressAt < 20_000) {
      await sleep(2_000);
      const next = await answered();
      if (next > now) progressAt = Date.now();
      now = next;
    }
    await bot.stop();
    const floor = await floorMs(n);
    return {
      name: `${n} concurrent slash commands`,
      tried: n,
      handled: n - over,
      lost: over,
      notes: [
        `ack p50 ${percentile(ms, 50).toFixed(0)} ms`,
        `p99 ${percentile(ms, 99).toFixed(0)} ms`,
        `max ${Math.max(...ms).toFixed(0)} ms`,
        `${over} over 3 s`,
        `${now} answered in threads`,
        `floor on this machine now (a bare node http server, same burst): p50 ${percentile(floor, 50).toFixed(0)} ms, p99 ${percentile(floor, 99).toFixed(0)} ms`,
      ],
      pass: over === 0,
    };
  } finally {
    fake.kill('SIGTERM');
    home.cleanup();
  }
}

/**
 * The same burst against a bare Node HTTP server in its own process that answers 200 at once: what
 * the machine itself costs right now (on a shared, loaded machine most of an ack's time is here).
 */
async function floorMs(n: number): Promise<number[]> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['-e', `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => s.end()); }).listen(${port}, '127.0.0.1', () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((r) => proc.stdout!.once('data', () => r()));
  try {
    const body = 'x'.repeat(400);
    return await Promise.all(
      Array.from({ length: n }, async () => {
        const t = performance.now();
        const r = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        await r.text();
        return performance.now() - t;
      }),
    );
  } finally {
    proc.kill();
  }
}
