// `npm run build`: src/ → dist/ (plain JavaScript that `node` runs with no loader), plus the files read at
// run time (the playground's static folder). `node scripts/build.mjs --if-stale` builds only when dist/ is
// missing or older than a source file: `npm start` and the bin call it so `npm ci && npm start` just works.
// Types are checked by `npm test` (tsc --noEmit); the build only emits (`--noCheck`), in a few seconds.
// Plain .mjs on purpose: it must run before anything is compiled.
import { cpSync, existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');
/** Written last: its time is the build's, and its absence means a build that did not finish. */
const STAMP = join(DIST, '.built');
/** Folders copied as they are (everything else under src/ is compiled). */
const ASSETS = ['bot/web/static'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json', 'scripts/build.mjs', 'scripts/bundle.mjs', 'scripts/warm.mjs'].map((f) => join(ROOT, f));

/** `npm start`'s command (package.json) after its `exec`: `env`, the variables it sets, node, node's flags, the entry. */
export function startCommandWords() {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start.replace(/^exec /, '').split(/\s+/);
}

/** The variables `npm start` sets (`env A=1 …`) and the flags it gives node: whatever runs the bot as it runs uses them. */
export function startSettings() {
  const words = startCommandWords();
  const node = words.indexOf('node');
  const env = Object.fromEntries(words.slice(0, node).filter((w) => /^[A-Z_]+=/.test(w)).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
  return { env, nodeFlags: words.slice(node + 1).filter((w) => w.startsWith('--')) };
}

/** node:child_process, loaded when a build runs: every CLI answer checks staleness, and loading it costs ~4 ms. */
const execFileSync = (...args) => createRequire(import.meta.url)('node:child_process').execFileSync(...args);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Why a build is needed, or undefined when dist/ is current (or there are no sources: an image holds dist/ only). */
export function staleReason() {
  if (!existsSync(SRC)) return undefined;
  if (!existsSync(STAMP)) return 'no build yet';
  const built = statSync(STAMP).mtimeMs;
  const inputs = Math.max(newestMtime(SRC), ...CONFIGS.filter(existsSync).map((f) => statSync(f).mtimeMs));
  return inputs > built ? 'sources changed since the last build' : undefined;
}

/** Compiles with the project's TypeScript; its output goes to stderr so a `--json` stdout stays one object. */
export function build() {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    throw new Error('cannot build dist/: TypeScript is not installed (run `npm ci`, which installs the dev dependencies)');
  }
  // Built aside and swapped in whole: a bot already running from dist/ (or a second build) never sees half a tree.
  const next = `${DIST}.next-${process.pid}`;
  const old = `${DIST}.old-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', next], { cwd: ROOT, stdio: ['ignore', 2, 2] });
    // main.js and cli.js replaced by bundles of themselves (start-up loads a few files, not the whole tree).
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), next], { cwd: ROOT, stdio: ['ignore', 2, 2] });
    for (const dir of ASSETS) cpSync(join(SRC, dir), join(next, dir), { recursive: true });
    // The DEMO market's series and score history, computed once here instead of at every start (src/data/demo/precomputed.ts).
    execFileSync(process.execPath, [join(next, 'data', 'demo', 'precomputed.js'), join(next, 'data', 'demo', 'precomputed')], { cwd: ROOT, stdio: ['ignore', 2, 2] });
    warmCodeCaches(next);
    writeFileSync(join(next, '.built'), `${new Date().toISOString()}\n`);
    // Another build finishing at the same moment (a test run beside a bench) is as current as this one.
    const tolerate = (codes, fn) => {
      try {
        fn();
      } catch (err) {
        if (!codes.includes(err.code)) throw err;
      }
    };
    tolerate(['ENOENT'], () => renameSync(DIST, old));
    tolerate(['ENOTEMPTY', 'EEXIST'], () => renameSync(next, DIST));
  } finally {
    rmSync(next, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
}

/** One demo answer each from the new CLI and bot, so their V8 code caches exist before the first start (scripts/warm.mjs). */
function warmCodeCaches(dir) {
  try {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'warm.mjs'), dir], { cwd: ROOT, stdio: 'ignore', timeout: 90_000 });
  } catch {
    // a cache is an optimisation; the build is complete without it
  }
}

/** Builds when stale; quiet when not. */
export function buildIfStale() {
  const reason = staleReason();
  if (!reason) return false;
  process.stderr.write(`building dist/ (${reason})…\n`);
  const t = Date.now();
  build();
  process.stderr.write(`built dist/ in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    if (process.argv.includes('--if-stale')) buildIfStale();
    else build();
  } catch (err) {
    // tsc has already said what is wrong on stderr; this line says what it means.
    process.stderr.write(`${err instanceof Error && !('status' in err) ? err.message : 'build failed (see the TypeScript errors above)'}\n`);
    process.exit(1);
  }
}
