// The compiled bot started as an operator starts it (`npm start`, plain `node dist/main.js`, no terminal):
// it serves until a signal, a signal to npm reaches it, and start-up failures are one line with their own
// exit code. (The build is made by test/helpers/build.ts before the suite.)
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/infra/startup.ts';
import { WebSocketServer, type WebSocket } from 'ws';
import { signedHeaders, slashBody, startFakeSlack, type FakeSlack } from '../bot/slack/fakeSlack.ts';
import { ROOT } from '../helpers/cli.ts';
import { freePort } from '../helpers/bot.ts';


/** Resolves true once a fresh server can bind the port (the old process let it go). */
function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s: Server = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Run {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns with stdin on /dev/null, as `cmd </dev/null &`, nohup or a supervisor do. */
function run(cmd: string, args: string[], env: Record<string, string>, stdin: 'ignore' | 'pipe' = 'ignore'): Run {
  const child = spawn(cmd, args, {
    cwd: ROOT,
    stdio: [stdin, 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATA_SOURCE: 'demo',
      LOG_LEVEL: 'info',
      OUT_DIR: mkdtempSync(join(tmpdir(), 'stressbot-start-out-')),
      DATA_HOME: mkdtempSync(join(tmpdir(), 'stressbot-start-home-')),
      ...env,
    },
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return { child, out: () => out, err: () => err, exited };
}

async function json(url: string): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, r: Run, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (r.child.exitCode !== null) throw new Error(`exited ${r.child.exitCode} before ${what}; stderr: ${r.err().slice(-1500)}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; stderr: ${r.err().slice(-1500)}`);
    await sleep(50);
  }
}

const lines = (s: string) => s.split('\n').filter(Boolean);

describe('npm start without a terminal', { timeout: 90_000 }, () => {
  it.concurrent('keeps /healthz up until SIGTERM to the npm process, which frees the port within 10 s', async () => {
    const port = await freePort();
    const bot = run('npm', ['start'], { PORT: String(port) });
    const first = await until('/healthz', () => json(`http://127.0.0.1:${port}/healthz`), bot);
    expect(first.status).toBe(200);
    expect(first.body.adapters).not.toContain('console');
    // The old process gave up 1 s after "console closed"; this one is still serving well after that.
    await sleep(2_500);
    expect((await json(`http://127.0.0.1:${port}/healthz`)).body.status).toBe('up');
    expect(bot.out()).toContain(`Playground: http://127.0.0.1:${port}/`);
    expect(bot.err()).toContain('no terminal on stdin: console not started');

    const t = Date.now();
    bot.child.kill('SIGTERM'); // the npm process itself, not its child
    let freed = false;
    while (!freed && Date.now() - t < 10_000) freed = await canBind(port), freed || (await sleep(100));
    expect(freed, 'the port is free again').toBe(true);
    expect(Date.now() - t).toBeLessThan(10_000);
    await bot.exited;
    expect(bot.err()).toContain('"reason":"SIGTERM"');
  });

  it.concurrent('readiness: /readyz is 200 with every component up', async () => {
    const port = await freePort();
    const bot = run(process.execPath, ['dist/main.js'], { PORT: String(port) });
    const ready = await until('/readyz', () => json(`http://127.0.0.1:${port}/readyz`), bot);
    expect(ready).toMatchObject({ status: 200, body: { ready: true, status: 'up' } });
    bot.child.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);
  });

  it.concurrent('the bundle serves /metrics through prom-client, whose unused Pushgateway it leaves out', async () => {
    const port = await freePort();
    const bot = run(process.execPath, ['dist/main.js'], { PORT: String(port) });
    const text = await until('/metrics', async () => {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      return res.status === 200 ? res.text() : undefined;
    }, bot);
    expect(text).toMatch(/^# HELP stressbot_process_cpu_seconds_total /m);
    expect(text).toMatch(/^stressbot_process_resident_memory_bytes \d+/m);
    bot.child.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);
    // scripts/bundle.mjs puts a stub in its place, which says so if anything ever constructs one
    expect(readFileSync(join(ROOT, 'dist', 'main.cjs'), 'utf8')).toContain('Pushgateway is left out of the bundle');
  });
});

