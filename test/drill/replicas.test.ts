// The two-replica drill (issue 16.6): two real bot processes (`src/main.ts`) with their own DATA_HOME,
// one PostgreSQL, one Redis (or none reachable), fake Slack and Discord. Channels subscribe through
// each replica; the 08:30 digest minute runs on both; the replica seen posting first is SIGKILLed
// while posting and restarted. Every channel must get exactly one digest: one headline, one answer, one chart share
// on Slack, one message on Discord. Prints the counts. `npm run drill:replicas` runs the same.
import { generateKeyPairSync, sign } from 'node:crypto';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshDatabase, PG_REASON, PG_URL } from '../helpers/postgres.ts';
import { freePort, startBot, type Bot } from '../helpers/bot.ts';
import { sendSigned, slashBody, startFakeSlack, type FakeSlack } from '../bot/slack/fakeSlack.ts';
import { BOT_ID, startFakeDiscord, type FakeDiscord } from '../bot/discord/fakeDiscord.ts';
import { startFakeGateway } from '../bot/discord/fakeGateway.ts';

const REDIS_BIN = '/usr/bin/redis-server';
const PER_REPLICA = Number(process.env.DRILL_CHANNELS ?? 20);
const SECRET = 'drill-signing-secret';
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const PUBLIC_KEY_HEX = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
/** Wed 2025-03-05 in Seoul, a KRX trading day: the processes start at 08:29:05, the digest is at 08:30. */
const FAKE_START = Date.parse('2025-03-04T23:29:05Z');
const DIGEST_AT = Date.parse('2025-03-04T23:30:00Z');

async function waitFor<T>(what: string, pick: () => Promise<T | undefined | false> | T | undefined | false, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await pick();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function interaction(channel: string, options: { name: string; type: number; value: string }[], seq: number) {
  const id = `${Date.now()}${String(seq).padStart(4, '0')}`;
  return { id, type: 2, application_id: BOT_ID, token: `tok${id}`, channel_id: channel, member: { user: { id: `9${seq}` } }, data: { id: '77', name: 'digest', type: 1, options } };
}

async function postInteraction(port: number, payload: unknown, fakeNowMs: number) {
  const body = JSON.stringify(payload);
  const timestamp = String(Math.floor(fakeNowMs / 1000));
  const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
  return fetch(`http://127.0.0.1:${port}/discord/interactions`, {
    method: 'POST', body, headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp },
  });
}

interface Counts {
  scenario: string;
  /** The replica SIGKILLed mid-post and restarted. */
  killed: string;
  channels: number;
  subscribed: number;
  slackHeadlines: number;
  slackAnswers: number;
  slackChartShares: number;
  discordMessages: number;
  duplicates: number;
  missing: number;
  pendingAtKill: number;
  sentBy: Record<string, number>;
}

