// Adding a command is one file and one registry line: the fixture /fx joins the list the way
// src/commands/registry.ts lists its commands, and every place that shows commands picks it up.
import { afterAll, describe, expect, it } from 'vitest';
import { createBotCore } from '../../src/infra/process.ts';
import { createHttpServer } from '../../src/infra/http.ts';
import { silentLogger } from '../../src/infra/log.ts';
import { commands } from '../../src/commands/registry.ts';
import { testConfig } from '../../src/config.ts';
import { demoMarket } from '../../src/data/demo.ts';
import { registrationPayload } from '../../src/bot/discord/options.ts';
import { slackManifest } from '../../src/bot/slack/manifest.ts';
import { mountPlayground } from '../../src/bot/web/index.ts';
import { fx } from '../fixtures/commands/fx.ts';

// The "registry line".
const withFx = [...commands, fx];
const core = createBotCore({ config: testConfig(), log: silentLogger, market: demoMarket(), render: async () => Buffer.alloc(0), commands: withFx });
const http = createHttpServer(silentLogger);
afterAll(() => http.close());

describe('a new command file plus one registry line', () => {
  it('is listed and explained by /help', async () => {
    const list = await core.ask('/help');
    expect(list.kind).toBe('answer');
    if (list.kind !== 'answer') return;
    expect(list.report.fields.map((f) => f.label)).toContain('/fx [window=21] [pair=USDKRW]');
    const one = await core.ask('/help fx');
    expect(one.kind === 'answer' && one.report.fields.map((f) => `${f.label} ${f.value}`)).toContain('window= realized-vol window in sessions (default 21)');
  });

  it('answers, and its arguments are validated by the one parser', async () => {
    expect(await core.ask('/fx window=63')).toMatchObject({ kind: 'answer', report: { data: { window: 63, pair: 'USDKRW' } } });
    // the example shown for a bad window is the one that sets a window
    expect(await core.ask('/fx window=2')).toMatchObject({ kind: 'usage', audience: 'asker', example: '/fx window=63' });
    expect(await core.ask('/fx bogus=1')).toMatchObject({ kind: 'usage', example: '/fx' });
  });

  it('is in the Discord registration payload, with typed options', () => {
    const payload = registrationPayload(core.commands).find((c) => c.name === 'fx');
    expect(payload?.options).toEqual([
      { name: 'window', description: 'realized-vol window in sessions', type: 4, min_value: 5, max_value: 250 },
      { name: 'pair', description: 'currency pair', type: 3, choices: [{ name: 'USDKRW', value: 'USDKRW' }, { name: 'USDJPY', value: 'USDJPY' }] },
      // every command takes lang= (the router reads it)
      expect.objectContaining({ name: 'lang', type: 3 }),
    ]);
  });

  it('is a slash command of the generated Slack manifest', () => {
    const manifest = slackManifest(core.commands);
    expect(manifest).toContain('    - command: /fx\n');
    expect(manifest).toContain('usage_hint: "[window=21] [pair=USDKRW]"');
    // The committed manifest (the registry alone) does not have it.
    expect(slackManifest(commands)).not.toContain('/fx');
  });

  it('is listed by the playground\'s GET /api/commands', async () => {
    mountPlayground(http, core);
    const { port } = await http.listen(0, '127.0.0.1');
    const body = (await (await fetch(`http://127.0.0.1:${port}/api/commands`)).json()) as { commands: { name: string; usage: string }[] };
    expect(body.commands.find((c) => c.name === 'fx')).toMatchObject({ usage: '/fx [window=21] [pair=USDKRW]' });
  });
});
