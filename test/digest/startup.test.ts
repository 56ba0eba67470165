// Start-up survives a bad store (issue 20.2), on the real process: with DATA_HOME a file, or a
// database of random bytes, Slack and the playground still start and answer; /healthz says the
// store is down and why; /digest subscribe says subscriptions are unavailable (or, for the damaged
// file, where it was moved).
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBot, type Bot } from '../helpers/bot.ts';
import { sendSigned, slashBody, startFakeSlack, type FakeSlack } from '../bot/slack/fakeSlack.ts';

const SECRET = 'startup-secret';
const bots: Bot[] = [];
const fakes: FakeSlack[] = [];
afterAll(async () => {
  for (const b of bots) b.child.kill('SIGKILL');
  await Promise.all(bots.map((b) => b.exited));
  await Promise.all(fakes.map((f) => f.close()));
});

async function botWith(dataHome: string) {
  const slack = await startFakeSlack();
  fakes.push(slack);
  const bot = await startBot('bot', { DATA_HOME: dataHome, SLACK_BOT_TOKEN: 'xoxb-startup', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl });
  bots.push(bot);
  const base = `http://127.0.0.1:${bot.port}`;
  const slash = async (text: string, id: string) => {
    const r = await sendSigned(`${base}/slack/events`, slashBody('/digest', text, { channel: 'C-start', responseUrl: slack.responseUrl(id) }), 'application/x-www-form-urlencoded', { secret: SECRET });
    expect(r.status).toBe(200);
    // Answered in the channel's thread (the anchor) or, for a refusal, through the response URL.
    const seen = slack.calls.length;
    return slack.waitFor((calls) => calls.slice(seen).find((c) => (c.method === 'response' && c.args.id === id) || (c.method === 'chat.postMessage' && c.args.thread_ts && c.args.channel === 'C-start')), 20_000);
  };
  return { bot, base, slack, slash };
}

describe('the bot process with a bad store', { timeout: 90_000 }, () => {
  it.concurrent('DATA_HOME is a file: Slack and the playground answer; health and /digest subscribe say the store is down and why', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sb-start-')), 'var');
    writeFileSync(file, 'not a folder');
    const { bot, base, slash } = await botWith(file);
    const health = (await (await fetch(`${base}/healthz`)).json()) as { ok: boolean; components: Record<string, { state: string; detail?: string }> };
    expect(health.ok).toBe(true); // liveness: the process serves
    expect(health.components.store).toEqual({ state: 'down', detail: `DATA_HOME ${file} is not a folder` });
    expect(health.components.digest).toEqual({ state: 'down', detail: `store unavailable: DATA_HOME ${file} is not a folder` });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503); // not ready: the store is down
    const ask = await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ line: '/theta' }) });
    expect(ask.status).toBe(200);
    const refused = await slash('subscribe', 'sub-file');
    expect(JSON.stringify(refused.args)).toContain(`Subscriptions are unavailable right now (DATA_HOME ${file} is not a folder); try again in a minute.`);
    expect(bot.logs().some((l) => l.msg === 'store unavailable: digest and subscriptions are down; retrying')).toBe(true);
  });

  it.concurrent('a database of random bytes: moved aside, a new one starts, and /digest status says where the old one went', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sb-start-'));
    writeFileSync(join(home, 'stressbot.sqlite'), randomBytes(16_384));
    const { base, slash } = await botWith(home);
    const health = (await (await fetch(`${base}/healthz`)).json()) as { components: Record<string, { state: string; detail: string }> };
    expect(health.components.store!.state).toBe('up');
    const aside = readdirSync(home).find((f) => f.startsWith('stressbot.sqlite.corrupt-'))!;
    expect(aside).toBeDefined();
    expect(health.components.store!.detail).toContain(aside);
    const status = await slash('status', 'status-corrupt');
    expect(JSON.stringify(status.args)).toContain(aside);
  });
});
