// `node scripts/bundle.mjs <outDir>` (run by build.mjs after tsc): the bot's and the CLI's entry points each as
// one CommonJS bundle (esbuild: <outDir>/main.cjs, cli.cjs) beside tsc's tree, and <outDir>/main.js, cli.js
// replaced by a few lines that run their bundle with a V8 code cache (src/infra/codeCache.ts). Start-up
// then reads one file and deserialises its bytecode instead of resolving, loading and compiling ~150
// modules; CommonJS because Node 20 caches compiled code only for scripts (vm.Script cachedData), never
// for ES modules, and because its loader is cheaper (the same bundle as ES module chunks: ~100 ms more
// CPU to the bot's first answer). Platform adapters stay lazy: their code is in the bundle but runs
// only when their variables are set. npm packages stay external, except the pure-JS ones the start path
// loads file by file (kysely alone is ~290 files, zod ~100): bundled, start-up resolves and compiles a
// few files instead of ~400 (`INLINED`); @slack/bolt and its ~300 files are a bundle of their own,
// <outDir>/vendor/slack-bolt.cjs, loaded with its code cache by a Slack start only (`VENDORED`). pino is bundled too: the bot writes to a destination stream,
// never through a pino transport (whose worker files a bundle could not find).
// Each module's `import.meta.url` is rewritten to the URL tsc gives that module in the same tree, so
// paths relative to it (the render worker, the playground's static folder, the precomputed demo)
// resolve as they do unbundled.
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
const outdir = process.argv[2];
if (!outdir) throw new Error('usage: node scripts/bundle.mjs <outDir>');

/** `import.meta.url` of src/x/y.ts → the URL of <outDir>/x/y.js, from a file at <outDir>'s root. */
const metaUrlAsUnbundled = {
  name: 'import-meta-url-as-unbundled',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      let source = await readFile(path, 'utf8');
      const entry = ENTRY_AWAITS.includes(path);
      if (entry) source = asyncBody(source);
      if (!path.startsWith(SRC) || !source.includes('import.meta.url')) return entry ? { contents: source, loader: 'ts' } : undefined;
      const rel = `./${relative(SRC, path).split('\\').join('/').replace(/\.ts$/, '.js')}`;
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

/** Entry points that await at top level (CommonJS has no top-level await): their body runs in an async function. */
const ENTRY_AWAITS = [join(SRC, 'main.ts')];

/**
 * The module's leading imports kept at top level, the rest inside `void (async () => { … })()`: the same
 * statements in the same order, awaiting as before. A failure there is thrown as node throws an uncaught
 * error at top level (the crash handlers the module installs see it the same way).
 */
function asyncBody(source) {
  const head = /^(?:\s+|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/|import\s[^;]*;)*/.exec(source)[0];
  return `${head}\nvoid (async () => {\n${source.slice(head.length)}\n})().catch((err) => {\n  setImmediate(() => {\n    throw err;\n  });\n});\n`;
}

/** Bare imports bundled in, with every package they import in turn; every other package stays a runtime import from node_modules. */
const INLINED = new Set(['kysely', 'zod', 'csv-parse', 'croner', 'lru-cache', 'p-limit', 'prom-client', 'pino']);
/**
 * Packages the bot loads only when configured (a Slack start), each bundled with everything it imports into
 * a file of its own beside the bot's, which runs with its own code cache: @slack/bolt from node_modules is
 * ~300 files (express, the web and socket-mode clients…) whose resolving, compiling and source maps cost a
 * Slack start ~0.4 s of CPU, and inlined into the bot's bundle they cost every other start ~40 ms.
 */
const VENDORED = { '@slack/bolt': 'vendor/slack-bolt.cjs' };
/** Imported by the bot's own code from node_modules too: one copy, never bundled into another package. */
const SHARED = new Set(['undici']);
const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
/** The package a resolved file belongs to (its last node_modules segment), or undefined for the project's own. */
const packageOfFile = (file) => {
  const at = file.lastIndexOf('/node_modules/');
  return at < 0 ? undefined : packageOf(file.slice(at + '/node_modules/'.length));
};
/** Inlines the packages of `inlined` and what they import (a copy: the set grows); the rest stays external. */
const externalUnlessInlined = (inlined) => ({
  name: 'external-unless-inlined',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, ({ path, importer }) => {
      if (path.startsWith('node:') || SHARED.has(packageOf(path))) return { path, external: true };
      const from = packageOfFile(importer);
      if (from !== undefined && inlined.has(from)) inlined.add(packageOf(path));
      return inlined.has(packageOf(path)) ? undefined : { path, external: true };
    });
  },
});
/** The bot's import of a vendored package: its bundle, run with its code cache (src/infra/codeCache.ts). */
const vendoredFromItsBundle = {
  name: 'vendored-from-its-bundle',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, ({ path }) => (VENDORED[path] ? { path, namespace: 'vendored' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'vendored' }, ({ path }) => ({
      contents: `module.exports = require(${JSON.stringify(join(SRC, 'infra/codeCache.ts'))}).requireCached(require('node:path').join(__dirname, ${JSON.stringify(VENDORED[path])}), ${JSON.stringify(vendoredHashes[VENDORED[path]])});`,
      resolveDir: SRC,
      loader: 'js',
    }));
  },
};

