// The console adapter: /alert add, list, test and remove typed at the prompt, one channel (console:local).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startConsole } from '../../../src/bot/console.ts';
import { createBotCore } from '../../../src/infra/process.ts';
import { openStore } from '../../../src/digest/openStore.ts';
import { memoryAlertStore } from '../../../src/digest/alertStore.ts';
import { testConfig } from '../../../src/config.ts';
import { silentLogger } from '../../../src/infra/log.ts';
import { demoMarket } from '../../../src/data/demo.ts';
import { renderChart } from '../../../src/render/chart.ts';

describe('/alert in the console', () => {
  it('add, list, test, remove', async () => {
    const out = mkdtempSync(join(tmpdir(), 'console-alert-'));
    try {
      const alerts = memoryAlertStore();
      const store = await openStore({ DATA_HOME: tmpdir() }, { file: ':memory:' });
      const core = createBotCore({ config: testConfig({ OUT_DIR: out }), log: silentLogger, market: demoMarket(), render: renderChart, digest: store, alerts });
      const input = new PassThrough();
      const output = new PassThrough();
      let text = '';
      output.on('data', (b: Buffer) => (text += b.toString()));
      const { closed } = startConsole(core, { input, output });
      input.write('/alert add vkospiVixRatio>=2 or flowLatestUsd<=-1b\n/alert list\n/alert test pctFromSma21<0 lookback=30d\n/alert remove a1\n/alert list\n/alert add scroe>=1\nquit\n');
      await closed;
      await store.close();
      expect(text).toContain('Alert a1 set: this channel is told when vkospiVixRatio>=2 or flowLatestUsd<=-1b becomes true.');
      expect(text).toContain('1 alert in this channel.');
      expect(text).toMatch(/pctFromSma21<0 is (TRUE now|false now).*over the last 30 sessions/);
      expect(text).toContain('Alert a1 removed.');
      expect(text).toContain('No alerts in this channel.');
      expect(text).toMatch(/unknown name "scroe".*Names: score, close/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
