// Visual tests: every command's chart on fixed DEMO data, and the digest dashboard, against the committed
// reference images in docs/charts/ (refresh them with `npm run charts:refresh` after a deliberate change).
import { beforeAll, describe, expect, it } from 'vitest';
import { renderChart } from '../../src/render/chart.ts';
import { chartCaseSpecs, CHART_CASES, type RenderedCase } from './chart-cases.ts';
import { compareWithReference, MAX_DIFF_SHARE, readReference } from './visual.ts';

const imageName = (c: { name: string }, i: number) => (i === 0 ? c.name : `${c.name}-${i + 1}`);

describe('chart references (docs/charts)', () => {
  let cases: RenderedCase[];
  beforeAll(async () => {
    cases = await chartCaseSpecs();
  });

  it.each(CHART_CASES.map((c) => c.name))('%s matches its reference image', async (name) => {
    const c = cases.find((x) => x.name === name)!;
    expect(c.specs.length).toBeGreaterThan(0);
    for (const [i, spec] of c.specs.entries()) {
      const reference = readReference(imageName(c, i));
      expect(reference, `docs/charts/${imageName(c, i)}.png is missing: run npm run charts:refresh`).not.toBeNull();
      const result = compareWithReference(await renderChart(spec), reference!);
      expect(result.sizeMatches, `${imageName(c, i)}: size ${result.width}×${result.height} differs from the reference`).toBe(true);
      expect(result.share, `${imageName(c, i)}: ${result.diffPixels} pixels differ (npm run charts:refresh if the change is meant)`).toBeLessThanOrEqual(MAX_DIFF_SHARE);
    }
  });

  it('tells a deliberate change from the reference: a recoloured series, a moved tag', async () => {
    const c = cases.find((x) => x.name === 'vol-ratio')!;
    const spec = c.specs[0]!;
    const reference = readReference('vol-ratio')!;
    const recoloured = { ...spec, panels: spec.panels.map((p) => ({ ...p, series: p.series.map((l) => ({ ...l, color: '#E69F00' })) })) };
    expect(compareWithReference(await renderChart(recoloured), reference).share).toBeGreaterThan(MAX_DIFF_SHARE * 4);
    const retagged = { ...spec, panels: spec.panels.map((p) => ({ ...p, series: p.series.map((l) => ({ ...l, mark: '9.99 · p99' })) })) };
    expect(compareWithReference(await renderChart(retagged), reference).share).toBeGreaterThan(MAX_DIFF_SHARE);
  });
});
