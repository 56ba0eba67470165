// The typed summaries the digest and /alert compose: each reads its own command's real answer (a
// renamed number in a command's data shows up here as null), and the DEMO label reaches them as a
// flag and the command's own headline, never as text to take apart.
import { describe, expect, it } from 'vitest';
import { answer } from '../helpers/registry.ts';
import { commands } from '../../src/commands/registry.ts';
import { testConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { DEMO_END, demoMarket } from '../../src/data/demo.ts';
import { messages } from '../../src/core/i18n/index.ts';
import { kospiStressSummary } from '../../src/commands/kospiStress.ts';
import { gammaSummary } from '../../src/commands/gamma.ts';
import { volRatioSummary } from '../../src/commands/volRatio.ts';
import { corrSummary } from '../../src/commands/corr.ts';
import { thetaSummary } from '../../src/commands/theta.ts';
import { aiBasketSummary } from '../../src/commands/aiBasket.ts';
import { ALERT_NAMES, readAlertValues } from '../../src/commands/alertValues.ts';
import { buildDigest, digestSections, type DigestSection } from '../../src/commands/digestPicture.ts';
import type { Context, Report } from '../../src/core/types.ts';

const config = testConfig();
const market = demoMarket();
// Fri 2026-11-27 08:30 Seoul; the demo market's last session is DEMO_END.
const ctx: Context = { market, now: new Date('2026-11-26T23:30:00Z'), config, log: silentLogger, commands };

async function reportOf(line: string): Promise<Report> {
  const o = await answer(line, ctx);
  if (o.kind !== 'answer') throw new Error(`${line}: ${o.kind} ${o.message}`);
  return o.report;
}

const SUMMARIES: [string, (r: Report) => object][] = [
  ['/kospi-stress', kospiStressSummary],
  ['/gamma', gammaSummary],
  ['/vol-ratio', volRatioSummary],
  ['/corr', corrSummary],
  ['/theta', thetaSummary],
  ['/ai-basket', aiBasketSummary],
];

describe('typed summaries', () => {
  it.each(SUMMARIES)('%s: every number of its summary is there on the demo market', async (line, summary) => {
    const s = summary(await reportOf(line)) as Record<string, unknown>;
    for (const [k, v] of Object.entries(s)) {
      if (Array.isArray(v) || (typeof v === 'object' && v !== null)) continue;
      expect(Number.isFinite(v), `${line} ${k}`).toBe(true);
    }
  });

  it('reads the numbers the command reports, under the summary’s names', async () => {
    const r = await reportOf('/kospi-stress');
    const d = r.data as { score: number; drawdown52w: number; trendline: { value: number }; realizedVol21d: { kospi: number } };
    expect(kospiStressSummary(r)).toMatchObject({ score: d.score, drawdown52w: d.drawdown52w, trendline: d.trendline.value, vol21d: d.realizedVol21d.kospi });
    const g = await reportOf('/gamma');
    expect(gammaSummary(g).flowUsd).toBe(g.data.totalFlowUsd);
    expect(gammaSummary(g).products.length).toBe((g.data.products as unknown[]).length);
  });

  it('a number a command could not compute is null, never 0', () => {
    const blank = { data: { score: Number.NaN, close: 'n/a', realizedVol21d: null } };
    expect(kospiStressSummary(blank)).toMatchObject({ score: null, close: null, vol21d: null, trendline: null });
    expect(gammaSummary({ data: {} })).toMatchObject({ flowUsd: null, products: [], options: null });
  });

  it('the digest’s own summary is its sections as it wrote them; anything else reads as none', async () => {
    const digest = await buildDigest(ctx, DEMO_END);
    expect(digestSections(digest)).toEqual(digest.data.sections);
    expect(digestSections({ data: { sections: 'broken' } })).toEqual([]);
    expect(digestSections({ data: {} })).toEqual([]);
  });

  it('every alert name reads a number from its command on the demo market', async () => {
    const reading = await readAlertValues(ctx, ALERT_NAMES.map((n) => n.name));
    expect(reading.missing).toEqual([]);
    for (const n of ALERT_NAMES) expect(Number.isFinite(reading.values[n.name]), n.name).toBe(true);
  });
});

describe('DEMO labels, applied once', () => {
  it('a command on DEMO data says so as a flag and keeps its own headline beside the labelled one', async () => {
    const r = await reportOf('/vol-ratio');
    expect(r.demo).toBe(true);
    expect(r.plainHeadline).toBeDefined();
    expect(r.headline).toBe(messages('en').common.demoHeadline(r.plainHeadline!));
  });

  it('the digest quotes each part’s own headline and labels only itself', async () => {
    const digest = await buildDigest(ctx, DEMO_END);
    const sections = digest.data.sections as DigestSection[];
    const stress = await reportOf(`/kospi-stress asof=${DEMO_END}`);
    expect(sections[0]!.headline).toBe(stress.plainHeadline);
    for (const s of sections) expect(s.headline, s.command).not.toContain('DEMO');
    expect(digest.headline.match(/DEMO/g)).toHaveLength(1);
    expect(digest.notes.filter((n) => n === messages('en').common.demoNote)).toHaveLength(1);
  });
});