// The compiled Slack adapter: Bolt runs from its own bundle (vendor/slack-bolt.cjs), its Web API calls go over
// node's http (src/infra/httpFetch.ts), and Socket Mode's undici is required only when the socket connects.
describe('the compiled bot on Slack', { timeout: 90_000 }, () => {
  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
  async function answeredInThread(fake: FakeSlack, channel: string, r: Run) {
    const anchor = await until('the anchor', async () => fake.callsOf('chat.postMessage').find((c) => c.args.channel === channel && !c.args.thread_ts), r);
    const answer = await until('the answer', async () => fake.callsOf('chat.postMessage').find((c) => c.args.thread_ts === anchor.result!.ts && c.args.blocks), r);
    const complete = await until('the chart', async () => fake.callsOf('files.completeUploadExternal').find((c) => c.args.thread_ts === anchor.result!.ts), r);
    const upload = fake.callsOf('upload').find((c) => c.args.id === complete.args.files[0].id)!;
    return { anchor, answer, upload };
  }

  it.concurrent('over HTTP: a signed slash command is acked and answered in its thread, chart uploaded', async () => {
    const fake = await startFakeSlack();
    const port = await freePort();
    const bot = run(process.execPath, ['dist/main.js'], { PORT: String(port), LOG_LEVEL: 'warn', SLACK_BOT_TOKEN: 'xoxb-compiled', SLACK_SIGNING_SECRET: 'shh', SLACK_API_URL: fake.apiUrl });
    try {
      await until('slack up', async () => ((await json(`http://127.0.0.1:${port}/healthz`)).body.adapters?.includes('slack:http') ? true : undefined), bot);
      const body = slashBody('/kospi-stress', '', { channel: 'CHTTP', responseUrl: fake.responseUrl('compiled-http') });
      const ack = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body, headers: signedHeaders(body, 'application/x-www-form-urlencoded', { secret: 'shh' }) });
      expect([ack.status, await ack.text()]).toEqual([200, '']);
      const { answer, upload } = await answeredInThread(fake, 'CHTTP', bot);
      expect(answer.headers.authorization).toBe('Bearer xoxb-compiled');
      expect(JSON.stringify(answer.args.blocks)).toContain('DEMO');
      expect(upload.raw.includes(PNG)).toBe(true);
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exited;
      await fake.close();
    }
  });

  it.concurrent('over Socket Mode: connects to the socket apps.connections.open hands out, acks an envelope and answers', async () => {
    const fake = await startFakeSlack();
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    fake.override.set('apps.connections.open', () => ({ ok: true, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link` }));
    const acks: string[] = [];
    let connected: WebSocket | undefined;
    wss.on('connection', (ws) => {
      ws.on('message', (data) => acks.push(String((JSON.parse(String(data)) as { envelope_id?: string }).envelope_id)));
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A1' } }));
      connected = ws;
    });
    const port = await freePort();
    const bot = run(process.execPath, ['dist/main.js'], { PORT: String(port), LOG_LEVEL: 'warn', SLACK_BOT_TOKEN: 'xoxb-compiled', SLACK_APP_TOKEN: 'xapp-compiled', SLACK_API_URL: fake.apiUrl });
    try {
      const socket = await until('the socket', async () => connected, bot);
      await until('slack up', async () => ((await json(`http://127.0.0.1:${port}/healthz`)).body.adapters?.includes('slack:socket') ? true : undefined), bot);
      expect(fake.callsOf('apps.connections.open')[0]!.headers.authorization).toBe('Bearer xapp-compiled');
      socket.send(JSON.stringify({
        envelope_id: 'env-compiled', type: 'slash_commands', accepts_response_payload: true,
        payload: { team_id: 'T1', channel_id: 'CSOCK', user_id: 'U-s', command: '/kospi-stress', text: '', response_url: fake.responseUrl('compiled-sock'), trigger_id: 'trig-compiled' },
      }));
      await until('the ack', async () => (acks.includes('env-compiled') ? true : undefined), bot);
      const { upload } = await answeredInThread(fake, 'CSOCK', bot);
      expect(upload.raw.includes(PNG)).toBe(true);
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exited;
      await new Promise((r) => wss.close(r));
      await fake.close();
    }
  });
});

