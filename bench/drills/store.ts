// Drills on the digest store and the post ledger: a store locked by another process, a lost
// response to the headline post, SIGKILL in the middle of a post, and a bad store at start.
// The subscriptions are written into the bot's own SQLite file with SQL (created the day before, due a
// minute before the bot's clock, which the digest drills set to 08:20 Seoul on the next KRX trading day)
// so that the start-up catch-up posts at once, whatever the hour the drills run.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startFakeSlack, type FakeSlack } from '../../test/bot/slack/fakeSlack.ts';
import { drillMorningOffsetMs, healthMs, percentile, slackEnv, slash, sleep, startBot, tempHome, type Bot, type DrillResult } from './harness.ts';

const DB = 'stressbot.sqlite';

/** A migrated store (the bot makes it), then a subscription due a minute before the morning, created the day before. */
async function storeWithDueDigest(home: string, slack: FakeSlack, channel: string): Promise<Record<string, string>> {
  const offset = drillMorningOffsetMs();
  const env = { ...slackEnv(slack), DATA_HOME: home, FAKE_CLOCK_OFFSET_MS: String(offset) };
  const bot = await startBot(env);
  await bot.stop();
  const db = new Database(join(home, DB));
  db.prepare("INSERT OR REPLACE INTO subscriptions (channel, digest, time, created_by, created_at) VALUES (?, 1, '08:19', 'drill', ?)").run(
    `slack:${channel}`, new Date(Date.now() + offset - 86_400_000).toISOString(),
  );
  db.close();
  // Bots started with this env in the next 40 minutes find the digest due and the market not yet open.
  return env;
}

const headlines = (slack: FakeSlack, channel: string) =>
  slack.callsOf('chat.postMessage').filter((c) => c.args.channel === channel && !c.args.thread_ts && /Morning stress digest/.test(String(c.args.text)));
/** Thread answers Slack accepted (a call whose connection the fake cut has no result). */
const threadAnswers = (slack: FakeSlack, channel: string) =>
  slack.callsOf('chat.postMessage').filter((c) => c.args.channel === channel && c.args.thread_ts && Array.isArray(c.args.blocks) && c.result);

/** Another process holds BEGIN IMMEDIATE for 6 s: /healthz stays fast, subscribers hear "try again", nobody "something went wrong". */
export async function lockedStore(): Promise<DrillResult> {
  const slack = await startFakeSlack();
  const home = tempHome();
  try {
    const bot = await startBot({ ...slackEnv(slack), DATA_HOME: home.dir });
    const db = new Database(join(home.dir, DB));
    db.exec('BEGIN IMMEDIATE');
    const lockedAt = Date.now();
    const health: number[] = [];
    const polling = (async () => {
      while (Date.now() - lockedAt < 6_000) {
        health.push(await healthMs(bot));
        await sleep(100);
      }
    })();
    const subs = await Promise.all([1, 2, 3].map((i) => slash(bot, slack, '/digest', 'subscribe time=08:30', `US${i}`, `CS${i}`)));
    const other = await slash(bot, slack, '/theta', '', 'UO', 'CO');
    await polling;
    db.exec('COMMIT');
    db.close();
    await sleep(8_000);
    const said = (ch: string) => [
      ...slack.callsOf('chat.postMessage').filter((c) => c.args.channel === ch).map((c) => JSON.stringify(c.args)),
      ...slack.callsOf('response').filter((c) => c.args.id?.startsWith?.(`US${ch.slice(2)}-`)).map((c) => JSON.stringify(c.args)),
    ].join(' ');
    let handled = 0;
    const words: string[] = [];
    for (const i of [1, 2, 3]) {
      const text = said(`CS${i}`);
      const ok = /Digest subscription|unavailable|try again/i.test(text) && !/Something went wrong/i.test(text);
      if (ok) handled++;
      words.push(/Something went wrong/i.test(text) ? 'error' : /unavailable|try again/i.test(text) ? 'try-again' : /Digest subscription/.test(text) ? 'subscribed' : 'nothing');
    }
    await bot.stop();
    const worst = Math.max(...health);
    return {
      name: 'locked store',
      tried: 3,
      handled,
      lost: 3 - handled,
      notes: [
        `healthz p50 ${percentile(health, 50).toFixed(0)} ms, max ${Number.isFinite(worst) ? worst.toFixed(0) : 'timeout'} ms during the lock`,
        `subscribers heard: ${words.join(', ')}`,
        `acks ${subs.map((s) => s.ms.toFixed(0)).join('/')} ms; unrelated /theta ack ${other.ms.toFixed(0)} ms`,
      ],
      pass: handled === 3 && worst <= 200,
    };
  } finally {
    await slack.close();
    home.cleanup();
  }
}

