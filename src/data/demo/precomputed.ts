// The DEMO market computed once, at build time: every series and /kospi-stress's score history, written
// beside the compiled code (`node dist/data/demo/precomputed.js <dir>`, run by scripts/build.mjs) and read
// back at start-up instead of being computed (~200 ms of CPU before the first answer: the model, four
// series and 20 years of ranks). The demo is a pure function of the code, so a build's files are valid
// exactly for that build: dist/ is rebuilt and swapped whole when a source changes. Anything unexpected
// when reading (a file missing, another format, other options) reads as "not there" and the caller computes.
//
// Columnar on purpose: numbers as raw float64 columns (exact, NaN and −0 included), the shape as a small
// JSON header. v8.deserialize of the same objects took as long as computing them.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Point, Series } from '../../core/types.ts';
import { DEFAULT_STRESS_OPTIONS, stressScoreHistory, type StressHistory } from '../../analytics/stress.ts';
import { buildDemo, DEMO_SYMBOLS } from './series.ts';

const FORMAT = 'stressbot-demo-columns/1';
export const HISTORY_FILE = 'kospi-stress-history.bin';
export const seriesFile = (symbol: string): string => `${symbol}.bin`;

/** A shape with every number array of length n replaced by its column's index and `dates` by '$dates'. */
type Shape = number | '$dates' | { [key: string]: Shape } | { literal: unknown };

function pack(header: Record<string, unknown>, columns: readonly (readonly number[])[]): Buffer {
  const head = Buffer.from(`${JSON.stringify({ format: FORMAT, ...header })}\n`);
  // float64 columns start at a multiple of 8 so they are read in place
  const pad = (8 - ((head.length + 4) % 8)) % 8;
  const out = Buffer.alloc(4 + head.length + pad + columns.length * (columns[0]?.length ?? 0) * 8);
  out.writeUInt32LE(head.length, 0);
  head.copy(out, 4);
  const f64 = new Float64Array(out.buffer, out.byteOffset + 4 + head.length + pad, columns.length * (columns[0]?.length ?? 0));
  columns.forEach((c, k) => f64.set(c, k * c.length));
  return out;
}

function unpack(buf: Buffer): { header: Record<string, unknown>; column: (k: number) => Float64Array } | undefined {
  const len = buf.readUInt32LE(0);
  const header = JSON.parse(buf.toString('utf8', 4, 4 + len)) as Record<string, unknown>;
  if (header.format !== FORMAT || typeof header.n !== 'number') return undefined;
  const n = header.n;
  const start = 4 + len + ((8 - ((len + 4) % 8)) % 8);
  // a copy: the file's buffer may come from Node's shared pool, at an offset float64 cannot view
  const all = new Float64Array(buf.buffer.slice(buf.byteOffset + start, buf.byteOffset + buf.length));
  return { header, column: (k) => all.subarray(k * n, (k + 1) * n) };
}

const datesOf = (joined: string): string[] => {
  const out = new Array<string>(joined.length / 10);
  for (let i = 0; i < out.length; i++) out[i] = joined.slice(i * 10, i * 10 + 10);
  return out;
};

/** One series as a file: its dates joined, one column per numeric field (every point has the same fields, in order). */
export function packSeries(series: Series): Buffer {
  const { points } = series;
  const fields = Object.keys(points[0] ?? { date: '' }).filter((k) => k !== 'date');
  for (const p of points) {
    const keys = Object.keys(p);
    if (keys[0] !== 'date' || keys.length !== fields.length + 1 || fields.some((f, i) => keys[i + 1] !== f) || p.date.length !== 10) {
      throw new Error(`${series.symbol} ${p.date}: points differ in shape (${keys.join(',')}); the columnar file needs one shape`);
    }
  }
  const columns = fields.map((f) => points.map((p) => p[f as keyof Point] as number));
  return pack({ symbol: series.symbol, source: series.source, fetchedAt: series.fetchedAt, n: points.length, fields, dates: points.map((p) => p.date).join('') }, columns);
}

