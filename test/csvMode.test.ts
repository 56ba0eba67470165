// DATA_SOURCE=csv on a folder of the real exported files (symlinked from ../shared/data, never copied),
// through the real CLI process, checked against an independent calculation from DESIGN.md's definitions.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasShared, SHARED_REASON, sharedPath } from './helpers/shared.ts';
import { runCli } from './helpers/cli.ts';

/** Closes by date straight from a plain `date,…,close` file: a reader independent of the importer. */
function closesFrom(file: string, dateCol: string, closeCol: string): Map<string, number> {
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const cols = header!.split(',');
  const d = cols.indexOf(dateCol);
  const c = cols.indexOf(closeCol);
  const out = new Map<string, number>();
  for (const row of rows) {
    const f = row.split(',');
    if (f[c]) out.set(f[d]!, Number(f[c]));
  }
  return out;
}

describe.skipIf(!hasShared)(`csv mode on real files${hasShared ? '' : `: skipped, ${SHARED_REASON}`}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-csv-'));
  if (hasShared) {
    symlinkSync(sharedPath('series/kospi_ks11_fdr_1980_2025.csv'), join(dir, 'KOSPI.csv'));
    symlinkSync(sharedPath('series/ndx_stooq_1938_2026.csv'), join(dir, 'NDX.csv'));
    symlinkSync(sharedPath('responses/cboe/VIX_History.csv'), join(dir, 'VIX.csv'));
    symlinkSync(sharedPath('series/vkospi_krx_2020_2026.csv'), join(dir, 'VKOSPI.csv'));
  }

  it('/kospi-stress asof=2024-08-05 reads extreme-ish stress and matches the definitions by hand', async () => {
    const r = await runCli(['ask', '/kospi-stress asof=2024-08-05', '--json'], { DATA_SOURCE: 'csv', DATA_DIR: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { data, sources } = JSON.parse(r.stdout);
    expect(data.asOf).toBe('2024-08-05');
    expect(data.score).toBeGreaterThanOrEqual(65);
    expect(sources).toContainEqual({ symbol: 'KOSPI', source: 'csv:KOSPI.csv', asOf: '2024-08-05' });
    // Seoul on Monday 2024-08-05 knows NYSE's Friday 08-02 close, not Monday's.
    expect(sources).toContainEqual({ symbol: 'VIX', source: 'csv:VIX.csv', asOf: '2024-08-02' });

    const kospi = closesFrom(sharedPath('series/kospi_ks11_fdr_1980_2025.csv'), 'Time', 'close');
    const dates = [...kospi.keys()].filter((d) => d <= '2024-08-05').sort();
    const last22 = dates.slice(-22).map((d) => kospi.get(d)!);
    const rets = last22.slice(1).map((c, i) => Math.log(c / last22[i]!));
    const m = rets.reduce((a, b) => a + b, 0) / rets.length;
    const vol = Math.sqrt(rets.reduce((a, x) => a + (x - m) ** 2, 0) / (rets.length - 1)) * Math.sqrt(252);
    expect(data.realizedVol21d.kospi).toBeCloseTo(vol, 10);
    const last21 = last22.slice(1);
    expect(data.sma21).toBeCloseTo(last21.reduce((a, b) => a + b, 0) / 21, 8);
    const high = Math.max(...dates.slice(-252).map((d) => kospi.get(d)!));
    expect(data.drawdown52w).toBeCloseTo(kospi.get('2024-08-05')! / high - 1, 12);
    // VKOSPI on 08-05 over VIX of Friday 08-02 (23.39 in CBOE's file).
    const vk = closesFrom(sharedPath('series/vkospi_krx_2020_2026.csv'), 'Date', 'VKOSPI').get('2024-08-05')!;
    expect(data.vkospiVixRatio).toBeCloseTo(vk / 23.39, 10);
  });

  it('a symbol missing from the folder is one line naming it, exit 1', async () => {
    const r = await runCli(['ask', '/ai-basket asof=2024-08-05'], { DATA_SOURCE: 'csv', DATA_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/SAMSUNG|SKHYNIX|TSMC|SOX/);
  });
});