/** The headline reaches Slack but its response is cut: exactly one headline in the channel. */
export async function lostResponse(): Promise<DrillResult> {
  const slack = await startFakeSlack();
  const home = tempHome();
  try {
    const env = await storeWithDueDigest(home.dir, slack, 'CL');
    let cut = false;
    slack.override.set('chat.postMessage', (args) => {
      if (!cut && !args.thread_ts && /Morning stress digest/.test(String(args.text))) {
        cut = true;
        return { lostReply: true }; // the headline lands in the channel; its answer never reaches the bot
      }
      return undefined;
    });
    const bot = await startBot(env);
    await sleep(45_000); // the scheduler's retries run 5 s and 10 s apart
    await bot.stop();
    const n = headlines(slack, 'CL').length;
    const answers = threadAnswers(slack, 'CL').length;
    return {
      name: 'lost response',
      tried: 1,
      handled: n === 1 && answers >= 1 ? 1 : 0,
      lost: n === 0 || answers === 0 ? 1 : 0,
      notes: [`${n} headline${n === 1 ? '' : 's'} in the channel`, `${answers} thread answer${answers === 1 ? '' : 's'}`, n > 1 ? `doubled ${n - 1}` : 'not doubled'],
      pass: n === 1 && answers >= 1,
    };
  } finally {
    await slack.close();
    home.cleanup();
  }
}

/** SIGKILL after the headline, before the answer: after a restart the post is completed, once. */
export async function sigkillMidPost(): Promise<DrillResult> {
  const slack = await startFakeSlack();
  const home = tempHome();
  let bot: Bot | undefined;
  try {
    const env = await storeWithDueDigest(home.dir, slack, 'CK');
    let holdThread = true;
    slack.override.set('chat.postMessage', (args) => (holdThread && args.thread_ts && args.channel === 'CK' ? { destroy: true } : undefined));
    bot = await startBot(env);
    const until = Date.now() + 60_000;
    while (Date.now() < until && headlines(slack, 'CK').length === 0) await sleep(50);
    bot.proc.kill('SIGKILL');
    await bot.exited;
    holdThread = false;
    const before = headlines(slack, 'CK').length;
    bot = await startBot(env);
    await sleep(30_000);
    await bot.stop();
    const n = headlines(slack, 'CK').length;
    const answers = threadAnswers(slack, 'CK').length;
    const done = answers >= 1 && n === 1;
    return {
      name: 'sigkill mid-post, restart',
      tried: 1,
      handled: done ? 1 : 0,
      lost: answers === 0 ? 1 : 0,
      notes: [`headline before the kill: ${before}`, `after restart: ${n} headline${n === 1 ? '' : 's'}, ${answers} answer${answers === 1 ? '' : 's'} in the thread`, n > 1 ? `doubled ${n - 1}` : 'not doubled'],
      pass: done,
    };
  } finally {
    if (bot?.alive()) await bot.stop();
    await slack.close();
    home.cleanup();
  }
}

/** DATA_HOME a plain file, or the database random bytes: the platforms still start and answer. */
export async function badStoreAtStart(): Promise<DrillResult> {
  const slack = await startFakeSlack();
  const cases: { name: string; prepare: (dir: string) => string }[] = [
    { name: 'DATA_HOME is a file', prepare: (dir) => (writeFileSync(join(dir, 'home'), 'not a folder'), join(dir, 'home')) },
    { name: 'database is random bytes', prepare: (dir) => (writeFileSync(join(dir, DB), randomBytes(8192)), dir) },
  ];
  let handled = 0;
  const notes: string[] = [];
  try {
    for (const [i, c] of cases.entries()) {
      const home = tempHome();
      try {
        const dataHome = c.prepare(home.dir);
        const bot = await startBot({ ...slackEnv(slack), DATA_HOME: dataHome }, { timeoutMs: 30_000 }).catch((err: Error) => err);
        if (bot instanceof Error) {
          // The fatal log line's message, else the last line the process wrote.
          const lines = bot.message.split('\n').slice(1).filter(Boolean);
          const fatal = lines.map((l) => { try { return (JSON.parse(l) as { level?: number; err?: { message?: string } }); } catch { return undefined; } }).find((j) => j?.level === 60);
          notes.push(`${c.name}: did not start (${(fatal?.err?.message ?? lines.at(-1) ?? 'exited').slice(0, 100)})`);
          continue;
        }
        await slash(bot, slack, '/theta', '', `UB${i}`, `CB${i}`);
        const until = Date.now() + 20_000;
        while (Date.now() < until && threadAnswers(slack, `CB${i}`).length === 0) await sleep(100);
        const ok = threadAnswers(slack, `CB${i}`).length > 0;
        if (ok) handled++;
        notes.push(`${c.name}: ${ok ? 'up, answered' : 'up, no answer'}`);
        await bot.stop();
      } finally {
        home.cleanup();
      }
    }
    return { name: 'bad store at start', tried: cases.length, handled, lost: cases.length - handled, notes, pass: handled === cases.length };
  } finally {
    await slack.close();
  }
}
