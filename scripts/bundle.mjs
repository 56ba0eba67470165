// `node scripts/bundle.mjs <outDir>` (run by build.mjs after tsc): the bot's and the CLI's entry points as a few
// bundled files (esbuild) beside tsc's tree, so start-up reads three files instead of resolving and
// loading ~150 modules (~0.3 s of a 1 s start). Platform adapters stay lazy: each dynamic import()
// is a chunk of its own, loaded only when its variables are set. npm packages stay external, except the
// pure-JS ones the start path loads file by file (kysely alone is ~290 files, zod ~100): bundled, start-up
// resolves and compiles a few files instead of ~400 (`INLINED`). pino is bundled too: the bot writes to a
// destination stream, never through a pino transport (whose worker files a bundle could not find).
// Every output file sits at the root of <outDir>, and each module's `import.meta.url` is rewritten to the
// URL tsc gives that module in the same tree, so paths relative to it (the render worker, the playground's
// static folder) resolve as they do unbundled.
import { readFile } from 'node:fs/promises';
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
      const source = await readFile(path, 'utf8');
      if (!path.startsWith(SRC) || !source.includes('import.meta.url')) return undefined;
      const rel = `./${relative(SRC, path).split('\\').join('/').replace(/\.ts$/, '.js')}`;
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

/** Bare imports bundled in; every other package stays a runtime import from node_modules. */
const INLINED = new Set(['kysely', 'zod', 'csv-parse', 'croner', 'lru-cache', 'p-limit', 'yocto-queue', 'prom-client', '@opentelemetry/api', 'tdigest', 'bintrees', 'pino', 'pino-std-serializers', 'sonic-boom', 'thread-stream', 'safe-stable-stringify', 'quick-format-unescaped', 'on-exit-leak-free', 'atomic-sleep', 'fast-redact', '@pinojs/redact', 'process-warning', 'real-require', 'pino-abstract-transport', 'split2']);
const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
const externalUnlessInlined = {
  name: 'external-unless-inlined',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, ({ path }) => (path.startsWith('node:') || !INLINED.has(packageOf(path)) ? { path, external: true } : undefined));
  },
};

await build({
  entryPoints: [join(SRC, 'main.ts'), join(SRC, 'cli.ts')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Stack traces need only the mappings: with the sources inside, --enable-source-maps kept ~8 MB of them on the heap.
  sourcesContent: false,
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
  // Bundled CommonJS (prom-client) calls require() for node's built-ins: give ESM output one.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  plugins: [externalUnlessInlined, metaUrlAsUnbundled],
});