async function drill(scenario: 'redis' | 'redis-down'): Promise<Counts> {
  const slack: FakeSlack = await startFakeSlack({ latencyMs: 120 });
  const discord: FakeDiscord = await startFakeDiscord({ latencyMs: 120 });
  const gateway = await startFakeGateway(discord);
  const db = await freshDatabase('drill');
  const bots: Bot[] = [];
  let redis: ChildProcessWithoutNullStreams | undefined;
  const pgc = new pg.Client({ connectionString: db.url });
  try {
    const redisPort = await freePort();
    if (scenario === 'redis') {
      redis = spawn(REDIS_BIN, ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'pipe' });
      await waitFor('redis', async () => (await new Promise<boolean>((r) => { const s = createServer(); s.once('error', () => r(true)); s.listen(redisPort, '127.0.0.1', () => s.close(() => r(false))); })));
    }
    // Redis down for the whole run: REDIS_URL points at a port nobody listens on.
    const offset = FAKE_START - Date.now();
    const fakeNow = () => Date.now() + offset;
    const homes = { A: mkdtempSync(join(tmpdir(), 'drill-a-')), B: mkdtempSync(join(tmpdir(), 'drill-b-')) };
    const envOf = (name: 'A' | 'B') => ({
      DATA_HOME: homes[name], DATABASE_URL: db.url, REDIS_URL: `redis://127.0.0.1:${redisPort}`, FAKE_CLOCK_OFFSET_MS: String(offset),
      SLACK_BOT_TOKEN: `xoxb-drill-${name}`, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: `drill-token-${name}`, DISCORD_APP_ID: BOT_ID, DISCORD_PUBLIC_KEY: PUBLIC_KEY_HEX, DISCORD_API_URL: discord.api,
      RATE_LIMIT_PER_MIN: '1000',
    });
    const [a, b] = await Promise.all([startBot('A', envOf('A')), startBot('B', envOf('B'))]);
    bots.push(a, b);

    // Subscriptions: half Slack, half Discord, through each replica.
    const channels: string[] = [];
    let seq = 0;
    const subscribing: Promise<unknown>[] = [];
    for (const bot of [a, b]) {
      for (let i = 0; i < PER_REPLICA; i++) {
        if (i % 2 === 0) {
          const channel = `C${bot.name}${String(i).padStart(2, '0')}`;
          channels.push(`slack:${channel}`);
          const body = slashBody('/digest', 'subscribe', { channel, user: `U${bot.name}${i}`, responseUrl: slack.responseUrl(`sub-${channel}`) });
          subscribing.push(sendSigned(`http://127.0.0.1:${bot.port}/slack/events`, body, 'application/x-www-form-urlencoded', { secret: SECRET, timestampSec: Math.floor(fakeNow() / 1000) }));
        } else {
          const channel = `${bot.name === 'A' ? 1 : 2}${String(i).padStart(17, '0')}`;
          channels.push(`discord:${channel}`);
          subscribing.push(postInteraction(bot.port, interaction(channel, [{ name: 'action', type: 3, value: 'subscribe' }], ++seq), fakeNow()));
        }
      }
    }
    await Promise.all(subscribing);
    await pgc.connect();
    const subscribed = await waitFor('every subscription in PostgreSQL', async () => {
      const { rows } = await pgc.query<{ n: string }>('SELECT count(*) AS n FROM subscriptions WHERE digest = 1');
      return Number(rows[0]!.n) === channels.length && Number(rows[0]!.n);
    }, 30_000);
    expect(fakeNow(), 'subscriptions done before the digest minute').toBeLessThan(DIGEST_AT);

    // The digest minute on both replicas; the first one seen posting dies while its posts are going out.
    const pendingOf = async (name: 'A' | 'B') => {
      const { rows } = await pgc.query<{ n: string }>("SELECT count(*) AS n FROM posts WHERE status = 'pending' AND owner LIKE $1", [`${replicaOf(homes[name])}:%`]);
      return Number(rows[0]!.n);
    };
    const postsBy = (name: 'A' | 'B') =>
      slack.calls.filter((c) => c.method === 'chat.postMessage' && c.headers.authorization === `Bearer xoxb-drill-${name}` && c.args.metadata).length +
      discord.calls.filter((c) => c.method === 'POST' && /\/channels\/\d+\/messages$/.test(c.path) && c.headers.authorization === `Bot drill-token-${name}`).length;
    const victim = await waitFor('a replica posting', () => (postsBy('A') >= 2 ? 'A' : postsBy('B') >= 2 ? 'B' : undefined), 90_000);
    const pendingAtKill = await pendingOf(victim);
    const dying = victim === 'A' ? a : b;
    dying.child.kill('SIGKILL');
    await dying.exited;
    const again = await startBot(`${victim} (restarted)`, envOf(victim));
    bots.push(again);

    await waitFor('every post sent', async () => {
      const { rows } = await pgc.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM posts GROUP BY status');
      const sent = Number(rows.find((r) => r.status === 'sent')?.n ?? 0);
      return sent === channels.length && rows.length === 1;
    }, 180_000).catch(async (err: Error) => {
      const { rows } = await pgc.query('SELECT channel, status, owner, attempts, error, parts FROM posts WHERE status <> $1', ['sent']);
      const { rows: n } = await pgc.query('SELECT count(*) AS n FROM posts');
      const tail = (b: Bot) => b.logs().filter((l) => Number(l.level) >= 40).slice(-8).map((l) => `${b.name}: ${String(l.msg)} ${JSON.stringify(l.err ?? l.reason ?? '')}`);
      throw new Error(`${err.message}: ${n[0].n} posts, not sent: ${JSON.stringify(rows)}\n${bots.flatMap(tail).join('\n')}`);
    });
    const { rows: owners } = await pgc.query<{ owner: string; n: string }>("SELECT split_part(owner, ':', 1) AS owner, count(*) AS n FROM posts GROUP BY 1");
    const name = (replica: string) => (replica === replicaOf(homes.A) ? 'A' : replica === replicaOf(homes.B) ? 'B' : replica);
    const sentBy = Object.fromEntries(owners.map((r) => [name(r.owner), Number(r.n)]));

    // What the fakes saw, per channel.
    const own = (m: { user: string }) => m.user === 'UBOT';
    let duplicates = 0;
    let missing = 0;
    let slackHeadlines = 0;
    let slackAnswers = 0;
    let slackChartShares = 0;
    let discordMessages = 0;
    for (const ch of channels) {
      const [platform, id] = ch.split(':') as [string, string];
      if (platform === 'slack') {
        const msgs = slack.messages.get(id) ?? [];
        const heads = msgs.filter((m) => !m.thread_ts && m.metadata?.event_payload.part === 'headline');
        const answers = msgs.filter((m) => m.metadata?.event_payload.part === 'answer');
        const shares = msgs.filter((m) => own(m) && m.files && heads.some((h) => h.ts === m.thread_ts));
        slackHeadlines += heads.length;
        slackAnswers += answers.length;
        slackChartShares += shares.length;
        for (const n of [heads.length, answers.length, shares.length]) {
          if (n > 1) duplicates += n - 1;
          if (n === 0) missing++;
        }
      } else {
        const created = new Set(
          discord.calls
            .filter((c) => c.method === 'POST' && c.path === `/channels/${id}/messages` && c.status === 200)
            .map((c) => (c.response as { id: string }).id),
        );
        discordMessages += created.size;
        if (created.size > 1) duplicates += created.size - 1;
        if (created.size === 0) missing++;
      }
    }
    const counts: Counts = { scenario, killed: victim, channels: channels.length, subscribed, slackHeadlines, slackAnswers, slackChartShares, discordMessages, duplicates, missing, pendingAtKill, sentBy };
    console.log(`drill ${JSON.stringify(counts)}`);
    return counts;
  } finally {
    for (const bot of bots) if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await Promise.all(bots.map((bot) => bot.exited));
    redis?.kill('SIGKILL');
    await pgc.end().catch(() => undefined);
    await gateway.close();
    await slack.close();
    await discord.close();
    await db.drop().catch(() => undefined);
  }
}