describe('start-up failures: one line, their own exit code, no stack', { timeout: 90_000 }, () => {
  const oneLine = (r: Run) => {
    const text = r.err();
    expect(lines(text), text).toHaveLength(1);
    expect(text).not.toMatch(/\n\s+at |Error:|"level"/);
    return text.trim();
  };

  it.concurrent('a Slack bot token rejected by auth.test names SLACK_BOT_TOKEN and where to copy it', async () => {
    const fake = await startFakeSlack();
    fake.override.set('auth.test', () => ({ ok: false, error: 'invalid_auth' }));
    const bot = run(process.execPath, ['dist/main.js'], {
      PORT: String(await freePort()),
      LOG_LEVEL: 'silent',
      SLACK_BOT_TOKEN: 'xoxb-rejected-123',
      SLACK_SIGNING_SECRET: 'shh',
      SLACK_API_URL: fake.apiUrl,
    });
    const { code } = await bot.exited;
    await fake.close();
    expect(code).toBe(EXIT.credentials);
    expect(fake.callsOf('auth.test')).toHaveLength(1);
    const line = oneLine(bot);
    expect(line).toContain('Slack rejected SLACK_BOT_TOKEN (invalid_auth)');
    expect(line).toContain('https://api.slack.com/apps');
    expect(line).not.toContain('xoxb-rejected-123');
  });

  it.concurrent('an unreachable Slack is retried with back-off while the playground serves; /healthz shows it down until it is back', async () => {
    const port = await freePort();
    const slackPort = await freePort(); // nothing listens here yet
    const bot = run(process.execPath, ['dist/main.js'], {
      PORT: String(port),
      SLACK_BOT_TOKEN: 'xoxb-ok',
      SLACK_SIGNING_SECRET: 'shh',
      SLACK_API_URL: `http://127.0.0.1:${slackPort}/api/`,
    });
    const down = await until('slack down on /healthz', async () => {
      const h = await json(`http://127.0.0.1:${port}/healthz`);
      return h.body.components?.slack?.state === 'down' ? h : undefined;
    }, bot);
    expect(down.status).toBe(200);
    expect(down.body.status).toBe('degraded');
    expect(down.body.components.slack.detail).toMatch(/retrying in \d+ s/);
    expect((await json(`http://127.0.0.1:${port}/readyz`)).status).toBe(503);
    // The rest serves meanwhile.
    const asked = await fetch(`http://127.0.0.1:${port}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"line":"/help"}' });
    expect(asked.status).toBe(200);

    const fake = await startFakeSlack({ port: slackPort });
    try {
      await until('slack up', async () => ((await json(`http://127.0.0.1:${port}/healthz`)).body.components?.slack?.state === 'up' ? true : undefined), bot);
      expect((await json(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      expect((await json(`http://127.0.0.1:${port}/healthz`)).body.adapters).toContain('slack:http');
      expect(bot.err()).toContain('slack started after retrying');
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exited;
      await fake.close();
    }
    expect(bot.child.exitCode).toBe(0);
  });

  it.concurrent('a port in use names PORT', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((r) => blocker.listen(0, '127.0.0.1', () => r((blocker.address() as { port: number }).port)));
    try {
      const bot = run(process.execPath, ['dist/main.js'], { PORT: String(port), LOG_LEVEL: 'silent' });
      expect((await bot.exited).code).toBe(EXIT.portInUse);
      expect(oneLine(bot)).toBe(`stressbot: PORT ${port} is already in use on 127.0.0.1 (another stressbot still running?): stop that process or set PORT to a free port, e.g. PORT=${port + 1}.`);
    } finally {
      blocker.close();
    }
  });

  it.concurrent('a config error reads "PORT must be a port number 1–65535, got \'abc\'"', async () => {
    const bot = run(process.execPath, ['dist/main.js'], { PORT: 'abc' });
    expect((await bot.exited).code).toBe(EXIT.config);
    expect(oneLine(bot)).toBe("PORT must be a port number 1–65535, got 'abc'");
  });
});

describe('with a terminal', { timeout: 90_000 }, () => {
  // util-linux `script` gives the bot a pseudo-terminal on stdin, as a person's shell does.
  const script = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p));
  it.skipIf(!script)('quit ends only the console while the playground serves, and says how to stop', async () => {
    const port = await freePort();
    const bot = run(script!, ['-qfec', `${process.execPath} dist/main.js`, '/dev/null'], { PORT: String(port), LOG_LEVEL: 'warn' }, 'pipe');
    await until('the prompt', async () => (bot.out().includes('stressbot> ') ? true : undefined), bot);
    expect(bot.out()).toContain('Type /help, /kospi-stress, or quit.');
    bot.child.stdin!.write('quit\r');
    await until('the console to close', async () => (bot.out().includes('Console closed') ? true : undefined), bot);
    expect(bot.out()).toMatch(new RegExp(`Console closed; still serving the playground at http://127\\.0\\.0\\.1:${port}/\\. Stop with Ctrl-C \\(or kill \\d+\\)\\.`));
    await sleep(1_500);
    const h = await json(`http://127.0.0.1:${port}/healthz`);
    expect(h.status).toBe(200);
    expect(h.body.adapters).not.toContain('console');
    // Ctrl-C reaches the bot through the terminal and stops it.
    bot.child.stdin!.write('\x03');
    await bot.exited;
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
