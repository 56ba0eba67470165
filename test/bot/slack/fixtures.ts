// Shared by the Slack end-to-end tests: a market, a renderer and a charted command.
import { z } from 'zod';
import { finishReport } from '../../../src/commands/report.ts';
import type { ChartSpec, Command, MarketData } from '../../../src/core/types.ts';
import { demoMarket } from '../../../src/data/demo.ts';
import { renderChart } from '../../../src/render/chart.ts';
import type { Core } from '../../../src/core/pipeline.ts';
import { createHttpServer } from '../../../src/infra/http.ts';
import { silentLogger } from '../../../src/infra/log.ts';
import { startSlack, type SlackAdapter, type SlackOptions } from '../../../src/bot/slack/index.ts';

export const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// The real DEMO market and the real renderer.
export const market: MarketData = demoMarket();
export const render: (spec: ChartSpec) => Promise<Buffer> = renderChart;

// No registry command draws a chart yet, so one test command does, through finishReport like every command.
/** `/probe mode=slow` waits on this gate; tests replace it to hold a command mid-work. */
export const slow = { gate: Promise.resolve() as Promise<void>, finished: false };
const probeArgs = z.object({ mode: z.enum(['ok', 'slow', 'data']).optional() });
export const probe: Command<typeof probeArgs> = {
  name: 'probe',
  summary: 'A charted answer for tests.',
  args: probeArgs,
  examples: ['/probe'],
  async run({ mode }, ctx) {
    if (mode === 'slow') {
      await slow.gate;
      slow.finished = true;
    }
    if (mode === 'data') await ctx.market.series('NOSUCH'); // the demo market throws DataError
    const kospi = await ctx.market.series('KOSPI');
    const last = kospi.points.slice(-60);
    return finishReport(
      'probe',
      {
        title: 'KOSPI stress',
        headline: 'Stress 72/100: high',
        tone: 'high',
        fields: [
          { label: 'Stress score', value: '72/100', tone: 'high' },
          { label: 'Drawdown', value: '-12.3% (<5% of days)', tone: 'elevated' },
        ],
        notes: ['Efficiency ratio 0.08: violent swings going nowhere.'],
        charts: [
          {
            title: 'KOSPI vs 21d MA',
            width: 600,
            height: 340,
            footer: '',
            panels: [{ kind: 'line', labels: last.map((p) => p.date), series: [{ name: 'KOSPI', values: last.map((p) => p.close) }] }],
          },
        ],
        data: { score: 0.72 },
        used: [{ series: kospi }],
      },
      ctx,
    );
  },
};


/** The Slack adapter over HTTP on a free loopback port: where to send signed events, and how to stop it all. */
export async function slackOverHttp(core: Core, opts: SlackOptions = { workingAfterMs: 300 }): Promise<{ events: string; adapter: SlackAdapter; stop(): Promise<void> }> {
  const http = createHttpServer(silentLogger);
  const adapter = await startSlack(core, http, opts);
  const { port } = await http.listen(0, '127.0.0.1');
  return {
    events: `http://127.0.0.1:${port}/slack/events`,
    adapter,
    async stop() {
      await adapter.stop();
      await http.close();
    },
  };
}