/** The series a file holds, as the demo build makes it (frozen, the same key order), or undefined if it is not one. */
export function unpackSeries(buf: Buffer, symbol: string): Series | undefined {
  const u = unpack(buf);
  if (!u) return undefined;
  const { header, column } = u;
  const { fields, dates, source, fetchedAt } = header as { fields: string[]; dates: string; source: string; fetchedAt: string };
  if (header.symbol !== symbol || dates.length !== (header.n as number) * 10) return undefined;
  const cols = fields.map((_, k) => column(k));
  const days = datesOf(dates);
  const points = new Array<Point>(days.length);
  for (let i = 0; i < days.length; i++) {
    const p: Record<string, string | number> = { date: days[i]! };
    for (let k = 0; k < fields.length; k++) p[fields[k]!] = cols[k]![i]!;
    points[i] = p as unknown as Point;
  }
  return Object.freeze({ symbol, points: Object.freeze(points) as Point[], source: source as Series['source'], fetchedAt });
}

function shapeOf(value: unknown, n: number, dates: readonly string[], columns: (readonly number[])[]): Shape {
  if (value === dates) return '$dates';
  if (Array.isArray(value) && value.length === n && value.every((x) => typeof x === 'number')) return columns.push(value) - 1;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v, n, dates, columns)]));
  }
  return { literal: value };
}

/**
 * A column as a plain array, copied by index: start-up runs this cold, where Array.from walks the iterator
 * protocol and boxed each of the history's ~150k numbers in a result object (7.3 of the first answer's 14 MB
 * of allocation, V8's sampling heap profiler; each of its ~20 scavenges then copied what it kept).
 */
function arrayOf(column: Float64Array): number[] {
  const out = new Array<number>(column.length);
  for (let i = 0; i < column.length; i++) out[i] = column[i]!;
  return out;
}

function valueOf(shape: Shape, dates: string[], column: (k: number) => Float64Array): unknown {
  if (shape === '$dates') return dates;
  if (typeof shape === 'number') return arrayOf(column(shape));
  if ('literal' in shape) return shape.literal;
  return Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, valueOf(s, dates, column)]));
}

/** A score history as a file: its number arrays as columns, the rest (the options) in the header. */
export function packHistory(history: StressHistory): Buffer {
  const columns: (readonly number[])[] = [];
  const n = history.dates.length;
  // the history's dates and its series' are one array, and read back as one
  const shape = shapeOf(history, n, history.dates, columns);
  return pack({ n, dates: history.dates.join(''), shape }, columns);
}

/** The history a file holds, or undefined if it is not one for these options (the command's defaults unless given). */
export function unpackHistory(buf: Buffer, opts = DEFAULT_STRESS_OPTIONS): StressHistory | undefined {
  const u = unpack(buf);
  if (!u) return undefined;
  const { header, column } = u;
  const dates = datesOf(header.dates as string);
  if (dates.length !== header.n) return undefined;
  const history = valueOf(header.shape as Shape, dates, column) as StressHistory;
  return JSON.stringify(history.opts) === JSON.stringify(opts) ? history : undefined;
}

/** The precomputed files a directory holds, read lazily; every reader answers undefined when a file is absent or not valid. */
export function precomputedDemo(dir: string) {
  const read = (file: string): Buffer | undefined => {
    try {
      return readFileSync(join(dir, file));
    } catch {
      return undefined;
    }
  };
  const safely = <T>(fn: () => T | undefined): T | undefined => {
    try {
      return fn();
    } catch {
      return undefined;
    }
  };
  return {
    series: (symbol: string): Series | undefined => safely(() => {
      const buf = read(seriesFile(symbol));
      return buf && unpackSeries(buf, symbol);
    }),
    history: (): StressHistory | undefined => safely(() => {
      const buf = read(HISTORY_FILE);
      return buf && unpackHistory(buf);
    }),
  };
}

/** Writes every demo series and the demo's /kospi-stress score history under `dir`. */
export function writePrecomputedDemo(dir: string): string[] {
  // computed, never read back: the build itself, not demo.ts's demoData (which prefers these files)
  const demo = buildDemo();
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const symbol of DEMO_SYMBOLS) {
    writeFileSync(join(dir, seriesFile(symbol)), packSeries(demo.series(symbol)!));
    files.push(seriesFile(symbol));
  }
  const points = (s: string) => demo.series(s)!.points;
  const history = stressScoreHistory({ kospi: points('KOSPI'), ndx: points('NDX'), vix: points('VIX'), vkospi: points('VKOSPI') }, DEFAULT_STRESS_OPTIONS);
  writeFileSync(join(dir, HISTORY_FILE), packHistory(history));
  files.push(HISTORY_FILE);
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node dist/data/demo/precomputed.js <dir>');
  writePrecomputedDemo(dir);
}
