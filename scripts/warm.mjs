// `node scripts/warm.mjs <distDir>` (run by build.mjs on the new tree): one demo answer from the CLI and one
// from the bot, each started as it is run (the bin: plain node; the bot: `npm start`'s node flags, which the
// Docker image's CMD repeats), so both V8 code caches (src/infra/codeCache.ts) exist before the first real
// start. Best effort: a cache is an optimisation, and without one the first start writes its own. The bot
// runs on DEMO data on a free loopback port with a throwaway DATA_HOME and none of the caller's variables
// (no platform token, no database).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startSettings } from './build.mjs';

const dist = process.argv[2];
if (!dist) throw new Error('usage: node scripts/warm.mjs <distDir>');
const home = mkdtempSync(join(tmpdir(), 'stressbot-warm-'));
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_SOURCE: 'demo', LOG_LEVEL: 'silent', DATA_HOME: join(home, 'var'), OUT_DIR: join(home, 'out') };

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** `npm start`'s node flags (package.json), e.g. --enable-source-maps --optimize-for-size. */
const startFlags = () => startSettings().nodeFlags;

async function warmBot() {
  const port = await freePort();
  const bot = spawn(process.execPath, [...startFlags(), join(dist, 'main.js')], { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' });
  const exited = new Promise((resolve) => bot.once('exit', resolve));
  const until = Date.now() + 30_000;
  try {
    while (Date.now() < until && bot.exitCode === null) {
      const answered = await fetch(`http://127.0.0.1:${port}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ line: '/kospi-stress' }) })
        .then((r) => r.json())
        .then((o) => o.outcome === 'answer', () => false);
      if (answered) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    // the cache is written as the bot exits
    bot.kill('SIGTERM');
    let timer;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 15_000)))]);
    clearTimeout(timer);
    if (bot.exitCode === null) bot.kill('SIGKILL');
  }
}

/**
 * The vendored @slack/bolt bundle (scripts/bundle.mjs) loaded under the bot's flags, so a Slack start finds
 * its packages' module code compiled (what runs later, Bolt's App and receivers, compiles as it first runs).
 */
function warmVendored() {
  const script = join(home, 'vendored.mjs');
  const codeCache = pathToFileURL(join(dist, 'infra', 'codeCache.js')).href;
  writeFileSync(script, `import { requireCached } from ${JSON.stringify(codeCache)};\nrequireCached(${JSON.stringify(join(dist, 'vendor', 'slack-bolt.cjs'))});\n`);
  execFileSync(process.execPath, [...startFlags(), script], { stdio: 'ignore', env, timeout: 60_000 });
}

try {
  execFileSync(process.execPath, [join(dist, 'cli.js'), 'ask', '/kospi-stress', '--json'], { stdio: 'ignore', env, timeout: 60_000 });
  await warmBot();
  warmVendored();
} finally {
  rmSync(home, { recursive: true, force: true });
}
