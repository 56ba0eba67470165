import { commands } from '../helpers/registry.ts';
// /vol-ratio, /corr and /ai-basket answer with a chart in both no-setup modes: the DEMO market and a
// CSV folder (written here from the demo series in two of the layouts people export).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../helpers/registry.ts';
import { demoMarket } from '../../src/data/demo.ts';
import { csvMarket } from '../../src/data/csvMarket.ts';
import { testConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/infra/log.ts';
import type { MarketData } from '../../src/core/types.ts';

const LINES = ['/vol-ratio', '/vol-ratio lookback=3y asof=2020-03-19', '/corr', '/corr vs=sox lag=0 window=120', '/ai-basket', '/ai-basket asof=2024-08-05'];
const ctx = (market: MarketData) => ({ market, now: new Date('2026-11-20T07:00:00Z'), config: testConfig(), log: silentLogger, commands });

describe('demo mode', () => {
  it.each(LINES)('%s answers, labelled DEMO, with a chart spec', async (line) => {
    const o = await answer(line, ctx(demoMarket()));
    if (o.kind !== 'answer') throw new Error(`${o.kind}: ${o.message}`);
    const r = o.report;
    expect(r.title).toContain('[DEMO]');
    expect(r.charts).toHaveLength(1);
    expect(r.charts[0]!.watermark).toBe('DEMO');
    expect(r.charts[0]!.footer).toMatch(/As of KOSPI \d{4}-\d{2}-\d{2}/);
    for (const p of r.charts[0]!.panels) for (const s of p.series) expect(s.values).toHaveLength(p.labels.length);
    expect(r.sources.every((s) => s.source === 'demo')).toBe(true);
    expect(JSON.parse(JSON.stringify(r.data))).toEqual(r.data); // plain JSON: no NaN, no undefined holes
  });
});

describe('CSV mode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stressbot-markets-'));
  let market: MarketData;
  beforeAll(async () => {
    const demo = demoMarket();
    for (const symbol of ['KOSPI', 'NDX', 'SOX', 'VIX', 'VKOSPI', 'SAMSUNG', 'SKHYNIX', 'TSMC']) {
      const pts = (await demo.series(symbol)).points.filter((p) => p.date >= '2016-01-01');
      // VIX in CBOE's layout (MM/DD/YYYY), the rest as plain date,close
      const text =
        symbol === 'VIX'
          ? ['DATE,OPEN,HIGH,LOW,CLOSE', ...pts.map((p) => `${p.date.slice(5, 7)}/${p.date.slice(8)}/${p.date.slice(0, 4)},${p.close},${p.close},${p.close},${p.close}`)].join('\n')
          : ['date,close', ...pts.map((p) => `${p.date},${p.close}`)].join('\n');
      writeFileSync(join(dir, `${symbol}.csv`), text);
    }
    market = csvMarket(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it.each(LINES)('%s answers from <SYMBOL>.csv files', async (line) => {
    const o = await answer(line, ctx(market));
    if (o.kind !== 'answer') throw new Error(`${o.kind}: ${o.message}`);
    expect(o.report.charts).toHaveLength(1);
    expect(o.report.sources.every((s) => s.source.startsWith('csv:'))).toBe(true);
    // the same headline number as the demo market the files were written from
    const d = await answer(line, ctx(demoMarket()));
    if (d.kind !== 'answer') throw new Error('demo failed');
    const key = ['ratio', 'corr', 'dispersion1m'].find((k) => k in d.report.data)!;
    expect(o.report.data[key]).toBeCloseTo(d.report.data[key] as number, 6);
  });
});