function replicaOf(home: string): string {
  // Read back the id the replica wrote into its DATA_HOME (src/digest/replica.ts).
  return readFileSync(join(home, 'replica-id'), 'utf8').trim();
}

describe.skipIf(!PG_URL)(`two replicas, one PostgreSQL: every channel gets exactly one digest ${PG_URL ? '' : `(${PG_REASON})`}`, { timeout: 360_000 }, () => {
  const scenarios = existsSync(REDIS_BIN) ? (['redis', 'redis-down'] as const) : (['redis-down'] as const);
  it.skipIf(existsSync(REDIS_BIN))(`with redis: needs ${REDIS_BIN} (absent here)`, () => undefined);
  it.concurrent.each(scenarios)('with %s, one replica SIGKILLed mid-post and restarted', async (scenario) => {
    const c = await drill(scenario);
    expect(c.subscribed).toBe(2 * PER_REPLICA);
    expect(c.pendingAtKill, 'the replica was killed with posts in flight').toBeGreaterThan(0);
    expect(c.duplicates).toBe(0);
    expect(c.missing).toBe(0);
    expect(c.slackHeadlines).toBe(PER_REPLICA); // half of each replica's channels are Slack
    expect(c.slackAnswers).toBe(PER_REPLICA);
    expect(c.slackChartShares).toBe(PER_REPLICA);
    expect(c.discordMessages).toBe(PER_REPLICA);
  });
});