/**
 * Modules a package requires at load that the bot never uses, each replaced by a class that throws if constructed:
 * - prom-client's Pushgateway (Prometheus scrapes /metrics): with it node:https and node:zlib, ~9 ms of every start
 *   under npm start's V8 flags (README);
 * - Bolt's ExpressReceiver (the bot receives through its own HTTP server or Socket Mode): its index requires it, and
 *   with it express, body-parser and mime-types' tables, ~15 ms of a Slack start.
 */
const LEFT_OUT = [
  { pkg: 'prom-client', path: './lib/pushgateway', name: 'Pushgateway', exportsDefault: false },
  { pkg: '@slack/bolt', path: './receivers/ExpressReceiver', name: 'ExpressReceiver', exportsDefault: true },
];
const leftOut = {
  name: 'left-out',
  setup(b) {
    b.onResolve({ filter: /^\.\// }, ({ path, importer }) => {
      const out = LEFT_OUT.find((o) => o.path === path && packageOfFile(importer) === o.pkg);
      return out ? { path: `${out.pkg}/${out.name}`, namespace: 'left-out', pluginData: out } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, ({ pluginData: { pkg, name, exportsDefault } }) => {
      const stub = `class ${name} { constructor() { throw new Error('${pkg} ${name} is left out of the bundle (scripts/bundle.mjs)'); } }`;
      return { contents: exportsDefault ? `exports.__esModule = true; exports.default = ${stub};` : `module.exports = ${stub};`, loader: 'js' };
    });
  },
};

/**
 * Packages a vendored bundle requires at load but uses on one path only, required at their first use instead:
 * @slack/socket-mode requires undici (for its WebSocket) at load, and so does Bolt's index, Socket Mode or not;
 * undici's load (its fetch, cache and mock layers, node's own undici, tls, http2: ~100 ms of a Slack start under
 * npm start's V8 flags) buys a Slack app over HTTP nothing. Socket Mode reads undici's exports only when it
 * connects, so a stand-in that requires the package on its first property read serves it the same.
 */
const ON_FIRST_USE = new Set(['undici']);
const requiredOnFirstUse = {
  name: 'required-on-first-use',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, ({ path, namespace }) => {
      if (!ON_FIRST_USE.has(path)) return undefined;
      return namespace === 'first-use' ? { path, external: true } : { path, namespace: 'first-use' };
    });
    b.onLoad({ filter: /.*/, namespace: 'first-use' }, ({ path }) => ({
      contents: `let real;
const load = () => (real ??= require(${JSON.stringify(path)}));
module.exports = new Proxy({}, {
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => {
    const d = Reflect.getOwnPropertyDescriptor(load(), key);
    return d && { ...d, configurable: true };
  },
});`,
      loader: 'js',
    }));
  },
};

/** A bundle text's hash, as src/infra/codeCache.ts's sourceHashOf makes it (the name of its code cache). */
const sha1 = (text) => createHash('sha1').update(text).digest('hex');

// Vendored bundles first: the bot's bundle loads each with its text's hash written in, so a Slack start does not
// hash 1.2 MB (~5 ms) to find the code cache.
const vendoredHashes = {};
for (const [pkg, file] of Object.entries(VENDORED)) {
  await build({
    entryPoints: [createRequire(join(ROOT, 'package.json')).resolve(pkg)],
    outfile: join(outdir, file),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    plugins: [leftOut, requiredOnFirstUse, externalUnlessInlined(new Set([pkg]))],
  });
  vendoredHashes[file] = sha1(await readFile(join(outdir, file), 'utf8'));
}
const ENTRIES = ['main', 'cli'];
await build({
  entryPoints: ENTRIES.map((name) => join(SRC, `${name}.ts`)),
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Stack traces need only the mappings: with the sources inside, --enable-source-maps kept ~8 MB of them on the heap.
  sourcesContent: false,
  // Without comments and indentation, and ASCII (esbuild escapes strings, not regular expressions: those in src/
  // write \uXXXX), the text V8 keeps is 1.7 MB of one-byte characters instead of 2.4 M two-byte ones: ~2,300
  // fewer page faults a start (reading, decoding and holding it). The source map keeps stack traces readable.
  minifyWhitespace: true,
  logLevel: 'warning',
  // `import.meta.url` in CommonJS: the bundle's own file URL (each module's is rebased on it above).
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [leftOut, vendoredFromItsBundle, externalUnlessInlined(new Set(INLINED)), metaUrlAsUnbundled],
});
for (const name of ENTRIES) {
  const text = await readFile(join(outdir, `${name}.cjs`), 'utf8');
  const wide = /[^\x00-\x7f]/.exec(text);
  if (wide) process.stderr.write(`bundle.mjs: ${name}.cjs holds non-ASCII text (${JSON.stringify(text.slice(Math.max(0, wide.index - 40), wide.index + 10))}), so V8 keeps all of it as two-byte characters: escape it as \\u${wide[0].charCodeAt(0).toString(16).padStart(4, '0')} in the source\n`);
  const sourceHash = sha1(text);
  await writeFile(
    join(outdir, `${name}.js`),
    `// Generated by scripts/bundle.mjs: runs ${name}.cjs (src/${name}.ts bundled) with its V8 code cache.\nimport { fileURLToPath } from 'node:url';\nimport { runCached } from './infra/codeCache.js';\n\nrunCached(fileURLToPath(new URL('./${name}.cjs', import.meta.url)), { sourceHash: '${sourceHash}' });\n`,
  );
  await rm(join(outdir, `${name}.js.map`), { force: true });
}
