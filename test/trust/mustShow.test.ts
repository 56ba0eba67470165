// Issue 13's "must show", through the real CLI process: a CSV folder of the real series (symlinked from
// ../shared/data, never copied), the live providers offline, and a snapshot of the demo market.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasShared, SHARED_REASON, sharedPath } from '../helpers/shared.ts';
import { runCli } from '../helpers/cli.ts';
import { reportText } from '../../src/bot/format.ts';
import type { Context, Report } from '../../src/core/types.ts';
import { csvMarket } from '../../src/data/csvMarket.ts';
import { answer, commands } from '../helpers/registry.ts';
import { testConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/infra/log.ts';

/** Each case starts CLI processes: generous on a loaded machine. */
const PROCESS_MS = 120_000;

const temp: string[] = [];
const tempDir = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p));
  temp.push(d);
  return d;
};
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Json { tone: string; headline: string; title: string; fields: { label: string; value: string; tone?: string }[]; notes: string[]; sources: { symbol: string; asOf: string }[]; data: Record<string, unknown> }

function realFolder(usdkrw: string): string {
  const dir = tempDir('sb-trust-csv-');
  const link = (file: string, as: string) => symlinkSync(sharedPath('series', file), join(dir, as));
  link('kospi_close_foreign_flow_1995_2026.csv', 'KOSPI.csv');
  link('kospi200_close_valuation_1990_2023.csv', 'KOSPI200.csv'); // ends 2023-12-28
  link(usdkrw, 'USDKRW.csv');
  link('vkospi_krx_2020_2026.csv', 'VKOSPI.csv');
  link('ndx_yahoo_1985_2026.csv', 'NDX.csv');
  link('vix_daily_1990_2026.csv', 'VIX.csv');
  link('kodex_leverage_122630_2010_2023.csv', '122630.csv');
  link('kodex_200_futures_inverse2x_252670_2016_2023.csv', '252670.csv');
  return dir;
}

describe.skipIf(!hasShared)(`a CSV folder of the real series, asof=2026-03-04 (${SHARED_REASON})`, () => {
  const env = () => ({ DATA_SOURCE: 'csv', DATA_DIR: realFolder('usdkrw_bok_fedny_1964_2026.csv'), DATA_HOME: tempDir('sb-trust-home-') });

  it('/theta refuses to price off 2023\'s KOSPI200, naming its last date', async () => {
    const r = await runCli(['ask', '/theta asof=2026-03-04'], env());
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    // KRX sessions 2023-12-29 … 2026-03-04 counted by the calendar; the line names the input and its last date.
    expect(r.stderr).toMatch(/^Data missing: KOSPI200 from csv:KOSPI200\.csv: KOSPI200 last close 2023-12-28 is \d{3} sessions before 2026-03-04 \(limit 1 session\); give spot= to price anyway\n$/);
  }, PROCESS_MS);

  it('/gamma reads the day\'s −12.1 % from KOSPI, the Bank of Korea rate of that day, and names the stale KOSPI200', async () => {
    const r = await runCli(['ask', '/gamma asof=2026-03-04', '--json'], env());
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Json;
    expect(j.sources.map((s) => s.symbol)).not.toContain('KOSPI200');
    expect(j.sources).toContainEqual(expect.objectContaining({ symbol: 'USDKRW', asOf: '2026-03-04' }));
    // BOK 2026-03-04: 1464.5 (the file's usdkrw_bok column); KOSPI 2026-03-04 close / 03-03 close − 1 = −12.1 %
    expect(j.fields.find((f) => f.label === 'USDKRW')!.value).toBe('1464.50 (Bank of Korea, Seoul close 2026-03-04)');
    expect((j.data.scenarios as { label: string }[]).at(-1)!.label).toBe('KOSPI 2026-03-04 -12.1%');
    expect(j.notes).toContainEqual(expect.stringMatching(/^KOSPI200 not used for the latest move: KOSPI200 last close 2023-12-28 is \d+ sessions before 2026-03-04/));
    // The ETF exports carry no net assets: no flow, grey, never calm.
    expect(j.tone).toBe('missing');
    expect(j.headline).toContain('no data: AUM');
  }, PROCESS_MS);

  it('with FRED\'s New York noon rate ending 2026-03-27, /gamma asof=2026-04-21 shows no rate, naming its last date', async () => {
    const r = await runCli(['ask', '/gamma asof=2026-04-21', '--json'], { ...env(), DATA_DIR: realFolder('usdkrw_fred_dexkous_1981_2026.csv') });
    const j = JSON.parse(r.stdout) as Json;
    expect(j.data.usdkrw).toBeNull();
    expect(j.fields.find((f) => f.label === 'USDKRW')).toEqual({ label: 'USDKRW', value: 'no data (last rate 2026-03-27, 16 days before 2026-04-20)', tone: 'missing' });
    expect(j.headline).toContain('USDKRW (last 2026-03-27)');
  }, PROCESS_MS);
});

describe('offline DATA_SOURCE=live: no green, no calm', () => {
  const OFF = 'http://127.0.0.1:9'; // discard port: connection refused at once
  const env = () => ({
    DATA_SOURCE: 'live', YAHOO_API_URL: OFF, FRED_API_URL: OFF, CBOE_API_URL: OFF, KRX_API_URL: OFF, STOOQ_API_URL: OFF,
    HTTP_TIMEOUT_MS: '1000', DATA_HOME: tempDir('sb-trust-live-'),
  });
  for (const line of ['/digest', '/gamma']) {
    it(`${line}`, async () => {
      const json = await runCli(['ask', line, '--json'], env());
      expect(json.code).toBe(0);
      const j = JSON.parse(json.stdout) as Json;
      expect(j.tone).toBe('missing');
      expect(j.fields.filter((f) => f.tone === 'calm')).toEqual([]);
      // as the console and every platform's text fallback print it
      const text = reportText({ command: line.slice(1), charts: [], ...j } as unknown as Report);
      expect(text).not.toContain('🟢');
      expect(text.split('\n')[0]).toMatch(/^⚪ /);
      expect(j.headline).toMatch(/no data: /);
    }, PROCESS_MS);
  }
});

describe('a snapshot of the demo market answers DEMO', () => {
  it('stressbot snapshot, then DATA_SOURCE=csv on it: answer and charts say DEMO', async () => {
    const dir = tempDir('sb-trust-snap-');
    const snap = await runCli(['snapshot', '--out', dir], { DATA_SOURCE: 'demo', DATA_HOME: tempDir('sb-trust-home-') });
    expect(snap.code).toBe(0);
    expect(snap.stdout).toContain('SNAPSHOT.json');
    const ctx: Context = { market: csvMarket(dir), now: new Date('2026-12-01T00:00:00Z'), config: testConfig(), log: silentLogger, commands };
    const o = await answer('/kospi-stress', ctx);
    if (o.kind !== 'answer') throw new Error(o.message);
    expect(o.report.title).toMatch(/\[DEMO\]$/);
    expect(o.report.headline).toMatch(/^DEMO · /);
    expect(o.report.notes).toContain('DEMO data: a synthetic market for trying the bot, not real prices.');
    expect(o.report.charts.length).toBeGreaterThan(0);
    expect(o.report.charts.every((c) => c.watermark === 'DEMO' && c.footer.includes('DEMO data'))).toBe(true);
  }, PROCESS_MS);
});
