// The Dockerfile without a Docker daemon: its runtime stage is checked for what it must (not) hold, then its
// CMD is run here with its ENV and no terminal (as `docker run` without -it), and its HEALTHCHECK command
// must pass against it in playground-only mode and fail once the bot is gone.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';

const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ');
const stages = dockerfile.split(/^FROM /m).slice(1).map((s) => `FROM ${s}`);
const runtime = stages.at(-1)!;
const instruction = (stage: string, name: string) => [...stage.matchAll(new RegExp(`^${name} (.*)$`, 'gm'))].map((m) => m[1]!.trim());
const env = Object.fromEntries(instruction(runtime, 'ENV').flatMap((l) => [...l.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!])));
const cmd = JSON.parse(instruction(runtime, 'CMD')[0]!) as string[];
const health = JSON.parse(instruction(runtime, 'HEALTHCHECK')[0]!.replace(/^.*?CMD /, '')) as string[];

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe('Dockerfile', { timeout: 60_000 }, () => {
  it('builds in one stage and runs in another that has no tool chain, a volume for DATA_HOME, and plain node', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]).toMatch(/npm ci/);
    expect(stages[0]).toMatch(/npm run build/);
    expect(runtime).not.toMatch(/apt-get|python3|\bmake\b|g\+\+|npm ci|npm install/);
    expect(runtime).toMatch(/COPY --from=build \/app\/dist/);
    expect(env.DATA_HOME).toBe('/app/var');
    expect(instruction(runtime, 'VOLUME').join(' ')).toContain(env.DATA_HOME);
    expect(cmd.slice(0, 1)).toEqual(['node']);
    expect(cmd.at(-1)).toBe('dist/main.js');
    expect(health[0]).toBe('node');
  });

  it("runs node with npm start's flags (the build warms the code cache for those flags only: scripts/warm.mjs)", () => {
    const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(/\s+/);
    const flagsOf = (words: string[]) => words.slice(words.indexOf('node') + 1).filter((w) => w.startsWith('--'));
    expect(flagsOf(cmd)).toEqual(flagsOf(start));
  });

  it("the HEALTHCHECK passes against the image's CMD in playground-only mode, and fails once it stops", async () => {
    const port = String(await freePort());
    const runEnv = { PATH: process.env.PATH ?? '', ...env, PORT: port, DATA_HOME: mkdtempSync(join(tmpdir(), 'sb-docker-var-')), OUT_DIR: mkdtempSync(join(tmpdir(), 'sb-docker-out-')) };
    const bot = spawn(process.execPath, cmd.slice(1), { cwd: ROOT, env: runEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    bot.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((r) => bot.on('exit', (code) => r(code)));
    const check = () =>
      new Promise<number>((resolve) =>
        execFile(process.execPath, health.slice(1), { env: runEnv, timeout: 5_000 }, (e) => resolve(e ? Number((e as { code?: number }).code ?? 1) : 0)),
      );
    try {
      let code = 1;
      for (const until = Date.now() + 30_000; code !== 0 && Date.now() < until && bot.exitCode === null; ) {
        code = await check();
        if (code !== 0) await new Promise((r) => setTimeout(r, 200));
      }
      expect(code, err.slice(-1000)).toBe(0);
      expect(err).toContain('no terminal on stdin: console not started');
    } finally {
      bot.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(await check()).not.toBe(0);
  });
});
