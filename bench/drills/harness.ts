// The drills' bench: the bot as `npm start` runs it (src/main.ts under tsx, one process so signals
// reach it directly), on a free loopback port, with its JSON log lines collected; signed Slack
// requests; and the tried / handled / lost line each drill prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sendSigned, slashBody, type FakeSlack } from '../../test/bot/slack/fakeSlack.ts';
import { freePort } from '../../test/helpers/bot.ts';
import { isKrxTradingDay } from '../../src/data/calendar.ts';

export { freePort };

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FAKE_CLOCK = join(ROOT, 'test/fixtures/process/fake-clock.mjs');
export const SIGNING_SECRET = 'drill-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-drill-0000000000-1111111111-DrillTokenValue';

export interface DrillResult {
  name: string;
  tried: number;
  handled: number;
  lost: number;
  /** Extra figures (latencies, counts) printed after the three. */
  notes: string[];
  /** The drill's own verdict: did it meet its bar? */
  pass: boolean;
}

export interface Bot {
  port: number;
  base: string;
  proc: ChildProcess;
  logs: Record<string, unknown>[];
  stderr: () => string;
  stdout: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  stop(): Promise<void>;
  /** How far the bot's wall clock is moved (FAKE_CLOCK_OFFSET_MS): what it is sent is signed at its time. */
  clockOffsetMs: number;
}

/** Moves a bot's clock to 08:20 Seoul on the next KRX trading day: the digest drills then run at any hour. */
export function drillMorningOffsetMs(): number {
  const day = new Date();
  for (;;) {
    day.setUTCDate(day.getUTCDate() + 1);
    const date = day.toISOString().slice(0, 10);
    if (isKrxTradingDay(date)) return Date.parse(`${date}T08:20:00+09:00`) - Date.now();
  }
}


export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function tempHome(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'stressbot-drill-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Env for Slack over HTTP against `slack`. */
export const slackEnv = (slack: FakeSlack): Record<string, string> => ({
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_API_URL: slack.apiUrl,
});

/** Starts the bot and resolves once it listens (and, with Slack set, once the Slack route is live). */
export async function startBot(env: Record<string, string>, opts: { waitFor?: RegExp; timeoutMs?: number; port?: number } = {}): Promise<Bot> {
  const port = opts.port ?? (await freePort());
  // The fake clock moves the process's wall clock by FAKE_CLOCK_OFFSET_MS when the drill sets it (0: real time).
  const proc = spawn(process.execPath, ['--import', FAKE_CLOCK, '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  const logs: Record<string, unknown>[] = [];
  let partial = '';
  proc.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    partial += d.toString();
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) {
      try {
        logs.push(JSON.parse(l) as Record<string, unknown>);
      } catch {
        // Not a log line (a start-up message): kept in stderr().
      }
    }
  });
  proc.stdout!.on('data', (d: Buffer) => void (out += d.toString()));
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    }),
  );
  const bot: Bot = {
    port,
    base: `http://127.0.0.1:${port}`,
    proc,
    logs,
    stderr: () => err,
    stdout: () => out,
    exited,
    alive: () => !done,
    async stop() {
      if (done) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(t);
    },
    clockOffsetMs: Number(env.FAKE_CLOCK_OFFSET_MS ?? 0),
  };
  const waitFor = opts.waitFor ?? (env.SLACK_BOT_TOKEN ? /slack listening over HTTP/ : /http listening/);
  const until = Date.now() + (opts.timeoutMs ?? 60_000);
  while (!waitFor.test(err)) {
    if (done) throw new Error(`bot exited before it was ready:\n${err.slice(-2000)}`);
    if (Date.now() > until) {
      await bot.stop();
      throw new Error(`bot not ready in time:\n${err.slice(-2000)}`);
    }
    await sleep(25);
  }
  return bot;
}

let seq = 0;

/** One signed slash command; resolves with the HTTP status and the time Slack would have waited for the ack. */
export async function slash(bot: Bot, slack: FakeSlack, command: string, text: string, user: string, channel = 'C1') {
  const id = `${user}-${++seq}`;
  const body = slashBody(command, text, { user, channel, responseUrl: slack.responseUrl(id), triggerId: `trig-drill-${process.pid}-${seq}-${Date.now()}` });
  try {
    const r = await sendSigned(`${bot.base}/slack/events`, body, 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET, timestampSec: Math.floor((Date.now() + bot.clockOffsetMs) / 1000) });
    return { ...r, responseId: id };
  } catch (err) {
    return { status: 0, text: String(err), ms: Number.POSITIVE_INFINITY, responseId: id };
  }
}

export async function healthMs(bot: Bot): Promise<number> {
  const started = performance.now();
  try {
    const r = await fetch(`${bot.base}/healthz`, { signal: AbortSignal.timeout(15_000) });
    await r.text();
    return r.ok ? performance.now() - started : Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function line(r: DrillResult): string {
  const verdict = r.pass ? 'PASS' : 'FAIL';
  return `${verdict}  ${r.name.padEnd(28)} tried ${String(r.tried).padStart(4)}  handled ${String(r.handled).padStart(4)}  lost ${String(r.lost).padStart(4)}${r.notes.length ? `  (${r.notes.join('; ')})` : ''}`;
}
