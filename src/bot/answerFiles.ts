// Report → the public JSON shape of `stressbot ask --json` (DESIGN.md "Command line"), writing chart PNGs when asked.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Report } from '../core/types.ts';
import type { Core } from '../core/pipeline.ts';
import { DEFAULT_CHART } from '../core/presentation.ts';

export interface ChartFile {
  title: string;
  file?: string;
  width: number;
  height: number;
}

/** Render the report's charts into `dir` as `<command>-<n>.png`; returns what was written. */
export async function writeCharts(core: Core, report: Report, dir: string): Promise<ChartFile[]> {
  // Rendering starts first: it counts as in flight from now, so a SIGTERM during the mkdir still waits for it.
  const rendering = core.charts(report);
  await mkdir(dir, { recursive: true });
  const rendered = await rendering;
  const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
  const out: ChartFile[] = [];
  for (const [i, chart] of rendered.entries()) {
    const file = resolve(join(dir, `${report.command}-${stamp}-${i + 1}.png`));
    await writeFile(file, chart.png);
    out.push({ title: chart.title, file, width: chart.width, height: chart.height });
  }
  return out;
}

export function reportJson(report: Report, charts?: ChartFile[]): Record<string, unknown> {
  return {
    command: report.command,
    title: report.title,
    headline: report.headline,
    tone: report.tone,
    fields: report.fields,
    notes: report.notes,
    sources: report.sources,
    data: report.data,
    // the answer's language, so a page showing it can speak the same one
    ...(report.locale && report.locale !== 'en' ? { locale: report.locale } : {}),
    charts:
      charts ??
      report.charts.map((c) => ({ title: c.title, width: c.width ?? DEFAULT_CHART.width, height: c.height ?? DEFAULT_CHART.height })),
  };
}
