// The start-up's code cache (src/infra/codeCache.ts): a CommonJS bundle runs as node runs the file, its
// cache is used on the next run, and never for other text or other flags (V8 itself checks only the length).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { codeCachePath, requireCached, runCached } from '../../src/infra/codeCache.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(join(tmpdir(), 'sb-codecache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runs = () => (globalThis as { __ccRuns?: { value: string; filename: string; dirname: string; join: string }[] }).__ccRuns ?? [];
const bundle = (value: string) => `const path = require('node:path');
(globalThis.__ccRuns ??= []).push({ value: ${JSON.stringify(value)}, filename: __filename, dirname: __dirname, join: typeof path.join });
module.exports = { answer: function answer(x) { return x * 2; } };
`;
const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe('runCached', () => {
  it('runs a bundle as CommonJS, then from the cache it wrote', async () => {
    const file = join(dir, 'a.cjs');
    writeFileSync(file, bundle('first'));
    expect(runCached(file, { writeAfterMs: 0, mapStacks: false })).toBe(false);
    expect(runs().at(-1)).toEqual({ value: 'first', filename: file, dirname: dir, join: 'function' });
    await tick();
    expect(existsSync(codeCachePath(file, readFileSync(file, 'utf8')))).toBe(true);
    expect(runCached(file, { writeAfterMs: 0, mapStacks: false })).toBe(true);
    expect(runs().at(-1)!.value).toBe('first');
  });

  it('never runs the cache of other text, even of the same length', async () => {
    const file = join(dir, 'b.cjs');
    writeFileSync(file, bundle('older'));
    runCached(file, { writeAfterMs: 0, mapStacks: false });
    await tick();
    writeFileSync(file, bundle('newer'));
    expect(runCached(file, { writeAfterMs: 0, mapStacks: false })).toBe(false);
    expect(runs().at(-1)!.value).toBe('newer');
  });

  it('keeps one cache per flag set (V8 refuses a cache made under other heap flags)', () => {
    const file = join(dir, 'c.cjs');
    const plain = codeCachePath(file, 'x');
    const saved = [...process.execArgv];
    try {
      process.execArgv.push('--max-semi-space-size=2');
      expect(codeCachePath(file, 'x')).not.toBe(plain);
    } finally {
      process.execArgv.splice(0, process.execArgv.length, ...saved);
    }
    expect(codeCachePath(file, 'x')).toBe(plain);
  });

  it('runs without a cache it cannot use, and replaces it', async () => {
    const file = join(dir, 'd.cjs');
    writeFileSync(file, bundle('damaged'));
    const cache = codeCachePath(file, readFileSync(file, 'utf8'));
    writeFileSync(cache, 'not a code cache');
    expect(runCached(file, { writeAfterMs: 0, mapStacks: false })).toBe(false);
    expect(runs().at(-1)!.value).toBe('damaged');
    await tick();
    expect(readFileSync(cache).length).toBeGreaterThan(100);
    expect(runCached(file, { writeAfterMs: 0, mapStacks: false })).toBe(true);
  });

  it('requireCached returns a vendored bundle\'s exports, running it once per process', () => {
    const file = join(dir, 'vendor.cjs');
    writeFileSync(file, bundle('vendored'));
    const before = runs().length;
    const first = requireCached(file) as { answer(x: number): number };
    expect(first.answer(21)).toBe(42);
    expect(requireCached(file)).toBe(first);
    expect(runs().length).toBe(before + 1);
    expect(runs().at(-1)).toEqual({ value: 'vendored', filename: file, dirname: dir, join: 'function' });
  });

  it('the build leaves a code cache for the CLI (plain node), and for the bot and its vendored Slack bundle under npm start\'s flags (scripts/warm.mjs)', () => {
    const flags = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
      .split(/\s+/)
      .filter((w) => w.startsWith('--'));
    expect(flags).toContain('--optimize-for-size');
    const cacheUnder = (argv: string[], name: string) => {
      const saved = { argv: [...process.execArgv], options: process.env.NODE_OPTIONS };
      try {
        process.execArgv.splice(0, process.execArgv.length, ...argv);
        delete process.env.NODE_OPTIONS;
        const file = join(ROOT, 'dist', name);
        return codeCachePath(file, readFileSync(file, 'utf8'));
      } finally {
        process.execArgv.splice(0, process.execArgv.length, ...saved.argv);
        if (saved.options !== undefined) process.env.NODE_OPTIONS = saved.options;
      }
    };
    expect(existsSync(cacheUnder([], 'cli.cjs'))).toBe(true);
    expect(existsSync(cacheUnder(flags, 'main.cjs'))).toBe(true);
    expect(existsSync(cacheUnder(flags, 'vendor/slack-bolt.cjs'))).toBe(true);
  });

  it("the bot's bundle loads the vendored Slack bundle with the hash of its text, as the build wrote both", () => {
    const vendored = readFileSync(join(ROOT, 'dist', 'vendor', 'slack-bolt.cjs'), 'utf8');
    const baked = /requireCached\(require\("node:path"\)\.join\(__dirname,"vendor\/slack-bolt\.cjs"\),"([0-9a-f]{40})"\)/.exec(readFileSync(join(ROOT, 'dist', 'main.cjs'), 'utf8'));
    expect(baked?.[1]).toBe(createHash('sha1').update(vendored).digest('hex'));
    // Bolt's ExpressReceiver (and express) left out: the bot receives over its own HTTP server or Socket Mode.
    expect(vendored).toContain('@slack/bolt ExpressReceiver is left out of the bundle');
    expect(vendored).not.toContain('node_modules/express/');
  });

  it('names the TypeScript source in stack traces under --enable-source-maps (the built loader, in its own process)', async () => {
    const src = join(dir, 'thrower.ts');
    writeFileSync(src, 'function boom(): never {\n  throw new Error("boom at line 2");\n}\nboom();\n');
    await build({ entryPoints: [src], outfile: join(dir, 'thrower.cjs'), bundle: true, format: 'cjs', platform: 'node', sourcemap: true, logLevel: 'silent' });
    const loader = `import { runCached } from ${JSON.stringify(join(ROOT, 'dist/infra/codeCache.js'))}; runCached(process.argv[1]);`;
    const run = (flags: string[]) =>
      promisify(execFile)(process.execPath, [...flags, '--input-type=module', '-e', loader, join(dir, 'thrower.cjs')]).then(
        () => '',
        (err: { stderr: string }) => err.stderr,
      );
    expect(await run(['--enable-source-maps'])).toMatch(/at boom \(.*thrower\.ts:2:9\)/);
    expect(await run([])).toMatch(/at boom \(.*thrower\.cjs:\d+:\d+\)/);
  });
});
