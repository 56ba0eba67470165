// A command that answers with a real chart, and a core around it, for the Discord adapter's tests.
import { z } from 'zod';
import { buildCore, createBotCore } from '../../../src/infra/process.ts';
import type { Core } from '../../../src/core/pipeline.ts';
import { silentLogger } from '../../../src/infra/log.ts';
import { testConfig } from '../../../src/config.ts';
import { int, percent } from '../../../src/commands/args.ts';
import { messages } from '../../../src/core/i18n/index.ts';

const CAVEAT = messages('en').common.caveat;
import { help } from '../../../src/commands/help.ts';
import { renderChart } from '../../../src/render/chart.ts';
import type { Command, MarketData } from '../../../src/core/types.ts';

const market: MarketData = { kind: 'demo', demo: true, series: async () => { throw new Error('unused'); }, optionChain: async () => null };

const args = z.object({ move: percent(-30, 30).optional(), window: int(5, 250).optional() });

/** `/probe [move=-3] [window=21]`: a high-tone report with one small chart. */
export const probe: Command<typeof args> = {
  name: 'probe',
  summary: 'A test answer with a chart.',
  args,
  examples: ['/probe move=-3'],
  async run({ move, window }) {
    return {
      command: 'probe',
      title: 'Probe [DEMO]',
      headline: `DEMO · move ${move ?? 0}, window ${window ?? 21}`,
      tone: 'high',
      fields: [
        { label: 'Stress', value: '72 / 100', tone: 'high' },
        { label: 'Drawdown', value: '-12.0%', tone: 'extreme' },
      ],
      notes: ['DEMO data: a synthetic market for trying the bot, not real prices.', CAVEAT],
      charts: [{
        title: 'Probe chart', width: 320, height: 180, footer: 'As of 2024-08-05 · Source: demo', watermark: 'DEMO',
        panels: [{ kind: 'line', labels: ['a', 'b', 'c'], series: [{ name: 'x', values: [1, 3, 2] }] }],
      }],
      data: { move: move ?? 0, window: window ?? 21 },
      sources: [{ symbol: 'KOSPI', source: 'demo', asOf: '2024-08-05' }, { symbol: 'NDX', source: 'demo', asOf: '2024-08-02' }],
    };
  },
};

export const testCommands: readonly Command[] = [probe as unknown as Command, help as unknown as Command];

export function testCore(env: Record<string, string>): Core {
  const config = testConfig(env);
  // With REDIS_URL, the process's own wiring: dedupe and rate limits on its one shared client.
  if (config.REDIS_URL) return buildCore(config, silentLogger, { market, render: renderChart, commands: testCommands });
  return createBotCore({ config, log: silentLogger, market, render: renderChart, commands: testCommands });
}
