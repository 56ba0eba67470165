// The build's precomputed DEMO market (src/data/demo/precomputed.ts) reads back exactly what the demo
// computes, and /kospi-stress's score history is taken from it only for the series it was computed from.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemo, DEMO_SYMBOLS, readOrBuild } from '../../src/data/demo.ts';
import { HISTORY_FILE, packHistory, precomputedDemo, seriesFile, unpackHistory, writePrecomputedDemo } from '../../src/data/demo/precomputed.ts';
import { scoreHistoryOf } from '../../src/data/scoreHistory.ts';
import { DEFAULT_STRESS_OPTIONS, stressScoreHistory } from '../../src/analytics/stress.ts';
import type { Series } from '../../src/core/types.ts';

let dir: string;
const computed = buildDemo();
const historyOf = (s: (symbol: string) => Series | undefined) =>
  stressScoreHistory({ kospi: s('KOSPI')!.points, ndx: s('NDX')!.points, vix: s('VIX')!.points, vkospi: s('VKOSPI')!.points }, DEFAULT_STRESS_OPTIONS);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-demo-pre-'));
  expect(writePrecomputedDemo(dir)).toEqual([...DEMO_SYMBOLS.map(seriesFile), HISTORY_FILE]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('precomputed demo', () => {
  it('reads back every series as computed: same numbers, same key order, frozen', () => {
    const pre = precomputedDemo(dir);
    for (const symbol of DEMO_SYMBOLS) {
      const read = pre.series(symbol)!;
      const made = computed.series(symbol)!;
      expect(read, symbol).toStrictEqual(made);
      // key order too: answers and snapshots serialise points as they are
      expect(JSON.stringify(read)).toBe(JSON.stringify(made));
      expect(Object.isFrozen(read) && Object.isFrozen(read.points)).toBe(true);
    }
  });

  it('reads back the score history as computed, NaN where it was NaN, its dates one array', () => {
    const read = precomputedDemo(dir).history()!;
    const made = historyOf(computed.series);
    expect(read).toStrictEqual(made);
    const nan = (xs: readonly number[]) => xs.filter(Number.isNaN).length;
    expect(nan(read.scores)).toBe(nan(made.scores));
    expect(nan(read.scores)).toBeGreaterThan(0); // the first 60 sessions have no rank
    expect(read.series.dates).toBe(read.dates);
  });

  it('gives /kospi-stress the precomputed history for exactly its own series, and computes for others', () => {
    // A marked history proves which one was taken: every score + 1000.
    const marked = historyOf(computed.series);
    marked.scores = marked.scores.map((x) => x + 1000);
    const markedDir = mkdtempSync(join(tmpdir(), 'sb-demo-mark-'));
    try {
      for (const symbol of ['KOSPI', 'NDX', 'VIX', 'VKOSPI']) writeFileSync(join(markedDir, seriesFile(symbol)), readFileSync(join(dir, seriesFile(symbol))));
      writeFileSync(join(markedDir, HISTORY_FILE), packHistory(marked));
      const demo = readOrBuild(markedDir);
      const s = (symbol: string) => demo.series(symbol)!;
      expect(scoreHistoryOf(s('KOSPI'), s('NDX'), s('VIX'), s('VKOSPI')).scores.at(-1)).toBe(marked.scores.at(-1));
      // the same KOSPI with another VIX: computed, not the offered one
      const otherVix = { ...s('VIX'), points: s('VIX').points.slice() };
      const h = scoreHistoryOf(s('KOSPI'), s('NDX'), otherVix, s('VKOSPI'));
      expect(h.scores.at(-1)).toBe(historyOf(computed.series).scores.at(-1));
      expect(h.scores.at(-1)).toBeLessThanOrEqual(100);
    } finally {
      rmSync(markedDir, { recursive: true, force: true });
    }
  });

  it('computes whatever is missing or not a precomputed file, and refuses a history made with other options', () => {
    const empty = readOrBuild(join(dir, 'nothing-here'));
    expect(empty.series('KOSPI')).toStrictEqual(computed.series('KOSPI'));
    const broken = mkdtempSync(join(tmpdir(), 'sb-demo-broken-'));
    try {
      writeFileSync(join(broken, seriesFile('KOSPI')), 'not a column file');
      writeFileSync(join(broken, HISTORY_FILE), Buffer.alloc(3));
      expect(precomputedDemo(broken).series('KOSPI')).toBeUndefined();
      expect(precomputedDemo(broken).history()).toBeUndefined();
      expect(readOrBuild(broken).series('KOSPI')).toStrictEqual(computed.series('KOSPI'));
      // a file of another symbol under this name is not this symbol
      writeFileSync(join(broken, seriesFile('VIX')), readFileSync(join(dir, seriesFile('NDX'))));
      expect(precomputedDemo(broken).series('VIX')).toBeUndefined();
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
    const buf = readFileSync(join(dir, HISTORY_FILE));
    expect(unpackHistory(buf)).toBeDefined();
    expect(unpackHistory(buf, { ...DEFAULT_STRESS_OPTIONS, rankSessions: 2520 })).toBeUndefined();
  });
});
