// A real bot process (`node --import tsx src/main.ts`) for the drills and start-up tests, with the
// fake clock preloaded (FAKE_CLOCK_OFFSET_MS shifts its wall clock; 0 leaves it alone).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const CLOCK = join(ROOT, 'test/fixtures/process/fake-clock.mjs');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface Bot {
  name: string;
  port: number;
  child: ChildProcessWithoutNullStreams;
  logs(): Record<string, unknown>[];
  exited: Promise<unknown>;
}

/** Starts the bot and resolves once `ready` appears in its log (default: the digest scheduler started). */
export async function startBot(name: string, env: Record<string, string>, ready: (msg: string) => boolean = (m) => m.startsWith('digest scheduler started')): Promise<Bot> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', CLOCK, '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), LOG_LEVEL: 'info', DATA_SOURCE: 'demo', ...env },
    stdio: 'pipe',
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  child.stdout.resume();
  const exited = new Promise((r) => child.on('exit', r));
  const logs = () => err.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  const until = Date.now() + 60_000;
  while (!logs().some((l) => ready(String(l.msg)))) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}): ${err.slice(-2000)}`);
    if (Date.now() > until) throw new Error(`${name} did not start: ${err.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { name, port, child, logs, exited };
}

