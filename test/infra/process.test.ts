// Process safety: the shutdown sequence on its own (fake exit), then the real bot process (`src/main.ts`)
// spawned as a supervisor would run it: SIGTERM drains and exits 0; a crash is logged with context,
// redacted, and exits non-zero.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/infra/log.ts';
import { createShutdown, installCrashHandlers } from '../../src/infra/shutdown.ts';
import { freePort } from '../helpers/bot.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const CRASH_FIXTURE = join(ROOT, 'test/fixtures/process/crash-on-signal.mjs');

function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { log: createLogger('info', sink), lines, msgs: () => lines.map((l) => l.msg) };
}

describe('createShutdown', () => {
  it('stops intake, waits for in-flight commands, releases, then exits 0 — once', async () => {
    const { log, msgs } = capture();
    let inFlight = 2;
    const order: string[] = [];
    const codes: number[] = [];
    const shutdown = createShutdown({ log, inFlight: () => inFlight, exit: (c) => void codes.push(c) });
    shutdown.beforeDrain(() => void order.push(`intake closed with ${inFlight} in flight`));
    shutdown.afterDrain(async () => void order.push(`released with ${inFlight} in flight`));
    setTimeout(() => (inFlight = 1), 40);
    setTimeout(() => (inFlight = 0), 80);
    const t = Date.now();
    const a = shutdown.run('SIGTERM');
    expect(shutdown.run('SIGINT')).toBe(a);
    await a;
    expect(Date.now() - t).toBeGreaterThanOrEqual(70);
    expect(order).toEqual(['intake closed with 2 in flight', 'released with 0 in flight']);
    expect(codes).toEqual([0]);
    expect(msgs()).toEqual(['shutting down', 'stopped']);
  });

  it('gives up on commands still running after drainMs, and on a release step that hangs or throws', async () => {
    const { log, lines } = capture();
    const codes: number[] = [];
    const shutdown = createShutdown({ log, inFlight: () => 3, drainMs: 60, stepMs: 50, exit: (c) => void codes.push(c) });
    shutdown.afterDrain(() => new Promise(() => {}));
    shutdown.afterDrain(() => {
      throw new Error('redis quit failed');
    });
    const t = Date.now();
    await shutdown.run('SIGTERM');
    expect(Date.now() - t).toBeLessThan(1_000);
    expect(codes).toEqual([0]);
    expect(lines.find((l) => l.msg === 'drain deadline passed; commands still in flight are dropped')).toMatchObject({ abandoned: 3, drainMs: 60 });
    expect(lines.find((l) => l.msg === 'shutdown step timed out')).toMatchObject({ phase: 'release' });
    expect(lines.find((l) => l.msg === 'shutdown step failed')).toMatchObject({ err: { message: 'redis quit failed' } });
  });
});

describe('installCrashHandlers', () => {
  it('logs an unhandled rejection as fatal with its context, token scrubbed, then exits 1', async () => {
    const { log, lines } = capture();
    const codes: number[] = [];
    // The test runner's own handlers step aside while ours is the only one.
    const runners = process.listeners('unhandledRejection');
    process.removeAllListeners('unhandledRejection');
    const uninstall = installCrashHandlers({ log, exit: (c) => void codes.push(c), context: () => ({ inFlight: 2, adapters: ['slack'] }) });
    try {
      void Promise.reject(new Error('chat.postMessage failed for xoxb-1234567890-0987654321-AbCdEfGhIj'));
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      uninstall();
      for (const l of runners) process.on('unhandledRejection', l);
    }
    expect(codes).toEqual([1]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 60,
      origin: 'unhandled rejection',
      inFlight: 2,
      adapters: ['slack'],
      err: { type: 'Error', message: 'chat.postMessage failed for [REDACTED]' },
    });
    expect(JSON.stringify(lines)).not.toContain('xoxb-');
    expect(process.listeners('unhandledRejection')).toEqual(runners);
  });

  it('still exits when the context callback throws', () => {
    const { log, lines } = capture();
    const codes: number[] = [];
    const runners = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    const uninstall = installCrashHandlers({ log, exit: (c) => void codes.push(c), context: () => { throw new Error('core not built yet'); } });
    try {
      (process.emit as (event: string, ...args: unknown[]) => boolean)('uncaughtException', new RangeError('boom'), 'uncaughtException');
    } finally {
      uninstall();
      for (const l of runners) process.on('uncaughtException', l);
    }
    expect(codes).toEqual([1]);
    expect(lines[0]).toMatchObject({ level: 60, origin: 'uncaught exception', err: { type: 'RangeError', message: 'boom' } });
  });
});

