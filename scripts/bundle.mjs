// `node scripts/bundle.mjs <outDir>` (run by build.mjs after tsc): the bot's and the CLI's entry points as a few
// bundled files (esbuild) beside tsc's tree, so start-up reads three files instead of resolving and
// loading ~150 modules (~0.3 s of a 1 s start). Platform adapters stay lazy: each dynamic import()
// is a chunk of its own, loaded only when its variables are set. npm packages stay external.
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

await build({
  entryPoints: [join(SRC, 'main.ts'), join(SRC, 'cli.ts')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
  plugins: [metaUrlAsUnbundled],
});
