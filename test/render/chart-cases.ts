// Every command's chart on fixed DEMO data, and the digest dashboard: the visual tests compare these
// with the committed references, and `npm run charts:refresh` redraws the references and docs/charts.md.
import { answer, commands } from '../helpers/registry.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { testConfig } from '../../src/config.ts';
import { demoMarket } from '../../src/data/demo.ts';
import type { ChartSpec } from '../../src/core/types.ts';

/** The last demo session's morning (its ending: a Korea-led drawdown, then violent swings). */
export const CASES_NOW = '2026-11-23T00:00:00Z';

export const CHART_CASES: readonly { name: string; line: string; about: string }[] = [
  { name: 'kospi-stress', line: '/kospi-stress', about: 'close, 21d MA and support; score in regime bands, today marked on both' },
  { name: 'gamma', line: '/gamma move=-3', about: 'ETF flow per product for ±1 %, ±3 %, the asked and today\'s move; dealer gamma by strike with spot and flip' },
  { name: 'gamma-carry-unwind', line: '/gamma asof=2024-08-05', about: 'the 2024-08-05 crash day in the demo market' },
  { name: 'vol-ratio', line: '/vol-ratio', about: 'VKOSPI/VIX in its percentile bands, today marked with its percentile' },
  { name: 'corr', line: '/corr', about: 'rebased prices, rolling correlation (fitted axis) and beta on one date axis' },
  { name: 'theta', line: '/theta', about: 'premium decay at today\'s IV vs a calm IV, half-life marked' },
  { name: 'ai-basket', line: '/ai-basket', about: 'basket vs NDX and SOX over 3 months; members\' 1m and 3m returns' },
  { name: 'alert-test', line: '/alert test score>=55 lookback=6m', about: 'the first name of the condition over the replayed sessions, its threshold, ▲ where the alert would have fired' },
  { name: 'digest', line: '/digest', about: 'the morning dashboard: one image of every part' },
];

export interface RenderedCase {
  name: string;
  line: string;
  about: string;
  specs: ChartSpec[];
}

/** The chart specs each case's answer carries, from the DEMO market at CASES_NOW. */
export async function chartCaseSpecs(): Promise<RenderedCase[]> {
  const ctx = { market: demoMarket(), now: new Date(CASES_NOW), config: testConfig(), log: silentLogger, commands };
  const out: RenderedCase[] = [];
  for (const c of CHART_CASES) {
    const o = await answer(c.line, ctx);
    if (o.kind !== 'answer') throw new Error(`${c.line}: ${o.kind} ${'message' in o ? o.message : ''}`);
    out.push({ ...c, specs: o.report.charts });
  }
  return out;
}