// ---- the real process ----


interface Bot {
  child: ChildProcessWithoutNullStreams;
  port: number;
  stdout: () => string;
  logs: () => Record<string, unknown>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitFor(pred: () => boolean, what: string, ms?: number): Promise<void>;
}

async function startBot(env: Record<string, string> = {}, preload: string[] = []): Promise<Bot> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', ...preload.flatMap((p) => ['--import', p]), 'src/main.ts'], {
    cwd: ROOT,
    // No platform tokens: the console adapter on stdin (a pipe, so CONSOLE=1 asks for it), which the test keeps open.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CONSOLE: '1', PORT: String(port), LOG_LEVEL: 'info', DATA_SOURCE: 'demo', OUT_DIR: mkdtempSync(join(tmpdir(), 'stressbot-process-')), DATA_HOME: mkdtempSync(join(tmpdir(), 'stressbot-home-')), ...env },
    stdio: 'pipe',
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const logs = () =>
    err
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const bot: Bot = {
    child,
    port,
    stdout: () => out,
    logs,
    exited,
    async waitFor(pred, what, ms = 20_000) {
      const until = Date.now() + ms;
      while (!pred()) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}; stderr: ${err.slice(-2000)}`);
        if (child.exitCode !== null) throw new Error(`bot exited (${child.exitCode}) before ${what}; stderr: ${err.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
  await bot.waitFor(() => logs().some((l) => l.msg === 'http listening') && out.includes('stressbot> '), 'the bot to listen and prompt');
  return bot;
}

async function health(port: number): Promise<{ inFlight: number }> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return (await res.json()) as { inFlight: number };
}

describe('the real bot process (node --import tsx src/main.ts)', { timeout: 60_000 }, () => {
  it.concurrent('SIGTERM during a command: the answer and its charts are finished before the exit', async () => {
    const bot = await startBot();
    // /digest on a cold DEMO market: builds the market, runs every command, renders its dashboard chart.
    bot.child.stdin.write('/digest\n');
    let seen = 0;
    const until = Date.now() + 20_000;
    while (seen === 0 && Date.now() < until) seen = (await health(bot.port).catch(() => ({ inFlight: 0 }))).inFlight;
    expect(seen, 'the command was observed in flight').toBeGreaterThan(0);
    bot.child.kill('SIGTERM');
    const { code } = await bot.exited;
    expect(code).toBe(0);
    const stopping = bot.logs().find((l) => l.msg === 'shutting down');
    expect(stopping).toMatchObject({ reason: 'SIGTERM' });
    expect(stopping!.inFlight).toBeGreaterThan(0);
    // The reply was completed: the digest's headline and its chart files were written before exit 0.
    expect(bot.stdout()).toMatch(/KOSPI stress \d+\/100/);
    expect(bot.stdout()).toMatch(/chart: .*digest-.*\.png/);
    expect(bot.logs().some((l) => l.msg === 'drain deadline passed; commands still in flight are dropped')).toBe(false);
    expect(bot.logs().at(-1)).toMatchObject({ msg: 'stopped', reason: 'SIGTERM' });
    // The HTTP server is gone with it.
    await expect(fetch(`http://127.0.0.1:${bot.port}/healthz`)).rejects.toThrow();
  });

  // (The rejection path is the same handler; it is exercised in process below, which saves a spawn.)
  it.concurrent.each(['exception'] as const)('an unhandled %s is logged (fatal, with context, redacted) and exits 1', async (mode) => {
    const bot = await startBot({ TEST_CRASH: mode }, [CRASH_FIXTURE]);
    bot.child.kill('SIGUSR2');
    const { code } = await bot.exited;
    expect(code).toBe(1);
    const fatal = bot.logs().find((l) => l.level === 60);
    expect(fatal, JSON.stringify(bot.logs())).toMatchObject({
      origin: mode === 'exception' ? 'uncaught exception' : 'unhandled rejection',
      msg: `${mode === 'exception' ? 'uncaught exception' : 'unhandled rejection'}; exiting for the supervisor to restart`,
      adapters: ['console'],
      inFlight: 0,
      err: { type: mode === 'exception' ? 'TypeError' : 'Error' },
    });
    expect(typeof fatal!.uptimeSec).toBe('number');
    expect((fatal!.err as { message: string }).message).toContain('[REDACTED]');
    expect((fatal!.err as { stack: string }).stack).toContain('crash-on-signal.mjs');
    expect(JSON.stringify(bot.logs())).not.toContain('xoxb-');
  });
});
