// Runs a CommonJS bundle (dist/main.cjs, dist/cli.cjs: scripts/bundle.mjs) with a V8 code cache beside it,
// so a start deserialises the bytecode of what the last start ran instead of parsing ~2 MB and compiling
// every function again as it is first called (Node 20 has no compile cache of its own:
// module.enableCompileCache is Node 22). The cache is written once per process, at exit or 10 s in,
// whichever comes first, when there was none or V8 refused it; nothing is written where the folder is
// read-only (a container), which only means no cache.
//
// The file's name holds a hash of the bundle's text, node's and V8's versions and the flags: V8 checks a
// cache against the source's length only, and refuses one made under other heap flags (e.g.
// --max-semi-space-size), so each flag set keeps its own.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, findSourceMap, SourceMap } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

/** A bundle text's hash: the build writes it into the loader (hashing 2.4 MB at every start costs ~5 ms). */
export const sourceHashOf = (source: string): string => createHash('sha1').update(source).digest('hex');

/**
 * The cache file for this bundle text (`sourceHash`, with the file's size and time, so a hand-edited
 * bundle is never run from the cache of its old text) under this node and these flags.
 */
export function codeCachePath(bundlePath: string, source: string, sourceHash = sourceHashOf(source)): string {
  const st = statSync(bundlePath, { throwIfNoEntry: false });
  const key = createHash('sha1')
    .update(`${sourceHash}\0${st?.size ?? source.length}\0${st?.mtimeMs ?? 0}`)
    .update(`\0${process.version}\0${process.versions.v8}\0${process.arch}\0${process.execArgv.join(' ')}\0${process.env.NODE_OPTIONS ?? ''}`)
    .digest('hex')
    .slice(0, 16);
  return `${bundlePath}.${key}.cache`;
}

/**
 * Runs the bundle at `bundlePath` as node would run that CommonJS file, with its code cache. Returns whether
 * the cache was used. `mapStacks` (default: node's --enable-source-maps) maps the bundle's stack frames.
 */
export function runCached(bundlePath: string, opts: CacheOptions = {}): boolean {
  return loadCached(bundlePath, opts).used;
}

const required = new Map<string, unknown>();
/**
 * A vendored package's bundle (scripts/bundle.mjs) as `require` would return it, run with its code cache (once per
 * process). `sourceHash`: the bundle text's hash, as the build wrote it (hashed here when absent).
 */
export function requireCached(bundlePath: string, sourceHash?: string): unknown {
  let module = required.get(bundlePath);
  if (!module) required.set(bundlePath, (module = loadCached(bundlePath, { mapStacks: false, ...(sourceHash ? { sourceHash } : {}) }).exports));
  return module;
}

interface CacheOptions {
  sourceHash?: string;
  writeAfterMs?: number;
  mapStacks?: boolean;
}

function loadCached(bundlePath: string, opts: CacheOptions): { used: boolean; exports: unknown } {
  const source = readFileSync(bundlePath, 'utf8');
  const cachePath = codeCachePath(bundlePath, source, opts.sourceHash);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    cachedData = undefined;
  }
  // node's own CommonJS wrapper (module.wrap), so the bundle sees what a required file sees
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n});`, {
    filename: bundlePath,
    ...(cachedData ? { cachedData } : {}),
    // the bundle's import() of an ES module package resolves as it would in the file itself
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const used = cachedData !== undefined && !script.cachedDataRejected;
  if (!used) {
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      const tmp = `${cachePath}.${process.pid}.tmp`;
      try {
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cachePath);
      } catch {
        rmSync(tmp, { force: true });
      }
    };
    process.once('exit', write);
    setTimeout(write, opts.writeAfterMs ?? 10_000).unref();
  }
  if (opts.mapStacks ?? process.sourceMapsEnabled) mapStackTraces(bundlePath);
  const module: { exports: unknown; filename: string; id: string; loaded: boolean } = { exports: {}, filename: bundlePath, id: '.', loaded: false };
  const fn = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  fn.call(module.exports, module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  return { used, exports: module.exports };
}

/**
 * With --enable-source-maps, stack frames in the bundle name the TypeScript source, as they did unbundled:
 * node maps only the files its own loaders compiled, so this maps the bundle's frames from its .map (read
 * on the first stack trace) and every other frame from node's own maps.
 */
function mapStackTraces(bundlePath: string): void {
  let bundleMap: SourceMap | null | undefined;
  const mapOf = (file: string): SourceMap | undefined => {
    if (file !== bundlePath) return findSourceMap(file);
    if (bundleMap === undefined) {
      try {
        bundleMap = new SourceMap(JSON.parse(readFileSync(`${bundlePath}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
      } catch {
        bundleMap = null;
      }
    }
    return bundleMap ?? undefined;
  };
  const bundleUrl = pathToFileURL(bundlePath);
  const frame = (site: NodeJS.CallSite): string => {
    const text = site.toString();
    const file = site.getFileName();
    const line = site.getLineNumber();
    const column = site.getColumnNumber();
    if (!file || line === null || column === null) return text;
    const entry = mapOf(file)?.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
    if (!entry?.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) return text;
    const source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : fileURLToPath(new URL(entry.originalSource, file === bundlePath ? bundleUrl : pathToFileURL(file)));
    return text.replace(`${file}:${line}:${column}`, `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`);
  };
  Error.prepareStackTrace = (err, sites) => {
    const head = err instanceof Error ? Error.prototype.toString.call(err) : String(err);
    return [head, ...sites.map((s) => `    at ${frame(s)}`)].join('\n');
  };
}
